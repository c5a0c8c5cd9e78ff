"""Time PDF reading per page: the old reader (pdfplumber), the new one (PDFium), and pdftotext.

    python scripts/bench_read.py [PDF ...] [--repeat 5] [--old-rev da1df6e]

Without PDFs it reads the real ones in ../shared/data/letters and its dev/ folder. The old reader
is `src/nlbrief/read.py` as it was at ``--old-rev`` (the last commit before the PDFium reader),
loaded from git history so that the comparison is with exactly what ran before; it needs
pdfplumber. pdftotext (poppler-utils: ``apt-get install poppler-utils``) is the reference: a
compiled extractor with no layout rules, run as a process per file, as a user would.

Every variant reads each file ``--repeat`` times in this one run (interleaved, so that load on a
shared machine falls on all alike) and is timed in CPU seconds (user + system, pdftotext's from its
finished process), so that other work on the machine does not count; the table gives the best (least)
time of the repeats per page, and the ratios. The last
column says whether the new reader's text and furniture equal the old reader's ("moved" where the
only difference is lines the new reader recognises as running headers or footers).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nlbrief.read import read_bytes  # noqa: E402

LETTERS = ROOT.parent / "shared" / "data" / "letters"
OLD_REV = "da1df6e"


def old_reader(rev: str) -> ModuleType:
    """`nlbrief/read.py` at ``rev``, imported as ``nlbrief._read_pdfplumber``."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:src/nlbrief/read.py"],
                            check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("nlbrief._read_pdfplumber", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "nlbrief"
    exec(compile(source, f"{rev}:src/nlbrief/read.py", "exec"), module.__dict__)  # noqa: S102
    return module


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children: on a machine shared
    with other work it counts what each reader costs, not what the others cost meanwhile."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _letters(text: str) -> list[str]:
    return sorted(ch for ch in text if ch.isalnum())


def timed(func: Callable[[], object]) -> float:
    start = cpu_seconds()
    func()
    return cpu_seconds() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--old-rev", default=OLD_REV)
    args = ap.parse_args()
    pdfs = args.pdfs or sorted(LETTERS.glob("*.pdf")) + sorted((LETTERS / "dev").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs given and none in {LETTERS}", file=sys.stderr)
        return 2
    old = old_reader(args.old_rev)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("pdftotext not found (apt-get install poppler-utils): its column is left empty", file=sys.stderr)

    header = "| letter | pages | old CPU ms/page | new CPU ms/page | pdftotext CPU ms/page | old/new | new/pdftotext | same text |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    totals = {"old": 0.0, "new": 0.0, "ref": 0.0}
    for path in pdfs:
        data = path.read_bytes()
        name = path.name
        runs: dict[str, list[float]] = {"old": [], "new": [], "ref": []}
        new_doc = read_bytes(data, name=name)  # warm: imports and the first page's fonts
        old_doc = old.read_bytes(data, name=name)
        command = [pdftotext, "-layout", str(path), "-"] if pdftotext else []
        for _ in range(args.repeat):
            runs["old"].append(timed(partial(old.read_bytes, data, name=name)))
            runs["new"].append(timed(partial(read_bytes, data, name=name)))
            if command:
                runs["ref"].append(timed(partial(subprocess.run, command, check=True, capture_output=True)))
        pages = len(new_doc.pages)
        med = {k: min(v) if v else float("nan") for k, v in runs.items()}
        for k in totals:
            totals[k] += med[k]
        same = "yes" if (new_doc.text, new_doc.furniture) == (old_doc.text, old_doc.furniture) else (
            "moved" if _letters(new_doc.text + "".join(new_doc.furniture))
            == _letters(old_doc.text + "".join(old_doc.furniture)) else "NO")
        print(f"| {name} | {pages} | {med['old'] / pages * 1000:.1f} | {med['new'] / pages * 1000:.1f} | "
              f"{med['ref'] / pages * 1000:.1f} | {med['old'] / med['new']:.1f}x | "
              f"{med['new'] / med['ref']:.2f} | {same} |")
    print(f"| all {len(pdfs)} | | {totals['old'] * 1000:.0f} ms | {totals['new'] * 1000:.0f} ms | "
          f"{totals['ref'] * 1000:.0f} ms | {totals['old'] / totals['new']:.1f}x | "
          f"{totals['new'] / totals['ref']:.2f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
