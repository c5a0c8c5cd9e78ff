"""One base class for every scored part of a report, and the registry of parts.

Like sacrebleu's ``metrics/base.py`` (where ``Metric.corpus_score`` writes the loop over segments
once and each metric only says how to score a segment and how to combine the statistics), the
loop over items, the progress reports and the assembly of the `Part` are written once here, in
`Scorer.score`; a part says which items it has (`Scorer.items`), how to score one
(`Scorer.score_item`: a JSON-able dict) and how to aggregate them into metrics
(`Scorer.aggregate`). Parts register under their name with `register`; `get_scorer` looks them up.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..errors import ConfigError, NlbriefError
from ..model.report import Part, Score
from .metrics import BOOTSTRAP_SAMPLES, SEED

if TYPE_CHECKING:
    from ..model.letter import Letter

Progress = Callable[[str, int, int], None]  # (part, done, total)
ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Parsed:
    """A letter read and parsed through `nlbrief.pipeline`, or the error that stopped it."""

    letter: Letter | None
    nothing_lost: bool
    error: str | None = None
    accounting: str = ""
    sha256: str | None = None  # of the file's bytes, where it could be read


def parse_file(path: Path) -> Parsed:
    """Load one letter with `nlbrief.pipeline.load_letter` (read, parse, nothing-lost check).

    A letter that fails is recorded with its error, not raised: one bad letter scores zero and the
    run goes on.
    """
    from ..pipeline import load_letter

    try:
        loaded = load_letter(path, on_loss="report")
    except NlbriefError as err:
        return Parsed(None, False, " ".join(str(err).split()))
    summary = loaded.accounting.summary() if loaded.accounting is not None else ""
    return Parsed(loaded.letter, bool(loaded.nothing_lost), None, summary, loaded.letter.source.sha256)


@dataclass
class Context:
    """What every part of one run shares: letters parsed once, bootstrap settings, progress."""

    parsed: dict[str, Parsed] = field(default_factory=dict)
    samples: int = BOOTSTRAP_SAMPLES
    seed: int = SEED
    progress: Progress | None = None

    def parse(self, key: str, path: Path) -> Parsed:
        """The parse of ``path`` under ``key``, parsed on first use."""
        if key not in self.parsed:
            self.parsed[key] = parse_file(path)
        return self.parsed[key]


class Scorer(ABC, Generic[ItemT]):
    """A scored part of a report (see the module docstring)."""

    #: The registry key, and the part's name unless `part_name` says otherwise.
    name: ClassVar[str] = ""

    def part_name(self) -> str:
        return self.name

    @abstractmethod
    def items(self, ctx: Context) -> Sequence[tuple[str, ItemT]]:
        """The (key, item) pairs to score, in report order."""

    @abstractmethod
    def score_item(self, key: str, item: ItemT, ctx: Context) -> dict[str, Any]:
        """The details of one item (JSON-able); `aggregate` reads them."""

    @abstractmethod
    def aggregate(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Score]:
        """The part's metrics from every item's details."""

    def extra_details(self, details: Mapping[str, dict[str, Any]], ctx: Context) -> dict[str, Any]:
        """Details of the whole part (keys start with "_"), beside the per-item ones."""
        return {}

    def signature(self, ctx: Context) -> dict[str, Any]:
        """What reproduces this part's numbers beyond the run's signature."""
        return {}

    def score(self, ctx: Context) -> Part:
        """Score every item, report progress, aggregate: the one loop of every part."""
        items = self.items(ctx)
        name = self.part_name()
        details: dict[str, dict[str, Any]] = {}
        for done, (key, item) in enumerate(items, start=1):
            details[key] = self.score_item(key, item, ctx)
            if ctx.progress is not None:
                ctx.progress(name, done, len(items))
        metrics = self.aggregate(details, ctx)
        extra = self.extra_details(details, ctx)
        return Part(name, metrics=metrics, details={**details, **extra}, signature=self.signature(ctx))


SCORERS: dict[str, type[Scorer[Any]]] = {}
S = TypeVar("S", bound=type)


def register(cls: S) -> S:
    """Class decorator: add a `Scorer` subclass to `SCORERS` under its ``name``."""
    name = getattr(cls, "name", "")
    if not name or name in SCORERS:
        raise ValueError(f"a scorer needs a unique name, not {name!r}")
    SCORERS[name] = cls
    return cls


def get_scorer(name: str) -> type[Scorer[Any]]:
    """The registered scorer class ``name``.

    Raises:
        ConfigError: no such part (the message lists the registered ones).
    """
    try:
        return SCORERS[name]
    except KeyError:
        raise ConfigError(f"No evaluation part {name!r}; the parts are {', '.join(sorted(SCORERS))}.") from None


def skipped(name: str, reason: str) -> Part:
    """A part that was not scored, and why (with the option that turns it on)."""
    return Part(name, "skipped", reason=reason)
