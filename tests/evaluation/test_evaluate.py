"""nlbrief.evaluation: the set, each part on hand-made references, thresholds, baselines, the signature."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlbrief.backends import base, load_builtin_backends
from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.errors import ConfigError, InputError, ModelNotFoundError
from nlbrief.evaluation import (
    Check,
    EvalOptions,
    Part,
    Report,
    Thresholds,
    check_thresholds,
    compare_to_baseline,
    load_set,
    load_thresholds,
    parse_file,
    read_parallel,
    run_evaluation,
    score_briefs,
    score_letters_dir,
    score_structure,
)
from nlbrief.model.report import LOWER, Score
from nlbrief.summarise import SummariseOptions, summarise_letter
from nlbrief.translate import TranslatorSettings
from summary_helpers import QueueAbstractor
from translation_helpers import EchoTranslator

EVAL = Path(__file__).resolve().parents[2] / "eval"
LETTER = "def-2025-11-20-munitievoorraden"  # layout A, five sections, three footnotes


def make_set(root: Path, names: tuple[str, ...] = (LETTER,)) -> Path:
    """A copy of some of our evaluation letters and their references under ``root``."""
    (root / "letters").mkdir(parents=True)
    (root / "references").mkdir()
    for name in names:
        shutil.copy(EVAL / "letters" / f"{name}.txt", root / "letters")
        shutil.copy(EVAL / "references" / f"{name}.json", root / "references")
    return root


def edit_reference(root: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    path = root / "references" / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture()
def one_set(tmp_path: Path) -> Path:
    return make_set(tmp_path / "set")


@pytest.fixture()
def echo_translator() -> Iterator[None]:
    """Registers `EchoTranslator` as the translator "echo" for one test."""
    load_builtin_backends()
    base.TRANSLATORS["echo"] = lambda **options: EchoTranslator(**options)
    yield
    base.TRANSLATORS.pop("echo", None)


def _parsed(eval_set):  # type: ignore[no-untyped-def]
    return {item.name: parse_file(item.letter) for item in eval_set.items}


# --- the set --------------------------------------------------------------------------------------------

def test_set_hash_covers_letters_and_references_only(tmp_path: Path) -> None:
    a = load_set(make_set(tmp_path / "a"))
    b = load_set(make_set(tmp_path / "b"))
    assert a.sha256 == b.sha256 and len(a.sha256) == 64 and a.files == 2  # not the folder's place
    (tmp_path / "b" / "README.md").write_text("notes", encoding="utf-8")
    assert load_set(tmp_path / "b").sha256 == a.sha256
    edit_reference(tmp_path / "b", LETTER, lambda d: d["structure"].update(date="2025-11-21"))
    assert load_set(tmp_path / "b").sha256 != a.sha256


def test_bad_sets_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="letters/ folder and a references/ folder"):
        load_set(tmp_path)
    root = make_set(tmp_path / "s")
    (root / "references" / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_set(root)
    (root / "references" / "broken.json").write_text('{"letter": "gone.txt", "structure": {}, "briefs": {}}')
    with pytest.raises(ConfigError, match="gone.txt"):
        load_set(root)


# --- structure ------------------------------------------------------------------------------------------

def test_structure_of_our_letter_matches_its_reference(one_set: Path) -> None:
    eval_set = load_set(one_set)
    part = score_structure(eval_set, _parsed(eval_set))
    for name in ("heading_f1", "footnote_recall", "footnote_precision", "metadata_exact", "nothing_lost",
                 "citation_f1", "motion_f1", "sentence_count_ok"):
        assert part.metrics[name].value == 1.0, name
    assert part.metrics["parse_errors"].value == 0


def test_structure_counts_a_wrong_heading_and_footnote(one_set: Path) -> None:
    def change(data):  # type: ignore[no-untyped-def]
        s = data["structure"]
        s["headings"][2] = "Een kop die er niet staat"  # 1 of 5 headings wrong: P = R = 4/5
        s["footnotes"][0]["number"] = 7  # 1 of 3 footnotes misnumbered
        s["date"] = "1999-01-01"  # 1 of 7 fields wrong

    edit_reference(one_set, LETTER, change)
    eval_set = load_set(one_set)
    part = score_structure(eval_set, _parsed(eval_set))
    m = part.metrics
    assert m["heading_precision"].value == pytest.approx(0.8) and m["heading_f1"].value == pytest.approx(0.8)
    assert m["footnote_recall"].value == pytest.approx(2 / 3)
    assert m["footnote_text_recall"].value == 1.0
    assert m["metadata_exact"].value == pytest.approx(6 / 7)
    detail = part.details[LETTER]
    assert detail["missing_headings"] == ["Een kop die er niet staat"]
    assert detail["metadata_mismatches"] == {"date": {"got": "2025-11-20", "want": "1999-01-01"}}


def test_a_letter_that_does_not_parse_scores_zero_and_is_recorded(one_set: Path) -> None:
    (one_set / "letters" / f"{LETTER}.txt").write_bytes(b"\x00\x01\x02 binary")
    eval_set = load_set(one_set)
    parsed = _parsed(eval_set)
    part = score_structure(eval_set, parsed)
    assert part.metrics["parse_errors"].value == 1 and part.metrics["nothing_lost"].value == 0
    assert part.metrics["heading_recall"].value == 0 and part.details[LETTER]["error"]
    briefs = score_briefs(eval_set, parsed, SummariseOptions(lang="nl", summariser="none"),
                          abstractor=ExtractiveAbstractor(), samples=20)
    assert briefs.metrics["rouge1"].value == 0.0


# --- briefs ---------------------------------------------------------------------------------------------

def test_brief_identical_to_its_reference_scores_one(one_set: Path) -> None:
    eval_set = load_set(one_set)
    parsed = _parsed(eval_set)
    options = SummariseOptions(lang="nl", summariser="none")
    brief = summarise_letter(parsed[LETTER].letter, options, abstractor=ExtractiveAbstractor())

    def change(data):  # type: ignore[no-untyped-def]
        data["briefs"]["nl"]["overview"] = brief.overview
        data["briefs"]["nl"]["sections"] = [{"heading": s.heading_source, "text": s.text} for s in brief.sections]

    edit_reference(one_set, LETTER, change)
    eval_set = load_set(one_set)
    part = score_briefs(eval_set, parsed, options, abstractor=ExtractiveAbstractor(), samples=50)
    for name in ("rouge1", "rouge2", "rougeLsum", "section_rouge1", "section_rouge2", "overview_rouge1"):
        assert part.metrics[name].value == pytest.approx(1.0), name
    assert part.metrics["rougeLsum"].low == pytest.approx(1.0)
    assert part.metrics["length_ratio"].value == pytest.approx(1.0)
    assert part.metrics["section_rouge1"].n == len(brief.sections)


def test_empty_reference_section_and_missing_section(one_set: Path) -> None:
    def change(data):  # type: ignore[no-untyped-def]
        sections = data["briefs"]["nl"]["sections"]
        sections[1]["text"] = ""  # an empty reference: 0, no crash
        sections.append({"heading": "Een sectie die de brief niet heeft", "text": "Iets."})

    edit_reference(one_set, LETTER, change)
    eval_set = load_set(one_set)
    part = score_briefs(eval_set, _parsed(eval_set), SummariseOptions(lang="nl", summariser="none"),
                        abstractor=ExtractiveAbstractor(), samples=20)
    sections = part.details[LETTER]["sections"]
    assert sections[1]["rouge1"] == 0.0 and sections[1]["found"] is True
    assert sections[-1]["found"] is False and sections[-1]["rouge1"] == 0.0
    assert 0.0 < part.metrics["rouge1"].value < 1.0


def test_dutch_extractive_briefs_are_faithful_and_sourced(one_set: Path) -> None:
    eval_set = load_set(one_set)
    part = score_briefs(eval_set, _parsed(eval_set), SummariseOptions(lang="nl", summariser="none"),
                        abstractor=ExtractiveAbstractor(), samples=20)
    m = part.metrics
    assert m["provenance_valid"].value == 1.0 and m["unsupported_rate"].value == 0.0
    assert m["unsupported_rate"].better == LOWER and m["length_ratio"].better is None
    assert m["reference_unsupported_rate"].n > 0
    assert 0.2 < m["rouge1"].value < 1.0  # the selection shares words with the reference, not all
    assert part.signature["summariser"]["backend"] == "none"


# --- translation and an extra folder of letters ---------------------------------------------------------

def test_read_parallel(tmp_path: Path) -> None:
    src, ref = tmp_path / "t.nld", tmp_path / "t.eng"
    src.write_text("een\ntwee\ndrie\n", encoding="utf-8")
    ref.write_text("one\ntwo\nthree\n", encoding="utf-8")
    data = read_parallel(src, ref, limit=2)
    assert data.sources == ("een", "twee") and data.references == ("one", "two")
    assert data.name == "t" and data.total_lines == 3
    assert read_parallel(src, ref, limit=2).sha256 == data.sha256 != read_parallel(src, ref).sha256
    ref.write_text("one\n", encoding="utf-8")
    with pytest.raises(InputError, match="aligned"):
        read_parallel(src, ref)


def test_letters_dir_without_references(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(EVAL / "letters" / f"{LETTER}.txt", folder)
    (folder / "kapot.txt").write_bytes(b"\x00\x01 not a letter")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    part = score_letters_dir(folder)
    m = part.metrics
    assert m["letters"].value == 2 and m["parsed"].value == 0.5 and m["nothing_lost"].value == 0.5
    assert m["sections"].value == 5 and m["footnotes"].value == 3
    assert part.details["kapot.txt"]["error"] and part.details[f"{LETTER}.txt"]["parsed"]
    assert "pdf_txt_heading_f1" not in m  # no PDF/text pair
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match="holds no letters"):
        score_letters_dir(empty)


# --- thresholds and baselines ---------------------------------------------------------------------------

def _part(name: str, **values: float) -> Part:
    return Part(name, metrics={k: Score(v, better=LOWER if k.endswith("rate") else "higher") for k, v in values.items()})


def test_thresholds_file(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        "[structure]\nheading_f1_min = 0.9\nnothing_lost = true\n"
        "[briefs.nl.extractive]\nrouge1_min = 0.5\nunsupported_rate_max = 0.1\n"
        "[tolerance]\ndefault = 0.03\nbleu = 0.5\n", encoding="utf-8")
    t = load_thresholds(path)
    assert t.minimums == {"structure.heading_f1": 0.9, "structure.nothing_lost": 1.0,
                          "briefs.nl.extractive.rouge1": 0.5}
    assert t.maximums == {"briefs.nl.extractive.unsupported_rate": 0.1}
    assert t.tolerance("translation.bleu") == 0.5 and t.tolerance("structure.heading_f1") == 0.03
    assert t.sha256 and len(t.sha256) == 64
    path.write_text("[structure]\nheading_f1 = 0.9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="NAME_min"):
        load_thresholds(path)
    path.write_text("[structure\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Cannot read"):
        load_thresholds(path)


def test_threshold_checks() -> None:
    parts = [_part("structure", heading_f1=0.92, nothing_lost=1.0),
             _part("briefs.nl.extractive", rouge1=0.45, unsupported_rate=0.0),
             Part("briefs.en", "skipped", reason="no model")]
    t = Thresholds(minimums={"structure.heading_f1": 0.9, "structure.nothing_lost": 1.0,
                             "briefs.nl.extractive.rouge1": 0.5, "briefs.en.extractive.rouge1": 0.3},
                   maximums={"briefs.nl.extractive.unsupported_rate": 0.0})
    checks = {c.metric: c for c in check_thresholds(parts, t)}
    assert checks["structure.heading_f1"].ok and checks["structure.nothing_lost"].ok
    assert not checks["briefs.nl.extractive.rouge1"].ok
    assert checks["briefs.nl.extractive.unsupported_rate"].ok  # exactly on the bound
    assert checks["briefs.en.extractive.rouge1"].ok and checks["briefs.en.extractive.rouge1"].note == "not run"
    with pytest.raises(ConfigError, match="names no metric"):
        check_thresholds(parts, Thresholds(minimums={"structure.heading_f2": 0.9}))


def test_baseline_drop_beyond_tolerance_fails_and_within_passes() -> None:
    old = Report({}, (_part("briefs.nl.extractive", rouge1=0.60, rouge2=0.40, unsupported_rate=0.10),
                      Part("translation", metrics={"bleu": Score(30.0), "split": Score(3.0, better=None)})))
    new = (_part("briefs.nl.extractive", rouge1=0.57, rouge2=0.385, unsupported_rate=0.125),)
    checks = {c.metric: c for c in compare_to_baseline(new, old, Thresholds(default_tolerance=0.02))}
    assert not checks["briefs.nl.extractive.rouge1"].ok  # fell 0.03 > 0.02
    assert checks["briefs.nl.extractive.rouge2"].ok  # fell 0.015
    assert not checks["briefs.nl.extractive.unsupported_rate"].ok  # lower is better: rose 0.025
    assert checks["translation.bleu"].ok and checks["translation.bleu"].note == "not in this run"
    assert "translation.split" not in checks  # no direction, not compared
    better = (_part("briefs.nl.extractive", rouge1=0.70, rouge2=0.40, unsupported_rate=0.0),)
    assert all(c.ok for c in compare_to_baseline(better, old, Thresholds()))


def test_report_round_trip() -> None:
    report = Report({"set": {"sha256": "ab"}}, (_part("structure", heading_f1=1.0),),
                    (Check("threshold", "structure.heading_f1", 1.0, 0.9, ">=", True),), ("a note",))
    assert Report.from_json(report.to_json()) == report
    assert report.metrics()["structure.heading_f1"].value == 1.0


# --- the whole run --------------------------------------------------------------------------------------

def test_default_run_scores_what_needs_no_model(tmp_path: Path) -> None:
    # No real letters where it looks: their parts are skipped, saying why.
    report = run_evaluation(EvalOptions(set_path=str(EVAL), samples=100, real_letters=str(tmp_path / "none")))
    assert [p.name for p in report.scored()] == ["structure", "briefs.nl.extractive"]
    assert {p.name for p in report.skipped()} == {"briefs.en", "briefs.abstractive", "translation", "real.tune",
                                                  "real.heldout"}
    assert "--real-letters" in (report.part("real.heldout").reason or "")  # type: ignore[union-attr]
    assert all(p.reason for p in report.skipped())
    assert report.ok and report.checks  # eval/thresholds.toml was applied
    sig = report.signature
    assert sig["set"]["sha256"] == load_set(EVAL).sha256 and sig["set"]["letters"] >= 8
    assert sig["thresholds"]["file"] == "thresholds.toml" and sig["models"] == []
    assert "snowball-dutch" in sig["metrics"]["rouge"]["nl"]
    assert Report.from_json(report.to_json()).metrics() == report.metrics()


def test_english_briefs_and_translation_with_a_fake_translator(one_set: Path, tmp_path: Path,
                                                             echo_translator: None) -> None:
    src, ref = tmp_path / "mt.nld", tmp_path / "mt.eng"
    src.write_text("De kat zit op de mat.\nHet regent vandaag in Utrecht.\nDrie.\n", encoding="utf-8")
    shutil.copy(src, ref)  # the echo "translation" is the source: a perfect score
    options = EvalOptions(set_path=str(one_set), lang="en", translator=TranslatorSettings(name="echo", cache=False),
                          mt_src=str(src), mt_ref=str(ref), mt_limit=2, samples=20)
    report = run_evaluation(options)
    assert [p.name for p in report.scored()] == ["structure", "briefs.nl.extractive", "briefs.en.extractive",
                                                  "translation"]
    assert [p.name for p in report.skipped()] == ["briefs.abstractive"]
    mt = report.part("translation")
    assert mt is not None and mt.metrics["bleu"].value == pytest.approx(100.0) and mt.metrics["bleu"].n == 2
    assert mt.metrics["translated"].value == 1.0 and mt.metrics["numbers_preserved"].value == 1.0
    sig = report.signature
    assert sig["metrics"]["sacrebleu"]["bleu"].startswith("nrefs:1")
    assert sig["mt"]["lines"] == 2 and sig["mt"]["total_lines"] == 3
    assert sig["backends"]["briefs.en.extractive"]["translator"]["backend"] == "echo"
    assert "memory" not in json.dumps(sig)  # no local paths of the translation memory
    en = report.part("briefs.en.extractive")
    assert en is not None and en.metrics["provenance_valid"].value == 1.0


def test_missing_model_is_raised_before_any_work(one_set: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="nlbrief models pull"):
        run_evaluation(EvalOptions(set_path=str(one_set), lang="en"))
    with pytest.raises(ModelNotFoundError):
        run_evaluation(EvalOptions(set_path=str(one_set), summariser="chat",
                                   summary_model=str(one_set / "no-such-model")))


def test_option_errors(one_set: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="go together"):
        run_evaluation(EvalOptions(set_path=str(one_set), mt_src=str(tmp_path / "x")))
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not an evaluation report"):
        run_evaluation(EvalOptions(set_path=str(one_set), baseline=str(bad)))


def test_an_abstractive_part_with_invented_facts_is_scored_unfaithful(one_set: Path) -> None:
    load_builtin_backends()
    invented = "De minister besloot op 30 juni 2031 tot 999 extra granaten."
    base.ABSTRACTORS["inventor"] = lambda **_: QueueAbstractor(invented)
    try:
        report = run_evaluation(EvalOptions(set_path=str(one_set), summariser="inventor", samples=20))
    finally:
        base.ABSTRACTORS.pop("inventor", None)
    part = report.part("briefs.nl.inventor")
    assert part is not None and part.status == "scored"
    m = part.metrics
    assert m["unsupported_rate"].value == 1.0  # every sentence carries the invented date and number
    assert m["flags"].value == 2 * m["brief_sentences"].value
    assert part.details[LETTER]["flags"] == {"date": m["brief_sentences"].value, "number": m["brief_sentences"].value}
    assert report.part("briefs.nl.extractive").metrics["unsupported_rate"].value == 0.0  # type: ignore[union-attr]
    assert {p.name for p in report.skipped()} == {"briefs.en", "translation"}
    assert report.signature["backends"]["briefs.nl.inventor"]["summariser"]["backend"] == "queue"


def test_a_reference_without_its_structure_keys_is_a_clear_error(one_set: Path) -> None:
    edit_reference(one_set, LETTER, lambda d: d["structure"].pop("headings"))
    with pytest.raises(InputError, match="structure.headings"):
        load_set(one_set)
