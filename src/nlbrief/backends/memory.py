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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import config
from .base import SegmentResult, translate_segments_of

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
    """The SQLite store: one row per (model, revision, options, source)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else config.translation_memory_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")  # concurrent batch workers read while one writes
        self._db.execute(_SCHEMA)
        self._db.commit()

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


class CachingTranslator:
    """Serves segments from the translation memory; translates and stores the rest."""

    def __init__(self, inner: Any, memory: TranslationMemory | None = None) -> None:
        self.inner = inner
        self.memory = memory if memory is not None else TranslationMemory()
        self.name = getattr(inner, "name", "translator")
        self.scope = memory_scope(inner.describe())
        self.hits = 0
        self.misses = 0

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.inner, attr)

    def describe(self) -> dict[str, Any]:
        # Whether the memory was on, not where its file is: an output must not depend on the
        # machine it was made on.
        return {**self.inner.describe(), "memory": True}

    def translate(self, sentences: list[str]) -> list[str]:
        return [r.text for r in self.translate_segments(sentences)]

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
            outs = translate_segments_of(self.inner, sources)
            self.misses += len(sources)
            self.memory.put_many(self.scope, list(zip(sources, outs, strict=True)))
            for src, out in zip(sources, outs, strict=True):
                for i in todo[src]:
                    results[i] = out
        return results
