"""The evaluation set and its references, the tune/test split, and parallel translation test sets.

A set is a folder ``SET/letters/*.txt|pdf`` + ``SET/references/*.json`` (format in
``eval/README.md``), optionally with ``SET/thresholds.toml`` and ``SET/split.toml``. The split file
gives each letter (by reference stem) the part "tune" (selection rules may be tuned on it) or
"test" (scored only, the honest figure); a set without one has no parts.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from .metrics import METADATA_FIELDS

THRESHOLDS_FILE = "thresholds.toml"
SPLIT_FILE = "split.toml"
SPLITS = ("tune", "test")
#: What the harness reads from a reference's ``structure``.
STRUCTURE_KEYS = (*METADATA_FIELDS, "headings", "footnotes", "citations", "motions", "sentences_min",
                  "sentences_max")


@dataclass(frozen=True)
class SetItem:
    """One letter of a set, its reference (the parsed JSON) and its split ("tune", "test" or None)."""

    name: str
    letter: Path
    reference: dict[str, Any]
    split: str | None = None


@dataclass(frozen=True)
class EvalSet:
    """A loaded evaluation set: its items and the sha256 over its files (letters and references)."""

    name: str
    root: Path
    items: tuple[SetItem, ...]
    sha256: str
    files: int

    @property
    def thresholds_path(self) -> Path | None:
        path = self.root / THRESHOLDS_FILE
        return path if path.is_file() else None

    def splits(self) -> tuple[str, ...]:
        """The splits that hold at least one letter, in the order of `SPLITS`."""
        present = {item.split for item in self.items}
        return tuple(s for s in SPLITS if s in present)


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_files(root: Path, digests: Mapping[Path, str]) -> str:
    """sha256 over (path relative to ``root``, sha256 of the content) of each file, in path order.

    ``digests`` maps each file to the sha256 of its content (computed where it was read anyway).
    """
    digest = hashlib.sha256()
    for rel, sha in sorted((path.relative_to(root).as_posix(), sha) for path, sha in digests.items()):
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(sha.encode("ascii") + b"\n")
    return digest.hexdigest()


def read_toml(path: Path) -> tuple[dict[str, Any], bytes]:
    """A TOML file's table and raw bytes.

    Raises:
        ConfigError: unreadable or not TOML.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        raw = path.read_bytes()
        return tomllib.loads(raw.decode("utf-8")), raw
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"Cannot read {path}: {err}.") from None


def load_split(path: Path) -> dict[str, str]:
    """``split.toml``: ``[letters]`` maps a reference stem to "tune" or "test".

    Raises:
        ConfigError: unreadable, or a value that is not a split.
    """
    data, _ = read_toml(path)
    letters = data.get("letters", {})
    if not isinstance(letters, dict):
        raise ConfigError(f"{path}: [letters] must be a table of name = \"tune\" | \"test\".")
    for name, split in letters.items():
        if split not in SPLITS:
            raise ConfigError(f"{path}: {name} = {split!r}; a letter's split is \"tune\" or \"test\".")
    return dict(letters)


def _read_reference(ref_path: Path, letters: Path) -> tuple[dict[str, Any], bytes, Path]:
    try:
        raw = ref_path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"The reference {ref_path} is not valid JSON: {err}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("structure"), dict) \
            or not isinstance(data.get("briefs"), dict):
        raise InputError(f"The reference {ref_path} lacks the keys 'structure' and 'briefs' "
                         f"(see eval/README.md for the format).")
    letter = letters / data.get("letter", f"{ref_path.stem}.txt")
    if not letter.is_file():
        raise ConfigError(f"The reference {ref_path.name} names the letter {letter.name}, "
                          f"which is not in {letters}.")
    missing = [k for k in STRUCTURE_KEYS if k not in data["structure"]]
    if missing:
        raise InputError(f"The reference {ref_path} lacks structure.{', structure.'.join(missing)} "
                         f"(see eval/README.md for the format).")
    return data, raw, letter


def load_set(path: str | Path) -> EvalSet:
    """Read an evaluation set folder (see the module docstring).

    Raises:
        ConfigError: not a set folder, no references, a reference naming a missing letter, or a
            bad split file.
        InputError: a reference that is not valid JSON or lacks ``structure``/``briefs``.
    """
    root = Path(path).expanduser()
    letters, references = root / "letters", root / "references"
    if not letters.is_dir() or not references.is_dir():
        raise ConfigError(
            f"{root} is not an evaluation set: it needs a letters/ folder and a references/ folder "
            f"(see eval/README.md). Run from the nlbrief checkout (the set is eval/) or pass --set PATH."
        )
    ref_files = sorted(references.glob("*.json"))
    if not ref_files:
        raise ConfigError(f"{references} holds no references (*.json); see eval/README.md for the format.")
    split_path = root / SPLIT_FILE
    split = load_split(split_path) if split_path.is_file() else {}
    items = []
    digests: dict[Path, str] = {}
    for ref_path in ref_files:
        data, raw, letter = _read_reference(ref_path, letters)
        items.append(SetItem(ref_path.stem, letter, data, split.get(ref_path.stem)))
        digests[ref_path] = hashlib.sha256(raw).hexdigest()
        digests[letter] = sha256_file(letter)
    if split_path.is_file():
        digests[split_path] = sha256_file(split_path)
    return EvalSet(root.resolve().name, root, tuple(items), hash_files(root, digests), len(digests))


# --- parallel translation test sets ---------------------------------------------------------------

@dataclass(frozen=True)
class ParallelSet:
    """The first ``limit`` lines of an aligned source/reference pair."""

    name: str
    sources: tuple[str, ...]
    references: tuple[str, ...]
    sha256: str
    total_lines: int


def read_parallel(src: str | Path, ref: str | Path, limit: int | None = None) -> ParallelSet:
    """Read aligned files (one sentence a line).

    Raises:
        InputError: a file is missing or unreadable, or the two differ in line count.
    """
    texts = []
    for path in (Path(src), Path(ref)):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"Cannot read the translation test file {path}: {err}.") from None
    src_lines, ref_lines = (t.splitlines() for t in texts)
    if len(src_lines) != len(ref_lines):
        raise InputError(f"{src} has {len(src_lines)} lines but {ref} has {len(ref_lines)}: "
                         f"--mt-src and --mt-ref must be aligned line by line.")
    if limit is not None:
        src_lines, ref_lines = src_lines[:limit], ref_lines[:limit]
    digest = hashlib.sha256()
    for line in (*src_lines, "\0", *ref_lines):
        digest.update(line.encode("utf-8") + b"\n")
    name = Path(src).stem if Path(src).stem == Path(ref).stem else f"{Path(src).name}+{Path(ref).name}"
    return ParallelSet(name, tuple(src_lines), tuple(ref_lines), digest.hexdigest(), len(texts[0].splitlines()))
