"""Errors a user can act on. The CLI turns each into one paragraph and its exit code.

Exit codes (documented in the README, "Exit codes"): 0 done; 1 some work failed (a batch letter,
an evaluation check); 2 bad input or options; 3 the nothing-lost check failed under ``--strict``;
4 a model the command needs is not available (not local, and not downloadable here).
"""

from __future__ import annotations

#: Exit code for bad input or options.
EXIT_BAD_INPUT = 2
#: Exit code for "a model the command needs is not available": scripts can fall back on it.
EXIT_MODEL_MISSING = 4


class NlbriefError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing paragraph."""

    exit_code = EXIT_BAD_INPUT


class InputError(NlbriefError):
    """The input cannot be read as a letter: missing, empty, binary, scanned, too large, ..."""


class OutputError(NlbriefError):
    """An output cannot be written: read-only or full filesystem, no permission, a full device."""


class ParseError(NlbriefError):
    """The text was read but could not be parsed into a letter."""


class UnknownBackendError(NlbriefError):
    """A backend name that is not registered; the message lists the valid ones."""


class ModelNotFoundError(NlbriefError):
    """A model is neither local nor downloadable; the message says how to get it (exit code 4)."""

    exit_code = EXIT_MODEL_MISSING


class ModelLoadError(NlbriefError):
    """A model was found but could not be loaded (corrupt files, wrong kind of model)."""


class PromptError(NlbriefError):
    """A prompt template is invalid: missing or unknown placeholder, bad file."""


class ConfigError(NlbriefError):
    """A bad option value or configuration file."""
