"""Translation memory: an SQLite cache wrapped around a translator (not a flag inside one).

Entries are keyed by backend, model id, revision, the options that change the output (beam size,
length limits, guard, compute type; not batch size, threads or device) and the source segment. On
by default at `config.translation_memory_path()`; ``--no-cache`` skips it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ConfigError
from .base import SegmentResult, Translator, translate_checked

#: Options that do not change a translation, left out of the key.
NEUTRAL_OPTIONS = frozenset({"batch_size", "threads", "device", "batch_type", "batch_tokens"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tm (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    revision TEXT,
    options TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    guarded INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created REAL NOT NULL
)
"""


class TranslationMemory:
    """The SQLite store: one row per (model, revision, options, source).

    A damaged file (not SQLite, truncated, failing SQLite's quick check) is moved aside to
    ``<name>.damaged`` and a new, empty memory is made in its place, with a warning
    (`recovered` says what happened): the memory is a cache, so nothing but time is lost.

    Raises:
        ConfigError: the memory's folder or file cannot be written (the message names it and
            says to use ``--no-cache`` or ``NLBRIEF_TM``).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else config.translation_memory_path()
        self.recovered: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as err:
                self._db = self._recreate(err)
        except (OSError, sqlite3.Error) as err:
            raise ConfigError(
                f"Cannot use the translation memory {self.path}: {' '.join(str(err).split())}. "
                "Run with --no-cache, or point NLBRIEF_TM at a writable file."
            ) from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # concurrent batch workers read while one writes
            db.execute(_SCHEMA)
            db.commit()
            ok = db.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {ok[0] if ok else 'no answer'}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _recreate(self, err: sqlite3.DatabaseError) -> sqlite3.Connection:
        aside = self.path.with_name(self.path.name + ".damaged")
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self.path.replace(aside)
        self.recovered = (
            f"The translation memory {self.path} was damaged ({' '.join(str(err).split())}); it was "
            f"moved to {aside} and a new, empty memory was started (translations are made again)."
        )
        warnings.warn(self.recovered, RuntimeWarning, stacklevel=3)
        return self._open()

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def key(scope: str, source: str) -> str:
        return hashlib.sha256(f"{scope}\x00{source}".encode()).hexdigest()

    def get_many(self, scope: dict[str, Any], sources: Sequence[str]) -> dict[str, tuple[str, bool, str | None]]:
        """(target, guarded, note) of each source the memory holds for ``scope`` (`memory_scope`)."""
        scope_key = scope_string(scope)
        keys = {self.key(scope_key, s): s for s in sources}
        found: dict[str, tuple[str, bool, str | None]] = {}
        items = list(keys)
        for start in range(0, len(items), 500):  # SQLite's bound-parameter limit
            chunk = items[start:start + 500]
            rows = self._db.execute(
                f"SELECT key, target, guarded, note FROM tm WHERE key IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            for key, target, guarded, note in rows:
                found[keys[key]] = (target, bool(guarded), note)
        return found

    def put_many(self, scope: dict[str, Any], rows: Sequence[tuple[str, SegmentResult]]) -> None:
        """Store (source, result) rows under ``scope``."""
        scope_key = scope_string(scope)
        now = time.time()
        self._db.executemany(
            "INSERT OR REPLACE INTO tm (key, model, revision, options, source, target, guarded, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (self.key(scope_key, src), str(scope.get("model")), scope.get("revision"),
                 json.dumps(scope.get("options", {}), sort_keys=True), src, res.text, int(res.guarded),
                 res.note, now)
                for src, res in rows
            ],
        )
        self._db.commit()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM tm").fetchone()[0])


def memory_scope(description: dict[str, Any]) -> dict[str, Any]:
    """What of a translator's `describe()` goes into the key."""
    options = {k: v for k, v in (description.get("options") or {}).items() if k not in NEUTRAL_OPTIONS}
    return {
        "backend": description.get("backend"),
        "model": description.get("model"),
        "revision": description.get("revision"),
        "options": options,
    }


def scope_string(scope: dict[str, Any]) -> str:
    return json.dumps(scope, sort_keys=True, default=str)


class CachingTranslator(Translator):
    """Serves segments from the translation memory; translates and stores the rest.

    The capabilities (input limit, token counter, term spans) are those of ``inner``.
    """

    def __init__(self, inner: Translator, memory: TranslationMemory | None = None) -> None:
        self.inner = inner
        self.memory = memory if memory is not None else TranslationMemory()
        self.name = inner.name
        self.scope = memory_scope(inner.describe())
        self.hits = 0
        self.misses = 0

    @property
    def max_input_tokens(self) -> int | None:
        return self.inner.max_input_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def term_spans(self, text: str) -> list[tuple[int, int]]:
        return self.inner.term_spans(text)

    def memory_counts(self) -> tuple[int, int] | None:
        return self.hits, self.misses

    def describe(self) -> dict[str, Any]:
        # Whether the memory was on, not where its file is: an output must not depend on the
        # machine it was made on.
        return {**self.inner.describe(), "memory": True}

    def translate_segments(self, sentences: Sequence[str]) -> list[SegmentResult]:
        found = self.memory.get_many(self.scope, [s for s in sentences if s.strip()])
        results = [SegmentResult(s) for s in sentences]  # empty ones stay as they are
        todo: dict[str, list[int]] = {}
        for i, s in enumerate(sentences):
            if s in found:
                target, guarded, note = found[s]
                results[i] = SegmentResult(target, guarded=guarded, cached=True, note=note)
                self.hits += 1
            elif s.strip():
                todo.setdefault(s, []).append(i)  # the same segment twice: translated once
        if todo:
            sources = list(todo)
            outs = translate_checked(self.inner, sources)
            self.misses += len(sources)
            self.memory.put_many(self.scope, list(zip(sources, outs, strict=True)))
            for src, out in zip(sources, outs, strict=True):
                for i in todo[src]:
                    results[i] = out
        return results
