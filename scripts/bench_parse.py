"""Parse time per real letter (read + parse + nothing-lost check), median of several runs.

    python scripts/bench_parse.py [--letters ../shared/data/letters] [--repeat 7]

Reports wall and CPU milliseconds per letter on one core (the parser is single-threaded). Absolute
numbers on shared machines are noisy: compare letters within one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nlbrief.accounting import check_document
from nlbrief.parse import parse_document
from nlbrief.read import read_path

DEFAULT_LETTERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "letters"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=Path, default=DEFAULT_LETTERS)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    paths = sorted(args.letters.glob("kst-*.txt")) + sorted(args.letters.glob("kst-*.pdf"))
    if not paths:
        raise SystemExit(f"no letters in {args.letters}")
    print(f"{'letter':<62} {'chars':>7} {'read ms':>8} {'parse ms':>9} {'cpu ms':>7}  ok")
    text_parse: list[float] = []
    for path in paths:
        reads, parses, cpus = [], [], []
        repeat = args.repeat if path.suffix == ".txt" else max(1, args.repeat // 3)
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = read_path(path)
            t1 = time.perf_counter()
            c0 = time.process_time()
            letter = parse_document(doc)
            ok = check_document(doc, letter).ok
            cpus.append((time.process_time() - c0) * 1000)
            parses.append((time.perf_counter() - t1) * 1000)
            reads.append((t1 - t0) * 1000)
        med = statistics.median(parses)
        if path.suffix == ".txt":
            text_parse.append(med)
        print(f"{path.name:<62} {len(doc.text):>7} {statistics.median(reads):>8.1f} {med:>9.1f} "
              f"{statistics.median(cpus):>7.1f}  {'yes' if ok else 'NO'}")
    print(f"\ntext letters: median {statistics.median(text_parse):.1f} ms, "
          f"max {max(text_parse):.1f} ms per letter (parse + check)")


if __name__ == "__main__":
    main()
