"""Test setup shared by every test module.

Hub access is switched off before transformers or huggingface_hub can be imported (they read
``HF_HUB_OFFLINE`` once, at import), and every cache points into a temporary folder so that no
test reads or writes the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LETTERS = SHARED / "data" / "letters"
MT = SHARED / "data" / "mt"


@pytest.fixture(autouse=True)
def _isolated_caches(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("nlbrief-home")
    monkeypatch.setenv("NLBRIEF_CACHE", str(home / "cache"))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.delenv("NLBRIEF_TM", raising=False)


@pytest.fixture(scope="session")
def letters_dir() -> Path:
    """The real Kamerbrieven in ../shared/data/letters (skips, saying why, where absent)."""
    if not LETTERS.is_dir():
        pytest.skip(f"real letters not available: {LETTERS} does not exist (CI has it)")
    return LETTERS


@pytest.fixture(scope="session")
def mt_dir() -> Path:
    """The Dutch-English test sets in ../shared/data/mt (skips, saying why, where absent)."""
    if not MT.is_dir():
        pytest.skip(f"MT test sets not available: {MT} does not exist (CI has it)")
    return MT


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tiny models with the real layouts (tests/tiny_models.py: the chat models trained to a fixed
    answer, the others random), built once per session.

    Set NLBRIEF_TINY_MODELS to a folder to build there once and reuse it across runs.
    """
    from tiny_models import build_tiny_models

    target = os.environ.get("NLBRIEF_TINY_MODELS")
    outdir = Path(target) if target else tmp_path_factory.mktemp("tiny-models")
    return build_tiny_models(outdir)


@pytest.fixture()
def lossy_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser that drops the letter's last section: the nothing-lost check must notice
    (tests of `--strict` on every command and in batch)."""
    from dataclasses import replace

    import nlbrief.parse as parse_stage

    real = parse_stage.parse_document

    def drop_last(doc, **kwargs):  # type: ignore[no-untyped-def]
        letter = real(doc, **kwargs)
        return replace(letter, sections=letter.sections[:-1])

    monkeypatch.setattr(parse_stage, "parse_document", drop_last)
