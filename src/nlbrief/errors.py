"""Errors a user can act on. The CLI turns each into one paragraph and its exit code."""

from __future__ import annotations


class NlbriefError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing paragraph."""

    exit_code = 2


class InputError(NlbriefError):
    """The input cannot be read as a letter: missing, empty, binary, scanned, too large, ..."""


class ParseError(NlbriefError):
    """The text was read but could not be parsed into a letter."""


class UnknownBackendError(NlbriefError):
    """A backend name that is not registered; the message lists the valid ones."""


class ModelNotFoundError(NlbriefError):
    """A model is neither local nor downloadable; the message says how to get it."""


class ModelLoadError(NlbriefError):
    """A model was found but could not be loaded (corrupt files, wrong kind of model)."""


class PromptError(NlbriefError):
    """A prompt template is invalid: missing or unknown placeholder, bad file."""


class ConfigError(NlbriefError):
    """A bad option value or configuration file."""
