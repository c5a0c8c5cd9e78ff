"""The batch stage: an archive of letters in, per-letter outputs and a manifest out.

Inputs are a folder (recursive; .txt and .pdf), a text file listing paths, or a local dataset
(JSONL, Parquet, or a folder saved with `datasets`' ``save_to_disk``) with ``id`` and ``text``
columns. Each letter goes through `nlbrief.pipeline`, the composition the single commands use;
its outputs are written under the output folder with a name derived from its id that cannot leave
the folder. A run can be stopped at any moment, SIGKILL included, and the same command resumes it.

The package, by concern:

- `options`: `BatchOptions` (what every letter is given) and `BatchError`;
- `inputs`: `discover` (folders, lists, JSONL, Parquet, saved datasets) -> `LetterTask` s;
- `paths`: safe output names, containment in ``--out``, the run's lock (`filelock`);
- `worker`: `LetterWorker` (the per-letter work, wherever it runs) -> `LetterResult`;
- `manifest`: the journal of `nlbrief.model.manifest.ManifestRow` s, read back without trust;
- `plan`: which letters to do and under which names; clashes become failed rows;
- `engines`: the `Engine` interface and its registry (`local`, `ray`, imported by name);
- `run`: `run_batch`, the commit of each letter, `BatchReport` and the `Progress` callbacks;
- `export`: ``--export parquet``.
"""

from __future__ import annotations

from ..model.manifest import RUN_FIELDS, ManifestRow
from .engines import Engine, EngineSettings, engine_names, get_engine, register_engine
from .inputs import LetterTask, discover, task_digest
from .manifest import ManifestJournal, build_row, compact_manifest, comparable, read_manifest
from .options import DEFAULT_FORMATS, EXPORTS, TASKS, BatchError, BatchOptions, parse_formats
from .paths import EXPORT_FILE, LOCK_FILE, MANIFEST, output_path, safe_name, sweep_temp_files
from .run import BatchReport, Progress, run_batch
from .worker import LetterResult, LetterWorker, read_task

#: The engines registered when nlbrief is imported (others can be added with `register_engine`).
ENGINES = engine_names()

__all__ = [
    "DEFAULT_FORMATS", "ENGINES", "EXPORTS", "EXPORT_FILE", "LOCK_FILE", "MANIFEST", "RUN_FIELDS", "TASKS",
    "BatchError", "BatchOptions", "BatchReport", "Engine", "EngineSettings", "LetterResult", "LetterTask",
    "LetterWorker", "ManifestJournal", "ManifestRow", "Progress", "build_row", "comparable", "compact_manifest",
    "discover", "engine_names", "get_engine", "output_path", "parse_formats", "read_manifest", "read_task",
    "register_engine", "run_batch", "safe_name", "sweep_temp_files", "task_digest",
]
