"""Terminology and rule renderings around a translator: a wrapper, not a flag inside a backend.

A glossary is a TSV file (Dutch, English, note/source; ``#`` comments; an optional header line
``dutch	english	source``). nlbrief ships a default for the parliamentary vocabulary
(``nlbrief/data/glossary-nl-en.tsv``, each entry naming where its rendering comes from);
``--glossary FILE`` adds to it and wins where both have a term.

`GlossaryTranslator` puts the English term, and the rule renderings of dates and citations, into
the source before translation (see `nlbrief.mttext` for why no opaque placeholders), repairs known
variants afterwards, and reports every expected term or rendering the output lacks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .backends.base import SegmentResult, Translator, translate_checked
from .errors import ConfigError
from .mttext import (
    Rendering,
    apply_renderings,
    protected_spans,
    renderings,
    repair_date,
    repair_numbers,
    rule_only,
)

DEFAULT_GLOSSARY = "glossary-nl-en.tsv"
#: The note of a segment that needed no model (`nlbrief.mttext.rule_only`).
BY_RULE = "rendered by rule"


@dataclass(frozen=True)
class GlossaryEntry:
    dutch: str
    english: str
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    """Entries in priority order, the sources they came from and a hash of their content."""

    entries: tuple[GlossaryEntry, ...]
    sources: tuple[str, ...] = ()

    @cached_property
    def sha256(self) -> str:
        text = "\n".join(f"{e.dutch}\t{e.english}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @cached_property
    def patterns(self) -> list[tuple[GlossaryEntry, re.Pattern[str]]]:
        """One pattern per entry, longest Dutch term first; a lower-case term also matches with a
        capital first letter (at the start of a sentence), never inside a longer word or a web
        address ("Rijksoverheid.nl")."""
        out = []
        for entry in sorted(self.entries, key=lambda e: len(e.dutch), reverse=True):
            head, *rest = entry.dutch.split()
            first = re.escape(head)
            if head[0].islower():
                first = f"[{re.escape(head[0])}{re.escape(head[0].upper())}]{re.escape(head[1:])}"
            words = r"\s+".join([first, *map(re.escape, rest)])
            # never inside a web address written bare ("Rijksoverheid.nl", "www.rijksoverheid.nl")
            out.append((entry, re.compile(rf"(?<![\w./-]){words}(?!\w|\.[a-z]{{2,}}\b)")))
        return out

    def describe(self) -> dict[str, Any]:
        """The glossary's part of an output's signature: its sources by file name (no local path:
        a signature must not depend on the machine), its size and the hash of its content."""
        names = [s if s.startswith("<") else Path(s).name for s in self.sources]
        return {"sources": names, "entries": len(self.entries), "sha256": self.sha256[:16]}

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s entries added; ``other`` wins on the same Dutch term."""
        mine = {e.dutch: e for e in self.entries}
        for entry in other.entries:
            mine[entry.dutch] = entry
        return Glossary(tuple(mine.values()), self.sources + other.sources)

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Non-overlapping term matches in ``text``, longest terms first, as (start, end, entry)."""
        taken: list[tuple[int, int, GlossaryEntry]] = []
        for entry, pattern in self.patterns:
            for m in pattern.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b, _ in taken):
                    taken.append((m.start(), m.end(), entry))
        return sorted(taken, key=lambda t: t[0])


def parse_glossary(text: str, source: str = "<text>") -> Glossary:
    """Read glossary TSV text (raises ConfigError naming the line of a bad row)."""
    entries: list[GlossaryEntry] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not entries and [c.lower() for c in cells[:2]] == ["dutch", "english"]:
            continue  # header line
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ConfigError(
                f"Glossary {source}, line {number}: expected 'Dutch<TAB>English<TAB>note', got {line!r}. "
                "Columns are separated by tabs; lines starting with # are comments."
            )
        entries.append(GlossaryEntry(cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return Glossary(tuple(entries), (source,))


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary TSV file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ConfigError(f"Cannot read the glossary {path}: {err.strerror or err}.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"The glossary {path} is not UTF-8 text.") from None
    return parse_glossary(text, str(path))


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The built-in parliamentary glossary."""
    text = resources.files("nlbrief").joinpath("data").joinpath(DEFAULT_GLOSSARY).read_text(encoding="utf-8")
    return parse_glossary(text, f"built-in:{DEFAULT_GLOSSARY}")


def build_glossary(user_file: str | Path | None = None) -> Glossary:
    """The default glossary plus a user file (the user's entries win)."""
    glossary = default_glossary()
    return glossary.merged(load_glossary(user_file)) if user_file else glossary


# --- preparing a source segment and checking its translation -----------------------------------

@dataclass(frozen=True)
class Prepared:
    """A source segment made ready for the model, and what its translation must contain."""

    source: str
    text: str  # what the model gets
    renderings: tuple[Rendering, ...]  # dates and citations rendered by rule
    terms: tuple[GlossaryEntry, ...]  # glossary terms put in


def _match_case(english: str, dutch_match: str) -> str:
    if dutch_match[:1].isupper() and english[:1].islower():
        return english[:1].upper() + english[1:]
    return english


def prepare(text: str, glossary: Glossary | None) -> Prepared:
    """Put rule renderings and glossary terms into ``text`` (pure)."""
    rules = renderings(text)
    blocked = protected_spans(text, rules)
    spans: list[Rendering] = list(rules)
    terms: list[GlossaryEntry] = []
    if glossary is not None:
        for start, end, entry in glossary.find(text):
            if any(a < end and start < b for a, b in blocked):
                continue
            spans.append(Rendering(start, end, text[start:end], _match_case(entry.english, text[start:end]), "term"))
            terms.append(entry)
    return Prepared(text, apply_renderings(text, spans), tuple(rules), tuple(terms))


def check_and_repair(prepared: Prepared, target: str) -> tuple[str, list[str]]:
    """Repair dates and numbers the model wrote as variants; list what is still missing."""
    problems: list[str] = []
    for r in prepared.renderings:
        if r.kind == "date":
            target = repair_date(target, r.english)
    target = repair_numbers(prepared.source, target)
    low = target.lower()
    for r in prepared.renderings:
        if r.english.lower() not in low and " ".join(r.english.lower().split()) not in " ".join(low.split()):
            problems.append(f"{r.kind} {r.english!r} missing")
    for entry in prepared.terms:
        if entry.english.lower() not in low:
            problems.append(f"term {entry.dutch!r} -> {entry.english!r} missing")
    return target, problems


class GlossaryTranslator(Translator):
    """Wraps a translator: rule renderings + glossary terms in, repairs and checks out.

    The input limit is ``inner``'s; tokens are counted on what ``inner`` will get (the source with
    the terms put in), and glossary terms are spans a split must keep whole.
    """

    def __init__(self, inner: Translator, glossary: Glossary | None) -> None:
        self.inner = inner
        self.glossary = glossary
        self.name = inner.name

    @property
    def max_input_tokens(self) -> int | None:
        return self.inner.max_input_tokens

    def count_tokens(self, text: str) -> int:
        """Tokens of what the model will actually get for ``text``."""
        return self.inner.count_tokens(prepare(text, self.glossary).text)

    def term_spans(self, text: str) -> list[tuple[int, int]]:
        """Glossary terms in ``text`` (and ``inner``'s spans): a split must not cut one in two."""
        own = [(a, b) for a, b, _ in self.glossary.find(text)] if self.glossary is not None else []
        return own + self.inner.term_spans(text)

    def memory_counts(self) -> tuple[int, int] | None:
        return self.inner.memory_counts()

    # The translation memory's counters, for callers that report them (batch, the CLI).
    @property
    def hits(self) -> int | None:
        counts = self.memory_counts()
        return counts[0] if counts is not None else None

    @property
    def misses(self) -> int | None:
        counts = self.memory_counts()
        return counts[1] if counts is not None else None

    def describe(self) -> dict[str, Any]:
        data = dict(self.inner.describe())
        data["glossary"] = self.glossary.describe() if self.glossary is not None else None
        data["rules"] = "dates, citations, numbers: rendered by rule, checked and repaired"
        return data

    def translate_segments(self, sentences: Sequence[str]) -> list[SegmentResult]:
        results = [SegmentResult(s) for s in sentences]  # empty ones stay as they are
        prepared: dict[int, Prepared] = {}
        for i, text in enumerate(sentences):
            if not text.strip():
                continue
            by_rule = rule_only(text)
            if by_rule is not None:
                results[i] = SegmentResult(by_rule, note=BY_RULE)
            else:
                prepared[i] = prepare(text, self.glossary)
        if prepared:
            outs = translate_checked(self.inner, [p.text for p in prepared.values()])
            for (i, prep), out in zip(prepared.items(), outs, strict=True):
                text, problems = check_and_repair(prep, out.text)
                results[i] = replace(out, text=text, problems=(*out.problems, *problems))
        return results
