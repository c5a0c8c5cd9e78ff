"""nlbrief: faithful English briefs and translations of Dutch parliamentary letters.

Heavy libraries (torch, transformers, ctranslate2, ray) are imported only inside the functions
that need them, so that ``import nlbrief`` and ``nlbrief --help`` stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
