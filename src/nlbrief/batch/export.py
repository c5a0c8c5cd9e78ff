"""``--export parquet``: every letter's results in one table, loadable with `datasets`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fileio import atomic_path
from ..model.manifest import ManifestRow
from ..render import FORMATS
from .paths import EXPORT_FILE, contained

_COLUMNS = ("id", "name", "source", "sha256", "task", "lang", "options", "status", "reason",
            "sections", "sentences", "footnotes", "segments", "brief_sentences", "nothing_lost", "origin",
            "outputs", "timings", "cache", "run")
_INTS = ("sections", "sentences", "footnotes", "segments", "brief_sentences")
# Mappings whose keys vary from row to row (formats, stages, the run's facts): JSON text, one
# column each, so that every row has the same table shape.
_JSON = ("outputs", "timings", "cache", "run")


def _output_text(out_dir: Path, rel: str | None) -> str | None:
    path = contained(out_dir, rel) if rel else None
    return path.read_text(encoding="utf-8") if path is not None else None


def export_parquet(out_dir: Path, rows: list[ManifestRow]) -> Path:
    """All results as ``out_dir/results.parquet``: the manifest's fields (its mappings as JSON text)
    and one column per format.

    Load it with ``datasets.Dataset.from_parquet(path)`` (or pandas, pyarrow, DuckDB ...).

    Raises:
        OSError: an output cannot be read or the table cannot be written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    texts: dict[str, list[str | None]] = {fmt: [] for fmt in FORMATS}
    for row in rows:
        data = row.to_dict()
        for name in columns:
            value = data.get(name)
            columns[name].append(json.dumps(value, sort_keys=True) if name in _JSON else value)
        by_fmt = {rel.rsplit(".", 1)[-1]: rel for rel in row.outputs}
        for fmt in FORMATS:
            texts[fmt].append(_output_text(out_dir, by_fmt.get(fmt)))
    arrays = {name: pa.array(values, type=pa.int64() if name in _INTS else
                             pa.bool_() if name == "nothing_lost" else pa.string())
              for name, values in columns.items()}
    for fmt in FORMATS:
        if any(v is not None for v in texts[fmt]):
            arrays[fmt] = pa.array(texts[fmt], type=pa.string())
    path = out_dir / EXPORT_FILE
    with atomic_path(path) as tmp:
        pq.write_table(pa.table(arrays), tmp)
    return path
