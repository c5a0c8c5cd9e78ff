"""Fakes and fixtures for the summariser tests (import the fixtures into a test module to use them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def tiny_chat(tiny_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny chat model with a 4096-token context instead of 512.

    Its fixed prompt alone is about 460 tokens with a 400-piece vocabulary, so with 512 positions
    no real section fits. Llama models have rotary positions, so the limit is a number in the
    config, not a weight; real instruction models have 4k to 128k. Raising it here keeps the real
    loading code; scripts/make_tiny_models.py could build it so.
    """
    out = tmp_path_factory.mktemp("tiny-chat") / "chat"
    shutil.copytree(tiny_models / "chat", out)
    for name, key in (("config.json", "max_position_embeddings"), ("tokenizer_config.json", "model_max_length")):
        path = out / name
        data = json.loads(path.read_text(encoding="utf-8"))
        data[key] = 4096
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return out
