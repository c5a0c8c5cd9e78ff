"""Size limits of the source tree, checked in CI: no module over 600 lines, no function over 80
lines or cyclomatic complexity 15 (radon's measure, McCabe 1976). Prints radon's top ten either way.

    python scripts/check_limits.py [--top N] [PATH]

Exit code 1 when a limit is broken, with each offender on its own line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_COMPLEXITY = 15


def measure(root: Path) -> tuple[list[tuple[int, int, str]], list[str]]:
    """(complexity, lines, "file:function") for every function under ``root``, and the problems."""
    rows: list[tuple[int, int, str]] = []
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            problems.append(f"{path}: {lines} lines (limit {MAX_MODULE_LINES})")
        for block in cc_visit(text):
            if not isinstance(block, Function):  # a class is judged by its methods
                continue
            name = f"{block.classname}.{block.name}" if getattr(block, "classname", None) else block.name
            length = block.endline - block.lineno + 1
            rows.append((block.complexity, length, f"{path}:{block.lineno} {name}"))
            if block.complexity > MAX_COMPLEXITY:
                problems.append(f"{path}:{block.lineno} {name}: complexity {block.complexity} "
                                f"(limit {MAX_COMPLEXITY})")
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{path}:{block.lineno} {name}: {length} lines (limit {MAX_FUNCTION_LINES})")
    return rows, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="src/nlbrief")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    rows, problems = measure(Path(args.path))
    print(f"radon cyclomatic complexity, top {args.top} (complexity, lines, function):")
    for complexity, length, name in sorted(rows, reverse=True)[: args.top]:
        print(f"  {complexity:3d} {length:4d}  {name}")
    for problem in problems:
        print(f"over the limit: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
