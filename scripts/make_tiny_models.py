"""Build the tiny test models (the builder lives in tests/tiny_models.py, importable by the tests).

    python scripts/make_tiny_models.py OUTDIR [--force]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from tiny_models import build_marian, build_tiny_models, main  # noqa: E402

__all__ = ["build_marian", "build_tiny_models", "main"]

if __name__ == "__main__":
    sys.exit(main())
