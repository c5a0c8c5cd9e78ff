"""Render an evaluation `Report` as Markdown: one table of every metric, the checks, what was skipped."""

from __future__ import annotations

from typing import Any

from ..evaluate import Check, Report
from ..metrics import Score

_BRIEF_COLUMNS = ("rouge1", "rouge2", "rougeLsum", "length_ratio")


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) >= 2:
        return str(int(value))
    return f"{value:.3f}"


def _interval(score: Score) -> str:
    if score.low is None or score.high is None:
        return ""
    return f"{_fmt(score.low)}–{_fmt(score.high)}"


def _check_cell(check: Check | None) -> str:
    if check is None:
        return ""
    if check.value is None:
        return f"{check.op} {_fmt(check.limit)} (not run)"
    return f"{check.op} {_fmt(check.limit)} {'ok' if check.ok else '**FAIL**'}"


def to_markdown(report: Report) -> str:
    """The report as Markdown (what ``nlbrief eval`` prints on stdout)."""
    sig = report.signature
    s = sig.get("set", {})
    lines = [f"# nlbrief eval: {s.get('name')} ({s.get('letters')} letters, set sha256 {str(s.get('sha256'))[:12]})",
             ""]
    thresholds = {c.metric: c for c in report.checks if c.kind == "threshold"}
    baseline = {c.metric: c for c in report.checks if c.kind == "baseline"}
    lines += ["| part | metric | value | 95% CI | n | threshold | baseline |",
              "|---|---|---:|---|---:|---|---|"]
    for part in report.scored():
        for name, score in part.metrics.items():
            key = f"{part.name}.{name}"
            b = baseline.get(key)
            bcell = "" if b is None or b.value is None else ("ok" if b.ok else f"**FAIL** ({b.note})")
            lines.append(f"| {part.name} | {name} | {_fmt(score.value)} | {_interval(score)} | {score.n} | "
                         f"{_check_cell(thresholds.get(key))} | {bcell} |")
    lines.append("")
    skipped = report.skipped()
    if skipped:
        lines.append("Skipped for want of a model:")
        lines += [f"- **{p.name}**: {p.reason}" for p in skipped]
        lines.append("")
    for part in report.scored():
        if part.name.startswith("briefs."):
            lines += _brief_table(part.name, part.details)
    failed = [c for c in report.checks if not c.ok]
    not_run = [c for c in report.checks if c.value is None]
    if report.checks:
        passed = len(report.checks) - len(failed) - len(not_run)
        lines.append(f"Checks: {passed} passed, {len(failed)} failed"
                     + (f", {len(not_run)} not run (their part or metric was not scored)" if not_run else "") + ".")
        for c in failed:
            lines.append(f"- FAIL {c.kind} {c.metric}: {_fmt(c.value)} is not {c.op} {_fmt(c.limit)}"
                         + (f" ({c.note})" if c.note else ""))
        lines.append("")
    lines += [f"Note: {n}" for n in report.notes]
    metrics = sig.get("metrics", {})
    lines.append(f"Signature: nlbrief {sig.get('nlbrief')}; set {s.get('name')} sha256 {s.get('sha256')}")
    for lang, text in metrics.get("rouge", {}).items():
        lines.append(f"- ROUGE ({lang}): {text}")
    for name, text in metrics.get("sacrebleu", {}).items():
        lines.append(f"- {name.upper()}: {text}")
    for model in sig.get("models", ()):
        lines.append(f"- {model.get('purpose')} model: {model.get('model')} (revision {model.get('revision')})")
    return "\n".join(lines).rstrip() + "\n"


def _brief_table(name: str, details: dict[str, Any]) -> list[str]:
    rows = [(letter, d) for letter, d in details.items() if not letter.startswith("_")]
    if not rows:
        return []
    out = [f"## {name} per letter", "",
           "| letter | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | length ratio | sentences | unsupported |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for letter, d in rows:
        out.append(f"| {letter} | " + " | ".join(_fmt(d.get(c)) for c in _BRIEF_COLUMNS)
                   + f" | {d.get('sentences', 0)} | {d.get('unsupported_sentences', 0)} |")
    out.append("")
    return out
