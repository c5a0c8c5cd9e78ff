"""What matters in a Kamerbrief: the sentence features that `nlbrief.select` scores with.

Pure functions on one sentence's text (and, for a few, its neighbours); no model, deterministic.
The knowledge is the genre's own, taken from reading Kamerbrieven (the "tune" letters of
eval/real/split.toml and our evaluation set's tune part) and from the Aanwijzingen voor de
regelgeving / Handboek Kamerbrieven habit of a ministry's letters: a letter informs ("informeer ik
uw Kamer"), decides ("heb ik besloten"), commits ("ik zal uw Kamer voor de zomer informeren"),
answers members' questions and motions, and states the government's position.

- `cues`: the named cues a sentence carries (decision, commitment, request, position, answer,
  motion, amount, date), each with a weight; `cue_weight` is their capped sum;
- `demotions`: courtesy and framing ("Hierbij informeer ik u", "Ik zie de toekomst met
  vertrouwen tegemoet"), a reported or direct question, a list lead-in;
- `excluded`: what never goes into a brief: table rows, URLs, page furniture, glued note markers;
- `depends_on_previous`: a sentence that leans on the one before it (Dit, Deze, Daarnaast, Ook,
  In dat gesprek, De tweede motie, Hiermee ...).
"""

from __future__ import annotations

import re

from .text.dutch import find_dates

#: Cue name -> (pattern on the lower-cased sentence, weight). Weights were set on the tune letters.
CUES: dict[str, tuple[re.Pattern[str], float]] = {
    "decision": (re.compile(
        r"\b(?:besloten|besluit|besluiten|beslist|ingestemd|instemmen|stem(?:t|men)? in|aangenomen|"
        r"vastgesteld|goedgekeurd|ingevoerd|invoeren|afgewezen|verworpen|toegekend|uitgetrokken|"
        r"beschikbaar (?:gesteld|stellen|gesteld)|gekozen|kies ik|kiest het kabinet|trek(?:t|ken)? .{0,40} uit)\b"
    ), 0.45),
    "commitment": (re.compile(
        r"\b(?:(?:ik|wij|we|het kabinet|de regering) (?:zal|zullen|ga|gaan|gaat)|(?:zal|zullen|ga|gaan) "
        r"(?:ik|wij|we|het kabinet)|informeer (?:ik|wij) (?:u|uw kamer)|(?:u|uw kamer) (?:\w+ ){0,3}"
        r"(?:informeren|berichten|op de hoogte (?:houden|stellen))|toezegging|toegezegd|zeg(?:gen)? toe|"
        r"kom(?:en)? (?:ik|wij) .{0,20}terug|voor de zomer|na de zomer|voor het (?:eind|einde)|uiterlijk|"
        r"in het (?:voorjaar|najaar)|voortgang (?:bewaken|monitoren))\b"
    ), 0.4),
    "request": (re.compile(
        r"\b(?:verzoek(?:t|en)? (?:de regering|het kabinet|de minister|de staatssecretaris|de commissie|"
        r"(?:de )?lidstaten|u\b|uw kamer|ik|wij)|verzoek ik|vraag(?:t)? (?:ik|wij|de commissie|nederland)|"
        r"vragen (?:wij|de lidstaten)|"
        r"roep(?:t|en)? .{0,60} op|oproep|dring(?:t|en)? .{0,40} aan|wordt gevraagd|worden gevraagd)\b"
    ), 0.35),
    "position": (re.compile(
        r"\b(?:nederland|het kabinet|de regering) (?:heeft|is|acht|vindt|steunt|zet zich in|zet in|"
        r"benadrukt|benadrukte|onderstreept|onderstreepte|pleit|pleitte|wil|staat)|"
        r"\b(?:vind|acht|steun|benadruk|onderschrijf|deel) ik\b|\bik (?:vind|acht|steun|benadruk|onderschrijf|"
        r"ben (?:van mening|voorstander|tegen|geen voorstander))|\bstandpunt\b|\binzet (?:van|is)\b|"
        r"\bmijn (?:inzet|standpunt|oordeel|conclusie)\b|\bonwenselijk\b|\bnoodzakelijk\b"
    ), 0.3),
    "answer": (re.compile(
        r"\b(?:in antwoord op|het antwoord|ik ben (?:niet |wel |daartoe |hiertoe )?bereid|"
        r"zie ik (?:daarom |dan ook )?(?:geen|wel)|ik zie (?:daarom |dan ook )?(?:geen|wel) "
        r"(?:mogelijkheid|aanleiding|reden|noodzaak)|dat is (?:niet )?het geval|dat klopt)\b"
    ), 0.3),
    "motion": (re.compile(r"\b(?:motie|moties|amendement|kamerstuk|kamerstukken|kst\.|verzoekt de regering)"), 0.25),
    "amount": (re.compile(r"€|\beuro\b|\bmiljoen\b|\bmiljard\b|\bprocent\b|%"), 0.2),
    # The government speaking: what it does weighs more than what others do.
    "actor": (re.compile(r"\b(?:ik|wij|we|mijn|ons|onze|het kabinet|dit kabinet|de regering|nederland|"
                         r"de minister|de staatssecretaris)\b"), 0.1),
}
#: Weight of a date or deadline (found by `nlbrief.dutch.find_dates`).
DATE_WEIGHT = 0.2

#: Courtesy and framing: they say that the letter informs, not what it says.
_COURTESY_RE = re.compile(
    r"^(?:hierbij (?:informeer|ontvangt|bied|stuur|zend|doe)|met deze brief|in deze brief|in (?:de|het) "
    r"(?:onderstaande|hiernavolgende)|graag informeer|ik zie .{0,40}met vertrouwen tegemoet|ik hoop .{0,40}"
    r"(?:hiermee|hierbij|met deze brief|voldoende)|ik vertrouw erop|hiermee (?:heb ik|hoop ik|beantwoord ik|"
    r"informeer ik)|ik dank|bijgaand (?:treft|ontvangt|stuur|zend)|hieronder (?:ga ik|licht ik|volgt|treft)|"
    r"deze brief (?:gaat|bevat|is)|zoals (?:gebruikelijk|bekend)|in dit (?:hoofdstuk|deel|onderdeel)|tot slot (?:zal|ga)|"
    r"daarnaast (?:zal|ga) ik)|\b(?:ga|gaan|zal|zullen) (?:ik|we|wij) (?:\w+ ){0,4}?(?:in op|behandelen|toelichten|"
    r"bespreken)\b"
)
#: A question: direct, or reported of a member ("De heer Kwint vroeg of ik bereid ben ...").
_QUESTION_RE = re.compile(
    r"\?\s*[’'\"”)]?\s*$|^(?:ook )?(?:de heer|mevrouw|het lid|de leden|de fractie|de fracties|"
    r"de commissie)\b.{0,120}\b(?:vroeg|vroegen|vraagt|vragen|stelde|stelden|wil(?:de|den)? weten|"
    r"informeerde|informeerden)\b"
)
#: Openers that lean on the sentence before (issue 11's examples and their kin).
_DEPENDS_RE = re.compile(
    r"^(?:(?:dit|deze|dat|die)(?!\s+(?:jaar|week|maand|voorjaar|najaar|zomer|winter|kabinet|brief)\b)|"
    r"daar|daarna|daarnaast|daarbij|daarmee|daardoor|daarom|daarvoor|daarin|daarop|daarover|daartoe|"
    r"hiermee|hierdoor|hiervoor|hierin|hierop|hierover|hiertoe|hierbij(?!\s+(?:informeer|ontvangt|bied|stuur|zend))|"
    r"ook|tevens|verder|bovendien|wel|echter|evenwel|zij|hij|ze|het gaat|beide|dergelijke|zo'n|zo’n|"
    r"ja|nee|in (?:dat|die|dit|deze) (?:gesprek|gesprekken|overleg|kader|verband|brief|rapport)|"
    r"met (?:die|deze|dat|dit)\b|na afloop|de (?:eerste|tweede|derde|vierde|vijfde|laatste|andere|"
    r"genoemde|voornoemde) (?:motie|vraag|toezegging|maatregel|aanbeveling|stap|brief))\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:nl|com|org|eu|int)/\S*", re.IGNORECASE)
_FURNITURE_RE = re.compile(r"\b(?:pagina|blz\.?) \d+ van \d+\b|^\s*(?:ons kenmerk|kenmerk|datum|betreft)\b",
                           re.IGNORECASE)
#: A footnote marker glued to a word or a full stop ("geïnformeerd.1 De", "klassen2 verzoekt").
_GLUED_MARKER_RE = re.compile(r"[a-zà-ÿ]{3,}[.,;:]?\d{1,2}(?=\s+[A-Za-z])")
#: Columns kept apart by runs of spaces or tabs: how extracted tables read.
_COLUMNS_RE = re.compile(r"\S(?: {3,}|\t)\S")
#: A list item's marker: a dash or bullet, "1." / "1)" / "a." / "a)".
_BULLET_RE = re.compile(r"^(?:[–•\-*·\uf0b7▪◦]|\d{1,2}[.)]|[a-z][.)])\s")
_NUMBER_TOKEN_RE = re.compile(r"^[€$]?[\d.,%]+[%]?$|^[-–—]$")


def cues(text: str) -> dict[str, float]:
    """The cues of one sentence, name -> weight (see `CUES`, plus "date" for a date or deadline)."""
    lower = text.lower()
    found = {name: weight for name, (pattern, weight) in CUES.items() if pattern.search(lower)}
    if find_dates(text):
        found["date"] = DATE_WEIGHT
    return found


def cue_weight(found: dict[str, float]) -> float:
    """The cue feature in [0, 1]: the capped sum of the cues' weights."""
    return min(sum(found.values()), 1.0)


def is_question(text: str) -> bool:
    """A direct question, or a member's question reported ("Het lid X vroeg of ...")."""
    return bool(_QUESTION_RE.search(text.strip().lower()))


def is_courtesy(text: str) -> bool:
    """Courtesy or framing that carries no content of its own."""
    return bool(_COURTESY_RE.search(text.strip().lower()))


def is_fragment(text: str) -> bool:
    """A piece of a sentence (it starts in lower case): a page or column break cut it."""
    first = text.strip()[:1]
    return first.isalpha() and first.islower()


def is_caption(text: str) -> bool:
    """A title or table caption rather than a sentence: short, and no closing punctuation."""
    stripped = text.rstrip().rstrip("’'\"”)")
    return len(text.split()) < 20 and not stripped.endswith((".", "!", "?", ":", ";"))


def is_lead_in(text: str) -> bool:
    """A list's lead-in: it ends in a colon, so its items say what it means."""
    return text.rstrip().endswith(":")


def is_list_item(text: str) -> bool:
    """A list item: it starts with a dash, bullet or item number."""
    return bool(_BULLET_RE.match(text.strip()))


def depends_on_previous(text: str) -> bool:
    """The sentence starts by leaning on the one before it (Dit, Deze, Daarnaast, Ook, ...)."""
    return bool(_DEPENDS_RE.search(text.strip().lstrip("‘'\"“(")))


def looks_like_table_row(text: str) -> bool:
    """Mostly numbers: a table row that the parser did not mark (three or more numbers, at least
    two in five tokens)."""
    tokens = text.split()
    numeric = sum(1 for t in tokens if _NUMBER_TOKEN_RE.match(t.strip("()")))
    return numeric >= 3 and numeric * 5 >= 2 * len(tokens)


def excluded(text: str) -> str | None:
    """Why a sentence may never be in a brief (None when it may): "url", "furniture",
    "note-marker" or "table-row"."""
    if _URL_RE.search(text):
        return "url"
    if _FURNITURE_RE.search(text):
        return "furniture"
    if _GLUED_MARKER_RE.search(text):
        return "note-marker"
    if looks_like_table_row(text) or _COLUMNS_RE.search(text):
        return "table-row"
    return None

