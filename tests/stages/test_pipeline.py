"""The one composition (`nlbrief.pipeline`): every command carries the nothing-lost check, and
``--strict`` turns a failed check into exit code 3 on parse, translate and summarise alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from letter_builder import LETTER_TEXT
from nlbrief.cli import cli
from nlbrief.pipeline import EXIT_NOTHING_LOST, NothingLostError, load_letter


@pytest.fixture()
def letter_file(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER_TEXT, encoding="utf-8")
    return path


def test_load_letter_reports_and_raises(letter_file: Path, lossy_parser: None) -> None:
    warnings: list[str] = []
    loaded = load_letter(letter_file, on_loss="report", warn=warnings.append)
    assert loaded.nothing_lost is False and warnings and "nothing-lost" in warnings[0]
    with pytest.raises(NothingLostError) as info:
        load_letter(letter_file, on_loss="raise")
    assert info.value.exit_code == EXIT_NOTHING_LOST


def test_load_letter_passes_when_nothing_lost(letter_file: Path) -> None:
    loaded = load_letter(letter_file, on_loss="raise")
    assert loaded.nothing_lost is True and loaded.accounting is not None and loaded.accounting.ok


COMMANDS = {
    "parse": ["--format", "json"],
    "summarise": ["--lang", "nl", "--summariser", "none", "--format", "json"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_carries_nothing_lost(command: str, letter_file: Path) -> None:
    result = CliRunner().invoke(cli, [command, str(letter_file), *COMMANDS[command]])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["nothing_lost"] is True


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_strict_exits_3_on_loss(command: str, letter_file: Path, lossy_parser: None) -> None:
    runner = CliRunner()
    lenient = runner.invoke(cli, [command, str(letter_file), *COMMANDS[command]])
    assert lenient.exit_code == 0 and json.loads(lenient.stdout)["nothing_lost"] is False
    assert "nothing-lost check failed" in lenient.stderr
    strict = runner.invoke(cli, [command, str(letter_file), *COMMANDS[command], "--strict"])
    assert strict.exit_code == EXIT_NOTHING_LOST, strict.output
    assert "Traceback" not in strict.output


def test_translate_carries_nothing_lost_and_strict(letter_file: Path, tiny_models: Path,
                                                   lossy_parser: None) -> None:
    args = ["translate", str(letter_file), "--format", "json", "--translation-model",
            str(tiny_models / "marian"), "--beam-size", "1", "--no-cache", "-q"]
    runner = CliRunner()
    lenient = runner.invoke(cli, args)
    assert lenient.exit_code == 0, lenient.output
    assert json.loads(lenient.stdout)["nothing_lost"] is False
    strict = runner.invoke(cli, [*args, "--strict"])
    assert strict.exit_code == EXIT_NOTHING_LOST, strict.output
