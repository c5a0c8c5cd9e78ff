"""`nlbrief eval` end to end: no options, missing models, thresholds, baselines, the tiny models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlbrief.cli import cli
from nlbrief.evaluation import load_set

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "eval"
LETTERS = ("def-2025-11-20-munitievoorraden", "kgg-2026-01-29-netcongestie")  # layouts A and B


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def small_set(tmp_path: Path) -> Path:
    """Two of our evaluation letters with their references, without thresholds."""
    root = tmp_path / "small"
    (root / "letters").mkdir(parents=True)
    (root / "references").mkdir()
    for name in LETTERS:
        shutil.copy(EVAL / "letters" / f"{name}.txt", root / "letters")
        shutil.copy(EVAL / "references" / f"{name}.json", root / "references")
    return root


def test_no_options_scores_without_models_and_lists_what_it_skipped(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the default set is eval/ of the checkout
    code, out, err = run()
    assert code == 0, err
    assert out.startswith("# nlbrief eval: eval")
    assert "| structure | heading_f1 | 1.000 |" in out
    assert "| briefs.nl.extractive | rouge1 |" in out
    assert "Skipped (for want of a model or of data):" in out
    for part in ("briefs.en", "briefs.abstractive", "translation"):
        assert f"**{part}**" in out
    assert "skipped: briefs.en, briefs.abstractive, translation" in err
    assert "Traceback" not in err


def test_json_report_carries_the_signature_with_the_set_hash(small_set: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "reports" / "report.json"
    code, _, err = run("--set", str(small_set), "--out", str(out_file), "--quiet")
    assert code == 0, err
    assert err == ""  # --quiet: no progress, no summary
    data = json.loads(out_file.read_text(encoding="utf-8"))
    sig = data["signature"]
    assert sig["set"] == {"name": "small", "sha256": load_set(small_set).sha256, "files": 4, "letters": 2}
    assert sig["nlbrief"] and sig["options"]["summariser"] == "none" and sig["thresholds"] is None
    assert sig["metrics"]["rouge"]["nl"].startswith("rouge-score:")
    assert data["ok"] is True and data["checks"] == []
    names = [p["name"] for p in data["parts"]]
    assert names[:2] == ["structure", "briefs.nl.extractive"]
    briefs = data["parts"][1]
    assert set(briefs["details"]) >= set(LETTERS)
    assert briefs["details"][LETTERS[0]]["sections"][0]["text"]  # the brief itself is in the report


def test_missing_models_exit_4_with_a_clear_message(small_set: Path) -> None:
    code, out, err = run("--set", str(small_set), "--lang", "en")
    assert code == 4 and out == "" and "Traceback" not in err
    assert "Helsinki-NLP/opus-mt-nl-en" in err and "nlbrief models pull" in err
    code, out, err = run("--set", str(small_set), "--summariser", "chat", "--summary-model",
                         str(small_set / "no-model-here"))
    assert code == 4 and out == "" and "Traceback" not in err and "no-model-here" in err


def test_bad_options_exit_2(small_set: Path, tmp_path: Path) -> None:
    code, _, err = run("--set", str(tmp_path / "nowhere"))
    assert code == 2 and "is not an evaluation set" in err
    code, _, err = run("--set", str(small_set), "--mt-src", str(tmp_path / "a.nld"))
    assert code == 2 and "--mt-ref" in err


def test_failing_threshold_exits_1(small_set: Path, tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[structure]\nheading_f1_min = 0.9\n[briefs.nl.extractive]\nrouge1_min = 0.99\n",
                      encoding="utf-8")
    code, out, err = run("--set", str(small_set), "--thresholds", str(strict))
    assert code == 1
    assert "| briefs.nl.extractive | rouge1 |" in out and "**FAIL**" in out
    assert "FAIL threshold briefs.nl.extractive.rouge1" in err
    assert "| structure | heading_f1 | 1.000 |  | " in out and ">= 0.900 ok" in out


def test_baseline_comparison(small_set: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert run("--set", str(small_set), "--out", str(first), "-q")[0] == 0
    report = json.loads(first.read_text(encoding="utf-8"))

    def baseline_with(delta: float) -> str:
        data = json.loads(json.dumps(report))
        briefs = next(p for p in data["parts"] if p["name"] == "briefs.nl.extractive")
        briefs["metrics"]["rouge2"]["value"] += delta
        path = tmp_path / f"baseline{delta}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    assert run("--set", str(small_set), "--baseline", str(first))[0] == 0  # the same run again
    code, _, _ = run("--set", str(small_set), "--baseline", baseline_with(0.015))
    assert code == 0  # fell 0.015: within the default tolerance of 0.02
    code, out, err = run("--set", str(small_set), "--baseline", baseline_with(0.05))
    assert code == 1  # fell 0.05
    assert "FAIL baseline briefs.nl.extractive.rouge2" in err and "**FAIL** (baseline" in out


@pytest.fixture()
def inline_set(tmp_path: Path) -> Path:
    """A set of one short letter (tests/letter_builder.py), its reference written from its parse."""
    from letter_builder import LETTER_TEXT
    from nlbrief.parse import parse_text

    root = tmp_path / "inline"
    (root / "letters").mkdir(parents=True)
    (root / "references").mkdir()
    (root / "letters" / "brief.txt").write_text(LETTER_TEXT, encoding="utf-8")
    letter = parse_text(LETTER_TEXT)
    n = sum(1 for _ in letter.iter_sentences())
    structure = {
        "addressee": letter.addressee, "place": letter.place, "date": letter.date, "subject": None,
        "reference": None, "sender_role": list(letter.sender_role), "signatory": list(letter.signatory),
        "headings": [s.heading for s in letter.sections], "footnotes": [], "citations": [], "motions": [],
        "sentences_min": n, "sentences_max": n,
    }
    briefs = {
        lang: {"overview": text, "sections": [{"heading": s.heading, "text": text} for s in letter.sections]}
        for lang, text in (("nl", "Het kabinet informeert de Kamer over het migratiebeleid."),
                           ("en", "The cabinet informs the House about migration policy."))
    }
    reference = {"letter": "brief.txt", "layout": "A", "features": [], "structure": structure, "briefs": briefs}
    (root / "references" / "brief.json").write_text(json.dumps(reference, ensure_ascii=False), encoding="utf-8")
    return root


def test_tiny_models_run_the_english_path_end_to_end(inline_set: Path, tmp_path: Path, tiny_models: Path) -> None:
    # Random weights write garbage: this checks the plumbing (translation, briefs, sacrebleu), not scores.
    src, ref = tmp_path / "mt.nld", tmp_path / "mt.eng"
    src.write_text("Het kabinet steunt het voorstel.\nDe minister stuurt de brief op 16 mei 2024.\n"
                   "Er zijn 1.234 aanvragen.\n", encoding="utf-8")
    ref.write_text("The cabinet supports the proposal.\nThe minister sends the letter on 16 May 2024.\n"
                   "There are 1,234 applications.\n", encoding="utf-8")
    out_file = tmp_path / "en.json"
    code, out, err = run("--set", str(inline_set), "--lang", "en", "--translation-model", str(tiny_models / "marian"),
                         "--beam-size", "1", "--device", "cpu", "--no-cache", "--mt-src", str(src), "--mt-ref",
                         str(ref), "--mt-limit", "2", "--out", str(out_file))
    assert code == 0, err
    assert "| briefs.en.extractive | rouge1 |" in out and "| translation | bleu |" in out
    data = json.loads(out_file.read_text(encoding="utf-8"))
    sig = data["signature"]
    assert sig["parts"] == ["structure", "briefs.nl.extractive", "briefs.en.extractive", "translation"]
    assert sig["metrics"]["sacrebleu"]["bleu"].startswith("nrefs:1|bs:1000|seed:12345")
    assert "chrf" in sig["metrics"]["sacrebleu"] and "- BLEU: nrefs:1" in out
    translation = next(m for m in sig["models"] if m["purpose"] == "translation")
    assert translation["model"] == "marian" and translation["revision"].startswith("local:")
    assert sig["mt"]["lines"] == 2
    en = next(p for p in data["parts"] if p["name"] == "briefs.en.extractive")
    assert en["metrics"]["provenance_valid"]["value"] == 1.0
    assert en["signature"]["translator"]["backend"] == "ctranslate2"  # --translator auto
    mt = next(p for p in data["parts"] if p["name"] == "translation")
    assert mt["metrics"]["translated"]["value"] == 1.0 and mt["metrics"]["bleu"]["n"] == 2


def test_letters_dir_adds_reference_free_checks(small_set: Path, tmp_path: Path) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    for name in LETTERS:
        shutil.copy(EVAL / "letters" / f"{name}.txt", folder)
    code, out, err = run("--set", str(small_set), "--letters-dir", str(folder), "--thresholds",
                         str(EVAL / "thresholds.toml"))
    assert code == 0, err
    assert "| letters | parsed | 1.000 |" in out and "| letters | nothing_lost | 1.000 |" in out
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run("--set", str(small_set), "--letters-dir", str(folder), "--thresholds",
                         str(EVAL / "thresholds.toml"))
    assert code == 1 and "FAIL threshold letters.parsed" in err  # a letter that does not parse fails CI


@pytest.mark.slow
def test_real_letters(letters_dir: Path, small_set: Path) -> None:
    code, out, err = run("--set", str(small_set), "--letters-dir", str(letters_dir), "--thresholds",
                         str(EVAL / "thresholds.toml"))
    assert code == 0, err
    assert "| letters | pdf_txt_heading_f1 |" in out


@pytest.mark.parametrize(("args", "env", "expected"), [
    ((), {}, "auto"),
    (("--summary-backend", "transformers"), {}, "transformers"),
    ((), {"NLBRIEF_SUMMARY_BACKEND": "ctranslate2"}, "ctranslate2"),
])
def test_the_summary_backend_reaches_the_summariser(small_set: Path, monkeypatch: pytest.MonkeyPatch,
                                                    args: tuple[str, ...], env: dict[str, str], expected: str) -> None:
    import nlbrief.evaluation

    seen: list[str] = []

    def fake_run(options, progress=None):  # type: ignore[no-untyped-def]
        seen.append(options.summarise_options().summary_backend)
        raise SystemExit(0)

    monkeypatch.setattr(nlbrief.evaluation, "run_evaluation", fake_run)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    CliRunner().invoke(cli, ["eval", "--set", str(small_set), *args])
    assert seen == [expected]
