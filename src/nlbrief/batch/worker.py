"""The per-letter work of a batch run: read, parse, translate or summarise, render.

It runs in a worker (this process, a pool process or a Ray actor) and calls `nlbrief.pipeline`,
the one composition the single commands use, so a batch output is what the single command writes.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..errors import NlbriefError
from ..fileio import peak_rss_mb
from .inputs import LetterTask, task_digest
from .options import BatchOptions

if TYPE_CHECKING:
    from ..backends.base import Abstractor, Translator
    from ..model.letter import Letter, RawDocument
    from ..pipeline import LoadedLetter

#: A parliamentary document names the Kamer or its chair near its top, even where the parser finds
#: no addressee block (an "aanhangsel", a postponement note).
_PARLIAMENT_RE = re.compile(r"(?i)\b(tweede kamer|eerste kamer|staten-generaal|voorzitter)\b")
_OPENING_LINES = 40


@dataclass
class LetterResult:
    """What a worker hands back for one letter (the driver writes it; see `nlbrief.batch.run`).

    ``status`` is "done" (``outputs`` maps each format to its text), "failed" or "skipped" (with
    ``reason``). ``counts`` holds the parser's and the stage's counts; ``timings`` seconds per
    stage; ``cache`` the translation memory's hits and misses; ``run`` where and when.
    """

    id: str
    sha256: str | None
    status: str = "failed"
    reason: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    nothing_lost: bool | None = None
    timings: dict[str, float] = field(default_factory=dict)
    cache: dict[str, int] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what a Ray actor sends back)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LetterResult:
        """Inverse of `to_dict` (the data comes from our own worker, not from a user)."""
        return cls(**data)


def read_task(task: LetterTask, max_size_mb: float | None = None, max_pages: int | None = None) -> RawDocument:
    """The read stage for one task: `read_path` for a file, `read_bytes` for a dataset row.

    Raises:
        InputError: what the reader raises (missing, not a regular file, too large, over the page
            or inflation bound of a PDF, ...).
    """
    from ..read import read_bytes, read_path

    if task.path is not None:
        doc = read_path(task.path, max_size_mb=max_size_mb, max_pages=max_pages)
        return replace(doc, source=replace(doc.source, path=task.source))
    # Messages name the row (an id ending in .pdf would promise a PDF where a dataset holds the
    # text extracted from one); the outputs name the id, as before.
    doc = read_bytes(task.data or b"", name=task.source, max_size_mb=max_size_mb, max_pages=max_pages)
    return replace(doc, source=replace(doc.source, path=task.id))


def not_a_letter(letter: Letter, text: str) -> str | None:
    """Why a parsed text does not look like a letter (None: it does).

    A letter has an addressee, a salutation or a closing; a parliamentary document without them
    (an "aanhangsel", a short postponement note) names the Kamer or its chair in its opening lines.
    A saved web page or a note has none of these.
    """
    if letter.addressee or letter.salutation or letter.closing:
        return None
    opening = "\n".join(text.splitlines()[:_OPENING_LINES])
    if _PARLIAMENT_RE.search(opening):
        return None
    return ("does not look like a letter: no addressee, salutation or closing, and no mention of the "
            "Kamer in its opening lines (a saved web page or a note?): skipped. Pass "
            "--include-non-letters to process it anyway.")


class LetterWorker:
    """Holds the models of one worker (loaded once, by `prepare`) and processes letters.

    `process` never raises for a bad letter: it returns a failed result with the reason. Errors
    that concern every letter (a missing model, bad options) are raised by `prepare`.
    """

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.translator: Translator | None = None
        self.abstractor: Abstractor | None = None
        self._ready = False

    def prepare(self) -> None:
        """Build the translator and the summariser (the backends cache the models per process)."""
        if self._ready:
            return
        opts = self.options
        opts.validate()
        if opts.task == "summarise":
            from ..summarise import build_abstractor, build_translator

            self.abstractor = build_abstractor(opts.summarise)
            self.abstractor.load()  # a model of the wrong kind stops the run, not every letter
            if opts.needs_translator:
                self.translator = build_translator(opts.translator)
        else:
            self.translator = opts.translator.build()
        self._ready = True

    def _cache_counts(self) -> tuple[int, int]:
        if self.translator is None:
            return 0, 0
        return int(getattr(self.translator, "hits", 0) or 0), int(getattr(self.translator, "misses", 0) or 0)

    def process(self, task: LetterTask) -> LetterResult:
        """Read, parse, translate or summarise, and render one letter; never raises for the letter."""
        self.prepare()
        start = time.perf_counter()
        hits0, misses0 = self._cache_counts()
        result = LetterResult(id=task.id, sha256=task.sha256)
        try:
            self._work(task, result)
        except NlbriefError as err:
            reason = " ".join(str(err).split())
            # The reader names the absolute path it was given; show the path as the input gave it.
            result.reason = reason.replace(task.path, task.source) if task.path else reason
        except Exception as err:  # a bug on one letter must not stop the archive
            result.reason = f"internal error ({type(err).__name__}: {' '.join(str(err).split())[:500]})"
            if os.environ.get("NLBRIEF_DEBUG"):
                import traceback

                traceback.print_exc()
        if result.status == "failed" and result.sha256 is None:
            # Read failed before hashing (too large, unreadable): the rerun still needs the hash to
            # keep this failure rather than retry it without --retry-failed.
            result.sha256 = task_digest(task)
        hits1, misses1 = self._cache_counts()
        result.timings["total"] = time.perf_counter() - start
        result.timings = {k: round(v, 4) for k, v in result.timings.items()}
        result.cache = {"hits": hits1 - hits0, "misses": misses1 - misses0}
        result.run = {"worker": f"{_hostname()}:{os.getpid()}", "peak_rss_mb": peak_rss_mb(),
                      "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        return result

    def _work(self, task: LetterTask, result: LetterResult) -> None:
        from .. import pipeline

        opts = self.options
        mark = time.perf_counter()
        doc = read_task(task, opts.max_size_mb, opts.max_pages)
        result.sha256 = doc.source.sha256
        result.timings["read"] = time.perf_counter() - mark
        mark = time.perf_counter()
        loaded = pipeline.parse_document(doc, check_language=opts.check_language,
                                         on_loss="raise" if opts.strict else "report")
        letter = loaded.letter
        result.nothing_lost = loaded.nothing_lost
        result.timings["parse"] = time.perf_counter() - mark
        if not opts.include_non_letters:
            reason = not_a_letter(letter, doc.text)
            if reason is not None:
                result.status, result.reason = "skipped", reason
                return
        result.counts = {"sections": len(letter.sections),
                         "sentences": sum(1 for _ in letter.iter_sentences()),
                         "footnotes": len(letter.footnotes)}
        result.outputs = self._stage(loaded, result)
        result.status = "done"

    def _stage(self, loaded: LoadedLetter, result: LetterResult) -> dict[str, str]:
        """Translate or summarise, then render every format (the work is timed apart)."""
        from .. import pipeline

        mark = time.perf_counter()
        if self.options.task == "translate":
            from ..render.translation import render_translation

            assert self.translator is not None
            translation = pipeline.translate(loaded, self.translator)
            result.timings["work"] = time.perf_counter() - mark
            result.counts["segments"] = translation.coverage.segments
            mark = time.perf_counter()
            outputs = {fmt: render_translation(translation, fmt) for fmt in self.options.formats}
            result.timings["render"] = time.perf_counter() - mark
            return outputs
        from ..render.brief import render_brief

        assert self.abstractor is not None
        brief = pipeline.summarise(loaded, self.options.summarise, abstractor=self.abstractor,
                                   translator=self.translator)
        result.timings["work"] = time.perf_counter() - mark
        result.counts["brief_sentences"] = sum(len(s.sentences) for s in brief.sections)
        mark = time.perf_counter()
        outputs = {fmt: render_brief(brief, fmt, loaded.letter) for fmt in self.options.formats}
        result.timings["render"] = time.perf_counter() - mark
        return outputs


def _hostname() -> str:
    import socket

    return socket.gethostname()
