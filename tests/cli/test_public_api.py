"""The public API of `nlbrief/__init__.py`: the README example runs, imports are lazy, names resolve."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import nlbrief

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "eval" / "letters" / "ienw-2025-03-14-drinkwaterbronnen.txt"


def _readme_python_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's Python API section has no python block"
    return match.group(1)


def test_readme_example_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    code = _readme_python_block()
    assert len(code.strip().splitlines()) <= 6
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert len(lines) >= 3 and all("->" in line for line in lines)


def test_every_public_name_resolves_and_all_is_complete() -> None:
    for name in nlbrief.__all__:
        assert getattr(nlbrief, name) is not None, name
    assert set(nlbrief.__all__) == {"__version__", *nlbrief._EXPORTS}
    with pytest.raises(AttributeError):
        _ = nlbrief.no_such_name  # type: ignore[attr-defined]


def test_import_is_light() -> None:
    code = ("import sys, nlbrief; heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'transformers', 'jinja2', 'click') or m.startswith('nlbrief.')]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parse_translate_summarise_through_the_api() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from translation_helpers import EchoTranslator

    letter = nlbrief.parse_text(LETTER.read_text(encoding="utf-8"), name="drink.txt")
    assert isinstance(letter, nlbrief.Letter) and letter.sections
    translation = nlbrief.translate_letter(letter, EchoTranslator())
    assert isinstance(translation, nlbrief.Translation) and translation.coverage.complete
    brief = nlbrief.summarize_letter(letter, lang="nl", summariser="none", ratio=0.5)
    assert isinstance(brief, nlbrief.Brief) and brief.sections
    with pytest.raises(TypeError, match="unknown summarise options: colour"):
        nlbrief.summarise_letter(letter, lang="nl", summariser="none", colour="red")


def test_parse_text_with_lone_surrogates_is_no_crash() -> None:
    raw = LETTER.read_bytes() + b"\n\xff\xfe"
    text = raw.decode("utf-8", errors="surrogateescape")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        letter = nlbrief.parse_text(text)
    assert letter.sections


def test_api_errors_are_nlbrief_errors(tmp_path: Path) -> None:
    with pytest.raises(nlbrief.InputError):
        nlbrief.parse_file(tmp_path / "missing.txt")
    with pytest.raises(nlbrief.NlbriefError, match="Unknown translator"):
        nlbrief.get_translator("nope")
