"""A fake Hugging Face Hub cache, for the tests of model resolution (no network, no download)."""

from __future__ import annotations

import shutil
from pathlib import Path

#: The commit every fake cache entry is at.
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_hub_cache(hf_home: Path, model_dir: Path, model_id: str = "Helsinki-NLP/opus-mt-nl-en") -> Path:
    """Lay ``model_dir`` out as the Hub cache does: models--org--name/{refs/main, snapshots/<commit>}."""
    repo = hf_home / "hub" / ("models--" + model_id.replace("/", "--"))
    snapshot = repo / "snapshots" / COMMIT
    shutil.copytree(model_dir, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snapshot
