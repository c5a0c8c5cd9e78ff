"""nlbrief.evaluation.metrics on hand-computed cases: ROUGE, bootstrap, P/R/F1, provenance, faithfulness, BLEU."""

from __future__ import annotations

import numpy as np
import pytest

from letter_builder import MIGRATION_LIKE, build_letter
from nlbrief.backends.extractive import ExtractiveAbstractor
from nlbrief.evaluation.metrics import (
    PRF,
    ROUGE_TYPES,
    DutchRougeTokenizer,
    bleu_chrf,
    bootstrap_rouge,
    faithfulness,
    footnote_prf,
    heading_prf,
    length_ratio,
    metadata_matches,
    metric_settings,
    numbers_preserved,
    prf,
    provenance,
    rouge_f1,
    rouge_signature,
    text_faithfulness,
)
from nlbrief.model.brief import Brief, BriefSentence, SectionBrief
from nlbrief.model.letter import Footnote, Letter, Source
from nlbrief.model.report import Score
from nlbrief.summarise import SummariseOptions, summarise_letter
from summary_helpers import QueueAbstractor

# --- ROUGE --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_identical_brief_scores_one(lang: str) -> None:
    text = ["De minister stuurt de brief naar de Kamer.", "Het tekort bedraagt 46 miljoen m3 per jaar."]
    assert rouge_f1(text, text, lang) == {name: 1.0 for name in ROUGE_TYPES}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_empty_brief_scores_zero_without_error(lang: str) -> None:
    assert rouge_f1(["Een zin met woorden."], [], lang) == {name: 0.0 for name in ROUGE_TYPES}
    assert rouge_f1([], [], lang) == {name: 0.0 for name in ROUGE_TYPES}
    assert rouge_f1(["Een zin."], ["", "   "], lang) == {name: 0.0 for name in ROUGE_TYPES}


def test_rouge_hand_computed() -> None:
    # reference "de kat zat", prediction "de kat": unigrams P=1, R=2/3 -> F=0.8;
    # bigrams {de kat, kat zat} vs {de kat}: P=1, R=1/2 -> F=2/3; LCS 2 of 3 -> 0.8.
    scores = rouge_f1(["de kat zat"], ["de kat"], "nl")
    assert scores["rouge1"] == pytest.approx(0.8)
    assert scores["rouge2"] == pytest.approx(2 / 3)
    assert scores["rougeLsum"] == pytest.approx(0.8)


def test_rouge_lsum_reads_sentences_per_line() -> None:
    # The same words in another sentence order: ROUGE-1 is 1, the summary-level LCS too (each
    # reference sentence is matched against the union of the prediction's sentences).
    ref = ["de kat zat op de mat", "het regende"]
    pred = ["het regende", "de kat zat op de mat"]
    scores = rouge_f1(ref, pred, "nl")
    assert scores["rouge1"] == pytest.approx(1.0)
    assert scores["rougeLsum"] == pytest.approx(1.0)


def test_dutch_tokenizer_keeps_diacritics_and_stems() -> None:
    plain = DutchRougeTokenizer(use_stemmer=False)
    assert plain.tokenize("België en Curaçao, 12,5 procent") == ["belgië", "en", "curaçao", "12", "5", "procent"]
    stemmed = DutchRougeTokenizer()
    assert stemmed.tokenize("maatregelen") == stemmed.tokenize("maatregel")
    assert stemmed.tokenize("de nr 2025") == ["de", "nr", "2025"]  # short words and numbers unstemmed
    # Stemming is what makes an inflected word match.
    assert rouge_f1(["de maatregelen"], ["de maatregel"], "nl")["rouge1"] == pytest.approx(1.0)


def test_english_rouge_would_break_dutch_words() -> None:
    # Why Dutch text gets its own tokenizer: rouge-score's English one splits at "ë".
    assert rouge_f1(["België"], ["Belgi"], "en")["rouge1"] == 1.0
    assert rouge_f1(["België"], ["Belgi"], "nl")["rouge1"] == 0.0


def test_bootstrap_is_reproducible_and_leaves_numpy_alone() -> None:
    items = [{n: v for n in ROUGE_TYPES} for v in (0.2, 0.4, 0.9, 0.5, 0.0)]
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    first = bootstrap_rouge(items, samples=200)
    assert np.random.random() == before  # the global generator was restored
    second = bootstrap_rouge(items, samples=200)
    assert first == second
    r1 = first["rouge1"]
    assert r1.value == pytest.approx(0.4) and r1.n == 5
    assert r1.low is not None and r1.high is not None and r1.low <= r1.value <= r1.high
    assert bootstrap_rouge([], samples=10)["rouge2"] == Score(0.0, n=0)


def test_rouge_signature_names_tokenizer_and_stemmer() -> None:
    sig = rouge_signature("nl")
    assert "snowball-dutch" in sig and "seed:0" in sig and "rouge-score:" in sig
    assert "porter" in rouge_signature("en")
    settings = metric_settings(["nl", "en"])
    assert set(settings["rouge"]) == {"en", "nl"} and settings["bootstrap"]["seed"] == 0


def test_length_ratio() -> None:
    assert length_ratio(30, 60) == 0.5
    assert length_ratio(5, 0) == 0.0


# --- structure ----------------------------------------------------------------------------------------

def test_prf_conventions() -> None:
    assert PRF(0, 0, 0).f1 == 1.0  # nothing expected, nothing found
    assert PRF(0, 2, 0).precision == 0.0 and PRF(0, 0, 3).recall == 0.0
    assert prf(["a", "a", "b"], ["a", "b", "c"]) == PRF(2, 3, 3)
    assert PRF(1, 2, 3) + PRF(2, 2, 2) == PRF(3, 4, 5)


def test_heading_scores_hand_case() -> None:
    # One heading wrong out of four (the opening text counts as a section): P = R = 3/4.
    h = heading_prf([None, "Inleiding", "Stand  van zaken", "Vervolg"], [None, "Inleiding", "Stand van zaken", "Tot slot"])
    assert (h.tp, h.predicted, h.expected) == (3, 4, 4)
    assert h.precision == pytest.approx(0.75) and h.recall == pytest.approx(0.75) and h.f1 == pytest.approx(0.75)
    # Two of four found, nothing extra: P = 1, R = 1/2, F1 = 2/3.
    h = heading_prf([None, "Inleiding"], [None, "Inleiding", "Stand van zaken", "Tot slot"])
    assert h.precision == 1.0 and h.recall == 0.5 and h.f1 == pytest.approx(2 / 3)


def test_footnote_scores_number_and_text() -> None:
    want = [(1, "Kamerstuk 29 023, nr. 544."), (2, "RIVM, rapport."), (3, "Zie bijlage.")]
    got = [(1, "Kamerstuk 29 023, nr. 544."), (2, "RIVM,  rapport."), (4, "Zie bijlage.")]
    numbered, texts = footnote_prf(got, want)
    assert (numbered.tp, numbered.predicted, numbered.expected) == (2, 3, 3)
    assert numbered.recall == pytest.approx(2 / 3)
    assert texts.recall == 1.0  # every text found, one under the wrong number
    numbered, _ = footnote_prf(got[:1], want)
    assert numbered.precision == 1.0 and numbered.recall == pytest.approx(1 / 3)


def test_metadata_exact_match() -> None:
    letter = Letter(source=Source("x.txt", "0", "text"), addressee="De Voorzitter", place="Den Haag",
                    date="2025-03-14", sender_role=("De Minister van IenW",), signatory=("M.C. van Dalen",))
    want = {"addressee": "De Voorzitter", "place": "Den Haag", "date": "2025-03-15", "subject": None,
            "reference": None, "sender_role": ["De Minister van IenW"], "signatory": ["M.C. van Dalen"]}
    got = metadata_matches(letter, want)
    assert sum(got.values()) == 6 and got["date"] is False and got["sender_role"] is True


# --- briefs: provenance and faithfulness --------------------------------------------------------------

def test_provenance_counts_unknown_and_missing_sources() -> None:
    letter = build_letter(MIGRATION_LIKE)
    brief = Brief(letter={}, lang="nl", sections=(
        SectionBrief(1, None, None, (BriefSentence("a", ("s1.1",)), BriefSentence("b", ("s1.1", "s9.9")),
                                     BriefSentence("c", ()))),
    ), overview_sentences=(BriefSentence("o", ("s2.1",)),))
    result = provenance(brief, letter)
    assert (result.sentences, result.valid, result.unknown_ids, result.unsourced) == (4, 2, ("s9.9",), 1)
    assert result.rate == 0.5


def test_extractive_brief_is_faithful_and_fully_sourced() -> None:
    letter = build_letter(MIGRATION_LIKE)
    brief = summarise_letter(letter, SummariseOptions(lang="nl", summariser="none"),
                             abstractor=ExtractiveAbstractor())
    assert faithfulness(brief).unsupported == 0 and faithfulness(brief).rate == 0.0
    assert provenance(brief, letter).rate == 1.0


def test_invented_date_is_counted_as_unfaithful() -> None:
    letter = build_letter(MIGRATION_LIKE)
    queue = QueueAbstractor(
        "In deze brief informeer ik u over het migratiebeleid.",
        "Het Europees Parlement nam het pact op 17 april 2024 aan. De Raad stemde in.",
        "Ik nam deel aan een conferentie in Kopenhagen.",
        "Overzicht.",
    )
    brief = summarise_letter(letter, SummariseOptions(lang="nl", summariser="queue"), abstractor=queue)
    result = faithfulness(brief)
    assert result.by_kind == {"date": 1}
    assert result.unsupported == 1
    assert result.sentences == sum(len(s.sentences) for s in brief.sections) + len(brief.overview_sentences)
    assert result.rate == pytest.approx(1 / result.sentences)


def test_reference_text_checked_against_the_whole_letter() -> None:
    letter = build_letter(MIGRATION_LIKE)
    result = text_faithfulness([
        "Het Europees Parlement nam het pact op 10 april 2024 aan; de Raad volgde op 14 mei 2024.",
        "De verordeningen gelden twintig dagen na publicatie.",
        "Het pact kost 300 miljoen euro.",  # not in the letter
    ], "nl", letter)
    assert (result.sentences, result.unsupported) == (3, 1)
    assert result.by_kind == {"number": 1}


# --- translation ----------------------------------------------------------------------------------------

def test_bleu_and_chrf_with_signatures() -> None:
    refs = ["The cabinet supports the proposal.", "The minister answers the questions."]
    scores, sigs = bleu_chrf(refs, refs, samples=50)
    assert scores["bleu"].value == pytest.approx(100.0) and scores["chrf"].value == pytest.approx(100.0)
    assert scores["bleu"].n == 2 and scores["bleu"].low is not None
    assert sigs["bleu"].startswith("nrefs:1|bs:50|seed:12345") and "tok:13a" in sigs["bleu"]
    assert "version:" in sigs["chrf"]
    worse, _ = bleu_chrf(["The cabinet supports it.", "Nothing."], refs, samples=50)
    assert worse["bleu"].value < 100.0 and worse["chrf"].value < 100.0
    empty, _ = bleu_chrf([], [])
    assert empty["bleu"].value == 0.0 and empty["bleu"].n == 0


def test_chrf_of_output_that_shares_nothing_with_some_reference() -> None:
    # Some bootstrap resamples score 0 (sacrebleu's chrF bootstrap cannot average those): the
    # score stands without an interval instead of the run failing.
    refs = ["The cabinet supports the proposal.", "The minister sends the letter on 16 May 2024."]
    scores, sigs = bleu_chrf(["11111", "11111"], refs, samples=50)
    assert 0.0 < scores["chrf"].value < 10.0 and scores["chrf"].low is None and scores["chrf"].n == 2
    assert "bs:" not in sigs["chrf"] and sigs["bleu"].startswith("nrefs:1|bs:50")
    one, _ = bleu_chrf(["The cabinet."], ["The cabinet supports it."])  # one line: nothing to resample
    assert one["chrf"].value > 0 and (one["chrf"].low, one["chrf"].high) == (None, None)


def test_numbers_preserved() -> None:
    src = ["Het gaat om 2,5 miljoen euro en 1.234 aanvragen.", "In 2025 volgt meer."]
    assert numbers_preserved(src, ["It is 2.5 million euros and 1,234 applications.", "More in 2025."]) == (3, 3)
    assert numbers_preserved(src, ["It is 2.5 million euros.", "More follows."]) == (1, 3)


def test_score_round_trip() -> None:
    score = Score(0.5, 0.4, 0.6, 10, "lower")
    assert Score.from_dict(score.to_dict()) == score


def test_footnote_letter_ids() -> None:
    # Footnote ids are not sentence ids: a brief citing "f1" has an invalid source.
    letter = build_letter(MIGRATION_LIKE, footnotes=[Footnote(1, "Noot.")])
    brief = Brief(letter={}, lang="nl", sections=(SectionBrief(1, None, None, (BriefSentence("a", ("f1",)),)),))
    assert provenance(brief, letter).unknown_ids == ("f1",)
