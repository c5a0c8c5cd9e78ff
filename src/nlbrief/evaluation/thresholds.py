"""Thresholds (``thresholds.toml``) and comparisons with an earlier report (``--baseline``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..model.report import HIGHER, LOWER, Check, Part, Report, scored_metrics
from .dataset import SPLITS, read_toml

DEFAULT_TOLERANCE = 0.02
#: Float noise allowed when a value sits exactly on its bound.
_EPS = 1e-9


@dataclass(frozen=True)
class Thresholds:
    """Bounds per metric ("part.metric") and the tolerances of baseline comparisons."""

    minimums: dict[str, float] = field(default_factory=dict)
    maximums: dict[str, float] = field(default_factory=dict)
    tolerances: dict[str, float] = field(default_factory=dict)  # "part.metric" or "metric" -> tolerance
    default_tolerance: float = DEFAULT_TOLERANCE
    path: str | None = None
    sha256: str | None = None

    def tolerance(self, key: str) -> float:
        short = key.rsplit(".", 1)[-1]
        return self.tolerances.get(key, self.tolerances.get(short, self.default_tolerance))


def _number(value: Any, where: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{path}: {where} must be a number, not {value!r}.")
    return float(value)


def _walk_bounds(table: Mapping[str, Any], prefix: str, path: Path,
                 minimums: dict[str, float], maximums: dict[str, float]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _walk_bounds(value, name, path, minimums, maximums)
        elif key.endswith("_min"):
            minimums[name[:-4]] = _number(value, name, path)
        elif key.endswith("_max"):
            maximums[name[:-4]] = _number(value, name, path)
        elif isinstance(value, bool):
            if value:
                minimums[name] = 1.0
        else:
            raise ConfigError(f"{path}: {name} is not a bound: use NAME_min, NAME_max or NAME = true.")


def load_thresholds(path: str | Path) -> Thresholds:
    """Read a thresholds file (TOML; see eval/thresholds.toml).

    Tables name parts (``[structure]``, ``[briefs.nl.extractive]``); in them ``NAME_min`` and
    ``NAME_max`` bound the metric NAME, and ``NAME = true`` means the share NAME must be 1 (every
    letter). ``[tolerance]`` holds ``default`` and per-metric tolerances for ``--baseline``.

    Raises:
        ConfigError: unreadable file, bad TOML, or a key that is none of the above.
    """
    path = Path(path)
    try:
        data, raw = read_toml(path)
    except ConfigError as err:
        raise ConfigError(f"Cannot read the thresholds file: {err}") from None
    minimums: dict[str, float] = {}
    maximums: dict[str, float] = {}
    tolerances: dict[str, float] = {}
    default = DEFAULT_TOLERANCE
    for key, value in data.items():
        if key == "tolerance":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [tolerance] must be a table.")
            tolerances = {name: _number(tol, f"tolerance.{name}", path) for name, tol in value.items()}
            default = tolerances.pop("default", DEFAULT_TOLERANCE)
        elif isinstance(value, dict):
            _walk_bounds(value, key, path, minimums, maximums)
        else:
            raise ConfigError(f"{path}: {key} must sit in a table that names its part, e.g. [structure].")
    return Thresholds(minimums=minimums, maximums=maximums, tolerances=tolerances, default_tolerance=default,
                      path=str(path), sha256=hashlib.sha256(raw).hexdigest())


def _holds(value: float, op: str, limit: float) -> bool:
    return value >= limit - _EPS if op == ">=" else value <= limit + _EPS


def _split_key(key: str, parts: Sequence[Part]) -> tuple[Part | None, str]:
    for part in sorted(parts, key=lambda p: -len(p.name)):
        if key.startswith(part.name + "."):
            return part, key[len(part.name) + 1:]
    return None, key.rsplit(".", 1)[-1]


def check_thresholds(parts: Sequence[Part], thresholds: Thresholds) -> list[Check]:
    """Check every bound against the scored parts; bounds of parts that did not run, or of a split
    (``test.``, ``tune.``) that the set does not have, are noted, not failed.

    Raises:
        ConfigError: a bound names a metric that its (scored) part does not have.
    """
    checks = []
    scored = [p for p in parts if p.status == "scored"]
    bounds = [(k, v, ">=") for k, v in thresholds.minimums.items()] + \
             [(k, v, "<=") for k, v in thresholds.maximums.items()]
    for key, limit, op in bounds:
        part, metric = _split_key(key, scored)
        if part is None:
            checks.append(Check("threshold", key, None, limit, op, True, "not run"))
            continue
        if metric not in part.metrics and metric.split(".", 1)[0] in SPLITS:
            # A bound on a split (``test.minus_lead_rouge2``) of a set that has no such split.
            checks.append(Check("threshold", key, None, limit, op, True, "no such split in this set"))
            continue
        if metric not in part.metrics:
            raise ConfigError(
                f"{thresholds.path}: {key} names no metric of the part {part.name} "
                f"(its metrics: {', '.join(sorted(part.metrics))})."
            )
        value = part.metrics[metric].value
        checks.append(Check("threshold", key, value, limit, op, _holds(value, op, limit)))
    return checks


def compare_to_baseline(report_parts: Sequence[Part], baseline: Report, thresholds: Thresholds) -> list[Check]:
    """A check per metric with a direction that both runs scored: it fails when the metric got worse
    by more than its tolerance. Metrics only in the baseline are noted as not compared."""
    now = scored_metrics(report_parts)
    checks = []
    for key, old in baseline.metrics().items():
        if old.better not in (HIGHER, LOWER):
            continue
        tol = thresholds.tolerance(key)
        if key not in now:
            checks.append(Check("baseline", key, None, old.value, "", True, "not in this run"))
            continue
        value = now[key].value
        limit, op = (old.value - tol, ">=") if old.better == HIGHER else (old.value + tol, "<=")
        note = f"baseline {old.value:.4g}, tolerance {tol:g}"
        checks.append(Check("baseline", key, value, limit, op, _holds(value, op, limit), note))
    return checks


def load_report(path: str | Path) -> Report:
    """A report written by ``nlbrief eval --out`` (for ``--baseline``).

    Raises:
        InputError: missing, not JSON, or not a report.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "parts" not in data:
            raise ValueError("it has no 'parts'")
        return Report.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path} is not an evaluation report (the JSON of `nlbrief eval --out`): {err}.") from None
