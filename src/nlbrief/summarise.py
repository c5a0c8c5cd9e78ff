"""The summarise stage: a parsed `Letter` in, a `Brief` out.

For each section: select the best sentences on the Dutch text (`nlbrief.select`); for ``lang``
"en" translate only those, the headings and the letter's subject and sender (the translation
stage with its translation memory and glossary); condense them with the abstractor; split the
result into sentences and give each its source ids (`nlbrief.check.align`); check every sentence
against its sources and flag what they do not support, replacing it by its source sentences with
``strict``. Then an overview paragraph for the whole letter, checked the same way.

With the ``none`` summariser the brief is the selection itself, each sentence its own source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from . import __version__
from .backends.base import Abstractor, SectionInput, Translator
from .check import Evidence, align, split_brief_sentences, unsupported_items
from .errors import ConfigError, ModelNotFoundError
from .model.brief import Brief, BriefSentence, Flag, SectionBrief, SelectedSentence
from .model.letter import Letter, Section
from .overview import OVERVIEW_INTRO, extractive_overview, overview_intro
from .prompts import LANGS
from .select import (
    DEFAULT_MAX_SENTENCES,
    DEFAULT_RATIO,
    WEIGHTS,
    Selection,
    check_budget,
    select_letter,
)
from .text.dutch import format_date

SUMMARISERS = ("chat", "seq2seq", "none")
DEFAULT_MAX_WORDS = 80
DEFAULT_OVERVIEW_WORDS = 60

#: Appended to a missing model's error: which options need fewer models.
SUMMARY_MODEL_HINT = (
    "`--summariser none` needs no summary model (the brief is then the extractive selection), and "
    "`--lang nl --summariser none` needs no model at all."
)
TRANSLATION_MODEL_HINT = (
    "`--lang nl` needs no translation model (the brief is then in Dutch), and "
    "`--lang nl --summariser none` needs no model at all."
)

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from .translate import TranslatorSettings


@dataclass(frozen=True)
class SummariseOptions:
    """Everything that changes a brief (and so goes into its signature)."""

    lang: str = "en"
    summariser: str = "chat"
    summary_model: str | None = None
    summary_revision: str | None = None
    #: What runs the summary model: "auto" (CTranslate2 where installed), "ctranslate2", "transformers".
    summary_backend: str = "auto"
    ratio: float = DEFAULT_RATIO
    max_sentences: int = DEFAULT_MAX_SENTENCES
    max_words: int = DEFAULT_MAX_WORDS
    overview_words: int = DEFAULT_OVERVIEW_WORDS
    #: The word budget of the whole brief's sections (``--max-words``); None: the default of
    #: `nlbrief.select.default_word_budget` (long letters only).
    budget_words: int | None = None
    strict: bool = False
    device: str = "auto"
    threads: int = 0

    def validate(self) -> None:
        """Raises ConfigError for a value out of range."""
        if self.lang not in LANGS:
            raise ConfigError(f"--lang must be one of {', '.join(LANGS)}, not {self.lang!r}.")
        if self.max_words < 5:
            raise ConfigError(f"--max-words must be at least 5, not {self.max_words}.")
        if self.overview_words < 5:
            raise ConfigError(f"The overview needs at least 5 words, not {self.overview_words}.")
        check_budget(self.ratio, self.max_sentences, self.budget_words)


def _with_hint(err: ModelNotFoundError, hint: str) -> ModelNotFoundError:
    return ModelNotFoundError(f"{err} {hint}")


def build_abstractor(options: SummariseOptions) -> Abstractor:
    """The summariser the options name (resolved now, so a missing model fails before any work).

    Raises:
        ModelNotFoundError: the model is missing; the message also says which options need fewer.
        UnknownBackendError: no such summariser (the message lists the valid ones).
    """
    from .backends import get_abstractor

    options.validate()
    try:
        return get_abstractor(
            options.summariser, model=options.summary_model, revision=options.summary_revision,
            lang=options.lang, device=options.device, threads=options.threads,
            backend=options.summary_backend,
        )
    except ModelNotFoundError as err:
        raise _with_hint(err, SUMMARY_MODEL_HINT) from None


def build_translator(settings: TranslatorSettings) -> Translator:
    """The wrapped translator of `nlbrief.translate.TranslatorSettings` (memory and glossary).

    Raises:
        ModelNotFoundError: the translation model is missing (with the fewer-models hint).
    """
    try:
        return settings.build()
    except ModelNotFoundError as err:
        raise _with_hint(err, TRANSLATION_MODEL_HINT) from None


# --- small pure helpers -----------------------------------------------------------------------------

def fit_words(sentences: Sequence[str], max_words: int) -> list[str]:
    """Whole sentences, in order, while they fit in ``max_words`` (the first is always kept)."""
    out: list[str] = []
    total = 0
    for sentence in sentences:
        n = len(sentence.split())
        if out and total + n > max_words:
            break
        out.append(sentence)
        total += n
    return out


_BULLET_RE = re.compile(r"^(?:[–•\-*·\uf0b7▪◦]|\d{1,2}[.)]|[a-z][.)])\s+")


def extractive_sentences(selected: Sequence[SelectedSentence],
                         groups: Sequence[Sequence[str]] = ()) -> list[BriefSentence]:
    """The extractive brief of a unit: each selected sentence citing itself, except a list, which
    becomes one sentence: its lead-in and its items joined with semicolons (markers dropped),
    citing all of them."""
    texts = {s.id: s.text for s in selected}
    group_of = {sid: tuple(g) for g in groups for sid in g if all(i in texts for i in g)}
    out: list[BriefSentence] = []
    done: set[str] = set()
    for s in selected:
        if s.id in done:
            continue
        group = group_of.get(s.id, (s.id,))
        done.update(group)
        if len(group) == 1:
            out.append(BriefSentence(s.text, (s.id,)))
            continue
        head, *items = (texts[i].strip() for i in group)
        if not head.endswith(":"):  # no lead-in: the first item is an item too
            head, items = "", [head, *items]
        parts = [_BULLET_RE.sub("", item).rstrip(" ;,.") for item in items]
        out.append(BriefSentence(f"{head} {'; '.join(parts)}.".strip(), tuple(group)))
    return out


# --- the stage --------------------------------------------------------------------------------------

@dataclass
class _Sources:
    """The letter's text in the brief's language, and the evidence of every sentence id."""

    target: dict[str, str]  # sentence id / heading id / "subject" / "sender" -> text in lang
    evidence: dict[str, Evidence]
    context: Evidence
    intro_sources: tuple[str, ...] = ()  # of the overview's intro sentence (target[OVERVIEW_INTRO])


def _target_texts(letter: Letter, selection: Selection, lang: str, translator: Translator | None,
                  progress: Progress | None = None) -> dict[str, str]:
    """The selected sentences, headings, subject and sender in ``lang``, by sentence id, heading id,
    "subject" and "sender"; for "en" translated in one call."""
    from .mttext import split_heading_number

    index = letter.sentence_index()
    texts = {sid: index[sid].text for sid in selection.kept_ids()}
    numbering: dict[str, str] = {}  # a heading's numbering is kept out of the translation
    for sec in letter.sections:
        if sec.heading:
            numbering[sec.heading_id], texts[sec.heading_id] = split_heading_number(sec.heading)
    if letter.subject:
        texts["subject"] = letter.subject
    if letter.sender_role:
        texts["sender"] = " / ".join(letter.sender_role)
    intro = overview_intro(letter).text
    if intro:
        texts[OVERVIEW_INTRO] = intro
    if lang == "en":
        if translator is None:
            raise ConfigError("English briefs need a translator (build one with build_translator).")
        from .translate import translate_texts

        texts = dict(zip(texts, translate_texts(list(texts.values()), translator, progress=progress), strict=True))
    for heading_id, number in numbering.items():
        texts[heading_id] = number + texts[heading_id]
    return texts


def _evidence_ids(letter: Letter, selection: Selection) -> list[str]:
    """The sentences whose evidence a brief sentence may need: the kept ones, and the one the
    overview's intro takes its topic from."""
    index = letter.sentence_index()
    return [*selection.kept_ids(), *(i for i in overview_intro(letter).sources if i in index)]


def _sources(letter: Letter, selection: Selection, lang: str, translator: Translator | None,
             progress: Progress | None = None) -> _Sources:
    target = _target_texts(letter, selection, lang, translator, progress)
    footnotes = {fn.number: fn.text for fn in letter.footnotes}
    section_of = {s.id: sec for sec in letter.sections for s in sec.sentences}
    index = letter.sentence_index()
    evidence: dict[str, Evidence] = {}
    for sid in _evidence_ids(letter, selection):
        sentence = index[sid]
        sec = section_of[sid]
        # The footnotes' text is read here, so the papers they cite are evidence too.
        notes = [footnotes[n] for n in sentence.footnote_refs if n in footnotes]
        nl = [sentence.text, *notes, sec.heading or ""]
        en = [target.get(sid, ""), target.get(sec.heading_id, "")] if lang == "en" else []
        evidence[sid] = Evidence.from_texts(nl, en)
    meta_nl = [letter.addressee or "", format_date(letter.date, "nl") or "", letter.subject or "",
               *letter.sender_role, *letter.signatory, letter.place or ""]
    meta_en = [format_date(letter.date, "en") or "", target.get("subject", ""), target.get("sender", "")]
    return _Sources(target, evidence, Evidence.from_texts(meta_nl, meta_en if lang == "en" else []),
                    overview_intro(letter).sources)


def _context(letter: Letter, sources: _Sources, lang: str) -> dict[str, str]:
    sender = sources.target.get("sender") or ""
    if letter.signatory:
        names = ", ".join(letter.signatory)
        sender = f"{sender} ({names})" if sender else names
    ctx = {"sender": sender, "date": format_date(letter.date, lang) or "",
           "subject": sources.target.get("subject") or ""}
    return {k: v for k, v in ctx.items() if v}


def _check(
    sentences: list[BriefSentence],
    sources: _Sources,
    lang: str,
    letter_year: int | None,
    strict: bool,
) -> tuple[list[BriefSentence], list[Flag]]:
    """Flag what the sources do not support; with ``strict``, put the sources in its place."""
    out: list[BriefSentence] = []
    flags: list[Flag] = []
    used: set[str] = set()
    for k, sentence in enumerate(sentences):
        evidence = sources.context.merge(sources.evidence[i] for i in sentence.sources if i in sources.evidence)
        bad = unsupported_items(sentence.text, lang, evidence, letter_year)
        if not bad:
            out.append(sentence)
            continue
        action = "replaced" if strict else "flagged"
        flags.extend(Flag(item.kind, item.value, k, action) for item in bad)
        if not strict:
            out.append(sentence)
            continue
        for sid in sentence.sources:
            if sid not in used and sid in sources.target:
                used.add(sid)
                out.append(BriefSentence(sources.target[sid], (sid,)))
    return out, flags


def _section_input(section: Section, kept: Sequence[str], sources: _Sources, options: SummariseOptions,
                   context: dict[str, str]) -> SectionInput:
    """What the abstractor gets for one section (its selected sentences in the brief's language)."""
    heading = sources.target.get(section.heading_id) if section.heading else None
    return SectionInput(heading=heading, sentences=tuple(sources.target[sid] for sid in kept), lang=options.lang,
                        max_words=options.max_words, context=context)


def _condense_sections(abstractor: Abstractor, inputs: dict[int, SectionInput], sections: Sequence[Section],
                       progress: Progress | None) -> dict[int, str]:
    """The abstractor's brief of each input, by section index: all at once where it `batches` (the
    sections decoded together), one by one otherwise; ``progress(done, total)`` after each section
    (the overview counts as one more)."""
    total = len(sections) + 1
    if abstractor.batches:
        outputs = dict(zip(inputs, abstractor.condense_batch(list(inputs.values())), strict=True))
        if progress is not None:
            progress(len(sections), total)
        return outputs
    outputs = {}
    for done, section in enumerate(sections, start=1):
        if section.index in inputs:
            outputs[section.index] = abstractor.condense(inputs[section.index])
        if progress is not None:
            progress(done, total)
    return outputs


def _section_brief(
    section: Section,
    kept: Sequence[str],
    condensed: str | None,
    sources: _Sources,
    options: SummariseOptions,
    letter_year: int | None,
    groups: Sequence[Sequence[str]] = (),
) -> SectionBrief:
    """The brief of one section; ``condensed`` is the abstractor's text (None: extractive)."""
    lang = options.lang
    selected = tuple(SelectedSentence(sid, sources.target[sid]) for sid in kept)
    heading = sources.target.get(section.heading_id) if section.heading else None
    notes: list[str] = []
    extractive = extractive_sentences(selected, groups)
    if not selected:
        sentences: list[BriefSentence] = []
    elif condensed is None:
        sentences = extractive
    else:
        out = condensed
        parts = fit_words(split_brief_sentences(out, lang), options.max_words)
        candidates = [(s.id, s.text) for s in selected]
        sentences = [BriefSentence(p, align(p, candidates, lang)) for p in parts]
        if not sentences:
            notes.append("The summariser returned no text; the brief is the extractive selection.")
            sentences = extractive
    sentences, flags = _check(sentences, sources, lang, letter_year, options.strict)
    return SectionBrief(
        index=section.index,
        kind=section.kind,
        heading=heading,
        heading_source=section.heading,
        sentences=tuple(sentences),
        flags=tuple(flags),
        selected=selected,
        notes=tuple(notes),
    )


def _extractive_overview(selection: Selection, sources: _Sources, max_words: int) -> list[BriefSentence]:
    return extractive_overview(selection, sources.target, sources.intro_sources, max_words)


def _overview(
    sections: Sequence[SectionBrief],
    selection: Selection,
    abstractor: Abstractor,
    sources: _Sources,
    options: SummariseOptions,
    context: dict[str, str],
    letter_year: int | None,
) -> tuple[list[BriefSentence], list[Flag]]:
    extractive = _extractive_overview(selection, sources, options.overview_words)
    if abstractor.extractive or not extractive:
        return extractive, []
    lines = [f"{sec.heading}: {sec.text}" if sec.heading else sec.text for sec in sections if sec.text]
    out = abstractor.overview(SectionInput(heading=None, sentences=tuple(lines), lang=options.lang,
                             max_words=options.overview_words, context=context))
    parts = fit_words(split_brief_sentences(out, options.lang), options.overview_words)
    if not parts:
        return extractive, []
    # Align to the section briefs' sentences, then take their sources.
    keys = [(f"{sec.index}/{k}", s) for sec in sections for k, s in enumerate(sec.sentences)]
    by_key = dict(keys)
    candidates = [(key, s.text) for key, s in keys]
    order = {sid: k for k, sid in enumerate(selection.kept_ids())}
    sentences = []
    for part in parts:
        ids: list[str] = []
        for key in align(part, candidates, options.lang):
            ids.extend(i for i in by_key[key].sources if i not in ids)
        sentences.append(BriefSentence(part, tuple(sorted(ids, key=lambda i: order.get(i, 0)))))
    return _check(sentences, sources, options.lang, letter_year, options.strict)


def _unit_briefs(letter: Letter, selection: Selection, abstractor: Abstractor, sources: _Sources,
                 options: SummariseOptions, context: dict[str, str], letter_year: int | None,
                 progress: Progress | None) -> list[SectionBrief]:
    """One brief section per unit (a section, or a long letter's top-level section with its
    sub-sections folded in); a unit with nothing kept is left out."""
    units = [unit for unit in selection.sections if unit.kept]
    heads = [letter.section(unit.index) for unit in units]
    inputs = {unit.index: _section_input(head, unit.kept, sources, options, context)
              for unit, head in zip(units, heads, strict=True) if not abstractor.extractive}
    condensed = _condense_sections(abstractor, inputs, heads, progress)
    return [_section_brief(head, unit.kept, condensed.get(unit.index), sources, options, letter_year,
                           groups=unit.groups) for unit, head in zip(units, heads, strict=True)]


def summarise_letter(
    letter: Letter,
    options: SummariseOptions,
    *,
    abstractor: Abstractor,
    translator: Translator | None = None,
    progress: Progress | None = None,
) -> Brief:
    """Make the brief of a parsed letter.

    Args:
        letter: the parsed letter.
        options: language, budgets, strictness (see `SummariseOptions`).
        abstractor: the summariser (`build_abstractor`); built once, it serves many letters.
        translator: the wrapped translator for ``lang`` "en" (`build_translator`); unused for "nl".
        progress: called as ``progress(done, total)``: for ``lang`` "en" first over the pieces
            translated (as `nlbrief.translate.translate_texts` does), then after each section.

    Raises:
        ConfigError: bad options, or ``lang`` "en" without a translator.
    """
    options.validate()
    selection = select_letter(letter, ratio=options.ratio, max_sentences=options.max_sentences,
                              max_words=options.budget_words)
    sources = _sources(letter, selection, options.lang, translator if options.lang == "en" else None, progress)
    context = _context(letter, sources, options.lang)
    letter_year = int(letter.date[:4]) if letter.date and letter.date[:4].isdigit() else None

    sections = _unit_briefs(letter, selection, abstractor, sources, options, context, letter_year, progress)
    total = len(sections) + 1
    overview, overview_flags = _overview(sections, selection, abstractor, sources, options, context, letter_year)
    if progress is not None:
        progress(total, total)

    meta = letter.metadata()
    if options.lang == "en" and "subject" in sources.target:
        meta["subject_translation"] = sources.target["subject"]
    return Brief(
        letter=meta,
        lang=options.lang,
        sections=tuple(sections),
        overview_sentences=tuple(overview),
        overview_flags=tuple(overview_flags),
        citations=tuple(asdict(c) for c in letter.citations),
        motions=tuple(asdict(m) for m in letter.motions),
        signature=signature(options, letter, selection, abstractor, translator if options.lang == "en" else None),
    )


def signature(
    options: SummariseOptions,
    letter: Letter,
    selection: Selection,
    abstractor: Abstractor,
    translator: Translator | None,
) -> dict[str, Any]:
    """What reproduces a brief: versions, backends, model ids and revisions, prompt hashes, options;
    and under ``selection.left_out`` ([{"index", "heading"}]) the units the word budget left without
    a sentence, so that a section never goes missing silently."""
    from .translate import signature as translation_signature

    summariser = dict(abstractor.describe())
    translation = translation_signature(translator) if translator is not None else None
    models = []
    if summariser.get("model"):
        models.append({"purpose": "summary", "model": summariser["model"], "revision": summariser.get("revision")})
    if translation and translation.get("model"):
        models.append({"purpose": "translation", "model": translation["model"],
                       "revision": translation.get("revision")})
    return {
        "nlbrief": __version__,
        "summariser": summariser,
        "translator": translation,
        "models": models,
        "prompts": summariser.get("prompts", {}),
        "selection": {"method": "textrank+position+salience", "weights": dict(WEIGHTS),
                      "ratio": selection.ratio, "max_sentences": selection.max_sentences,
                      "max_words": selection.max_words, "tree": selection.tree,
                      "letter_words": selection.letter_words,
                      "left_out": [{"index": unit.index, "heading": letter.section(unit.index).heading}
                                   for unit in selection.sections if unit.ranked and not unit.kept]},
        # A local folder given as --summary-model is named by its model id: no machine's paths here.
        "options": {**asdict(options), "summary_model": summariser.get("model") if options.summary_model else None},
    }

