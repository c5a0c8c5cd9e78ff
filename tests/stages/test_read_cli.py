"""The read stage's bounds and warnings as a user meets them: `nlbrief parse` on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlbrief.cli import cli
from pdfmaker import house_style_letter, make_pdf, many_pages

LETTER = (
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 16 mei 2024\n\n"
    "Hierbij informeer ik u over de voortgang van het beleid. Het kabinet zet de aanpak voort "
    "met € 20 miljoen – zo is het afgesproken.\n\n"
    "De Staatssecretaris van Justitie en Veiligheid,\nE. de Vries\n"
)
ROOT = Path(__file__).resolve().parents[2]


def _flat(output: str) -> str:
    """The output with the CLI's line wrapping undone."""
    return " ".join(output.split())


def test_parse_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # a separate process with a timeout: were the FIFO opened for reading, it would wait for ever
    done = subprocess.run([sys.executable, "-m", "nlbrief", "parse", str(fifo)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 2
    assert "not a regular file" in _flat(done.stderr) and "Traceback" not in _flat(done.stderr)


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
def test_max_size_values_that_mean_nothing(tmp_path: Path, value: str) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--max-size", value])
    assert result.exit_code == 2, result.output
    assert "above 0" in _flat(result.output) and "Traceback" not in _flat(result.output)


def test_max_pages_option_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "lang.pdf"
    path.write_bytes(many_pages(4))
    result = CliRunner().invoke(cli, ["parse", str(path), "--max-pages", "3", "--no-language-check"])
    assert result.exit_code == 2 and "4 pages, over the limit of 3" in _flat(result.output)
    result = CliRunner().invoke(cli, ["parse", str(path), "--no-language-check"],
                                env={"NLBRIEF_MAX_PAGES": "2"})
    assert result.exit_code == 2 and "limit of 2" in _flat(result.output)
    ok = tmp_path / "brief.pdf"
    ok.write_bytes(make_pdf(house_style_letter()))
    assert CliRunner().invoke(cli, ["parse", str(ok), "--max-pages", "2"]).exit_code == 0


def test_a_text_named_pdf_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2 and "not a PDF" in _flat(result.output)


def test_a_stray_byte_is_read_and_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(LETTER.encode("cp1252").replace(b"afgesproken", b"afgesproken \x8d"))
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "warning:" in _flat(result.output) and "0x8D" in _flat(result.output)
    assert "€ 20 miljoen – zo" in _flat(result.output)
