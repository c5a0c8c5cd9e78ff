"""A fake summariser and the name of the letter the summariser tests share."""

from __future__ import annotations

from typing import Any

from nlbrief.backends.base import SectionInput

MIGRATION_LETTER = "kst-2024-05-16-jenv-internationaal-migratiebeleid.txt"


class QueueAbstractor:
    """A summariser that returns canned texts in order (the last one again when the queue runs dry)
    and records every `SectionInput` it was given."""

    name = "queue"
    extractive = False

    def __init__(self, *outputs: str) -> None:
        self.outputs = list(outputs)
        self.inputs: list[SectionInput] = []

    def condense(self, section: SectionInput) -> str:
        self.inputs.append(section)
        return self.outputs.pop(0) if len(self.outputs) > 1 else (self.outputs[0] if self.outputs else "")

    def describe(self) -> dict[str, Any]:
        return {"backend": "queue", "model": "queue-model", "revision": "abc123"}
