"""Every `nlbrief` command in the README that needs no model runs as written (issue 13).

The commands are taken from the README's indented and fenced code blocks. Those that need a model
or the network (translate, English or abstractive briefs, `models pull|convert`, Ray) are set
aside by rule, and the test checks that enough were run to mean something. The placeholders the
README uses (letter.txt, letter.pdf, letters/, paths.txt) are made in a scratch folder; eval/ and
../shared are linked there, so the relative paths resolve as in a checkout.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from pdfmaker import TextLine, make_pdf  # noqa: E402

LETTER = ROOT / "eval" / "letters" / "ienw-2025-03-14-drinkwaterbronnen.txt"


def readme_commands() -> list[str]:
    """The `nlbrief ...` command lines of the README's code blocks, continuations joined."""
    lines: list[str] = []
    in_fence = False
    for raw in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if raw.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or raw.startswith("    "):
            lines.append(raw.strip())
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + " " + line
        else:
            joined.append(line)
    return [c for c in joined if re.match(r"^(cat .*\| )?nlbrief(\s|$)", c)]


def needs_a_model(command: str) -> str | None:
    """Why ``command`` cannot run here (a model, the network, Ray), or None."""
    words = shlex.split(command.split("#")[0])
    words = words[words.index("nlbrief") + 1:]
    opts = " ".join(words)
    sub = words[0] if words else ""
    if sub == "translate":
        return "translates"
    if sub == "models" and words[1:2] != ["list"]:
        return "downloads or converts a model"
    if "--engine ray" in opts or "ray" in words:
        return "starts Ray"
    no_model_brief = "--lang nl" in opts and "--summariser none" in opts
    if sub in ("summarise", "summarize") and not no_model_brief:
        return "needs a summary or translation model"
    if sub == "batch" and not ("--task summarise" in opts and no_model_brief):
        return "translates or needs a model"
    if sub == "eval" and re.search(r"--lang en|--summariser (chat|seq2seq)|--mt-src|--translator|--baseline", opts):
        return "needs a model"
    return None


def _scratch(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "eval").symlink_to(ROOT / "eval")
    if (ROOT.parent / "shared").exists():
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")
    shutil.copy(LETTER, work / "letter.txt")
    lines = [TextLine(72, 100 + 14 * i, line[:90]) for i, line in
             enumerate(LETTER.read_text(encoding="utf-8").splitlines()[:45]) if line.strip()]
    (work / "letter.pdf").write_bytes(make_pdf([lines]))
    (work / "letters").mkdir()
    for name in sorted(p.name for p in (ROOT / "eval" / "letters").glob("*.txt"))[:2]:
        shutil.copy(ROOT / "eval" / "letters" / name, work / "letters" / name)
    (work / "paths.txt").write_text("\n".join(str(p) for p in (work / "letters").iterdir()) + "\n")
    return work


def test_readme_commands_that_need_no_model_run_as_written(tmp_path: Path) -> None:
    commands = readme_commands()
    runnable = [c for c in commands if needs_a_model(c) is None]
    assert len(runnable) >= 8, runnable  # parse x3, summarise --lang nl, eval x3, --version ...
    work = _scratch(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "nlbrief").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nlbrief "$@"\n')
    (bin_dir / "nlbrief").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    failures = []
    for command in runnable:
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            failures.append(f"{command}\n  exit {done.returncode}: {done.stderr[-500:]}")
    assert not failures, "\n".join(failures)


def test_the_rule_sets_aside_model_commands() -> None:
    assert needs_a_model("nlbrief summarise x.txt --lang en") is not None
    assert needs_a_model("nlbrief summarise x.txt --lang nl --summariser none") is None
    assert needs_a_model("nlbrief models pull Qwen/Qwen2.5-1.5B-Instruct") is not None
    assert needs_a_model("nlbrief eval --lang en --summariser none --out x.json") is not None
    assert needs_a_model("cat letter.txt | nlbrief parse -") is None
