"""The closing zone: greeting ("Hoogachtend"), the signatories' roles and names.

A closing is found from its greeting, or without one from a role line next to a name near the
end; several signatories may sign one under the other. A signer who signs for a colleague too
prints "mede namens de Minister van ...," under the role: that line is no part of the sender role
(the role stays as printed above it); it is a closing line, kept in ``Letter.closing``.
"""

from __future__ import annotations

import re

from .lines import (
    BLANK,
    BODY,
    CLOSING,
    FOOTER_RE,
    GREETING_RE,
    LABEL_RE,
    ROLE_RE,
    LineDoc,
)

_TITLES = frozenset({"dr.", "drs.", "mr.", "ir.", "prof.", "ing.", "bc.", "mw.", "dhr.", "mevr."})
_PARTICLES = _TITLES | frozenset({"van", "de", "der", "den", "ter", "ten", "te", "in", "'t", "'s", "von", "el"})
# Initials with the first name in brackets, as some ministers sign: "E.J. (Eddy) van Hijum".
_BRACKETED_FIRST_NAME_RE = re.compile(r"^((?:[a-z]{1,4}\.\s+)*(?:[A-Z][a-z]{0,2}\.)+)\s*\([A-Z][^\W\d_]+\)(?=\s)")
# A surname with an elided article: "d'Hondt", "d'Ancona".
_ELIDED_RE = re.compile(r"^[a-z]['’][A-Z]")


def mark_closing(doc: LineDoc) -> None:
    """Class the closing lines; set ``doc.closing_start``, ``doc.closing_end``, ``doc.roles``
    and ``doc.names``."""
    lines = doc.lines
    lo = doc.body_start
    greeting = next(
        (i for i in range(doc.n - 1, lo - 1, -1) if lines[i].role == BODY and GREETING_RE.match(lines[i].text)),
        None,
    )
    end = None
    if greeting is not None:
        doc.closing_start = greeting
        end = _consume_signatures(doc, greeting + 1)
    if not doc.roles:
        # no greeting, or one that no role follows: the greeting of a copy sent on ("Met
        # vriendelijke groet," / "namens deze," / its writer's name), the cover letter signed above it
        start = _find_signature_without_greeting(doc, lo, greeting)
        if start is not None:
            doc.names = []
            doc.closing_start = _extend_signatures_back(doc, start, lo)
            end = _consume_signatures(doc, doc.closing_start)
    if end is None:
        return
    doc.closing_end = end
    for ln in lines[doc.closing_start : end]:
        if ln.role == BODY:
            ln.role = CLOSING if ln.text else BLANK


def _consume_signatures(doc: LineDoc, i: int) -> int:
    """Read role and name lines from ``i``; return the index after the last one."""
    lines = doc.lines
    last = i
    role_buf: list[str] = []
    after_role = False  # the last line taken ends a role: a "mede namens" line may follow
    while i < doc.n:
        ln = lines[i]
        if ln.role != BODY or not ln.text:
            i += 1
            # the space left for a handwritten signature: up to eight blank lines in pdfminer text
            if not ln.text and i - last > 8:
                break
            continue
        t = ln.text
        pair = None if role_buf else split_role_name(t)
        behalf = on_behalf_end(doc, i) if after_role and not role_buf else None
        if behalf is not None:
            i = behalf  # "mede namens de Minister van ...,": a closing line, no part of the role
        elif pair:
            doc.roles.append(pair[0])
            doc.names.append(pair[1])
        elif role_buf or ROLE_RE.match(t):
            role_buf = _role_line(doc, i, role_buf)
            after_role = not role_buf
        elif looks_like_name(_without_wg(t)):
            doc.names.append(_without_wg(t))
            after_role = False
        else:
            break
        last = i + 1
        i += 1
    if role_buf:
        doc.roles.append(join_role(role_buf))
    return last


def _role_line(doc: LineDoc, i: int, role_buf: list[str]) -> list[str]:
    """Add role line ``i`` to ``role_buf``; record the role when it does not wrap on (and return
    an empty buffer)."""
    lines = doc.lines
    role_buf = [*role_buf, lines[i].text]
    j = doc.next_nonblank(i)
    nxt = lines[j].text if j is not None and lines[j].role == BODY else ""
    if role_continues(role_buf, nxt):
        return role_buf
    doc.roles.append(join_role(role_buf))
    return []


def _extend_signatures_back(doc: LineDoc, start: int, lo: int) -> int:
    """Several signatories sign one under the other: take in the role/name pairs above."""
    lines = doc.lines
    while True:
        p = doc.prev_nonblank(start, lo - 1)
        if p is None or lines[p].role != BODY:
            return start
        t = lines[p].text
        if looks_like_name(_without_wg(t)) or ROLE_RE.match(t):
            start = p
            continue
        behalf = _on_behalf_under_role(doc, p, lo)
        if behalf is not None:
            start = behalf  # "mede namens ...," under the role above: the role comes next
            continue
        q = doc.prev_nonblank(p, lo - 1)
        # a wrapped role: "De Staatssecretaris van Financiën –" / "Toeslagen en Douane,"
        if t.endswith(",") and len(t.split()) <= 6 and q is not None and ROLE_RE.match(lines[q].text):
            start = q
            continue
        return start


def _on_behalf_under_role(doc: LineDoc, p: int, lo: int) -> int | None:
    """The first line of a "mede namens ..." block that ends at line ``p`` and stands under a role
    (a role line, or a wrapped role's last line ending in a comma with the role line above it);
    None otherwise."""
    q: int | None = p
    for _ in range(3):
        if q is None or q < lo or doc.lines[q].role != BODY:
            return None
        if on_behalf_end(doc, q) == p:
            r = doc.prev_nonblank(q, lo - 1)
            r2 = doc.prev_nonblank(r, lo - 1) if r is not None else None
            return q if _is_role(doc, r) or doc.lines[r or 0].text.endswith(",") and _is_role(doc, r2) else None
        q = doc.prev_nonblank(q, lo - 1)
    return None


def _is_role(doc: LineDoc, i: int | None) -> bool:
    """Whether line ``i`` is a body line that opens a role."""
    return i is not None and doc.lines[i].role == BODY and bool(ROLE_RE.match(doc.lines[i].text))


def _find_signature_without_greeting(doc: LineDoc, lo: int, stop: int | None = None) -> int | None:
    """A closing without "Hoogachtend": a role line and a name (or a name and a role) near the end;
    further up only a role that ends in a comma right above a name, where a cover letter signs
    above the copy it sends on ("Hierbij zend ik u een afschrift ..." / role / name / the copy).
    Only lines before ``stop`` (a greeting without a signature under it) are searched."""
    lines = doc.lines
    body_idx = [i for i in range(lo, doc.n if stop is None else stop) if lines[i].role == BODY and lines[i].text]
    for pos in range(len(body_idx) - 1, -1, -1):
        # above a greeting the lines are the copy's text, not the letter's end
        near_end = stop is None and len(body_idx) - pos <= 40
        if ROLE_RE.match(lines[body_idx[pos]].text):
            found = _signature_at(doc, body_idx, pos) if near_end else _comma_role_above_name(doc, body_idx, pos)
            if found is not None:
                return found
    return None


def signed_before(doc: LineDoc, stop: int) -> bool:
    """Whether a signature (a role ending in a comma, a name under it) stands among the body lines
    before line ``stop``: a salutation below one opens a copy that a cover letter sends on, not
    the letter itself."""
    body_idx = [i for i in range(stop) if doc.lines[i].role == BODY and doc.lines[i].text]
    return any(
        ROLE_RE.match(doc.lines[i].text) and _comma_role_above_name(doc, body_idx, pos) is not None
        for pos, i in enumerate(body_idx)
    )


def _comma_role_above_name(doc: LineDoc, body_idx: list[int], pos: int) -> int | None:
    """The role line at ``body_idx[pos]`` when it (or the line it wraps onto) ends in a comma and a
    name follows: the one signature shape that prose far from the end never takes."""
    j = _after_wrapped_role(doc, body_idx, pos)
    role_end = _role_end(doc, body_idx, pos)
    if j is None or not role_end.endswith(",") or len(role_end.split()) > 10:
        return None
    return body_idx[pos] if looks_like_name(_without_wg(doc.lines[j].text)) else None


def _role_end(doc: LineDoc, body_idx: list[int], pos: int) -> str:
    """The role's last line: the line after ``body_idx[pos]`` when the role wraps onto it, else
    the role line itself."""
    return doc.lines[body_idx[_role_extent(doc, body_idx, pos)[0]]].text


def _signature_at(doc: LineDoc, body_idx: list[int], pos: int) -> int | None:
    """Where the signature starts when the role line at ``body_idx[pos]`` is part of one."""
    lines = doc.lines
    i = body_idx[pos]
    t = lines[i].text
    k = body_idx[pos - 1] if pos > 0 else None
    if len(body_idx) - pos <= 10 and split_role_name(t):
        return i  # "De Minister van Defensie, A.Th.B. Bijleveld-Schouten" on one line
    j = _after_wrapped_role(doc, body_idx, pos)
    # a wrapped role ends in a comma on its second line ("... Sociale Zaken en" / "Werkgelegenheid,")
    role_end = _role_end(doc, body_idx, pos)
    role_shaped = role_end.endswith(",") or len(body_idx) - pos <= 4 and len(t.split()) <= 10
    if role_shaped and j is not None and looks_like_name(_without_wg(lines[j].text)):
        # "De Staatssecretaris van Justitie en Veiligheid," / "E. van der Burg"
        # (wrapped roles: step back over a role line that does not end in a comma)
        if k is not None and ROLE_RE.match(lines[k].text) and not lines[k].text.endswith(","):
            return k
        return i
    return _name_before(doc, k, t)


def _name_before(doc: LineDoc, k: int | None, role: str) -> int | None:
    """The name line ``k`` above a role line: "M.A.M. Adriaansens" / "Minister van Economische
    Zaken en Klimaat"."""
    if k is not None and looks_like_name(_without_wg(doc.lines[k].text)) and not role.endswith("."):
        return k
    return None


def _after_wrapped_role(doc: LineDoc, body_idx: list[int], pos: int) -> int | None:
    """The line after the role at ``body_idx[pos]``, where a name would stand: past a second
    role line when the role wraps ("De Staatssecretaris van Onderwijs," / "Cultuur en
    Wetenschap,"; "De Staatssecretaris van Sociale Zaken en" / "Werkgelegenheid,") and past a
    "mede namens ..." block under it."""
    after = _role_extent(doc, body_idx, pos)[1]
    return body_idx[after] if after < len(body_idx) else None


def _role_extent(doc: LineDoc, body_idx: list[int], pos: int) -> tuple[int, int]:
    """For the role at ``body_idx[pos]``: the position (in ``body_idx``) of its last line, and
    the position after it and after the "mede namens" lines under it."""
    t = doc.lines[body_idx[pos]].text
    last = pos
    nxt = doc.lines[body_idx[pos + 1]].text if pos + 1 < len(body_idx) else ""
    # without a comma the role wraps only onto a line that ends one ("Werkgelegenheid,") or after
    # a word it cannot end with ("... Zaken en" / "Werkgelegenheid")
    wraps = t.endswith(",") or nxt.endswith(",") or _DANGLING_RE.search(t)
    if nxt and wraps and role_continues([t], nxt):
        last = pos + 1
    after = last + 1
    end = on_behalf_end(doc, body_idx[after]) if after < len(body_idx) else None
    if end is not None and end in body_idx:
        after = body_idx.index(end) + 1
    return last, after


# "mede namens de Minister van ...," under a signer's role: the signer signs for a colleague too.
# The line is no part of the role (`sender_role` is the role as printed above it); it stays among
# the letter's closing lines. A line of prose that opens so ("mede namens de minister van
# Financiën laat ik u weten ...") is only read so straight under a role in a closing.
_ALSO_ON_BEHALF_RE = re.compile(r"^(?:[Mm]ede|MEDE)\s+(?:namens|NAMENS)\s+\S")


def on_behalf_end(doc: LineDoc, i: int) -> int | None:
    """When line ``i`` opens a "mede namens ..." block, the index of its last line; else None.

    The block wraps after a word a role cannot end with ("mede namens de minister voor
    Volkshuisvesting en" / "Ruimtelijke Ordening,") or, without a final comma, onto a short line
    that ends in one; a second colleague follows on a line of its own ("mede namens de Minister
    van Financiën," / "en de Minister van Defensie,"). At most three lines, and never onto a
    role or initials (a name)."""
    lines = doc.lines
    if not _ALSO_ON_BEHALF_RE.match(lines[i].text) or len(lines[i].text.split()) > 16:
        return None
    end = i
    for _ in range(2):
        t = lines[end].text
        j = doc.next_nonblank(end)
        if j is None or lines[j].role != BODY:
            break
        nxt = lines[j].text
        if ROLE_RE.match(nxt) or re.search(r"\b[A-Z]\.|\d", nxt) or not _on_behalf_goes_on(t, nxt):
            break
        end = j
    return end


def _on_behalf_goes_on(t: str, nxt: str) -> bool:
    """Whether a "mede namens" block goes on from line ``t`` onto ``nxt`` (see `on_behalf_end`)."""
    if re.match(r"^en\s+(?:de|het)\s+\S", nxt) and nxt.endswith(","):
        return len(nxt.split()) <= 12  # "en de Minister van Binnenlandse Zaken en Koninkrijksrelaties,"
    return not t.endswith(",") and len(nxt.split()) <= 6 and bool(_DANGLING_RE.search(t) or nxt.endswith(","))


# A person's name after the comma: initials ("A.B. Jansen") or first name and surname ("Carola
# Schouten"); words of ministry names never occur in it ("Economische Zaken").
_PERSON_RE = re.compile(r"[A-Z]\.|^[A-Z][a-z]+(?:\s+(?:van|de|der|den|ter|ten)\b)*\s+[A-Z]")
_MINISTRY_WORD_RE = re.compile(
    r"\b(?:Zaken|Sport|Klimaat|Waterstaat|Veiligheid|Justitie|Defensie|Financiën|Onderwijs|Cultuur|"
    r"Wetenschap|Milieu\w*|Innovatie|Landbouw|Natuur|Voedselkwaliteit|Koninkrijksrelaties|Werkgelegenheid|"
    r"Welzijn|Volksgezondheid|Ontwikkelingssamenwerking|Asiel|Migratie|Integratie|Gezin|Jeugd|Zorg|"
    r"Ordening|Infrastructuur|Economie|Handel|Emancipatie|Media)\b"
)
_WG_RE = re.compile(r"^\(?w\.g\.\)?\s*", re.IGNORECASE)


def _without_wg(text: str) -> str:
    """A name line without the "(w.g.)" (was signed) that copies print before the name."""
    return _WG_RE.sub("", text)


def split_role_name(text: str) -> tuple[str, str] | None:
    """A closing on one line, role then name after the last comma: "De Minister van Financiën,
    A. B. Jansen" -> ("De Minister van Financiën", "A. B. Jansen"); None for anything else."""
    if not ROLE_RE.match(text) or "," not in text:
        return None
    role, _, name = text.rpartition(",")
    name = _without_wg(name.strip())
    if not role.strip() or not name or not looks_like_name(name) or ROLE_RE.match(name):
        return None
    if _MINISTRY_WORD_RE.search(name) or not _PERSON_RE.search(name):
        return None  # the tail after the comma must read as a person's name, not as part of a role
    return join_role([role]), name


def looks_like_name(text: str) -> bool:
    """A signatory line: "E. van der Burg", "drs. V.L.W.A. Heijnen", "Jan Anthonie Bruijn",
    "E.J. (Eddy) van Hijum", "prof. dr. ir. J. van den Berg", "E. d'Hondt"."""
    t = _BRACKETED_FIRST_NAME_RE.sub(r"\1", text.strip())
    words = t.split()
    if not _name_shaped(t, words):
        return False
    capitals = [w for w in words if w.lower() not in _PARTICLES]
    if any(not (w[0].isupper() or _ELIDED_RE.match(w)) for w in capitals):
        return False
    return bool(capitals) and not re.search(r"\d", t) and not t.endswith(".") or bool(
        re.fullmatch(r"(?:[A-Z]\.)+\s*.*", t)
    )


def _name_shaped(t: str, words: list[str]) -> bool:
    """Short, one to six words besides titles ("prof. dr. ir."), no final comma or colon, no
    role, footer or label."""
    if not t or len(t) > 45 or t.endswith((",", ":", ";")) or ROLE_RE.match(t):
        return False
    own = [w for w in words if w.lower() not in _TITLES]
    return 1 <= len(own) <= 6 and not FOOTER_RE.match(t) and not LABEL_RE.match(t)


def role_continues(buf: list[str], nxt: str) -> bool:
    """Whether a role wraps onto ``nxt``: "de minister van Volksgezondheid," / "Welzijn en Sport,"."""
    if not nxt or len(buf) >= 3 or ROLE_RE.match(nxt) or re.search(r"\d", nxt):
        return False
    if len(nxt.split()) > 6 or GREETING_RE.match(nxt) or _ALSO_ON_BEHALF_RE.match(nxt):
        return False
    if buf[-1].endswith(","):
        return _continues_after_comma(buf[-1], nxt)
    if _DANGLING_RE.search(buf[-1]):
        # "... Sociale Zaken en" / "Werkgelegenheid": a role cannot end there; initials are a name
        return not re.search(r"\b[A-Z]\.", nxt)
    # a lower-case start continues the role ("en Koninkrijksrelaties"), unless it is a name ("drs. ...")
    return nxt.endswith(",") or nxt[:1].islower() and not looks_like_name(nxt)


def _continues_after_comma(prev: str, nxt: str) -> bool:
    """After a role line ending in a comma, which can end the role or sit inside it: the
    continuation ends in a comma too. A role in capitals goes on in capitals ("... VISSERIJ," /
    "VOEDSELZEKERHEID EN NATUUR,"), which the name test would take for a name: a name has initials
    or is written in small letters."""
    if not nxt.endswith(","):
        return False
    if prev.isupper() and nxt.isupper() and not re.search(r"\b[A-Z]\.", nxt):
        return True
    return not looks_like_name(nxt.rstrip(",")) or bool(
        re.match(r"^(?:en|Welzijn|Jeugd|Sport|Klimaat|Waterstaat|Veiligheid|Koninkrijksrelaties)\b", nxt))


# The words a wrapped role's first line ends with where the role goes on ("... Zaken en", "... voor").
_DANGLING_RE = re.compile(r"\s(?:en|van|voor|voor\s+de|EN|VAN|VOOR|VOOR\s+DE|[–-])$")


# "namens deze," under a role: an official signs for the minister; it is no part of the role.
_ON_BEHALF_RE = re.compile(r",?\s*namens\s+deze\s*,?$", re.IGNORECASE)


# "De Minister van X, mede namens de Minister van Y," on one line: the role ends at the comma.
_ALSO_ON_BEHALF_TAIL_RE = re.compile(r",?\s+(?:mede|Mede|MEDE)\s+namens\b.*$")


def join_role(parts: list[str]) -> str:
    """A role wrapped over ``parts`` as one line, without the final comma, a "namens deze" or a
    "mede namens ..." printed on the role's own line."""
    role = " ".join(p.strip() for p in parts).rstrip(",").strip()
    role = _ALSO_ON_BEHALF_TAIL_RE.sub("", role)
    return _ON_BEHALF_RE.sub("", role).rstrip(",").strip()
