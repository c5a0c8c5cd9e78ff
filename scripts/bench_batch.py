"""`nlbrief batch` throughput on this machine: the local engine and Ray, benchmark-sized model.

    python scripts/bench_batch.py [--workdir .bench] [--letters 200] [--configs local,local-2,ray-2]
                                  [--translator ctranslate2] [--beam 1] [--tokens 32]

Makes an archive of --letters letters from our own evaluation letters (eval/letters): variation 0
is the letter itself; the others move its sections into another order, shift its date and change
about half of its numbers, so that sentences without numbers (the boilerplate, most of the prose)
repeat across variations and the others do not. Translates it with the model of
scripts/bench_translate.py (the real opus-mt-nl-en dimensions, random weights; its CTranslate2
int8 conversion by default) with every output exactly --tokens tokens long, so that random
weights do not change the work. Each configuration runs in its own process, into its own output
folder, with its own fresh translation memory, through `nlbrief.batch.run_batch` (the code of
`nlbrief batch`):

- ``local``: one worker, in the process (all cores);
- ``local-N``: N worker processes (the cores shared out);
- ``ray-N``: Ray Data with N actors (1 CPU each) on a local Ray.

Reports letters/minute, source sentences/s, segments the model translated per second, the
translation-memory hit rate and the peak RSS of each worker (from the manifest), and checks that
every configuration gives the same translation of every segment.

    python scripts/bench_batch.py --kill-resume 20 [--letters 40] [--kill-workers 2]

instead kills `nlbrief batch` (Dutch briefs, no model) with SIGKILL 20 times at random moments,
resuming it each time, then lets it finish, and compares the output folder with that of a run that
was never stopped: every file byte for byte, the manifest row for row (apart from the timings),
no temporary file left, no letter twice; with --kill-workers N the runs use N worker processes,
and the check also counts worker processes left alive after each kill.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval" / "letters"
# A number standing on its own: not a footnote marker glued to a word or a full stop ("btw.1").
_NUMBER_RE = re.compile(r"(?<![\w/.])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/])")
_DATE_LINE_RE = re.compile(r"^((?:Den Haag, |Datum )?)(\d{1,2}) ([a-z]+) (\d{4})$", re.MULTILINE)


def _bench_translate():
    spec = importlib.util.spec_from_file_location("bench_translate", ROOT / "scripts" / "bench_translate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the archive -----------------------------------------------------------------------------------

def _blocks(text: str) -> list[str]:
    return re.split(r"\n[ \t]*\n", text.strip("\n"))


def vary_letter(text: str, k: int, rng: random.Random) -> str:
    """Variation ``k`` of a letter: sections reordered, date shifted, about half the numbers changed."""
    if k == 0:
        return text
    from nlbrief.parse import parse_text

    letter = parse_text(text)
    headings = {sec.heading.strip() for sec in letter.sections if sec.heading}
    blocks = _blocks(text)
    starts = [i for i, b in enumerate(blocks) if " ".join(b.split()) in headings]
    if len(starts) >= 3:
        # The sections between the first heading and the last one (which runs into the closing).
        groups = [blocks[a:b] for a, b in zip(starts, starts[1:])]
        rng.shuffle(groups)
        blocks = blocks[: starts[0]] + [b for g in groups for b in g] + blocks[starts[-1]:]
    body = "\n\n".join(blocks) + "\n"

    def date(m: re.Match[str]) -> str:
        return f"{m.group(1)}{(int(m.group(2)) + k) % 28 + 1} {m.group(3)} {m.group(4)}"

    body = _DATE_LINE_RE.sub(date, body, count=1)

    def number(m: re.Match[str]) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        whole = m.group(1)
        digits = [c for c in whole if c.isdigit()]
        digits[-1] = str((int(digits[-1]) + rng.randint(1, 8)) % 10)
        it = iter(digits)
        new = "".join(next(it) if c.isdigit() else c for c in whole)
        return new + (f",{m.group(2)}" if m.group(2) else "")

    return _NUMBER_RE.sub(number, body)


def make_archive(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """``n`` letters: the evaluation letters and variations of them, in subfolders per base letter."""
    if folder.exists():
        shutil.rmtree(folder)
    bases = sorted(EVAL.glob("*.txt"))
    paths = []
    for i in range(n):
        base = bases[i % len(bases)]
        k = i // len(bases)
        rng = random.Random(f"{seed}-{base.stem}-{k}")
        text = vary_letter(base.read_text(encoding="utf-8"), k, rng)
        path = folder / base.stem.split("-")[0] / f"{base.stem}-v{k:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --- one configuration, in its own process ----------------------------------------------------------

def run_config(args: argparse.Namespace) -> dict[str, object]:
    from nlbrief.batch import BatchOptions, run_batch
    from nlbrief.translate import TranslatorSettings

    engine, _, n = args.run.partition("-")
    workers = int(n) if n else 1
    settings = TranslatorSettings(name=args.translator, model=args.model, device="cpu", beam_size=args.beam,
                                  quiet=True, extra={"min_new_tokens": args.tokens, "max_new_tokens": args.tokens})
    options = BatchOptions(task="translate", formats=("json",), translator=settings)
    start = time.perf_counter()
    report = run_batch(args.archive, args.out, options, engine=engine, workers=workers)
    wall = time.perf_counter() - start
    return {"config": args.run, "engine": engine, "workers": workers, "wall_s": round(wall, 1),
            "run_s": round(report.seconds, 1), "letters": report.processed, "done": report.done,
            "failed": report.failed, "sentences": report.sentences, "misses": report.cache_misses,
            "hit_rate": round(report.hit_rate, 3) if report.hit_rate is not None else None}


def summarise_config(result: dict[str, object], out: Path) -> dict[str, object]:
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    peak: dict[str, float] = {}
    for row in rows:
        worker = row["run"]["worker"]
        peak[worker] = max(peak.get(worker, 0.0), row["run"].get("peak_rss_mb") or 0.0)
    seconds = float(result["run_s"])  # type: ignore[arg-type]
    letters = int(result["letters"])  # type: ignore[arg-type]
    misses = int(result["misses"])  # type: ignore[arg-type]
    return {
        **result,
        "letters_per_min": round(letters / (seconds / 60), 1),
        "sentences_per_s": round(int(result["sentences"]) / seconds, 2),  # type: ignore[arg-type]
        "model_segments_per_s": round(misses / seconds, 2),
        "peak_rss_mb": sorted(peak.values(), reverse=True),
    }


def translations(out: Path) -> dict[tuple[str, str], str]:
    """(letter id, segment id) -> English text, from the JSON outputs."""
    found: dict[tuple[str, str], str] = {}
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for rel in row["outputs"]:
            data = json.loads((out / rel).read_text(encoding="utf-8"))
            for sec in data["sections"]:
                if sec["heading_source"] is not None:
                    found[(row["id"], f"h{sec['index']}")] = sec["heading"]
                for para in sec["paragraphs"]:
                    for s in para["sentences"]:
                        found[(row["id"], s["id"])] = s["text"]
            for fn in data["footnotes"]:
                found[(row["id"], f"f{fn['number']}")] = fn["text"]
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    p.add_argument("--letters", type=int, default=200)
    p.add_argument("--ray-letters", type=int, default=None, help="a smaller archive for the Ray runs")
    p.add_argument("--configs", default="local,local-2,ray-2")
    p.add_argument("--translator", choices=["ctranslate2", "marian"], default="ctranslate2")
    p.add_argument("--beam", type=int, default=1)
    p.add_argument("--tokens", type=int, default=32)
    p.add_argument("--kill-resume", type=int, default=0, metavar="N",
                   help="kill and resume a batch run N times and check the result (see above)")
    p.add_argument("--kill-workers", type=int, default=1, help="worker processes of the --kill-resume runs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--run", help=argparse.SUPPRESS)
    p.add_argument("--archive", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.run:
        print(json.dumps(run_config(args)))
        return 0

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT / "src"))
    workdir: Path = args.workdir.resolve()
    if args.kill_resume:
        return kill_resume(workdir, args)
    hf, ct2 = _bench_translate().build(workdir)
    model = ct2 if args.translator == "ctranslate2" else hf
    archive = workdir / "batch-archive"
    make_archive(archive, args.letters)
    ray_archive = archive
    if args.ray_letters and args.ray_letters < args.letters:
        ray_archive = workdir / "batch-archive-ray"
        make_archive(ray_archive, args.ray_letters)
    rows = []
    outputs: dict[str, Path] = {}
    for config in args.configs.split(","):
        out = workdir / f"batch-out-{config}"
        shutil.rmtree(out, ignore_errors=True)
        memory = workdir / f"batch-tm-{config}.sqlite3"
        for stale in workdir.glob(memory.name + "*"):
            stale.unlink()
        env = dict(os.environ, NLBRIEF_TM=str(memory), NLBRIEF_CACHE=str(workdir / "batch-cache"))
        src = ray_archive if config.startswith("ray") else archive
        cmd = [sys.executable, __file__, "--run", config, "--archive", str(src), "--out", str(out),
               "--model", str(model), "--translator", args.translator, "--beam", str(args.beam),
               "--tokens", str(args.tokens)]
        print(f"running {config} on {src.name} ...", file=sys.stderr, flush=True)
        load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{config} failed:\n{done.stderr[-4000:]}")
        result = summarise_config(json.loads(done.stdout.strip().splitlines()[-1]), out)
        result["load"] = f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"
        print(json.dumps(result), file=sys.stderr, flush=True)
        rows.append(result)
        outputs[config] = out
    same = _compare(outputs)
    report = format_report(rows, args, same)
    print(report)
    (workdir / "batch-results.json").write_text(json.dumps(rows, indent=2))
    (workdir / "batch-results.md").write_text(report)
    return 0


# --- kill -9 and resume -----------------------------------------------------------------------------

NL_BRIEF = ["--task", "summarise", "--lang", "nl", "--summariser", "none", "--format", "md,json,html", "-q"]


def _folder_state(out: Path) -> dict[str, object]:
    """Every file of an output folder; the manifest as rows without the run's own fields."""
    state: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_dir() or rel == ".nlbrief-batch.lock":
            continue
        if rel == "manifest.jsonl":
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            state[rel] = [{k: v for k, v in r.items() if k not in ("timings", "cache", "run")} for r in rows]
        else:
            state[rel] = path.read_bytes()
    return state


def _kill_once(cmd: list[str], out: Path, rng: random.Random) -> tuple[bool, int]:
    """Start ``cmd``, SIGKILL it after a random number of new manifest rows (1-6); returns whether
    it was killed and how many of its processes were still alive 10 s later."""
    import signal

    from nlbrief.batch.engines.reaper import alive, descendants

    manifest = out / "manifest.jsonl"
    before = len(manifest.read_bytes().splitlines()) if manifest.exists() else 0
    wanted = rng.randint(1, 6)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    while proc.poll() is None:
        children |= descendants(proc.pid)
        rows = len(manifest.read_bytes().splitlines()) if manifest.exists() else 0
        if rows - before >= wanted:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    killed = proc.wait() == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in children):
        time.sleep(0.1)
    left = [p for p in children if alive(p)]
    for pid in left:  # only what this benchmark started
        os.kill(pid, signal.SIGKILL)
    return killed, len(left)


def kill_resume(workdir: Path, args: argparse.Namespace) -> int:
    from nlbrief.batch import BatchOptions, run_batch
    from nlbrief.summarise import SummariseOptions

    archive = workdir / "kill-archive"
    shutil.rmtree(archive, ignore_errors=True)
    make_archive(archive, args.letters)
    whole, out = workdir / "kill-whole", workdir / "kill-resumed"
    for folder in (whole, out):
        shutil.rmtree(folder, ignore_errors=True)
    options = BatchOptions(task="summarise", formats=("md", "json", "html"),
                           summarise=SummariseOptions(lang="nl", summariser="none"))
    run_batch(archive, whole, options)
    cmd = [sys.executable, "-m", "nlbrief", "batch", str(archive), "--out", str(out), *NL_BRIEF,
           "--workers", str(args.kill_workers)]
    env_path = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = env_path
    rng = random.Random(args.seed)
    killed = orphans = 0
    for _ in range(args.kill_resume):
        was_killed, left = _kill_once(cmd, out, rng)
        killed += was_killed
        orphans += left
    final = subprocess.run(cmd, capture_output=True, text=True, check=False)
    state, expected = _folder_state(out), _folder_state(whole)
    rows = state.get("manifest.jsonl", [])
    ids = [r["id"] for r in rows]  # type: ignore[union-attr, index]
    temps = [p for p in out.rglob("*") if p.name.endswith(".nlbrief-tmp")]
    report = {
        "letters": args.letters, "workers": args.kill_workers, "kills asked": args.kill_resume,
        "runs really killed": killed, "final exit code": final.returncode,
        "identical to an uninterrupted run": state == expected,
        "files": len(state) - 1, "manifest rows": len(ids), "duplicate ids": len(ids) - len(set(ids)),
        "temporary files left": len(temps), "processes alive 10 s after a kill": orphans,
    }
    print(json.dumps(report, indent=2))
    ok = state == expected and not temps and len(ids) == len(set(ids)) and not orphans
    return 0 if ok else 1


def _compare(outputs: dict[str, Path]) -> str:
    """How many segment translations every configuration agrees on (over the letters all ran)."""
    maps = {config: translations(out) for config, out in outputs.items()}
    keys = set.intersection(*(set(m) for m in maps.values()))
    agree = sum(1 for key in keys if len({m[key] for m in maps.values()}) == 1)
    return f"{agree} of {len(keys)} segment translations identical across {', '.join(maps)}"


def format_report(rows: list[dict], args: argparse.Namespace, same: str) -> str:
    lines = [
        f"Model: opus-mt-nl-en dimensions, random weights, {args.translator}"
        f"{' int8' if args.translator == 'ctranslate2' else ''}, beam {args.beam}, every output "
        f"{args.tokens} tokens; task translate, format json; fresh translation memory per run; "
        f"{os.cpu_count()} CPUs. Load: the 1-minute load average before / after the run.",
        "",
        "| engine | workers | letters | wall s | letters/min | sentences/s | model segments/s "
        "| TM hit rate | peak RSS per worker (MB) | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peaks = ", ".join(f"{m:.0f}" for m in r["peak_rss_mb"])
        rate = f"{100 * r['hit_rate']:.0f}%" if r["hit_rate"] is not None else "-"
        lines.append(f"| {r['engine']} | {r['workers']} | {r['letters']} | {r['run_s']:.0f} "
                     f"| {r['letters_per_min']:.1f} | {r['sentences_per_s']:.2f} | {r['model_segments_per_s']:.2f} "
                     f"| {rate} | {peaks} | {r.get('load', '-')} |")
    lines += ["", f"Check: {same}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
