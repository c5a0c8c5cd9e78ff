"""Small things users notice (issue 13): the version in signatures, the `summarize` alias, choices
in --help, the NLBRIEF_* table, packaging metadata, the eval set outside a checkout, no local
model paths in signatures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlbrief import __version__
from nlbrief.cli import cli
from nlbrief.cli.envdoc import END, START, environment_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "eval" / "letters" / "ienw-2025-03-14-drinkwaterbronnen.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_option_matches_the_signature() -> None:
    code, out, _ = _run("--version")
    assert code == 0 and out.strip() == f"nlbrief, version {__version__}"
    code, out, _ = _run("summarise", str(LETTER), "--lang", "nl", "--summariser", "none", "--format", "json", "-q")
    assert code == 0 and json.loads(out)["signature"]["nlbrief"] == __version__


def test_summarize_is_an_alias() -> None:
    code, out, _ = _run("summarize", str(LETTER), "--lang", "nl", "--summariser", "none", "-q")
    assert code == 0 and out.startswith("# Samenvatting")
    assert "summarize" not in _run("--help")[1].split("Commands:")[1].split()[::2]  # listed once, as summarise


@pytest.mark.parametrize("command", ["translate", "summarise", "batch", "eval"])
def test_choice_options_show_their_choices(command: str) -> None:
    text = " ".join(_run(command, "--help")[1].split())
    assert "--translator [auto|marian|ctranslate2]" in text
    assert "--device [auto|cpu|cuda]" in text


def test_readme_documents_every_nlbrief_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = START + readme.split(START, 1)[1].split(END, 1)[0] + END
    assert block == environment_table(), "run: python -m nlbrief.cli.envdoc --write README.md"
    import re

    used = set()
    for path in (ROOT / "src" / "nlbrief").rglob("*.py"):
        used |= set(re.findall(r"NLBRIEF_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    used.discard("NLBRIEF_")
    missing = sorted(v for v in used if f"`{v}`" not in block)
    assert not missing, f"read by the code but not in the README's table: {missing}"


def test_licence_metadata() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "Apache-2.0"  # an SPDX expression (PEP 639)
    assert any(r.startswith("setuptools>=77") for r in meta["build-system"]["requires"])
    assert "render/templates/*.j2" in meta["tool"]["setuptools"]["package-data"]["nlbrief"]
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


def test_eval_outside_a_checkout_asks_for_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("eval", "-q")
    text = " ".join(err.split())
    assert code == 2 and out == "" and "Traceback" not in err
    assert "--set" in text and "not an evaluation set" in text


def test_local_model_paths_stay_out_of_signatures(tiny_models: Path) -> None:
    code, out, err = _run("translate", str(LETTER), "--translation-model", str(tiny_models / "marian"),
                          "--format", "json", "--device", "cpu", "--beam-size", "1", "-q", "--no-cache")
    assert code == 0, err
    signature = json.dumps(json.loads(out)["signature"])
    assert str(tiny_models) not in signature and "marian" in signature


def test_a_local_summary_model_path_stays_out_of_the_brief_signature(tiny_models: Path) -> None:
    code, out, err = _run("summarise", str(LETTER), "--summariser", "seq2seq", "--summary-model",
                          str(tiny_models / "seq2seq"), "--translation-model", str(tiny_models / "marian"),
                          "--format", "json", "--device", "cpu", "--beam-size", "1", "-q", "--no-cache")
    assert code == 0, err
    signature = json.dumps(json.loads(out)["signature"])
    assert str(tiny_models) not in signature


def test_max_pages_option_reaches_the_reader(tmp_path: Path) -> None:
    from pdfmaker import TextLine, make_pdf

    lines = [line for line in LETTER.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [[TextLine(72, 100 + 14 * i, text[:90]) for i, text in enumerate(lines[k:k + 20])]
             for k in range(0, 60, 20)]
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(make_pdf(pages))
    code, _, err = _run("parse", str(pdf), "--max-pages", "2")
    assert code == 2 and "Traceback" not in err and "--max-pages" in err
    code, _, err = _run("parse", str(pdf), "--max-pages", "3", "--format", "md")
    assert code == 0, err
