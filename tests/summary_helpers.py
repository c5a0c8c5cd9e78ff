"""A fake summariser and the name of the letter the summariser tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlbrief.backends.base import Abstractor, SectionInput

MIGRATION_LETTER = "kst-2024-05-16-jenv-internationaal-migratiebeleid.txt"


class QueueAbstractor(Abstractor):
    """A summariser that returns canned texts in order (the last one again when the queue runs dry)
    and records every `SectionInput` it was given."""

    name = "queue"

    def __init__(self, *outputs: str) -> None:
        self.outputs = list(outputs)
        self.inputs: list[SectionInput] = []

    def condense(self, section: SectionInput) -> str:
        self.inputs.append(section)
        return self.outputs.pop(0) if len(self.outputs) > 1 else (self.outputs[0] if self.outputs else "")

    def describe(self) -> dict[str, Any]:
        return {"backend": "queue", "model": "queue-model", "revision": "abc123"}


def tiny_chat_engine(tiny_models: Path, backend: str = "transformers", **options: Any) -> Any:
    """The engine of the tiny chat model (``backend`` "transformers" or "ctranslate2")."""
    from nlbrief.backends.chat_engines import build_chat_engine

    return build_chat_engine(str(tiny_models / "chat"), device="cpu", backend=backend, **options)
