"""The language gate: refuse, with a message a user can act on, a letter that is not Dutch."""

from __future__ import annotations

import re

from ..errors import InputError

_DUTCH_WORDS = frozenset(
    "de het een en van in is dat op te voor met zijn niet aan ook als om bij door wordt er die "
    "deze dit naar over uit worden kan tot nog maar heeft hebben u uw ik wij we zal zullen".split()
)
_OTHER_WORDS = {
    "English": frozenset(
        "the and of to in is that for on with as are was be by this it from at or an have has not "
        "which will would their they".split()
    ),
    "French": frozenset(
        "le la les et est des du un une que qui pour dans sur pas par au aux il elle nous vous ce "
        "cette sont été avec".split()
    ),
    "German": frozenset(
        "der die das und ist nicht mit auf den dem des ein eine zu für von sich auch wir sie es "
        "wird werden sind".split()
    ),
}


def language_scores(text: str) -> dict[str, float]:
    """Share (0..1) of each language's function words among the words of ``text``."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    if not words:
        return {"Dutch": 0.0}
    scores = {"Dutch": sum(w in _DUTCH_WORDS for w in words) / len(words)}
    for lang, vocab in _OTHER_WORDS.items():
        scores[lang] = sum(w in vocab for w in words) / len(words)
    return scores


def require_dutch(text: str, name: str) -> None:
    """Raise `InputError` when a text long enough to judge (40 words) is clearly not Dutch, or
    when 2,000 characters or more hold fewer than 40 words (numbers, noise)."""
    sample = text[:20_000]  # enough to judge; a long letter need not be read twice
    words = re.findall(r"[A-Za-zÀ-ÿ]+", sample)
    if len(words) < 40 and len(sample.strip()) >= 2_000:
        # 2,000 characters hold some 300 words of prose: this is numbers, a table dump or noise
        raise InputError(
            f"{name} holds almost no words ({len(words)} in its first {len(sample):,} characters), so "
            "it is no letter nlbrief can read. Pass the text of a Dutch parliamentary letter, or its "
            "PDF; use --no-language-check to parse it anyway."
        )
    if len(words) < 40:
        return
    scores = language_scores(sample)
    nl = scores.pop("Dutch")
    other, best = max(scores.items(), key=lambda kv: kv[1])
    # Dutch prose scores 0.25-0.40 on its function words; English about 0.10 (it shares "in",
    # "is", "over"), French and German less (they share "de", "en", "die").
    if nl < 0.06 or (nl < 0.15 and best > nl):
        lang = other if best > nl else "not Dutch"
        raise InputError(
            f"{name} does not look like Dutch (it reads as {lang}: {nl:.0%} Dutch function words, "
            f"{best:.0%} {other} ones). nlbrief reads Dutch parliamentary letters; pass a Dutch "
            "letter, or use --no-language-check if this one is Dutch after all."
        )
