"""The overview of a brief: what the letter is, in the form a ministry's own web intro takes.

"De minister van Financiën informeert de Kamer over de aanpak van btw-fraude. <the most salient
sentences of the letter>", at most ``max_words`` words (60 by default). The first sentence is built
from the metadata (the sender's role) and the subject ("Betreft"), or, where a letter has no
subject line, from its own framing sentence ("In deze brief informeer ik u over ..."); the others
are kept sentences that decide, commit, ask, answer or state a position, one per unit first, best
first, in letter order. Every overview sentence names its sources: sentence ids, or for what comes
from the metadata the pseudo-ids of `META_SOURCES`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model.brief import BriefSentence

if TYPE_CHECKING:
    from .model.letter import Letter
    from .select import Selection

#: Key of the intro sentence among the texts translated for a brief.
OVERVIEW_INTRO = "overview-intro"
#: Pseudo-ids of metadata a brief sentence may cite: the letter's subject line and its sender.
META_SOURCES = ("meta:subject", "meta:sender")
#: Cues that make a sentence worth the overview: what is decided, promised, asked, answered or held.
OVERVIEW_CUES = frozenset({"decision", "commitment", "request", "answer", "position"})

_ROLE_RE = re.compile(r"^(?:(?:de|het)\s+)?(minister|staatssecretaris|minister-president|minister president)\b",
                      re.IGNORECASE)
#: Small words of a ministry's name, lower-cased when a role is printed in capitals.
_SMALL_WORDS = frozenset({"van", "en", "voor", "de", "het", "der"})
#: Subject lines often open with a common noun; it is lower-cased after "over" ("over voortgang
#: ..."), while a name ("Nationaal Programma ...") keeps its capital.
_COMMON_OPENERS = frozenset({
    "aanbieding", "aanpak", "afschrift", "antwoord", "beantwoording", "besluit", "besluitvorming", "brief",
    "evaluatie", "gereedstelling", "herijkte", "informatie", "kabinetsreactie", "kaders", "onbeantwoorde",
    "ontwerpbesluit", "openbaarmaking", "overzicht", "planning", "reactie", "stand", "startbeslissing",
    "toezegging", "uitstel", "uitvoering", "verslag", "verzoek", "visie", "voorhang", "voortgang",
    "vervolg", "verlenging", "wijziging", "stand van zaken",
})
_SUBJECT_PREFIX_RE = re.compile(r"^(?:kamerbrief|brief)\s+(?:over|inzake|m\.b\.t\.|betreffende)?\s*", re.IGNORECASE)
_TOPIC_RES = (
    # "informeer ik u, mede namens de Minister van ..., over X": a clause may come between.
    re.compile(r"\b(?:informeer|informeren|bericht|berichten)\s+(?:ik|wij|we)\s+(?:u|uw kamer)\b"
               r"[^.]{0,200}?\bover\s+(?P<topic>.+?)[.;:]?$", re.IGNORECASE),
    re.compile(r"\b(?:te\s+)?informeren\s+over\s+(?P<topic>.+?)[.;:]?$", re.IGNORECASE),
    re.compile(r"\bga\s+(?:ik|wij|we)\s+(?:\w+\s+){0,3}?in\s+op\s+(?P<topic>.+?)[.;:]?$", re.IGNORECASE),
    re.compile(r"\b(?:beantwoord|beantwoorden)\s+(?:ik|wij|we)\s+(?P<topic>.+?)[.;:]?$", re.IGNORECASE),
    re.compile(r"\bontvangt\s+u\s+(?P<topic>.+?)[.;:]?$", re.IGNORECASE),
)
_TOPIC_WORDS = 25  # a framing sentence's topic longer than this is not a topic


@dataclass(frozen=True)
class Intro:
    """The overview's first sentence (Dutch) and its sources."""

    text: str
    sources: tuple[str, ...]


def _word_case(word: str) -> str:
    if len(word) > 1 and word.isupper() and word.isalpha():
        return word.lower() if word.lower() in _SMALL_WORDS else word.capitalize()
    return word


def _role(role: str) -> str:
    role = role.strip().rstrip(",").strip()
    if sum(w.isupper() for w in role.split()) >= 2:  # "DE MINISTER VAN DEFENSIE"
        role = " ".join(_word_case(w) for w in role.split())
    return _ROLE_RE.sub(lambda m: f"de {m.group(1).lower()}", role)


def sender(letter: Letter) -> tuple[str, bool]:
    """Who writes, as the subject of a Dutch sentence ("De minister van X en de staatssecretaris
    van Y"), and whether that is more than one; "Het kabinet" where the letter does not say."""
    roles = [_role(r) for r in letter.sender_role if r.strip()]
    if not roles:
        return "Het kabinet", False
    text = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " en " + roles[-1]
    return text[0].upper() + text[1:], len(roles) > 1


def _subject_topic(subject: str) -> str:
    """A subject line as the object of "over": "Kamerbrief over X" -> "X", "Voortgang X" -> "voortgang X"."""
    text = _SUBJECT_PREFIX_RE.sub("", " ".join(subject.split()).rstrip("."))
    first = text.split(" ", 1)[0]
    if (first.lower() in _COMMON_OPENERS or first == text) and first[:1].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def topic(letter: Letter) -> tuple[str, tuple[str, ...]] | None:
    """What the letter is about, with its source: the subject line, or the topic of a framing
    sentence in the opening ("In deze brief informeer ik u over X"); None when neither is there."""
    if letter.subject and letter.subject.strip():
        return _subject_topic(letter.subject), ("meta:subject",)
    opening = letter.sections[0].sentences if letter.sections else ()
    for sentence in opening[:4]:
        for pattern in _TOPIC_RES:
            m = pattern.search(sentence.text.strip())
            if m and len(m.group("topic").split()) <= _TOPIC_WORDS:
                return m.group("topic").strip(), (sentence.id,)
    return None


def overview_intro(letter: Letter) -> Intro:
    """The web-intro sentence: "<sender> informeert de Kamer over <topic>." (Dutch); "" for a letter
    that names neither its sender nor its topic."""
    who, plural = sender(letter)
    verb = "informeren" if plural else "informeert"
    what = topic(letter)
    sources = ("meta:sender",) if letter.sender_role else ()
    if what is None:
        if not sources:  # neither sender nor topic: nothing to say that the letter supports
            return Intro("", ())
        return Intro(f"{who} {'schrijven' if plural else 'schrijft'} de Kamer.", sources)
    text, topic_sources = what
    return Intro(f"{who} {verb} de Kamer over {text}.", tuple(dict.fromkeys((*sources, *topic_sources))))


def _candidates(selection: Selection) -> list[tuple[float, int, str]]:
    """Kept sentences that stand alone, best first, as (score, unit, id): those where the
    government decides, commits, asks, answers or holds; failing those, any that stands alone."""
    salient, plain = [], []
    for u, unit in enumerate(selection.sections):
        for sid in unit.kept:
            f = unit.features.get(sid)
            if f is None or sid in unit.reasons or {"courtesy", "question", "depends", "lead-in", "fragment", "caption"} & set(f.penalties):
                continue
            if OVERVIEW_CUES & set(f.cues) and "actor" in f.cues:
                salient.append((f.score, u, sid))
            else:
                plain.append((f.score, u, sid))
    return sorted(salient or plain, key=lambda c: (-c[0], c[1], c[2]))


def extractive_overview(selection: Selection, target: Mapping[str, str], intro_sources: Sequence[str],
                        max_words: int) -> list[BriefSentence]:
    """The intro sentence (``target[OVERVIEW_INTRO]``, in the brief's language) and the most
    salient kept sentences (``target[id]``) that fit in ``max_words`` words, in letter order."""
    intro = target.get(OVERVIEW_INTRO, "")
    out = [BriefSentence(intro, tuple(intro_sources))] if intro else []
    left = max_words - len(intro.split())
    chosen: list[str] = []
    seen_units: set[int] = set()
    candidates = _candidates(selection)
    # One sentence per unit first (the letter's breadth), then the rest.
    for first_pass in (True, False):
        for _, unit, sid in candidates:
            if sid in chosen or (first_pass and unit in seen_units) or sid in intro_sources:
                continue
            n = len(target.get(sid, "").split())
            if 0 < n <= left:
                chosen.append(sid)
                seen_units.add(unit)
                left -= n
    order = {sid: k for k, sid in enumerate(selection.kept_ids())}
    out += [BriefSentence(target[sid], (sid,)) for sid in sorted(chosen, key=order.__getitem__)]
    return out
