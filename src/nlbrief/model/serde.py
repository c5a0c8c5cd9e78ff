"""One to-dict / from-dict for the frozen dataclasses of the data model, with validation.

`to_dict` writes a dataclass's fields in order (or the keys its ``JSON_KEYS`` names, which may
include read-only properties such as a brief section's ``text``; keys in ``JSON_OMIT_NONE`` only
when they are not None), tuples as lists, nested dataclasses as objects. `from_dict` reads that form back, checking every value against the field's
type annotation: a JSON input of the wrong shape (a list where an object belongs, a string where a
number belongs, nesting deeper than any letter has) becomes one `SchemaError` that names the place
(``sections[2].paragraphs[0].sentences[1].footnote_refs[0]``), never a ``TypeError`` or
``RecursionError`` from deep inside. Keys that are not fields are ignored (a parsed letter's JSON
carries ``nothing_lost``; a brief's ``text`` is derived); a missing key takes the field's default,
and is an error where the field has none.

A class with its own JSON layout (`Coverage`) defines ``to_dict``/``from_dict`` itself; the helpers
call those for it when it is nested.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar, Union

from ..errors import InputError

T = TypeVar("T")

#: Deepest nesting read back: a Letter is 6 levels deep, a brief's free-form signature a few more.
MAX_DEPTH = 32


class SchemaError(InputError, ValueError):
    """A JSON value does not have the shape of the data model; the message names where."""


def to_dict(obj: Any) -> dict[str, Any]:
    """The JSON-ready dict of a model dataclass (see the module docstring)."""
    keys = getattr(type(obj), "JSON_KEYS", None) or [f.name for f in dataclasses.fields(obj)]
    omit = getattr(type(obj), "JSON_OMIT_NONE", ())  # optional keys written only when set
    return {key: encode(value) for key in keys
            if (value := getattr(obj, key)) is not None or key not in omit}


def encode(value: Any) -> Any:
    """A model value as JSON-ready data: dataclasses as dicts, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else to_dict(value)
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


M = TypeVar("M", bound="JsonModel")


class JsonModel:
    """Mixin that gives a model dataclass ``to_dict`` and a validating ``from_dict``."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see `nlbrief.model.serde`)."""
        return to_dict(self)

    @classmethod
    def from_dict(cls: type[M], data: Any) -> M:
        """Inverse of `to_dict`. Raises `SchemaError` (an `InputError`) for a value of the wrong shape."""
        return from_dict(cls, data)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any, where: str = "") -> T:
    """Build ``cls`` from its JSON form, checking every value against the annotations.

    Raises:
        SchemaError: ``data`` is not an object, a required key is missing, or a value has the
            wrong type or nests deeper than `MAX_DEPTH`.
    """
    return typing.cast(T, _dataclass(cls, data, where or cls.__name__, 0))


def _dataclass(cls: type, data: Any, where: str, depth: int) -> Any:
    if not isinstance(data, dict):
        raise SchemaError(f"{where} must be a JSON object, not {_kind(data)}.")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SchemaError(f"{where} lacks the key {f.name!r}.")
            continue
        values[f.name] = _value(hints[f.name], data[f.name], f"{where}.{f.name}", depth + 1)
    return cls(**values)


def _value(tp: Any, value: Any, where: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise SchemaError(f"{where} nests deeper than {MAX_DEPTH} levels.")
    origin = typing.get_origin(tp)
    if tp is Any:
        _check_depth(value, where, depth)
        return value
    if origin in (Union, types.UnionType):
        return _union(typing.get_args(tp), value, where, depth)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if getattr(tp, "CUSTOM_JSON", False):  # its own layout: its own from_dict reads it
            if not isinstance(value, dict):
                raise SchemaError(f"{where} must be a JSON object, not {_kind(value)}.")
            reader: Any = tp
            return reader.from_dict(value)
        return _dataclass(tp, value, where, depth)
    if origin is tuple:
        return _sequence(typing.get_args(tp), value, where, depth)
    if origin is dict:
        if not isinstance(value, dict):
            raise SchemaError(f"{where} must be a JSON object, not {_kind(value)}.")
        _check_depth(value, where, depth)
        return value
    return _scalar(tp, value, where)


def _union(options: tuple[Any, ...], value: Any, where: str, depth: int) -> Any:
    if value is None:
        if type(None) in options:
            return None
        raise SchemaError(f"{where} must not be null.")
    real = [o for o in options if o is not type(None)]
    if len(real) == 1:
        return _value(real[0], value, where, depth)
    for option in real:  # not used by the model today; first that fits
        try:
            return _value(option, value, where, depth)
        except SchemaError:
            continue
    raise SchemaError(f"{where} has the wrong type ({_kind(value)}).")


def _sequence(args: tuple[Any, ...], value: Any, where: str, depth: int) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise SchemaError(f"{where} must be a JSON array, not {_kind(value)}.")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_value(args[0], v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))
    if len(args) != len(value):
        raise SchemaError(f"{where} must have {len(args)} items, not {len(value)}.")
    return tuple(_value(t, v, f"{where}[{i}]", depth + 1) for i, (t, v) in enumerate(zip(args, value)))


def _scalar(tp: Any, value: Any, where: str) -> Any:
    if tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp in (str, bool):
        ok = isinstance(value, tp)
    else:
        raise TypeError(f"serde cannot read the type {tp!r} (at {where})")  # a bug in the model
    if not ok:
        raise SchemaError(f"{where} must be {_NAMES[tp]}, not {_kind(value)}.")
    return value


_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_depth(value: Any, where: str, depth: int) -> None:
    """Free-form values (``dict[str, Any]``) may nest, but not without bound: iteratively, so a
    hostile input cannot exhaust the stack here either."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_DEPTH:
            raise SchemaError(f"{where} nests deeper than {MAX_DEPTH} levels.")
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
