"""What the `chat` and `seq2seq` summarisers share: default models, budgets, input packing, output
clean-up, loops cut. (Loading is the same as for translation models: `loading`.)

Default models, chosen for a laptop CPU and a permissive licence (see the README's Summarise part):

- chat, English briefs: ``Qwen/Qwen2.5-1.5B-Instruct`` (Apache-2.0, 1.5 B parameters, about 3 GB,
  32k context, a reliable chat template and the strongest instruction following of the
  permissively licensed models of its size);
- chat, Dutch briefs: ``utter-project/EuroLLM-1.7B-Instruct`` (Apache-2.0, 1.7 B parameters, about
  3.3 GB, trained on all EU languages with Dutch named among them; Qwen2.5's card does not name
  Dutch among its languages);
- seq2seq: ``sshleifer/distilbart-cnn-12-6`` (Apache-2.0, 306 M parameters): same ROUGE on
  CNN/DailyMail as facebook/bart-large-cnn at a quarter fewer parameters. It writes English only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from ..mttext import cut_repetition, find_repetition, split_for_limit

DEFAULT_CHAT_MODELS: dict[str, str] = {
    "en": "Qwen/Qwen2.5-1.5B-Instruct",
    "nl": "utter-project/EuroLLM-1.7B-Instruct",
}
DEFAULT_SEQ2SEQ_MODEL = "sshleifer/distilbart-cnn-12-6"

#: New tokens allowed per word of the budget: Dutch and names cut into more pieces than English.
TOKENS_PER_WORD = {"en": 1.6, "nl": 2.2}
TOKEN_MARGIN = 16
#: A piece of a section that has to be split gets at least this many words of the budget.
MIN_PIECE_WORDS = 15

_LABEL_RE = re.compile(
    r"^\s*(?:\*\*)?(?:brief|summary|samenvatting|overview|overzicht|answer|antwoord)(?:\*\*)?\s*:\s*",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


def max_new_tokens_for(max_words: int, lang: str) -> int:
    """The generation bound for a brief of at most ``max_words`` words."""
    return int(math.ceil(max_words * TOKENS_PER_WORD.get(lang, 2.0))) + TOKEN_MARGIN


def pack(
    sentences: Sequence[str],
    fits: Callable[[list[str]], bool],
    count_tokens: Callable[[str], int],
    room: int,
) -> list[list[str]]:
    """Group sentences, in order, into as few model inputs as fit; nothing is truncated.

    Args:
        sentences: the sentences of one section.
        fits: whether a group makes an input within the model's limit.
        count_tokens: tokens of one text, for splitting a sentence that is too long on its own.
        room: tokens one sentence may have when it stands alone in an input.

    Returns:
        Groups of sentences (a sentence too long for any input is split at clause boundaries).
    """
    groups: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences:
        if current and fits([*current, sentence]):
            current.append(sentence)
            continue
        if current:
            groups.append(current)
            current = []
        if fits([sentence]):
            current = [sentence]
        else:
            groups.extend([piece] for piece in split_for_limit(sentence, count_tokens, max(room, 1)))
    if current:
        groups.append(current)
    return groups


def piece_budget(max_words: int, pieces: int) -> int:
    """Words per piece when a section is condensed in ``pieces`` pieces (all of them for one)."""
    return max_words if pieces <= 1 else max(MIN_PIECE_WORDS, max_words // pieces)


def join_by_owner(owners: Sequence[int], sources: Sequence[str], texts: Sequence[str], count: int) -> list[str]:
    """The cleaned outputs (`clean_output`) of the pieces of ``count`` sections, each section's
    pieces joined in order: ``owners[i]`` is the section of piece i, ``sources[i]`` the text it
    condensed. A section with no piece, or only empty outputs, gets ""."""
    out: list[list[str]] = [[] for _ in range(count)]
    for owner, source, text in zip(owners, sources, texts, strict=True):
        cleaned = clean_output(text, source)
        if cleaned:
            out[owner].append(cleaned)
    return [" ".join(o) for o in out]


def clean_output(text: str, source: str = "") -> str:
    """A model's answer as plain prose: labels, bullets, markdown emphasis and loops removed."""
    # Byte-level tokenizers decode a cut multi-byte character as U+FFFD: never meaningful.
    text = _LABEL_RE.sub("", text.replace("\ufffd", "").strip())
    text = _BULLET_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = " ".join(text.split())
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1].strip()
    if find_repetition(text, source):
        text = cut_repetition(text, source)
    return text
