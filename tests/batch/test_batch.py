"""`nlbrief batch`: inputs, safe names, the manifest, resuming, failures, a killed run, export.

Most runs use ``--task summarise --lang nl --summariser none`` (the real pipeline with no model,
a fraction of a second per letter); the translate task runs on the tiny Marian model.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import (
    EVAL_LETTERS,
    SUMMARISE_NL,
    add_bad_letters,
    copy_eval_letters,
    make_archive,
    manifest_rows,
    snapshot,
    temp_files,
)
from click.testing import CliRunner

from nlbrief.batch import (
    LOCK_FILE,
    MANIFEST,
    BatchError,
    BatchOptions,
    ManifestJournal,
    discover,
    output_path,
    parse_formats,
    read_manifest,
    run_batch,
    safe_name,
)
from nlbrief.cli import cli
from nlbrief.errors import ConfigError, InputError
from nlbrief.fileio import TMP_SUFFIX
from nlbrief.model.manifest import ManifestRow
from nlbrief.summarise import SummariseOptions

NL_NONE = BatchOptions(task="summarise", summarise=SummariseOptions(lang="nl", summariser="none"))


def batch(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stdout, result.stderr


# --- names ----------------------------------------------------------------------------------------

HOSTILE_IDS = ["../../etc/passwd", "/etc/passwd", "a/../../b", "..", ".", "", "./.hidden", "C:\\Windows\\win.ini",
               "brief ë (kopie).txt", "x" * 400, "a/" * 40 + "b", "nul\x00byte", "~/.ssh/id_rsa", "-rf"]


@pytest.mark.parametrize("letter_id", HOSTILE_IDS)
def test_safe_name_cannot_leave_the_folder(tmp_path: Path, letter_id: str) -> None:
    name = safe_name(letter_id)
    parts = Path(name).parts
    assert name and not Path(name).is_absolute()
    assert ".." not in parts and not any(p.startswith((".", "-")) for p in parts)
    assert all(len(p) <= 100 for p in parts) and len(parts) <= 8
    assert all(c.isascii() and (c.isalnum() or c in "._-/") for c in name)
    out = tmp_path / "out"
    out.mkdir()
    path = output_path(out, name, "md")
    assert out.resolve() in path.resolve().parents


def test_safe_names_keep_plain_ids_and_separate_the_rest() -> None:
    assert safe_name("2025/bzk-2025-09-15_brief.v2") == "2025/bzk-2025-09-15_brief.v2"
    names = [safe_name(i) for i in HOSTILE_IDS + ["etc/passwd", "a b", "a_b", "a?b"]]
    assert len(set(names)) == len(names)  # a changed name carries a hash of its id


def test_output_path_refuses_names_and_links_that_lead_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    for name in ("../x", "/etc/x", "link/x", "link/deeper/x"):
        with pytest.raises(BatchError, match="would leave"):
            output_path(out, name, "md")


def test_hostile_dataset_ids_write_only_inside_the_output_folder(tmp_path: Path) -> None:
    letter = EVAL_LETTERS[0].read_text(encoding="utf-8")
    ids = ["../../etc/passwd", "/tmp/abs/letter", "..", "ok"]
    data = tmp_path / "letters.jsonl"
    data.write_text("".join(json.dumps({"id": i, "text": letter}) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.rglob("*")}
    report = run_batch(data, out, NL_NONE)
    assert report.done == len(ids)
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p == out or out in p.parents or p == out.parent for p in created)
    rows = {r["id"]: r for r in manifest_rows(out)}
    assert set(rows) == set(ids)
    for row in rows.values():
        for rel in row["outputs"]:
            assert (out / rel).is_file() and out.resolve() in (out / rel).resolve().parents


# --- inputs ---------------------------------------------------------------------------------------

def _texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in EVAL_LETTERS[:3]]


def _brief_sections(out: Path, row: dict) -> list:  # type: ignore[type-arg]
    rel = next(r for r in row["outputs"] if r.endswith(".json"))
    return json.loads((out / rel).read_text(encoding="utf-8"))["sections"]


def test_folder_input_is_recursive_and_takes_only_letters(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    paths = make_archive(archive, 4)
    (archive / "notes.docx").write_bytes(b"PK\x03\x04")
    (archive / ".hidden.txt").write_text("verborgen", encoding="utf-8")
    (archive / ".git").mkdir()
    (archive / ".git" / "x.txt").write_text("x", encoding="utf-8")
    tasks = discover(archive)
    assert [t.id for t in tasks] == sorted(p.relative_to(archive).as_posix() for p in paths)
    assert any("/" in t.id for t in tasks)  # the subfolder
    assert all(t.name == t.id[: -len(".txt")] for t in tasks)


def test_folder_input_skips_the_output_folder_inside_it(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make_archive(archive, 2, nested=False)
    out = archive / "out"
    run_batch(archive, out, NL_NONE)
    (out / "stray.txt").write_text("not a letter of the archive", encoding="utf-8")
    assert len(discover(archive, out_dir=out)) == 2
    assert any(t.id.startswith("out/") for t in discover(archive))  # without knowing the output folder


def test_txt_and_pdf_of_the_same_name_get_different_names(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "brief.txt").write_text(EVAL_LETTERS[0].read_text(encoding="utf-8"), encoding="utf-8")
    (archive / "brief.pdf").write_bytes(b"%PDF-1.4 not really")
    tasks = discover(archive)
    assert sorted(t.name for t in tasks) == ["brief", "brief.txt"]


def test_list_of_paths_input(tmp_path: Path) -> None:
    letters = copy_eval_letters(tmp_path / "letters", 3)
    listing = tmp_path / "list.txt"
    listing.write_text(f"# three letters and a missing one\nletters/{letters[0].name}\n\n{letters[1]}\n"
                       f"letters/{letters[2].name}\nletters/weg.txt\n", encoding="utf-8")
    report = run_batch(listing, tmp_path / "out", NL_NONE)
    assert (report.done, report.failed) == (3, 1)
    rows = {r["id"]: r for r in manifest_rows(tmp_path / "out")}
    assert rows["letters/weg.txt"]["status"] == "failed" and "no such file" in rows["letters/weg.txt"]["reason"]
    absolute = rows[str(letters[1])]
    assert absolute["status"] == "done" and not Path(absolute["name"]).is_absolute()


def test_a_letter_is_not_a_list_of_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not look like a list of paths"):
        discover(EVAL_LETTERS[0])


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "saved"])
def test_dataset_inputs_give_the_folder_results(tmp_path: Path, kind: str) -> None:
    rows = [{"id": stem, "text": text} for stem, text in _texts()]
    if kind == "jsonl":
        data = tmp_path / "letters.jsonl"
        data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        from datasets import Dataset

        ds = Dataset.from_list(rows + [{"id": "leeg", "text": ""}])
        if kind == "parquet":
            data = tmp_path / "letters.parquet"
            ds.to_parquet(str(data))
        else:
            data = tmp_path / "saved"
            ds.save_to_disk(str(data))
    out = tmp_path / "out"
    report = run_batch(data, out, NL_NONE)
    assert report.done == 3 and report.failed == (0 if kind == "jsonl" else 1)
    folder = tmp_path / "folder"
    copy_eval_letters(folder, 3)
    run_batch(folder, tmp_path / "out-folder", NL_NONE)
    by_id = {r["id"]: r for r in manifest_rows(out)}
    for row in manifest_rows(tmp_path / "out-folder"):
        other = by_id[Path(row["id"]).stem]
        assert other["sha256"] == row["sha256"] and other["sentences"] == row["sentences"]
        assert _brief_sections(out, other) == _brief_sections(tmp_path / "out-folder", row)
        assert other["source"].startswith(str(data)) and other["name"] == Path(row["id"]).stem


def test_dataset_without_the_columns_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text(json.dumps({"name": "a", "body": "b"}) + "\n", encoding="utf-8")
    code, _, err = batch(str(data), "--out", str(tmp_path / "out"), *SUMMARISE_NL)
    assert code == 2 and "`id` and a `text` column" in " ".join(err.split()) and "Traceback" not in err
    data.write_text('{"id": "a", "text": "b"}\n{"id": "b", "te\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        discover(data)


def test_repeated_dataset_ids_are_skipped(tmp_path: Path) -> None:
    (stem, text), _, _ = _texts()
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"id": stem, "text": t}) + "\n" for t in (text, text + "\nExtra.")),
                    encoding="utf-8")
    report = run_batch(data, tmp_path / "out", NL_NONE)
    assert (report.done, report.skipped, report.letters) == (1, 1, 2)
    rows = manifest_rows(tmp_path / "out")
    assert [r["status"] for r in rows] == ["done", "skipped"]
    assert "repeats the id" in rows[1]["reason"] and rows[1]["outputs"] == {}


def test_options_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="md, json, html"):
        parse_formats("md,pdf")
    assert parse_formats("html, json,md,json") == ("md", "json", "html")
    code, _, err = batch(str(tmp_path), "--out", str(tmp_path / "o"), "--lang", "nl")
    assert code == 2 and "--task summarise" in err
    code, _, err = batch(str(tmp_path / "nothing"), "--out", str(tmp_path / "o"), *SUMMARISE_NL)
    assert code == 2 and "no such file or folder" in err


# --- the manifest, resuming -------------------------------------------------------------------------

def test_manifest_rows_describe_each_letter(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    paths = make_archive(archive, 3, nested=False)
    out = tmp_path / "out"
    code, _, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL, "--format", "md,json,html")
    assert code == 0, err
    assert "3 letters: 3 done, 0 failed" in err
    rows = manifest_rows(out)
    assert [r["id"] for r in rows] == sorted(p.name for p in paths)
    from nlbrief.parse import parse_path

    for row, path in zip(rows, sorted(paths)):
        assert row["status"] == "done" and row["reason"] is None
        assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert row["task"] == "summarise" and row["lang"] == "nl" and len(row["options"]) == 16
        assert row["sentences"] == sum(1 for _ in parse_path(path).iter_sentences())
        assert row["brief_sentences"] > 0 and row["nothing_lost"] is True
        assert set(row["timings"]) >= {"read", "parse", "work", "render", "total"}
        assert row["cache"] == {"hits": 0, "misses": 0}
        assert sorted(row["outputs"]) == sorted(f"{path.stem}.{f}" for f in ("md", "json", "html"))
        for rel, digest in row["outputs"].items():
            assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    assert len({r["options"] for r in rows}) == 1


def test_the_batch_output_is_the_single_commands_output(tmp_path: Path) -> None:
    letters = copy_eval_letters(tmp_path / "a", 2)
    out = tmp_path / "out"
    run_batch(str(tmp_path / "a"), out, NL_NONE)
    for path in letters:
        single = CliRunner().invoke(cli, ["summarise", os.path.join(str(tmp_path / "a"), path.name),
                                          *SUMMARISE_NL[2:], "--format", "json", "-q"])
        assert single.exit_code == 0
        assert (out / f"{path.stem}.json").read_text(encoding="utf-8") == single.stdout


def test_rerun_skips_done_letters_and_redoes_changed_ones(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    paths = make_archive(archive, 4, nested=False)
    out = tmp_path / "out"
    first = run_batch(archive, out, NL_NONE)
    assert first.processed == 4
    state = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix in (".md", ".json")}
    again = run_batch(archive, out, NL_NONE)
    assert (again.processed, again.already_done, again.done) == (0, 4, 4)
    assert snapshot(out) == state
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    # A changed letter, and a deleted or edited output: exactly those letters are done again.
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    (out / f"{paths[1].stem}.md").unlink()
    (out / f"{paths[2].stem}.json").write_text("{}", encoding="utf-8")
    third = run_batch(archive, out, NL_NONE)
    assert third.processed == 3 and third.already_done == 1
    after = snapshot(out)
    assert after[f"{paths[2].stem}.json"] == state[f"{paths[2].stem}.json"]
    assert after[f"{paths[3].stem}.md"] == state[f"{paths[3].stem}.md"]


def test_other_options_redo_every_letter_and_drop_stale_formats(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    run_batch(archive, out, NL_NONE)
    other = BatchOptions(task="summarise", formats=("html",),
                         summarise=SummariseOptions(lang="nl", summariser="none", max_sentences=2))
    report = run_batch(archive, out, other)
    assert report.processed == 2
    files = [p for p in out.iterdir() if not p.name.startswith(".") and p.name != MANIFEST]
    assert sorted(p.suffix for p in files) == [".html", ".html"]
    assert all(list(r["outputs"]) == [f"{Path(r['id']).stem}.html"] for r in manifest_rows(out))


def test_bad_letters_fail_with_reasons_and_the_run_goes_on(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 3, nested=False)
    expected = add_bad_letters(archive)
    (archive / "kapot.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nrubbish\n")
    expected["kapot.pdf"] = "PDF"
    out = tmp_path / "out"
    code, _, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 1 and "Traceback" not in err
    assert f"3 done, {len(expected)} failed" in err
    rows = {r["id"]: r for r in manifest_rows(out)}
    for name, phrase in expected.items():
        assert rows[name]["status"] == "failed" and rows[name]["outputs"] == {}
        assert phrase in rows[name]["reason"], rows[name]["reason"]
        assert str(archive / name) in rows[name]["reason"] or name in rows[name]["reason"]
        assert f"failed: {name}" in err
    assert sum(r["status"] == "done" for r in rows.values()) == 3


def test_failed_letters_are_retried_only_when_asked(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    tiny_limit = BatchOptions(task="summarise", summarise=NL_NONE.summarise, max_size_mb=0.001)
    first = run_batch(archive, out, tiny_limit)
    assert first.failed == 2 and all("limit" in r["reason"] for r in manifest_rows(out))
    code, _, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 1 and "This run" not in err  # nothing processed: they stay failed
    code, _, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL, "--retry-failed")
    assert code == 0 and "2 done, 0 failed" in err
    assert [r["status"] for r in manifest_rows(out)] == ["done", "done"]


def test_a_torn_last_manifest_line_is_tolerated(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 3, nested=False)
    out = tmp_path / "out"
    run_batch(archive, out, NL_NONE)
    state = snapshot(out)
    manifest = out / MANIFEST
    lines = manifest.read_bytes().splitlines(keepends=True)
    # As if killed while writing the last row, before the letter counted as done.
    manifest.write_bytes(b"".join(lines[:2]) + lines[2][:40])
    assert list(read_manifest(manifest)) == [json.loads(line)["id"] for line in lines[:2]]
    report = run_batch(archive, out, NL_NONE)
    assert report.processed == 1 and report.done == 3
    assert snapshot(out) == state


def test_journal_cuts_a_torn_tail_before_appending(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST

    def row(rid: str, status: str) -> ManifestRow:
        return ManifestRow(id=rid, name=rid, source=rid, sha256=None, task="translate", lang="en",
                           options="k", status=status)

    path.write_bytes(row("a", "done").to_line() + row("b", "failed").to_line()[:20])
    journal = ManifestJournal(path)
    journal.append(row("c", "failed"))
    journal.close()
    assert list(read_manifest(path)) == ["a", "c"]
    assert path.read_bytes().count(b"\n") == 2


def test_outputs_written_before_a_crash_without_their_row_are_redone(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    paths = make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    run_batch(archive, out, NL_NONE)
    state = snapshot(out)
    manifest = out / MANIFEST
    manifest.write_bytes(manifest.read_bytes().splitlines(keepends=True)[0])
    (out / f"{paths[1].stem}.md").write_text("half", encoding="utf-8")
    (out / f".{paths[1].stem}.json.999{TMP_SUFFIX}").write_text("{", encoding="utf-8")
    report = run_batch(archive, out, NL_NONE)
    assert report.processed == 1
    assert snapshot(out) == state and not temp_files(out)


def test_one_run_per_output_folder(tmp_path: Path) -> None:
    from filelock import FileLock

    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK_FILE), thread_local=False):
        with pytest.raises(BatchError, match="Another `nlbrief batch` run"):
            run_batch(archive, out, NL_NONE)
    assert run_batch(archive, out, NL_NONE).done == 1  # released: the next run goes


def _run_until_killed(cmd: list[str], out: Path, rows_before_kill: int) -> int:
    """Start ``cmd``, SIGKILL it once the manifest has ``rows_before_kill`` more rows; returns its
    exit status (negative: killed by that signal)."""
    manifest = out / MANIFEST
    start_rows = len(manifest.read_bytes().splitlines()) if manifest.exists() else 0
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            rows = len(manifest.read_bytes().splitlines()) if manifest.exists() else 0
            if rows - start_rows >= rows_before_kill:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        return proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_killed_run_resumes_to_the_same_outputs(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make_archive(archive, 24)
    add_bad_letters(archive)
    nlbrief = [sys.executable, "-m", "nlbrief", "batch", str(archive)]
    options = [*SUMMARISE_NL, "--format", "md,json,html", "--quiet"]

    whole = tmp_path / "whole"  # the uninterrupted run, in this process
    every_format = BatchOptions(task="summarise", formats=("md", "json", "html"), summarise=NL_NONE.summarise)
    assert run_batch(archive, whole, every_format).failed == 4  # the bad letters

    out = tmp_path / "resumed"
    killed = 0
    for rows_before_kill in (3, 7, 5):  # three kills at different points, then a run to the end
        status = _run_until_killed([*nlbrief, "--out", str(out), *options], out, rows_before_kill)
        killed += status == -signal.SIGKILL
    assert killed >= 2  # the run was really cut short (the archive takes several seconds)
    final = subprocess.run([*nlbrief, "--out", str(out), *options], capture_output=True, text=True)
    assert final.returncode == 1, final.stderr

    assert snapshot(out) == snapshot(whole)
    assert not temp_files(out)
    rows = manifest_rows(out)
    assert len(rows) == len({r["id"] for r in rows}) == 28


def test_workers_in_processes_give_the_same_outputs(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 6)
    add_bad_letters(archive)
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch(archive, one, NL_NONE)
    report = run_batch(archive, two, NL_NONE, workers=2)
    assert report.processed == 10 and report.failed == 4
    assert snapshot(one) == snapshot(two)
    assert len({r["run"]["worker"] for r in manifest_rows(two)}) == 2


def test_export_parquet_loads_with_datasets(tmp_path: Path) -> None:
    from datasets import Dataset

    archive = tmp_path / "a"
    make_archive(archive, 3, nested=False)
    add_bad_letters(archive)
    out = tmp_path / "out"
    code, _, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL, "--export", "parquet", "-q")
    assert code == 1 and err == ""  # --quiet: nothing on stderr
    ds = Dataset.from_parquet(str(out / "results.parquet"))
    rows = {r["id"]: r for r in ds}
    manifest = {r["id"]: r for r in manifest_rows(out)}
    assert list(rows) == list(manifest)
    for rid, row in rows.items():
        assert row["status"] == manifest[rid]["status"] and row["sha256"] == manifest[rid]["sha256"]
        for field in ("outputs", "timings", "cache", "run"):  # the manifest's mappings, as JSON text
            assert json.loads(row[field]) == manifest[rid].get(field, {}), field
        assert row["origin"] == manifest[rid].get("origin")
        if row["status"] == "done":
            assert row["md"] == (out / f"{manifest[rid]['name']}.md").read_text(encoding="utf-8")
            assert json.loads(row["json"])["lang"] == "nl"
        else:
            assert row["md"] is None and row["reason"]
    assert "html" not in ds.column_names


def test_models_load_once_per_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlbrief.summarise

    built = []
    real = nlbrief.summarise.build_abstractor
    monkeypatch.setattr(nlbrief.summarise, "build_abstractor", lambda options: built.append(options) or real(options))
    archive = tmp_path / "a"
    make_archive(archive, 3, nested=False)
    assert run_batch(archive, tmp_path / "out", NL_NONE).done == 3
    assert len(built) == 1


def test_a_missing_model_stops_the_run_before_any_letter(tmp_path: Path) -> None:
    copy_eval_letters(tmp_path / "a", 2)
    out = tmp_path / "out"
    code, _, err = batch(str(tmp_path / "a"), "--out", str(out), "--translation-model", str(tmp_path / "no-model"))
    assert code == 4 and "no-model" in err and "Traceback" not in err
    assert read_manifest(out / MANIFEST) == {}  # no letter recorded as failed: the run never started
    assert not (out / MANIFEST).exists() and not out.exists()  # and no empty manifest or folder left


def test_a_summary_model_of_the_wrong_kind_stops_the_run_before_any_letter(tmp_path: Path,
                                                                           tiny_models: Path) -> None:
    copy_eval_letters(tmp_path / "a", 2)
    out = tmp_path / "out"
    code, _, err = batch(str(tmp_path / "a"), "--out", str(out), "--task", "summarise", "--lang", "nl",
                         "--summariser", "chat", "--summary-model", str(tiny_models / "seq2seq"))
    assert code == 2 and "chat template" in err and "Traceback" not in err
    assert not (out / MANIFEST).exists()  # no letter recorded as failed: the run never started


def test_ray_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    code, _, err = batch(str(archive), "--out", str(tmp_path / "out"), *SUMMARISE_NL, "--engine", "ray")
    assert code == 2 and "pip install 'nlbrief[ray]'" in " ".join(err.split()) and "Traceback" not in err


def test_real_pdf_letters(tmp_path: Path, letters_dir: Path) -> None:
    """A PDF and its text version from the real letters (read in place, never copied into the repo)."""
    pdf = sorted(letters_dir.glob("*.pdf"))[0]
    listing = tmp_path / "list.txt"
    listing.write_text(f"{pdf}\n{pdf.with_suffix('.txt')}\n", encoding="utf-8")
    report = run_batch(listing, tmp_path / "out", NL_NONE)
    assert report.done == 2, report.failures
    rows = manifest_rows(tmp_path / "out")
    assert rows[0]["name"] != rows[1]["name"] and rows[0]["sentences"] > 10


# --- the translate task, on the tiny model ----------------------------------------------------------

def _tiny_args(tiny_models: Path) -> list[str]:
    return ["--translation-model", str(tiny_models / "marian"), "--beam-size", "1", "--threads", "1"]


def test_translate_batch_equals_the_translate_command(tmp_path: Path, tiny_models: Path) -> None:
    folder = tmp_path / "a"
    letters = copy_eval_letters(folder, 1)
    out = tmp_path / "out"
    code, _, err = batch(str(folder), "--out", str(out), "--format", "json", "--no-cache", *_tiny_args(tiny_models))
    assert code == 0, err
    single = CliRunner().invoke(cli, ["translate", os.path.join(str(folder), letters[0].name), "--format", "json",
                                      "--no-cache", "-q", *_tiny_args(tiny_models)])
    assert single.exit_code == 0, single.stderr
    assert (out / f"{letters[0].stem}.json").read_text(encoding="utf-8") == single.stdout
    row = manifest_rows(out)[0]
    assert row["segments"] == json.loads(single.stdout)["coverage"]["segments"]


def test_the_translation_memory_is_shared_across_the_archive(tmp_path: Path, tiny_models: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLBRIEF_TM", str(tmp_path / "tm.sqlite3"))
    archive = tmp_path / "a"
    original = EVAL_LETTERS[1].read_text(encoding="utf-8")
    archive.mkdir()
    from batch_helpers import vary

    (archive / "1.txt").write_text(original, encoding="utf-8")
    (archive / "2.txt").write_text(vary(original, 1), encoding="utf-8")  # another date, same prose
    out = tmp_path / "out"
    code, _, err = batch(str(archive), "--out", str(out), "--format", "md", *_tiny_args(tiny_models))
    assert code == 0, err
    first, second = manifest_rows(out)
    assert first["cache"]["hits"] == 0 and first["cache"]["misses"] > 0
    assert second["cache"]["hits"] > 0.8 * (second["cache"]["hits"] + second["cache"]["misses"])
    assert "Translation memory:" in " ".join(err.split())


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    code, _, err = batch(str(tmp_path / "leeg"), "--out", str(tmp_path / "out"), *SUMMARISE_NL)
    assert code == 2 and "no .txt or .pdf files" in " ".join(err.split())


class _Crash(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it on the way out)."""


@pytest.mark.parametrize("crash_at", range(1, 11))  # 9 outputs, then the manifest
def test_a_crash_at_any_rename_resumes_to_the_same_outputs(tmp_path: Path, crash_at: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Die at the n-th rename (an output put in place, or the manifest's final rewrite), rerun."""
    archive = tmp_path / "a"
    make_archive(archive, 3, nested=False)
    options = BatchOptions(task="summarise", formats=("md", "json", "html"), summarise=NL_NONE.summarise)
    run_batch(archive, tmp_path / "whole", options)
    real_replace = os.replace
    calls = {"n": 0}

    def replace(src, dst):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == crash_at:
            raise _Crash
        return real_replace(src, dst)

    out = tmp_path / "out"
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(_Crash):
        run_batch(archive, out, options)
    monkeypatch.setattr(os, "replace", real_replace)
    done_before = [r.id for r in read_manifest(out / MANIFEST).values() if r.status == "done"]
    assert len(done_before) == (crash_at - 1) // 3  # a letter counts once all three outputs are in
    report = run_batch(archive, out, options)
    assert report.processed == 3 - len(done_before) and report.done == 3
    assert snapshot(out) == snapshot(tmp_path / "whole") and not temp_files(out)
