"""The translate stage: a `Letter` in, a `Translation` out, one target segment per source segment.

Segments are the section headings (id ``h<index>``), the body sentences (``s3.7``) and the
footnotes (``f1``). A segment longer than the model's input limit is split at clause boundaries
(then token windows) and its pieces are joined back: nothing is truncated. Identical pieces are
translated once; all pieces go to the translator sorted by length so that batches pad little.
Afterwards every number of the source is looked for in the target, and what is missing is
reported in the coverage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .backends.base import SegmentResult, Translator, translate_checked
from .glossary import BY_RULE, GlossaryTranslator, build_glossary
from .model.letter import Letter
from .model.translation import (
    Coverage,
    TranslatedFootnote,
    TranslatedParagraph,
    TranslatedSection,
    TranslatedSentence,
    Translation,
)
from .mttext import (
    join_pieces,
    missing_numbers,
    protected_spans,
    split_for_limit,
    split_heading_number,
)

Progress = Callable[[int, int], None]  # (pieces done so far, pieces in all)

#: Pieces handed to the translator per call: large enough to batch well, small enough to show progress.
CHUNK = 64
#: The translator `--translator` names when none is given: CTranslate2 where it is installed.
DEFAULT_TRANSLATOR = "auto"


# --- building a translator ----------------------------------------------------------------------

def make_translator(
    name: str = DEFAULT_TRANSLATOR,
    model: str | None = None,
    *,
    glossary: str | None = None,
    cache: bool = True,
    memory_path: str | None = None,
    **options: Any,
) -> Translator:
    """A backend from the registry, wrapped in the translation memory and the glossary.

    Args:
        name: "auto" (CTranslate2 where installed, else transformers), "ctranslate2" or "marian"
            (unknown names raise UnknownBackendError listing the valid ones).
        model: a model directory or Hugging Face id (None: the backend's default).
        glossary: a user glossary TSV added to the built-in one.
        cache: False to skip the translation memory (``--no-cache``).
        memory_path: the SQLite file (None: `config.translation_memory_path()`).
        options: device, beam_size, batch_size, threads, ... for the backend.
    """
    from .backends import get_translator
    from .backends.memory import CachingTranslator, TranslationMemory

    backend = get_translator(name, model=model, **{k: v for k, v in options.items() if v is not None})
    wrapped: Translator = backend
    if cache:
        wrapped = CachingTranslator(backend, TranslationMemory(memory_path))
    return GlossaryTranslator(wrapped, build_glossary(glossary))


# --- the stage ----------------------------------------------------------------------------------

@dataclass
class _Segment:
    id: str
    source: str
    prefix: str = ""  # heading numbering, kept out of the model's way
    pieces: list[str] = field(default_factory=list)


def _split(seg: _Segment, translator: Translator) -> list[str]:
    text = seg.source[len(seg.prefix):].strip()
    limit = translator.max_input_tokens
    if not text or not limit:
        return [text] if text else []
    protected = protected_spans(text) + translator.term_spans(text)
    return split_for_limit(text, translator.count_tokens, int(limit), protected)


def _translate_pieces(segments: Sequence[_Segment], translator: Translator,
                      progress: Progress | None) -> dict[str, SegmentResult]:
    """Split every segment into pieces the model takes, and translate each distinct piece once.

    Pieces go to the translator in chunks of `CHUNK`, shortest first (batches pad little);
    ``progress(done, total)`` is called before the first chunk and after each.
    """
    for seg in segments:
        seg.pieces = _split(seg, translator)
    unique = sorted({p for seg in segments for p in seg.pieces}, key=len)
    done: dict[str, SegmentResult] = {}
    if progress is not None and unique:
        progress(0, len(unique))  # the bar appears while the first chunk is translated
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start:start + CHUNK]
        for piece, result in zip(chunk, translate_checked(translator, chunk), strict=True):
            done[piece] = result
        if progress is not None:
            progress(min(start + CHUNK, len(unique)), len(unique))
    return done


def _letter_segments(letter: Letter) -> list[_Segment]:
    """The subject, every heading (numbering kept aside), sentence and footnote, in order."""
    segments: list[_Segment] = []
    if letter.subject:
        segments.append(_Segment("subject", letter.subject))  # the English letter needs a title
    for sec in letter.sections:
        if sec.heading is not None:
            prefix, _ = split_heading_number(sec.heading)
            segments.append(_Segment(sec.heading_id, sec.heading, prefix))
        for s in sec.sentences:
            segments.append(_Segment(s.id, s.text))
    for fn in letter.footnotes:
        segments.append(_Segment(fn.id, fn.text))
    return segments


@dataclass
class _Tally:
    """What the coverage counts, gathered segment by segment."""

    split: list[str] = field(default_factory=list)
    guarded: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    number_problems: list[dict[str, Any]] = field(default_factory=list)
    term_problems: list[dict[str, Any]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    by_rule: int = 0
    by_model: int = 0

    def add(self, seg: _Segment, results: list[SegmentResult], target: str) -> None:
        self._count_how(seg, results)
        if seg.source.strip() and not target.strip():
            self.empty.append(seg.id)
        missing = missing_numbers(seg.source, target)
        if missing:
            self.number_problems.append({"id": seg.id, "missing": missing})
        problems = [p for r in results for p in r.problems]
        if problems:
            self.term_problems.append({"id": seg.id, "problems": problems})

    def _count_how(self, seg: _Segment, results: list[SegmentResult]) -> None:
        """Split, guarded, from the memory, by rule or by the model."""
        if len(seg.pieces) > 1:
            self.split.append(seg.id)
        if any(r.guarded for r in results):
            self.guarded.append(seg.id)
        model_results = [r for r in results if r.note != BY_RULE]
        if model_results and all(r.cached for r in model_results):
            self.cached.append(seg.id)
        if results:
            if model_results:
                self.by_model += 1
            else:
                self.by_rule += 1

    def coverage(self, letter: Letter, segments: int) -> Coverage:
        return Coverage(
            segments=segments,
            sentences=sum(len(sec.sentences) for sec in letter.sections),
            headings=sum(1 for sec in letter.sections if sec.heading is not None),
            footnotes=len(letter.footnotes),
            translated=segments - len(self.empty),
            by_model=self.by_model,
            by_rule=self.by_rule,
            split=tuple(self.split),
            guarded=tuple(self.guarded),
            cached=tuple(self.cached),
            number_problems=tuple(self.number_problems),
            term_problems=tuple(self.term_problems),
            empty=tuple(self.empty),
        )


def _sections(letter: Letter, targets: dict[str, str]) -> tuple[TranslatedSection, ...]:
    return tuple(
        TranslatedSection(
            index=sec.index,
            heading=targets[sec.heading_id] if sec.heading is not None else None,
            heading_source=sec.heading,
            paragraphs=tuple(
                TranslatedParagraph(tuple(TranslatedSentence(s.id, s.text, targets[s.id]) for s in para.sentences))
                for para in sec.paragraphs
            ),
        )
        for sec in letter.sections
    )


def translate_letter(letter: Letter, translator: Translator, *, progress: Progress | None = None) -> Translation:
    """Translate every heading, sentence and footnote of ``letter`` (see the module docstring).

    Args:
        letter: the parsed letter.
        translator: a `Translator`; where it declares ``max_input_tokens``, over-long segments are
            split with its ``count_tokens`` and ``term_spans``. `make_translator` gives one with
            the memory and the glossary around it.
        progress: called as ``progress(done, total)`` (pieces) before the first chunk and after each.
    """
    segments = _letter_segments(letter)
    done = _translate_pieces(segments, translator, progress)
    targets: dict[str, str] = {}
    tally = _Tally()
    for seg in segments:
        results = [done[p] for p in seg.pieces]
        text = join_pieces([r.text for r in results])
        targets[seg.id] = (seg.prefix + text) if seg.prefix else text
        tally.add(seg, results, targets[seg.id])
    footnotes = tuple(TranslatedFootnote(fn.number, fn.text, targets[fn.id]) for fn in letter.footnotes)
    meta = letter.metadata()
    if letter.subject:
        meta["subject_translation"] = targets["subject"]
    return Translation(
        letter=meta,
        sections=_sections(letter, targets),
        footnotes=footnotes,
        coverage=tally.coverage(letter, len(segments)),
        signature=signature(translator),
    )


def signature(translator: Translator) -> dict[str, Any]:
    """nlbrief version, backend, model id and revision, options (what reproduces the output)."""
    return {"nlbrief": __version__, **translator.describe()}


def translate_texts(texts: Sequence[str], translator: Translator, *, progress: Progress | None = None) -> list[str]:
    """Translate free sentences with the same splitting as `translate_letter` (for other stages).

    Args:
        texts: the sentences, one output each, in order.
        translator: as for `translate_letter`.
        progress: called as ``progress(done, total)`` (pieces) before the first chunk and after each.
    """
    segs = [_Segment(f"t{i}", t) for i, t in enumerate(texts)]
    done = _translate_pieces(segs, translator, progress)
    return [join_pieces([done[p].text for p in seg.pieces]) for seg in segs]


@dataclass(frozen=True)
class TranslatorSettings:
    """The shared translator options of every command that translates (see cli/options.py)."""

    name: str = DEFAULT_TRANSLATOR
    model: str | None = None
    device: str = "auto"
    beam_size: int | None = None
    batch_size: int | None = None
    threads: int | None = None
    glossary: str | None = None
    cache: bool = True
    #: Further backend options that no command-line option sets, such as a fixed
    #: ``min_new_tokens``/``max_new_tokens`` (benchmarks) or ctranslate2's ``compute_type``.
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def build(self) -> Translator:
        """The wrapped translator these settings describe (see `make_translator`)."""
        return make_translator(
            self.name, self.model, glossary=self.glossary, cache=self.cache, device=self.device,
            beam_size=self.beam_size, batch_size=self.batch_size, threads=self.threads, **self.extra,
        )
