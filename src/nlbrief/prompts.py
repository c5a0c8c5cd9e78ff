"""Prompt templates for the chat summariser: data files, validated when loaded, hashed.

A prompt is a YAML file ``prompts/<kind>-<lang>.yaml`` with the keys ``kind`` ("section" or
"overview"), ``lang`` ("en" or "nl"), ``description``, ``system`` and ``user``. The two templates use
named ``$placeholders`` (`string.Template` syntax; ``$$`` is a dollar sign). What each kind may and
must use is fixed here, in `KINDS`, so that loading a template catches its mistakes: a placeholder
the code does not supply (unknown) or one the kind cannot do without (missing) is a `PromptError`
that names it.

Letter text is data, not instructions. Every placeholder that carries text from the letter must
stand inside a ``<document>`` ... ``</document>`` block (checked when loading), and the values put
there cannot open or close such a block themselves (neutralised when rendering). The system prompt
tells the model that the block is material to summarise and never instructions.

Where the files are found, first match wins: the ``NLBRIEF_PROMPTS`` environment variable (a
folder), the ``prompts/`` folder of a source checkout (editable installs), then the copy a wheel
installs under ``<prefix>/share/nlbrief/prompts`` (``[tool.setuptools.data-files]`` in
pyproject.toml).
"""

from __future__ import annotations

import hashlib
import os
import re
import string
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PromptError

#: Where a source checkout keeps its prompts, relative to this file (src/nlbrief/prompts.py).
_CHECKOUT_DIR = Path(__file__).resolve().parents[2] / "prompts"
#: Where a wheel puts them, relative to an installation prefix.
_INSTALLED_SUBDIR = Path("share") / "nlbrief" / "prompts"

DATA_OPEN = "<document>"
DATA_CLOSE = "</document>"
_BLOCK_TAG_RE = re.compile(r"<\s*(/?)\s*document\b[^>]*>", re.IGNORECASE)
_KEYS_REQUIRED = ("kind", "lang", "system", "user")
_KEYS_ALLOWED = frozenset(_KEYS_REQUIRED + ("description",))
LANGS = ("en", "nl")


@dataclass(frozen=True)
class PromptKind:
    """The contract of one kind of prompt: what it must use, may use, and what is letter text."""

    required: frozenset[str]
    optional: frozenset[str]
    data: frozenset[str]

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional


KINDS: dict[str, PromptKind] = {
    "section": PromptKind(
        required=frozenset({"sentences", "max_words"}),
        optional=frozenset({"heading", "sender", "date", "subject"}),
        data=frozenset({"sentences", "heading", "sender", "date", "subject"}),
    ),
    "overview": PromptKind(
        required=frozenset({"briefs", "max_words"}),
        optional=frozenset({"sender", "date", "subject"}),
        data=frozenset({"briefs", "sender", "date", "subject"}),
    ),
}


@dataclass(frozen=True)
class PromptTemplate:
    """A loaded, validated prompt."""

    kind: str
    lang: str
    description: str
    system: str
    user: str
    path: str
    sha256: str  # of the file's bytes: what goes into the signature

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.lang}"

    def render(self, specials: Sequence[str] = (), **values: Any) -> list[dict[str, str]]:
        """The chat messages (system, user) with every placeholder filled.

        Args:
            specials: the special tokens of the model's tokenizer (``<|im_end|>``, ...): where
                letter text contains one, it is neutralised (`neutralise`), so that the text
                cannot end the user's turn or open another.
            values: one value per placeholder of the kind (see `KINDS`), no more, no less.

        Raises:
            PromptError: a value is missing or not one this kind knows.
        """
        contract = KINDS[self.kind]
        missing = sorted(contract.allowed - values.keys())
        if missing:
            raise PromptError(f"Prompt {self.path}: no value given for ${missing[0]} (needed: "
                              f"{', '.join('$' + m for m in missing)}).")
        unknown = sorted(values.keys() - contract.allowed)
        if unknown:
            raise PromptError(f"Prompt {self.path}: ${unknown[0]} is not a placeholder of a "
                              f"{self.kind} prompt (known: {_names(contract.allowed)}).")
        filled = {k: neutralise(str(v), specials) if k in contract.data else str(v) for k, v in values.items()}
        return [
            {"role": "system", "content": string.Template(self.system).substitute(filled).strip()},
            {"role": "user", "content": string.Template(self.user).substitute(filled).strip()},
        ]


def _names(names: frozenset[str] | set[str]) -> str:
    return ", ".join("$" + n for n in sorted(names))


def neutralise(text: str, specials: Sequence[str] = ()) -> str:
    """Letter text made unable to open or close a ``<document>`` block or a chat turn.

    The angle brackets of a ``<document>`` tag become look-alikes (‹ ›), so the block always ends
    where the template says. Each of ``specials`` (a tokenizer's special tokens) that occurs in the
    text is broken the same way: ``<|im_end|>`` becomes ``‹|im_end|›``, and a token not in angle
    brackets gets a word joiner (U+2060) after its first character, so that the tokenizer reads
    it as plain text, never as the special token.
    """
    text = _BLOCK_TAG_RE.sub(lambda m: "‹" + m.group(0)[1:-1] + "›", text)
    for token in sorted(specials, key=len, reverse=True):  # longest first: one may contain another
        if len(token) < 2 or token not in text:
            continue
        if token[0] == "<" and token[-1] == ">":
            text = text.replace(token, "‹" + token[1:-1] + "›")
        else:
            text = text.replace(token, token[0] + "\u2060" + token[1:])
    return text


def placeholders(template: str, where: str) -> list[tuple[str, int]]:
    """The placeholders of a `string.Template` text with their offsets.

    Raises:
        PromptError: a ``$`` that starts no valid placeholder (write ``$$`` for a dollar sign).
    """
    found = []
    for m in string.Template.pattern.finditer(template):
        if m.group("invalid") is not None:
            line = template.count("\n", 0, m.start()) + 1
            raise PromptError(f"{where}: a '$' on line {line} starts no placeholder; write $$ for a "
                              f"dollar sign or $name for a placeholder.")
        name = m.group("named") or m.group("braced")
        if name:
            found.append((name, m.start()))
    return found


def _blocks(template: str, where: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for m in _BLOCK_TAG_RE.finditer(template):
        closing = bool(m.group(1))
        if not closing and start is None:
            start = m.end()
        elif closing and start is not None:
            spans.append((start, m.start()))
            start = None
        else:
            raise PromptError(f"{where}: {DATA_OPEN} and {DATA_CLOSE} must alternate (a block is "
                              f"opened twice or closed without being opened).")
    if start is not None:
        raise PromptError(f"{where}: a {DATA_OPEN} block is never closed with {DATA_CLOSE}.")
    return spans


def _check_placeholders(data: dict[str, Any], kind: str, path: str) -> None:
    """Every placeholder known to the kind, letter text inside a block, the required ones used."""
    contract = KINDS[kind]
    used: set[str] = set()
    for part in ("system", "user"):
        where = f"Prompt {path} ({part})"
        template = data[part]
        blocks = _blocks(template, where)
        for name, offset in placeholders(template, where):
            if name not in contract.allowed:
                raise PromptError(f"{where}: unknown placeholder ${name}; a {kind} prompt knows "
                                  f"{_names(contract.allowed)}.")
            if name in contract.data and not any(a <= offset < b for a, b in blocks):
                raise PromptError(f"{where}: ${name} carries letter text and must stand inside a "
                                  f"{DATA_OPEN} ... {DATA_CLOSE} block.")
            used.add(name)
    missing = sorted(contract.required - used)
    if missing:
        raise PromptError(f"Prompt {path}: missing placeholder ${missing[0]}; a {kind} prompt must "
                          f"use {_names(contract.required)}.")


def parse_prompt(text: str, *, path: str = "<prompt>") -> PromptTemplate:
    """Parse and validate the YAML text of a prompt file.

    Raises:
        PromptError: bad YAML, missing or unknown keys, an unknown kind, or a placeholder that is
            unknown, missing, or (for letter text) outside a ``<document>`` block.
    """
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise PromptError(f"Prompt {path} is not valid YAML: {' '.join(str(err).split())}") from None
    if not isinstance(data, dict):
        raise PromptError(f"Prompt {path} must be a YAML mapping with the keys {', '.join(_KEYS_REQUIRED)}.")
    for key in _KEYS_REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise PromptError(f"Prompt {path} has no {key!r} (a non-empty text).")
    extra = sorted(set(data) - _KEYS_ALLOWED)
    if extra:
        raise PromptError(f"Prompt {path} has an unknown key {extra[0]!r} (allowed: "
                          f"{', '.join(sorted(_KEYS_ALLOWED))}).")
    kind, lang = data["kind"].strip(), data["lang"].strip()
    if kind not in KINDS:
        raise PromptError(f"Prompt {path}: unknown kind {kind!r} (kinds: {', '.join(KINDS)}).")
    if lang not in LANGS:
        raise PromptError(f"Prompt {path}: unknown lang {lang!r} (langs: {', '.join(LANGS)}).")
    _check_placeholders(data, kind, path)
    return PromptTemplate(
        kind=kind,
        lang=lang,
        description=str(data.get("description") or "").strip(),
        system=data["system"],
        user=data["user"],
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _installed_dirs() -> list[Path]:
    prefixes = [sysconfig.get_path("data"), sys.prefix, sys.base_prefix]
    try:
        prefixes.append(sysconfig.get_path("data", f"{os.name}_user"))
    except KeyError:
        pass
    seen: list[Path] = []
    for prefix in prefixes:
        if prefix and (Path(prefix) / _INSTALLED_SUBDIR) not in seen:
            seen.append(Path(prefix) / _INSTALLED_SUBDIR)
    return seen


def prompts_dir(directory: str | Path | None = None) -> Path:
    """The folder the prompts are read from (see the module docstring for the order).

    Raises:
        PromptError: no folder with prompts was found.
    """
    if directory is not None:
        candidates = [Path(directory).expanduser()]
    elif os.environ.get("NLBRIEF_PROMPTS"):
        candidates = [Path(os.environ["NLBRIEF_PROMPTS"]).expanduser()]
    else:
        candidates = [_CHECKOUT_DIR, *_installed_dirs()]
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise PromptError(
        f"No prompt templates found (looked in {', '.join(str(c) for c in candidates)}). Reinstall "
        f"nlbrief, or point NLBRIEF_PROMPTS at a folder with the files of the project's prompts/."
    )


def load_prompt(kind: str, lang: str, directory: str | Path | None = None) -> PromptTemplate:
    """Load and validate ``<kind>-<lang>.yaml``.

    Raises:
        PromptError: no such file, or it is invalid (see `parse_prompt`).
    """
    if kind not in KINDS:
        raise PromptError(f"Unknown prompt kind {kind!r} (kinds: {', '.join(KINDS)}).")
    folder = prompts_dir(directory)
    path = folder / f"{kind}-{lang}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise PromptError(f"There is no prompt {path.name} in {folder} (a {kind} prompt for "
                          f"lang {lang!r}).") from None
    prompt = parse_prompt(text, path=str(path))
    if (prompt.kind, prompt.lang) != (kind, lang):
        raise PromptError(f"Prompt {path} says kind {prompt.kind!r}, lang {prompt.lang!r}, but its "
                          f"file name says {kind}-{lang}.")
    return prompt
