"""Time the extractive stage (`nlbrief.select.select_letter`) on every real letter.

    python scripts/bench_select.py [LETTERS_DIR] [--repeat 20]

Each letter is parsed once (not timed), then selected ``--repeat`` times; the table gives the first
call (cold: Snowball stemmer import and caches) and the median and best of the rest, in
milliseconds, with the letter's sections and sentences. Defaults to ../shared/data/letters.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from nlbrief.parse import parse_path
from nlbrief.select import DEFAULT_MAX_SENTENCES, DEFAULT_RATIO, select_letter

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "letters"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("letters", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--ratio", type=float, default=DEFAULT_RATIO)
    parser.add_argument("--max-sentences", type=int, default=DEFAULT_MAX_SENTENCES)
    args = parser.parse_args(argv)
    paths = sorted(args.letters.glob("*.txt"))
    if not paths:
        print(f"no .txt letters in {args.letters}", file=sys.stderr)
        return 1

    print("| letter | sections | sentences | kept | first ms | median ms | best ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    medians = []
    for path in paths:
        letter = parse_path(path)
        times = []
        for _ in range(args.repeat + 1):
            start = time.perf_counter()
            selection = select_letter(letter, ratio=args.ratio, max_sentences=args.max_sentences)
            times.append((time.perf_counter() - start) * 1000)
        first, rest = times[0], times[1:]
        medians.append(statistics.median(rest))
        n = sum(len(s.sentences) for s in letter.sections)
        print(f"| {path.name} | {len(letter.sections)} | {n} | {len(selection.kept_ids())} | "
              f"{first:.1f} | {statistics.median(rest):.1f} | {min(rest):.1f} |")
    print(f"\nmedian over letters: {statistics.median(medians):.1f} ms; slowest letter: {max(medians):.1f} ms "
          f"(ratio {args.ratio}, max {args.max_sentences} sentences, {args.repeat} repeats)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
