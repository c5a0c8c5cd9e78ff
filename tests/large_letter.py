"""A generated Kamerbrief of any size, for the parse-speed test and `scripts/bench_parse_size.py`.

The text repeats one section template with varied numbers, and holds what made parsing quadratic
before: many spaced numbers that look like footnote markers ("het lid De Korte 3 wordt", "in 2
jaar"), many motions with citations in the same sentence, glued markers and footnotes.
Deterministic: the same size gives the same text.
"""

from __future__ import annotations

HEAD = (
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\n"
    "Den Haag, 12 maart 2026\n\n"
    "Betreft Voortgang van het programma\n\n"
    "Geachte voorzitter,\n\n"
)
TAIL = (
    "Hoogachtend,\n\n"
    "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\n"
    "P. Jansen\n\n"
    "1 Kamerstuk 36 410, nr. 1.\n\n"
    "2 Zie de Voorjaarsnota 2026, blz. 14.\n"
)


def _section(k: int) -> str:
    n = 100 + k % 900
    return (
        f"{k + 1}. Onderdeel {k + 1}\n\n"
        f"Met deze brief informeer ik uw Kamer over de uitvoering van de motie van het lid Jansen{k % 7} "
        f"(Kamerstuk 36 {n}, nr. {k % 50 + 1}) en de motie van het lid De Korte {k % 3 + 1} wordt "
        f"verder uitgevoerd in {k % 9 + 2} jaar. Het kabinet trekt € {k % 20 + 1},5 miljoen uit voor de\n"
        f"uitvoering van dit onder-\ndeel en het lid Van Dijk 2 vroeg daarom in 2025 om een nieuwe motie\n"
        f"van het lid Bontenbal{k % 5} (Kamerstuk 21 501-02, nrs. {n}, {n + 1} en {n + 2}). De gemeenten\n"
        f"ontvangen 3 mld. Daarnaast volgt een evaluatie.1 In dat debat is ook de motie-Rog{k % 11} "
        f"besproken, ingediend op 3 maart 2025.\n\n"
        f"De uitvoering loopt volgens plan: a. De provincies voeren uit. b. Het Rijk betaalt {k % 4} keer.\n\n"
    )


def large_letter(size: int) -> str:
    """A letter of at least ``size`` characters (and at most one section more)."""
    parts = [HEAD]
    length = len(HEAD) + len(TAIL)
    k = 0
    while length < size:
        section = _section(k)
        parts.append(section)
        length += len(section)
        k += 1
    parts.append(TAIL)
    return "".join(parts)
