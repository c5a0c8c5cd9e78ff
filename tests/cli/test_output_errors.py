"""An output that cannot be written is one paragraph and exit 2, never a traceback, and a device
named with -o is written in place, never replaced by a renamed file (issue 14)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "eval" / "letters" / "ienw-2025-03-14-drinkwaterbronnen.txt"


def _nlbrief(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "nlbrief", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env, timeout=120)


def _one_paragraph(err: str) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.startswith("nlbrief: ") and err.count("nlbrief:") == 1, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_output_to_a_full_device(tmp_path: Path) -> None:
    before = os.stat("/dev/full")
    assert stat.S_ISCHR(before.st_mode)
    done = _nlbrief("parse", str(LETTER), "-o", "/dev/full")
    assert done.returncode == 2
    _one_paragraph(done.stderr)
    assert "No space left" in done.stderr
    after = os.stat("/dev/full")  # still the device: not replaced by a renamed temporary file
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not list(Path("/dev").glob(".full.*"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_stdout_on_a_full_device() -> None:
    with open("/dev/full", "w") as full:
        done = _nlbrief("parse", str(LETTER), stdout=full)
    assert done.returncode == 2
    _one_paragraph(done.stderr)
    assert "standard output" in done.stderr


def test_output_in_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    target = tmp_path / "ro" / "sub" / "letter.json"
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        if os.access(tmp_path / "ro", os.W_OK):  # root ignores the mode: use a read-only place
            target = Path("/sys/nlbrief-test/letter.json")
            if os.access("/sys", os.W_OK) and not Path("/sys").is_dir():
                pytest.skip("no folder here that this user cannot write")
        done = _nlbrief("parse", str(LETTER), "-o", str(target))
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert done.returncode == 2
    _one_paragraph(done.stderr)
    assert "Could not write" in done.stderr and not target.exists()


def test_a_closed_pipe_is_not_an_error() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(["bash", "-c", f'"{sys.executable}" -m nlbrief parse "{LETTER}" | head -c 10'],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout == '{\n  "sourc' and "Traceback" not in done.stderr


def test_max_size_must_be_a_finite_positive_number() -> None:
    for value in ("nan", "inf", "0", "-1", "abc"):
        done = _nlbrief("parse", str(LETTER), "--max-size", value)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (value, done.stderr)
        assert "--max-size" in done.stderr
    from nlbrief.config import max_input_bytes
    from nlbrief.errors import ConfigError

    for bad in (float("nan"), float("inf"), 0.0, -1.0):
        with pytest.raises(ConfigError):
            max_input_bytes(bad)
    assert max_input_bytes(0.5) == 512 * 1024


def test_an_os_error_deep_inside_a_command_is_one_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from click.testing import CliRunner

    from nlbrief import pipeline
    from nlbrief.cli import cli

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/somewhere")

    monkeypatch.setattr(pipeline, "load_letter", full)
    result = CliRunner().invoke(cli, ["parse", str(LETTER)])
    assert result.exit_code == 2, result.output
    assert "Could not write /tmp/somewhere: No space left on device" in " ".join(result.output.split())


@pytest.mark.parametrize("command", [["summarise", "--lang", "nl", "--summariser", "none"],
                                     ["translate", "--translation-model", "/no/such/model"]])
def test_an_output_under_a_file_is_refused_before_any_work(tmp_path: Path, command: list[str]) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    done = _nlbrief(command[0], str(LETTER), *command[1:], "-o", str(a_file / "brief.md"))
    assert done.returncode == 2
    _one_paragraph(done.stderr)
    # refused for the path, before the (missing) translation model was even looked for
    assert "is a file" in done.stderr and "/no/such/model" not in done.stderr


def test_dash_as_output_is_standard_output_for_every_command(tmp_path: Path) -> None:
    for args in (("parse", str(LETTER), "--format", "md"), ("summarise", str(LETTER), "--lang", "nl",
                                                          "--summariser", "none", "--format", "md")):
        done = subprocess.run([sys.executable, "-m", "nlbrief", *args, "-o", "-"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("#") and not (tmp_path / "-").exists(), args
