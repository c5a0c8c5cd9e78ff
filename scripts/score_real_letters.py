"""Score the parser on the real letters against eval/real/expected.json (issue 10).

    PYTHONPATH=src python scripts/score_real_letters.py [--include-heldout] [--json] [--failures] [--rows]
        [--letters ../shared/data/letters] [--split eval/real/split.toml]
        [--expected eval/real/expected.json]

By default only the "tune" letters of split.toml are parsed and scored: the "heldout" letters are
kept aside while rules are written. ``--include-heldout`` adds them, reported in their own column
(the honest figure). ``--failures`` lists each wrong field with what the parser gave (held-out
rows only with ``--include-heldout``); ``--rows`` prints one line per letter. ``--json`` prints the splits and the per-letter rows as
JSON instead. Exit status 2 when an input file is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nlbrief.evaluation.real_letters import (
    aggregate,
    format_failures,
    format_rows,
    format_table,
    load_expectations,
    load_split,
    score_letters,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LETTERS = ROOT.parent / "shared" / "data" / "letters"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=Path, default=DEFAULT_LETTERS, help="the letters folder")
    ap.add_argument("--split", type=Path, default=ROOT / "eval" / "real" / "split.toml")
    ap.add_argument("--expected", type=Path, default=ROOT / "eval" / "real" / "expected.json")
    ap.add_argument("--include-heldout", action="store_true", help="also score the held-out letters")
    ap.add_argument("--json", action="store_true", help="print JSON (splits and per-letter rows)")
    ap.add_argument("--failures", action="store_true", help="list every wrong field per letter")
    ap.add_argument("--rows", action="store_true", help="one line per letter")
    args = ap.parse_args(argv)
    for path in (args.letters, args.split, args.expected):
        if not path.exists():
            print(f"error: {path} does not exist (give its location with --letters/--split/--expected).",
                  file=sys.stderr)
            return 2
    splits = ("tune", "heldout") if args.include_heldout else ("tune",)
    rows = score_letters(args.letters, load_split(args.split), load_expectations(args.expected), splits=splits)
    scores = [aggregate(rows, s) for s in splits]
    if args.json:
        print(json.dumps({"splits": {s.split: s.to_dict() for s in scores},
                          "letters": [r.to_dict() for r in rows]}, indent=2, ensure_ascii=False))
        return 0
    print(format_table(scores))
    if args.rows:
        print()
        print(format_rows(rows))
    if args.failures:
        print()
        print(format_failures(rows) or "no failures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
