"""Parse time per real letter (read + parse + nothing-lost check), median of several runs; or, with
``--sizes``, parse time and peak memory of generated letters up to the input size limit.

    python scripts/bench_parse.py [--letters ../shared/data/letters] [--repeat 7]
    python scripts/bench_parse.py --sizes 1,5,10,20

Reports wall and CPU milliseconds per letter on one core (the parser is single-threaded). Absolute
numbers on shared machines are noisy: compare letters within one run, and read CPU seconds per MB
(constant when parsing is linear). With ``--sizes`` each size runs in a fresh process, so that its
peak resident memory (``ru_maxrss``) is its own; the letters come from ``tests/large_letter.py``
(many motions, citations and marker-like numbers: what once made parsing quadratic).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nlbrief.accounting import check_document
from nlbrief.parse import parse_document
from nlbrief.read import read_path

DEFAULT_LETTERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "letters"


def one_size(mb: float) -> dict[str, float]:
    """Read, parse and check a generated letter of ``mb`` MB in this process (a child of `sizes`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from large_letter import large_letter

    text = large_letter(int(mb * 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.txt"
        path.write_text(text, encoding="utf-8")
        w0, c0 = time.perf_counter(), time.process_time()
        doc = read_path(path, max_size_mb=mb + 1)
        letter = parse_document(doc)
        ok = check_document(doc, letter).ok
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"mb": mb, "chars": len(text), "cpu_s": cpu, "wall_s": wall, "peak_mb": peak_mb, "ok": ok,
            "sentences": sum(len(s.sentences) for s in letter.sections), "motions": len(letter.motions)}


def sizes(spec: str) -> None:
    print(f"{'MB':>5} {'chars':>10} {'cpu s':>7} {'cpu s/MB':>9} {'wall s':>7} {'peak MB':>8} "
          f"{'sentences':>9} {'motions':>7}  ok")
    for mb in (float(x) for x in spec.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one-size", str(mb)], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['mb']:>5g} {r['chars']:>10} {r['cpu_s']:>7.1f} {r['cpu_s'] / r['mb']:>9.2f} "
              f"{r['wall_s']:>7.1f} {r['peak_mb']:>8.0f} {r['sentences']:>9} {r['motions']:>7}  "
              f"{'yes' if r['ok'] else 'NO'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=Path, default=DEFAULT_LETTERS)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sizes", help="comma-separated sizes in MB: generated letters, one process each")
    ap.add_argument("--one-size", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_size is not None:
        print(json.dumps(one_size(args.one_size)))
        return
    if args.sizes:
        sizes(args.sizes)
        return
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
