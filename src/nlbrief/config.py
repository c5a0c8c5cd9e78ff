"""Where nlbrief keeps its state, and how defaults are resolved.

Precedence everywhere: command-line option > environment variable > built-in default. These are
functions, not module constants, so that tests can point them elsewhere with environment variables.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from .errors import ConfigError

#: Environment variables that no command-line option stands for (the README's table of every
#: ``NLBRIEF_*`` variable is generated from these and the options: ``python -m nlbrief.cli.envdoc``).
ENVIRONMENT: dict[str, str] = {
    "NLBRIEF_CACHE": "nlbrief's cache folder (default `$XDG_CACHE_HOME/nlbrief` or `~/.cache/nlbrief`)",
    "NLBRIEF_TM": "the translation memory file (default `translation-memory.sqlite3` in the cache)",
    "NLBRIEF_PROMPTS": "a folder of prompt files to use instead of the built-in ones",
    "NLBRIEF_DEBUG": "set to anything: print the traceback after an error's paragraph",
    "NLBRIEF_TINY_MODELS": "development: build the tiny test models in this folder once and reuse them",
}

#: Default size limit of an input file, in megabytes (``--max-size`` / ``NLBRIEF_MAX_SIZE_MB``).
DEFAULT_MAX_SIZE_MB = 20.0


def cache_dir() -> Path:
    """nlbrief's cache folder: ``NLBRIEF_CACHE``, else ``$XDG_CACHE_HOME/nlbrief``, else ``~/.cache/nlbrief``."""
    env = os.environ.get("NLBRIEF_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "nlbrief"


def translation_memory_path() -> Path:
    """The SQLite translation memory (``NLBRIEF_TM`` overrides)."""
    env = os.environ.get("NLBRIEF_TM")
    return Path(env).expanduser() if env else cache_dir() / "translation-memory.sqlite3"


def converted_models_dir() -> Path:
    """Where `nlbrief models convert` puts CTranslate2 conversions by default."""
    return cache_dir() / "ct2"


def hf_cache_dir() -> Path:
    """The Hugging Face Hub cache that transformers downloads into (honours ``HF_HOME``/``HF_HUB_CACHE``)."""
    env = os.environ.get("HF_HUB_CACHE")
    if env:
        return Path(env).expanduser()
    home = os.environ.get("HF_HOME")
    if home:
        return Path(home).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a number.") from None


def max_input_bytes(max_size_mb: float | None = None) -> int:
    """The input size limit in bytes: the option, else ``NLBRIEF_MAX_SIZE_MB``, else 20 MB.

    Raises:
        ConfigError: the limit is not a finite number above 0 (nan, inf, 0, -1).
    """
    mb = max_size_mb if max_size_mb is not None else env_float("NLBRIEF_MAX_SIZE_MB", DEFAULT_MAX_SIZE_MB)
    if not math.isfinite(mb) or mb <= 0:
        raise ConfigError(
            f"--max-size (NLBRIEF_MAX_SIZE_MB) must be a number of megabytes above 0, such as 20 "
            f"or 0.5; got {mb}."
        )
    return max(int(mb * 1024 * 1024), 1)


def usable_cores() -> int:
    """The CPU cores this process may use (its affinity where the OS tells it, else every core)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pick_device(requested: str | None = "auto") -> str:
    """Resolve ``--device auto|cpu|cuda`` to "cpu" or "cuda" (imports torch only for auto/cuda)."""
    requested = (requested or "auto").lower()
    if requested == "cpu":
        return "cpu"
    if requested not in ("auto", "cuda"):
        raise ConfigError(f"Unknown device {requested!r}: use auto, cpu or cuda.")
    import torch

    available = torch.cuda.is_available()
    if requested == "cuda" and not available:
        raise ConfigError(
            "--device cuda was asked for, but torch sees no CUDA device on this machine. "
            "Use --device cpu (or auto), or install a CUDA build of torch."
        )
    return "cuda" if available else "cpu"
