"""The translation memory (SQLite), a wrapper around any translator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlbrief.backends import base, load_builtin_backends
from nlbrief.backends.memory import CachingTranslator, TranslationMemory
from nlbrief.translate import make_translator, translate_letter
from translation_helpers import EchoTranslator, make_letter


def test_second_call_is_served_from_memory(tmp_path: Path) -> None:
    echo = EchoTranslator(transform=str.upper)
    cached = CachingTranslator(echo, TranslationMemory(tmp_path / "tm.sqlite3"))
    first = cached.translate_segments(["een", "twee"])
    second = cached.translate_segments(["twee", "drie", "een"])
    assert [r.text for r in first] == ["EEN", "TWEE"]
    assert [r.text for r in second] == ["TWEE", "DRIE", "EEN"]
    assert [r.cached for r in second] == [True, False, True]
    assert echo.calls == [["een", "twee"], ["drie"]]
    assert (cached.hits, cached.misses) == (2, 3)


def test_memory_persists_across_processes_and_is_keyed_by_model_and_options(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    CachingTranslator(EchoTranslator(transform=str.upper, beam_size=4), TranslationMemory(path)).translate(["een"])
    again = EchoTranslator(transform=str.lower, beam_size=4)
    assert CachingTranslator(again, TranslationMemory(path)).translate(["een"]) == ["EEN"]
    assert again.calls == []
    other_beam = EchoTranslator(transform=str.lower, beam_size=1)
    assert CachingTranslator(other_beam, TranslationMemory(path)).translate(["een"]) == ["een"]
    other_revision = EchoTranslator(transform=str.lower, beam_size=4, revision="abc123")
    assert CachingTranslator(other_revision, TranslationMemory(path)).translate(["een"]) == ["een"]
    # batch size and threads do not change a translation: same key
    other_batch = EchoTranslator(transform=str.lower, beam_size=4, batch_size=99, threads=1)
    assert CachingTranslator(other_batch, TranslationMemory(path)).translate(["een"]) == ["EEN"]
    assert len(TranslationMemory(path)) == 3


def test_duplicates_are_translated_once_and_empty_segments_not_at_all(tmp_path: Path) -> None:
    echo = EchoTranslator()
    cached = CachingTranslator(echo, TranslationMemory(tmp_path / "tm.sqlite3"))
    assert cached.translate(["a", "", "a", "b"]) == ["a", "", "a", "b"]
    assert echo.calls == [["a", "b"]]


def test_default_location_is_the_user_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NLBRIEF_CACHE", str(tmp_path / "c"))
    memory = TranslationMemory()
    assert memory.path == tmp_path / "c" / "translation-memory.sqlite3"
    assert memory.path.is_file()


def test_the_signature_does_not_say_where_the_memory_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_builtin_backends()
    monkeypatch.setitem(base.TRANSLATORS, "echo", lambda **options: EchoTranslator(**options))
    runs = [translate_letter(make_letter(), make_translator("echo", memory_path=str(path), beam_size=1))
            for path in (tmp_path / "a.sqlite3", tmp_path / "elsewhere" / "tm.sqlite3")]
    assert runs[0].signature == runs[1].signature
    assert runs[0].signature["memory"] is True  # the memory was on; where it was is no part of the output
    assert str(tmp_path) not in json.dumps(runs[0].signature)
    assert "memory" not in translate_letter(make_letter(), make_translator("echo", cache=False)).signature
