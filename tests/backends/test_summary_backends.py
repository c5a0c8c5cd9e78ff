"""The chat and seq2seq summarisers on tiny models, through the same loading code as Hub models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hub_helpers import COMMIT, fake_hub_cache
from nlbrief.backends import get_abstractor
from nlbrief.backends.base import SectionInput
from nlbrief.backends.summary_common import clean_output, pack
from nlbrief.errors import ConfigError, ModelLoadError, ModelNotFoundError, UnknownBackendError
from nlbrief.prompts import load_prompt

SENTENCES = (
    "The cabinet informs the motion on 16 May 2024.",
    "The State Secretary answers the questions of the member.",
    "The House of Representatives discusses the proposal before the summer.",
)


def section(max_words: int = 30, sentences: tuple[str, ...] = SENTENCES) -> SectionInput:
    return SectionInput(heading="The proposal", sentences=sentences, lang="en", max_words=max_words,
                        context={"sender": "The State Secretary", "date": "16 May 2024"})


def test_chat_condenses_through_its_template(tiny_models: Path) -> None:
    chat = get_abstractor("chat", model=str(tiny_models / "chat"), lang="en", device="cpu")
    out = chat.condense(section())
    assert isinstance(out, str) and "\ufffd" not in out
    assert chat.calls == 1
    info = chat.describe()
    assert info["backend"] == "chat" and info["model"] == "chat"
    assert info["prompts"] == {name: load_prompt(*name.split("-")).sha256 for name in ("section-en", "overview-en")}
    assert isinstance(chat.overview(section()), str) and chat.calls == 2
    assert chat.condense(section(sentences=())) == ""


def with_context(model: Path, out: Path, tokens: int) -> Path:
    """A copy of a llama-type model whose context is ``tokens`` long (rotary positions: a number in
    the config, no weight)."""
    shutil.copytree(model, out)
    for name, key in (("config.json", "max_position_embeddings"), ("tokenizer_config.json", "model_max_length")):
        data = json.loads((out / name).read_text(encoding="utf-8"))
        data[key] = tokens
        (out / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return out


def test_chat_splits_a_section_that_does_not_fit_its_context(tiny_models: Path, tmp_path: Path) -> None:
    # 512 tokens: the fixed prompt (about 460 with the tiny vocabulary) takes most, so the section
    # goes in pieces.
    short = with_context(tiny_models / "chat", tmp_path / "chat-512", 512)
    chat = get_abstractor("chat", model=str(short), lang="en", device="cpu")
    many = tuple(f"{s} It is sentence {i}." for i, s in enumerate(SENTENCES * 3))
    chat.condense(section(max_words=8, sentences=many))
    assert chat.calls > 1
    with pytest.raises(ModelLoadError, match="too small for the prompt"):
        chat.condense(section(max_words=200))


def test_chat_needs_a_chat_template(tiny_models: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(tiny_models / "chat", plain)
    (plain / "chat_template.jinja").unlink(missing_ok=True)
    config = json.loads((plain / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (plain / "tokenizer_config.json").write_text(json.dumps(config))
    chat = get_abstractor("chat", model=str(plain), lang="en", device="cpu")
    with pytest.raises(ModelLoadError, match="no chat template"):
        chat.condense(section())


def test_seq2seq_condenses_and_never_truncates(tiny_models: Path) -> None:
    s2s = get_abstractor("seq2seq", model=str(tiny_models / "seq2seq"), lang="en", device="cpu")
    out = s2s.condense(section())
    assert isinstance(out, str) and "\ufffd" not in out
    assert s2s.calls == 1
    long = tuple(f"{s} It is sentence number {i} of a long section." for i, s in enumerate(SENTENCES * 8))
    s2s.condense(section(sentences=long))
    assert s2s.calls > 2  # over the 256-token encoder limit: condensed in pieces
    assert s2s.describe()["model"] == "seq2seq"


def test_seq2seq_default_cannot_write_dutch() -> None:
    with pytest.raises(ConfigError, match="writes English only"):
        get_abstractor("seq2seq", lang="nl")


def test_unknown_summariser_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownBackendError, match="chat.*none.*seq2seq"):
        get_abstractor("gpt")


def test_default_chat_model_comes_from_the_hub_cache(tiny_models: Path, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelNotFoundError, match="Qwen/Qwen2.5-1.5B-Instruct"):
        get_abstractor("chat", lang="en", device="cpu")
    fake_hub_cache(tmp_path / "hf", tiny_models / "chat", "Qwen/Qwen2.5-1.5B-Instruct")
    chat = get_abstractor("chat", lang="en", device="cpu")
    assert isinstance(chat.condense(section()), str)
    assert (chat.describe()["model"], chat.describe()["revision"]) == ("Qwen/Qwen2.5-1.5B-Instruct", COMMIT)


def test_the_extractive_summariser_needs_no_model() -> None:
    none = get_abstractor("none", model="ignored", lang="nl")
    assert none.condense(section()) == " ".join(SENTENCES)
    assert none.describe()["model"] is None


def test_pack_groups_in_order_and_splits_what_never_fits() -> None:
    words = lambda text: len(text.split())  # noqa: E731
    fits = lambda group: sum(words(s) for s in group) <= 6  # noqa: E731
    groups = pack(["a b c", "d e", "f g h", "i j k l m n o p q, r s t"], fits, words, 6)
    assert groups[:2] == [["a b c", "d e"], ["f g h"]]
    assert all(sum(words(s) for s in g) <= 6 for g in groups)
    assert " ".join(" ".join(g) for g in groups).split() == "a b c d e f g h i j k l m n o p q, r s t".split()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Summary: The cabinet agreed.", "The cabinet agreed."),
        ("- The cabinet agreed.\n- The Council too.", "The cabinet agreed. The Council too."),
        ("**Brief:** \"The cabinet agreed.\"", "The cabinet agreed."),
        ("The plan \ufffd\ufffd works.", "The plan works."),
        ("It is is is is is done.", "It is done."),
    ],
)
def test_clean_output(raw: str, clean: str) -> None:
    assert clean_output(raw) == clean
