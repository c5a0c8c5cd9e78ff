"""The batch manifest row: one letter of a `nlbrief batch` run, as one line of ``manifest.jsonl``.

The JSON form has the keys of `ManifestRow` in its field order (so equal rows are equal bytes).
`ManifestRow.from_dict` checks every field's type: a manifest written by hand, damaged or written
by a hostile party gives a `ValueError`, never a row whose fields are of the wrong kind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: The statuses a row can have.
STATUSES = ("done", "failed", "skipped")
#: Fields that depend on the run (when, where, how fast, what the memory held then), not on the
#: letter and the options: left out when two runs' manifests are compared.
RUN_FIELDS = ("timings", "cache", "run")
_COUNTS = ("sections", "sentences", "footnotes", "segments", "brief_sentences")
_TEXTS = ("name", "source", "task", "lang", "options")


@dataclass(frozen=True)
class ManifestRow:
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the row, keys in field order."""
        return asdict(self)

    def to_line(self) -> bytes:
        """The row as one UTF-8 JSON line (with its newline)."""
        return (json.dumps(self.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")

    def comparable(self) -> dict[str, Any]:
        """The row without the fields that depend on the run (`RUN_FIELDS`)."""
        return {k: v for k, v in self.to_dict().items() if k not in RUN_FIELDS}

    @classmethod
    def from_dict(cls, data: object) -> ManifestRow:
        """A row from its JSON object (keys it does not know are ignored).

        Raises:
            ValueError: ``data`` is not an object, lacks a field, or a field has the wrong type
                (the message names the field).
        """
        if not isinstance(data, dict):
            raise ValueError(f"a manifest row must be a JSON object, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        _check_texts(values)
        _check_numbers(values)
        _check_maps(values)
        return cls(**values)


def _check_texts(values: dict[str, Any]) -> None:
    for name in ("id", "status", *_TEXTS):
        if not isinstance(values.get(name), str):
            raise ValueError(f"the row's {name!r} must be a string")
    if values["status"] not in STATUSES:
        raise ValueError(f"unknown status {values['status']!r}")
    for name in ("sha256", "reason", "origin"):
        if values.get(name) is not None and not isinstance(values[name], str):
            raise ValueError(f"the row's {name!r} must be a string or null")


def _check_numbers(values: dict[str, Any]) -> None:
    for name in _COUNTS:
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"the row's {name!r} must be a whole number or null")
    if values.get("nothing_lost") is not None and not isinstance(values["nothing_lost"], bool):
        raise ValueError("the row's 'nothing_lost' must be true, false or null")


def _check_maps(values: dict[str, Any]) -> None:
    outputs = values.get("outputs", {})
    if not isinstance(outputs, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in outputs.items()):
        raise ValueError("the row's 'outputs' must map paths to sha256 strings")
    for name in RUN_FIELDS:
        if not isinstance(values.get(name, {}), dict):
            raise ValueError(f"the row's {name!r} must be an object")


__all__ = ["RUN_FIELDS", "STATUSES", "ManifestRow"]
