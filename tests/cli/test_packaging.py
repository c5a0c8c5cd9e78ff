"""The wheel carries what an installed nlbrief needs: the HTML templates, the prompts, the licence
(an SPDX expression, PEP 639), and Jinja2 among its requirements (issues 9 and 13)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contents(tmp_path: Path) -> None:
    pytest.importorskip("setuptools")
    src = tmp_path / "src-tree"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "prompts", src / "prompts")
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path / "dist")], capture_output=True, text=True, timeout=300)
    if done.returncode != 0 and "No module named pip" in done.stderr:
        pytest.skip("pip is not available in this interpreter")
    assert done.returncode == 0, done.stderr
    wheel = next((tmp_path / "dist").glob("nlbrief-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "nlbrief/render/templates/brief.html.j2" in names
    assert "nlbrief/render/templates/translation.html.j2" in names
    assert any(n.endswith("share/nlbrief/prompts/section-en.yaml") for n in names)
    assert any(n.endswith("licenses/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert "Requires-Dist: Jinja2" in metadata
