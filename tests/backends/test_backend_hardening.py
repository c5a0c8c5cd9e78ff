"""Damaged inputs of the backends: a broken translation memory, pickle or truncated weights, and the
protocol layout (no import cycle between the registry and the package, no probing wrappers)."""

from __future__ import annotations

import ast
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from letter_builder import LETTER_TEXT
from nlbrief.backends import get_abstractor, get_translator
from nlbrief.backends.memory import CachingTranslator, TranslationMemory
from nlbrief.cli import cli
from nlbrief.errors import ModelLoadError
from translation_helpers import EchoTranslator

SRC = Path(__file__).resolve().parents[2] / "src" / "nlbrief"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_memory_is_moved_aside_and_recreated(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "tm.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not an SQLite database at all" * 100)
    else:
        memory = TranslationMemory(path)
        CachingTranslator(EchoTranslator(), memory).translate([f"zin {k}" for k in range(300)])
        memory.close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    with pytest.warns(RuntimeWarning, match="damaged"):
        memory = TranslationMemory(path)
    assert memory.recovered and str(path) in memory.recovered
    assert (tmp_path / "tm.sqlite3.damaged").is_file()  # kept, not deleted
    cached = CachingTranslator(EchoTranslator(transform=str.upper), memory)
    assert cached.translate(["een"]) == ["EEN"] and cached.translate(["een"]) == ["EEN"]
    assert cached.memory_counts() == (1, 1)
    assert sqlite3.connect(str(path)).execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_cli_translates_with_a_damaged_memory(tmp_path: Path, tiny_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "tm.sqlite3"
    memory.write_bytes(b"\x00garbage" * 512)
    monkeypatch.setenv("NLBRIEF_TM", str(memory))
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(letter), "--translation-model", str(tiny_models / "marian"),
                                      "--translator", "marian", "--beam-size", "1", "--device", "cpu", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "tm.sqlite3.damaged").is_file()


def _pickle_only(tiny_models: Path, tmp_path: Path, part: str) -> Path:
    folder = tmp_path / f"{part}-pickle"
    shutil.copytree(tiny_models / part, folder)
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    return folder


def _truncated(tiny_models: Path, tmp_path: Path, part: str) -> Path:
    folder = tmp_path / f"{part}-truncated"
    shutil.copytree(tiny_models / part, folder)
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    return folder


@pytest.mark.parametrize("make", [_pickle_only, _truncated])
@pytest.mark.parametrize("backend", ["marian", "ctranslate2"])
def test_unusable_translation_weights_give_one_paragraph(make, backend: str, tiny_models: Path,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    folder = make(tiny_models, tmp_path, "marian")
    with pytest.raises(ModelLoadError) as err:
        get_translator(backend, model=str(folder), device="cpu")
    message = str(err.value)
    assert str(folder) in message and "\n" not in message
    assert ("pickle" in message) if make is _pickle_only else ("truncated" in message)


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_unusable_chat_weights_give_one_paragraph_on_the_cli(engine: str, tiny_models: Path, tmp_path: Path) -> None:
    folder = _truncated(tiny_models, tmp_path, "chat")
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarise", str(letter), "--lang", "nl", "--summariser", "chat",
                                      "--summary-model", str(folder), "--summary-backend", engine,
                                      "--device", "cpu", "--quiet"])
    assert result.exit_code == 2
    assert "truncated" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("nlbrief: ") and "\n\n" not in result.stderr.strip()  # one paragraph
    with pytest.raises(ModelLoadError, match="pickle"):
        chat = get_abstractor("chat", model=str(_pickle_only(tiny_models, tmp_path, "chat")), lang="nl",
                              device="cpu", backend=engine)
        chat.condense.__self__.engine.tokenizer  # type: ignore[attr-defined]  # noqa: B018 - loads


def test_backend_base_never_imports_the_package_above_it() -> None:
    tree = ast.parse((SRC / "backends" / "base.py").read_text(encoding="utf-8"))
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1]
    assert not relative, "backends/base.py imports backends/__init__ (an import cycle)"


def test_the_stages_never_probe_a_backend() -> None:
    for name in ("translate.py", "summarise.py", "glossary.py", "backends/memory.py"):
        text = (SRC / name).read_text(encoding="utf-8")
        assert "__getattr__" not in text, name
        for probe in ("getattr(translator", "getattr(abstractor", "hasattr(translator", "hasattr(abstractor",
                      "getattr(self.inner", "getattr(inner"):
            assert probe not in text, f"{name}: {probe}"
