"""Render an evaluation `Report` as Markdown: one table of every metric, the checks, what was skipped."""

from __future__ import annotations

from typing import Any

from ..model.report import Check, Report, Score

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


def _metrics_table(report: Report) -> list[str]:
    thresholds = {c.metric: c for c in report.checks if c.kind == "threshold"}
    baseline = {c.metric: c for c in report.checks if c.kind == "baseline"}
    lines = ["| part | metric | value | 95% CI | n | threshold | baseline |",
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
        lines.append("Skipped (for want of a model or of data):")
        lines += [f"- **{p.name}**: {p.reason}" for p in skipped]
        lines.append("")
    return lines


def _checks(report: Report) -> list[str]:
    if not report.checks:
        return []
    failed = [c for c in report.checks if not c.ok]
    not_run = [c for c in report.checks if c.value is None]
    passed = len(report.checks) - len(failed) - len(not_run)
    lines = [f"Checks: {passed} passed, {len(failed)} failed"
             + (f", {len(not_run)} not run (their part or metric was not scored)" if not_run else "") + "."]
    for c in failed:
        lines.append(f"- FAIL {c.kind} {c.metric}: {_fmt(c.value)} is not {c.op} {_fmt(c.limit)}"
                     + (f" ({c.note})" if c.note else ""))
    lines.append("")
    return lines


def _signature(sig: dict[str, Any]) -> list[str]:
    s = sig.get("set", {})
    metrics = sig.get("metrics", {})
    lines = [f"Signature: nlbrief {sig.get('nlbrief')}; set {s.get('name')} sha256 {s.get('sha256')}"]
    lines += [f"- ROUGE ({lang}): {text}" for lang, text in metrics.get("rouge", {}).items()]
    lines += [f"- {name.upper()}: {text}" for name, text in metrics.get("sacrebleu", {}).items()]
    lines += [f"- {m.get('purpose')} model: {m.get('model')} (revision {m.get('revision')})"
              for m in sig.get("models", ())]
    return lines


def to_markdown(report: Report) -> str:
    """The report as Markdown (what ``nlbrief eval`` prints on stdout): every metric in one table,
    what was skipped, nlbrief beside its baselines, each brief part per letter, the checks, the
    signature."""
    sig = report.signature
    s = sig.get("set", {})
    lines = [f"# nlbrief eval: {s.get('name')} ({s.get('letters')} letters, set sha256 {str(s.get('sha256'))[:12]})",
             ""]
    lines += _metrics_table(report)
    for part in report.scored():
        if part.details.get("_systems"):
            lines += systems_table(part.name, part.details["_systems"])
    for part in report.scored():
        if part.name.startswith("briefs."):
            lines += _brief_table(part.name, part.details)
    lines += _checks(report)
    lines += [f"Note: {n}" for n in report.notes]
    lines += _signature(sig)
    return "\n".join(lines).rstrip() + "\n"


_SYSTEM_LABELS = {"nlbrief": "nlbrief", "lead": "lead-N", "random": "random-N (mean of seeds)",
                  "oracle": "oracle-N (greedy)", "minus_lead": "nlbrief − lead (paired)"}


def _cell(data: dict[str, Any] | None, signed: bool = False) -> str:
    if not data:
        return ""
    score = Score.from_dict(data)
    value = f"{score.value:+.3f}" if signed else _fmt(score.value)
    interval = _interval(score)
    return f"{value} ({interval})" if interval else value


def systems_table(name: str, systems: dict[str, Any]) -> list[str]:
    """nlbrief beside its baselines (same sentence counts per section), per group of letters, with
    95% bootstrap intervals; the last row of each group is the paired difference nlbrief − lead."""
    out = [f"## {name}: nlbrief and the baselines (letter-level ROUGE F1, 95% CI)", "",
           "| letters | system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |", "|---|---|---|---|---|"]
    for group, rows in systems.items():
        for system, label in _SYSTEM_LABELS.items():
            scores = rows.get(system) or {}
            signed = system == "minus_lead"
            out.append(f"| {group} ({rows.get('letters', 0)}) | {label} | "
                       + " | ".join(_cell(scores.get(t), signed) for t in ("rouge1", "rouge2", "rougeLsum")) + " |")
    out.append("")
    return out


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
