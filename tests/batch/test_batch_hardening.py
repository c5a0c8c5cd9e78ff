"""`nlbrief batch` against hostile and broken inputs, output folders and manifests (issue 14).

Each test here failed on the batch module before its fix: FIFOs and devices that hung or were read
without bound, a manifest trusted for deletion, links in ``--out`` followed, one letter stopping a
whole run, two inputs overwriting each other's outputs, workers left behind by a killed run, and
tracebacks where one paragraph is promised.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import EVAL_LETTERS, SUMMARISE_NL, copy_eval_letters, make_archive, manifest_rows
from click.testing import CliRunner

from nlbrief.batch import MANIFEST, BatchOptions, run_batch, safe_name
from nlbrief.batch.engines.reaper import alive, descendants
from nlbrief.cli import cli
from nlbrief.summarise import SummariseOptions

NL_NONE = BatchOptions(task="summarise", summarise=SummariseOptions(lang="nl", summariser="none"))
NLBRIEF = [sys.executable, "-m", "nlbrief", "batch"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and signals are POSIX")


def batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stderr + (repr(result.exception) if result.exception and
                                              not isinstance(result.exception, SystemExit) else "")


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command in its own process, so that a hang is a test failure, not a hung suite."""
    return subprocess.run([*NLBRIEF, *args], capture_output=True, text=True, timeout=timeout)


def rows_by_id(out: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {r["id"]: r for r in manifest_rows(out)}


def one_paragraph(err: str) -> str:
    assert "Traceback" not in err and err.strip(), err
    return " ".join(err.split())


# --- FIFOs, devices, links in the input -----------------------------------------------------------

@posix_only
def test_a_fifo_in_the_folder_is_skipped_and_does_not_hang(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    os.mkfifo(archive / "pipe.txt")
    out = tmp_path / "out"
    done = run_cli(str(archive), "--out", str(out), *SUMMARISE_NL, "-q", timeout=60)
    assert done.returncode == 0, done.stderr
    row = rows_by_id(out)["pipe.txt"]
    assert row["status"] == "skipped" and "FIFO" in row["reason"]
    assert sum(r["status"] == "done" for r in manifest_rows(out)) == 2


@posix_only
def test_fifos_and_devices_in_a_list_fail_their_row(tmp_path: Path) -> None:
    letters = copy_eval_letters(tmp_path / "l", 1)
    os.mkfifo(tmp_path / "pipe.txt")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{letters[0]}\n{tmp_path / 'pipe.txt'}\n/dev/null\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(str(listing), "--out", str(out), *SUMMARISE_NL, timeout=60)
    assert done.returncode == 1, done.stderr
    # off a terminal, a line per failed letter, also for those that failed before any work
    assert f"failed: {tmp_path / 'pipe.txt'}: " in done.stderr and "failed: /dev/null: " in done.stderr
    rows = rows_by_id(out)
    assert rows[str(letters[0])]["status"] == "done"
    assert rows[str(tmp_path / "pipe.txt")]["status"] == "failed" and "FIFO" in rows[str(tmp_path / "pipe.txt")]["reason"]
    assert rows["/dev/null"]["status"] == "failed" and "device" in rows["/dev/null"]["reason"]


@posix_only
def test_a_fifo_as_the_input_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "list.txt")
    done = run_cli(str(tmp_path / "list.txt"), "--out", str(tmp_path / "out"), *SUMMARISE_NL, timeout=60)
    assert done.returncode == 2 and "FIFO" in one_paragraph(done.stderr)
    assert not (tmp_path / "out").exists()


@posix_only
def test_links_leading_out_of_the_input_folder_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    outside = copy_eval_letters(tmp_path / "elsewhere", 2)
    (archive / "secret.txt").symlink_to(outside[1])
    (archive / "inside.txt").symlink_to(archive / next(p.name for p in archive.iterdir()))
    out = tmp_path / "out"
    assert run_batch(archive, out, NL_NONE).skipped == 1
    rows = rows_by_id(out)
    assert rows["secret.txt"]["status"] == "skipped" and "outside the input folder" in rows["secret.txt"]["reason"]
    assert rows["inside.txt"]["status"] == "done"


# --- the manifest and links in --out ---------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_hostile_manifest_cannot_delete_outside_the_output_folder(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    run_batch(archive, out, NL_NONE)
    victims = [tmp_path / "victim.txt", tmp_path / "deep" / "victim2.txt"]
    for victim in victims:
        victim.parent.mkdir(exist_ok=True)
        victim.write_text("keep me", encoding="utf-8")
    rows = manifest_rows(out)
    rows[0]["outputs"]["../victim.txt"] = _sha(victims[0])  # as if that letter had written them
    rows[0]["outputs"][str(victims[1])] = _sha(victims[1])
    (out / MANIFEST).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    # Other formats: every letter is done again and its old outputs that are not wanted now go.
    options = BatchOptions(task="summarise", formats=("html",), summarise=NL_NONE.summarise)
    report = run_batch(archive, out, options)
    assert report.done == 2
    assert all(v.read_text(encoding="utf-8") == "keep me" for v in victims)
    assert all(rel.endswith(".html") for r in manifest_rows(out) for rel in r["outputs"])


def test_manifest_rows_of_the_wrong_shape_are_damaged_not_a_traceback(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    run_batch(archive, out, NL_NONE)
    rows = manifest_rows(out)
    rows[0]["outputs"] = [1, 2]
    rows[1]["sentences"] = {"x": 1}
    (out / MANIFEST).write_text("".join(json.dumps(r) + "\n" for r in rows) + "[1, 2]\n", encoding="utf-8")
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 0, err
    assert "damaged" in one_paragraph(err)
    assert [r["status"] for r in manifest_rows(out)] == ["done", "done"]


@posix_only
def test_a_linked_manifest_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "precious.jsonl"
    target.write_text("precious\n", encoding="utf-8")
    (out / MANIFEST).symlink_to(target)
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 2 and "link" in one_paragraph(err)
    assert target.read_text(encoding="utf-8") == "precious\n" and (out / MANIFEST).is_symlink()


@posix_only
def test_a_dangling_lock_link_creates_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".nlbrief-batch.lock").symlink_to(tmp_path / "created-by-the-lock")
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 2 and "link" in one_paragraph(err)
    assert not (tmp_path / "created-by-the-lock").exists()


# --- one letter cannot stop a batch; two inputs cannot overwrite each other -------------------------

def test_ids_that_clash_as_file_and_folder_are_failed_rows(tmp_path: Path) -> None:
    letter = EVAL_LETTERS[0].read_text(encoding="utf-8")
    data = tmp_path / "d.jsonl"
    ids = ["a", "a.md/x", "manifest.jsonl/y", "results.parquet/z", "ok"]
    data.write_text("".join(json.dumps({"id": i, "text": letter}) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # a rerun goes the same way
        code, err = batch(str(data), "--out", str(out), *SUMMARISE_NL)
        assert code == 1, err
        rows = rows_by_id(out)
        assert rows["a"]["status"] == rows["ok"]["status"] == "done"
        for clash in ("a.md/x", "manifest.jsonl/y", "results.parquet/z"):
            assert rows[clash]["status"] == "failed" and "cannot be written" in rows[clash]["reason"]
    assert (out / MANIFEST).is_file()


def test_two_inputs_sharing_an_output_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    texts = [p.read_text(encoding="utf-8") for p in EVAL_LETTERS[:3]]
    for folder, text in ((first, texts[0]), (second, texts[1])):
        folder.mkdir()
        (folder / "x.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "d.jsonl"  # a third input whose id "y" gives the name of second's y.txt
    data.write_text(json.dumps({"id": "y", "text": texts[2]}) + "\n", encoding="utf-8")
    (second / "y.txt").write_text(texts[0], encoding="utf-8")
    out = tmp_path / "out"
    run_batch(first, out, NL_NONE)
    run_batch(data, out, NL_NONE)
    kept = {name: (out / name).read_bytes() for name in ("x.md", "y.md")}
    report = run_batch(second, out, NL_NONE)
    assert report.done == 2
    assert {name: (out / name).read_bytes() for name in kept} == kept  # nothing overwritten
    rows = manifest_rows(out)
    assert len(rows) == 4 and len({r["name"] for r in rows}) == 4
    for folder in (first, data, second):  # each input's letters stand on a rerun
        assert run_batch(folder, out, NL_NONE).processed == 0


def test_windows_device_names_are_never_output_names() -> None:
    for letter_id in ("CON", "nul.txt", "2025/COM1", "aux.tar.gz", "Lpt9", "con/brief", "CONIN$"):
        name = safe_name(letter_id)
        for part in name.split("/"):
            assert part.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9", "CONIN_"}, name
    assert safe_name("console") == "console" and safe_name("com10") == "com10"


def test_a_jsonl_text_that_is_not_a_string_is_a_failed_row(tmp_path: Path) -> None:
    letter = EVAL_LETTERS[0].read_text(encoding="utf-8")
    data = tmp_path / "d.jsonl"
    rows = [{"id": "obj", "text": {"body": letter}}, {"id": "num", "text": 12}, {"id": "ok", "text": letter}]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = run_batch(data, tmp_path / "out", NL_NONE)
    assert (report.done, report.failed) == (1, 2)
    got = rows_by_id(tmp_path / "out")
    assert "an object, not a string" in got["obj"]["reason"] and "a number" in got["num"]["reason"]


# --- one paragraph, never a traceback ---------------------------------------------------------------

def test_a_full_disk_while_rewriting_the_manifest_is_one_paragraph(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    real = os.replace

    def full(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith(MANIFEST):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 2 and "No space left on device" in one_paragraph(err)
    monkeypatch.setattr(os, "replace", real)
    assert [r["status"] for r in manifest_rows(out)] == ["done", "done"]  # the journal kept every row
    assert run_batch(archive, out, NL_NONE).processed == 0


def test_a_non_writable_output_folder_is_one_paragraph(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    target = Path("/sys/kernel")  # not writable, even for root (tmp_path cannot be made so for root)
    probe = target / ".nlbrief-probe"
    try:
        probe.touch()
    except OSError:
        pass
    else:
        probe.unlink()
        pytest.skip("no folder that this user cannot write to")
    code, err = batch(str(archive), "--out", str(target), *SUMMARISE_NL)
    assert code == 2 and "cannot be written" in one_paragraph(err)


# --- processes --------------------------------------------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 40)
    out = tmp_path / "out"
    proc = subprocess.Popen([*NLBRIEF, str(archive), "--out", str(out), *SUMMARISE_NL, "--workers", "2", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            children = descendants(proc.pid)
            if len(children) >= 2 and (out / MANIFEST).exists():
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(children) >= 2, "the run ended before its workers were seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(pid) for pid in children):
            time.sleep(0.1)
        assert not [pid for pid in children if alive(pid)]
    finally:
        for pid in children:  # only the processes this test started
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- a letter that kills its worker -----------------------------------------------------------------

_KILLER = '''
import os, signal
if os.environ.get("BATCH_TEST_KILL_ON"):
    import nlbrief.batch.worker as worker

    real = worker.read_task

    def read_task(task, *args, **kwargs):
        if os.environ["BATCH_TEST_KILL_ON"] in task.id:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(task, *args, **kwargs)

    worker.read_task = read_task
'''


@posix_only
def test_a_letter_that_kills_its_worker_is_a_failed_row_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_KILLER, encoding="utf-8")  # runs in the spawned workers only
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), *sys.path]))
    monkeypatch.setenv("BATCH_TEST_KILL_ON", "bom")
    archive = tmp_path / "a"
    paths = make_archive(archive, 8, nested=False)
    paths[3].rename(archive / "bom.txt")
    report = run_batch(archive, tmp_path / "out", NL_NONE, workers=2)
    assert (report.done, report.failed) == (7, 1)
    row = rows_by_id(tmp_path / "out")["bom.txt"]
    assert row["status"] == "failed" and "worker process died" in row["reason"] and row["sha256"]
    monkeypatch.delenv("BATCH_TEST_KILL_ON")
    again = run_batch(archive, tmp_path / "out", NL_NONE, workers=2)
    assert again.processed == 0  # recorded: a rerun does not die on it again (--retry-failed would)


# --- letters over the reader's bounds ---------------------------------------------------------------

def test_letters_over_a_bound_are_failed_rows_and_the_run_goes_on(tmp_path: Path) -> None:
    from pdfmaker import flate_bomb, many_pages

    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    (archive / "dik.pdf").write_bytes(many_pages(12))
    (archive / "bom.pdf").write_bytes(flate_bomb(120))  # 120 MB of spaces in about 120 KB
    out = tmp_path / "out"
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL, "--max-pages", "10")
    assert code == 1, err
    rows = rows_by_id(out)
    assert rows["dik.pdf"]["status"] == "failed" and "12 pages" in rows["dik.pdf"]["reason"]
    assert rows["bom.pdf"]["status"] == "failed" and "inflate" in rows["bom.pdf"]["reason"]
    assert sum(r["status"] == "done" for r in rows.values()) == 2
    assert run_batch(archive, out, NL_NONE).processed == 0  # recorded: a rerun does not read them again


@pytest.mark.skipif(sys.platform != "linux", reason="file names of raw bytes")
def test_ids_that_are_not_valid_unicode_do_not_stop_the_run(tmp_path: Path) -> None:
    letter = EVAL_LETTERS[0].read_text(encoding="utf-8")
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    with open(os.path.join(os.fsencode(archive), b"brief-\xff.txt"), "wb") as fh:  # a Latin-1 name
        fh.write(letter.encode("utf-8"))
    out = tmp_path / "out"
    for _ in range(2):
        code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
        assert code == 0, err
    rows = rows_by_id(out)
    assert "brief-\\udcff.txt" in rows and rows["brief-\\udcff.txt"]["status"] == "done"
    data = tmp_path / "d.jsonl"
    data.write_text(f'{{"id": "x\\ud800", "text": {json.dumps(letter)}}}\n', encoding="utf-8")
    report = run_batch(data, tmp_path / "out2", NL_NONE)
    assert report.done == 1 and next(iter(rows_by_id(tmp_path / "out2"))) == "x\\ud800"
