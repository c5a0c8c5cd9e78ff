"""The data model of an evaluation report (``nlbrief eval``): scores, parts, checks, the report.

Plain frozen dataclasses that round-trip through JSON (``Report.to_json`` / ``Report.from_json``).
The evaluation package (`nlbrief.evaluation`) fills them; renderers read them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Score:
    """One reported number.

    ``low``/``high`` bound its confidence interval where there is one; ``n`` is how many items it
    rests on (letters, sections, lines, ...); ``better`` says which way is an improvement ("higher",
    "lower", or None for a number that is only informative, such as a length ratio or a count).
    """

    value: float
    low: float | None = None
    high: float | None = None
    n: int = 0
    better: str | None = HIGHER

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Score:
        return cls(value=float(data["value"]), low=data.get("low"), high=data.get("high"),
                   n=int(data.get("n", 0)), better=data.get("better", HIGHER))


@dataclass(frozen=True)
class Part:
    """One part of a report: its metrics, or why it was skipped."""

    name: str
    status: str = "scored"  # or "skipped"
    metrics: dict[str, Score] = field(default_factory=dict)
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    signature: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "reason": self.reason,
                "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
                "signature": self.signature, "details": self.details}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Part:
        return cls(name=data["name"], status=data.get("status", "scored"),
                   metrics={k: Score.from_dict(v) for k, v in data.get("metrics", {}).items()},
                   reason=data.get("reason"), details=data.get("details", {}),
                   signature=data.get("signature", {}))


@dataclass(frozen=True)
class Check:
    """A threshold or baseline check of one metric (``metric`` is "part.name")."""

    kind: str  # "threshold" or "baseline"
    metric: str
    value: float | None
    limit: float
    op: str  # ">=" or "<="
    ok: bool
    note: str = ""


def scored_metrics(parts: Sequence[Part]) -> dict[str, Score]:
    """Every metric of the scored parts, keyed "part.metric"."""
    return {f"{p.name}.{k}": v for p in parts if p.status == "scored" for k, v in p.metrics.items()}


@dataclass(frozen=True)
class Report:
    """The outcome of `nlbrief.evaluation.run_evaluation` (JSON round-trip through `to_json`/`from_json`)."""

    signature: dict[str, Any]
    parts: tuple[Part, ...]
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    def scored(self) -> list[Part]:
        return [p for p in self.parts if p.status == "scored"]

    def skipped(self) -> list[Part]:
        return [p for p in self.parts if p.status == "skipped"]

    def metrics(self) -> dict[str, Score]:
        """Every metric of the scored parts, keyed "part.metric"."""
        return scored_metrics(self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"signature": self.signature, "ok": self.ok,
                "checks": [asdict(c) for c in self.checks], "notes": list(self.notes),
                "parts": [p.to_dict() for p in self.parts]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        return cls(signature=data.get("signature", {}),
                   parts=tuple(Part.from_dict(p) for p in data.get("parts", ())),
                   checks=tuple(Check(**c) for c in data.get("checks", ())),
                   notes=tuple(data.get("notes", ())))

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))
