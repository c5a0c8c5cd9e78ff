"""The batch manifest row: one letter of a `nlbrief batch` run, as one line of ``manifest.jsonl``.

The JSON form has the keys of `ManifestRow` in its field order (so equal rows are equal bytes).
`ManifestRow.from_dict` checks every field's type (through `nlbrief.model.serde`, the model's one
to-dict / from-dict): a manifest written by hand, damaged or written by a hostile party gives a
`SchemaError` (a `ValueError`), never a row whose fields are of the wrong kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .serde import JsonModel, SchemaError, from_dict

#: The statuses a row can have.
STATUSES = ("done", "failed", "skipped")
#: Fields that depend on the run (when, where, how fast, what the memory held then), not on the
#: letter and the options: left out when two runs' manifests are compared.
RUN_FIELDS = ("timings", "cache", "run")


@dataclass(frozen=True)
class ManifestRow(JsonModel):
    """One letter's record.

    ``outputs`` maps each output path (relative to ``--out``, ``/``-separated) to the sha256 of
    its bytes. ``origin`` says where the letter came from independently of how the input was
    spelled (the absolute path of a file, or ``DATASET#id`` for a dataset row); None in rows of
    older manifests. Counts are None where the letter did not get that far.
    """

    id: str
    name: str
    source: str
    sha256: str | None
    task: str
    lang: str
    options: str
    status: str
    reason: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    sections: int | None = None
    sentences: int | None = None
    footnotes: int | None = None
    segments: int | None = None
    brief_sentences: int | None = None
    nothing_lost: bool | None = None
    origin: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    cache: dict[str, int] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    def to_line(self) -> bytes:
        """The row as one UTF-8 JSON line (with its newline)."""
        # A lone surrogate (a reason quoting a file name in another encoding) is written as its
        # JSON escape, which reads back as the same text.
        return (json.dumps(self.to_dict(), ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")

    def comparable(self) -> dict[str, Any]:
        """The row without the fields that depend on the run (`RUN_FIELDS`)."""
        return {k: v for k, v in self.to_dict().items() if k not in RUN_FIELDS}

    @classmethod
    def from_dict(cls, data: Any) -> ManifestRow:
        """A row from its JSON object (`nlbrief.model.serde`; keys it does not know are ignored).

        Raises:
            SchemaError (a ValueError): ``data`` is not an object, lacks a field, a field has the
                wrong type, the status is unknown, or ``outputs`` does not map paths to hashes.
        """
        row = from_dict(cls, data)
        if row.status not in STATUSES:
            raise SchemaError(f"ManifestRow.status must be one of {', '.join(STATUSES)}, not {row.status!r}.")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in row.outputs.items()):
            raise SchemaError("ManifestRow.outputs must map output paths to sha256 strings.")
        return row


__all__ = ["RUN_FIELDS", "STATUSES", "ManifestRow"]
