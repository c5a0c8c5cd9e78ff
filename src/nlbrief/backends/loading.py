"""Loading Hugging Face models, for every backend: once per process, offline, never remote code.

A backend gets its model folder from `nlbrief.modelhub.resolve_model` and loads it with these
helpers, so that translation and summary models are read, cached, limited and reported on the same
way.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelLoadError

if TYPE_CHECKING:  # modelhub imports this module (check_weights): types only, no cycle
    from ..modelhub import ResolvedModel

#: What a model folder must hold, per purpose (for the tokenizer's error message).
TOKENIZER_FILES: dict[str, str] = {
    "translation": "the tokenizer files of a Hugging Face translation model (for MarianMT: source.spm, "
                   "target.spm, vocab.json)",
    "summary": "a Hugging Face model with its tokenizer files",
}
#: The limit assumed for a model whose config and tokenizer name none.
DEFAULT_TOKEN_LIMIT = 512

# Models load once per process: key = (backend, path, options that change the loaded object).
_MODEL_CACHE: dict[tuple[Any, ...], Any] = {}
_MODEL_CACHE_LOCK = threading.Lock()


def cached_load(key: tuple[Any, ...], loader: Callable[[], Any]) -> Any:
    """Return the object cached under ``key``, calling ``loader`` once to make it."""
    with _MODEL_CACHE_LOCK:
        if key not in _MODEL_CACHE:
            if not _MODEL_CACHE:
                atexit.register(release_models)
            _MODEL_CACHE[key] = loader()
        return _MODEL_CACHE[key]


def release_models() -> int:
    """Drop every cached model now and collect it; returns how many there were.

    Registered to run at exit: a CTranslate2 model freed while the interpreter is still whole
    joins its worker threads cleanly. Left to the interpreter's own teardown, a worker that
    still holds the Python decoding callback could abort the process after the output was
    written ("terminate called without an active exception", seen with `generate_batch` and a
    callback on this machine).
    """
    import gc

    with _MODEL_CACHE_LOCK:
        count = len(_MODEL_CACHE)
        _MODEL_CACHE.clear()
    gc.collect()
    return count


def quiet_transformers() -> None:
    """Silence transformers' own progress bars and advice; nlbrief shows its own progress."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _one_error_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:300]


def _named_tokenizer_class(path: Path) -> Any:
    """The tokenizer class that tokenizer_config.json names, or None."""
    import json

    import transformers

    try:
        name = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8")).get("tokenizer_class")
    except (OSError, ValueError):
        return None
    if not (isinstance(name, str) and name.isidentifier()):
        return None
    return getattr(transformers, name, None) or getattr(transformers, name + "Fast", None)


def load_tokenizer(path: Path, purpose: str = "translation", model_id: str | None = None) -> Any:
    """The tokenizer of a model folder, offline, never with remote code.

    A translation model's tokenizer is loaded through the class its tokenizer_config.json names,
    imported alone: AutoTokenizer also imports torch (about 250 MB), which the CTranslate2 backend
    does not otherwise need. A summary model needs torch anyway and gets AutoTokenizer, which knows
    the special cases of instruction models' tokenizers.

    Args:
        path: the model folder.
        purpose: "translation" or "summary" (the loading rule and the error message).
        model_id: the model's id, for the error message.

    Raises:
        ModelLoadError: the folder holds no tokenizer that loads.
    """
    import transformers

    loader = _named_tokenizer_class(path) if purpose == "translation" else None
    try:
        return (loader or transformers.AutoTokenizer).from_pretrained(
            str(path), local_files_only=True, trust_remote_code=False
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        what = f"the {purpose} model {model_id} ({path})" if model_id else str(path)
        raise ModelLoadError(
            f"Could not load the tokenizer of {what}: {_one_error_line(err)}. The folder must hold "
            f"{TOKENIZER_FILES.get(purpose, TOKENIZER_FILES['summary'])}."
        ) from None


#: Weight files that are Python pickles: loading one can run code, so nlbrief never does.
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


def _safetensors_problem(path: Path) -> str | None:
    """Why a safetensors file is unusable (truncated, bad header), or None where it looks whole.

    The format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length,
    a JSON header whose tensors' ``data_offsets`` index the bytes after it.
    """
    import json
    import struct

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                return "it is shorter than a safetensors header"
            (length,) = struct.unpack("<Q", head)
            if length > min(size - 8, 100_000_000):
                return "its header length is past the end of the file"
            header = json.loads(handle.read(length))
    except (OSError, ValueError, UnicodeDecodeError) as err:
        return f"its header cannot be read ({' '.join(str(err).split())[:100]})"
    ends = [int(v["data_offsets"][1]) for k, v in header.items()
            if k != "__metadata__" and isinstance(v, dict) and len(v.get("data_offsets", ())) == 2]
    need = 8 + length + max(ends, default=0)
    if need > size:
        return f"it is truncated ({size:,} bytes where its header needs {need:,})"
    return None


def check_weights(resolved: ResolvedModel, purpose: str) -> None:
    """Refuse a model folder whose weights cannot be loaded safely, in one paragraph.

    Raises:
        ModelLoadError: the folder has only pickle weights (``pytorch_model.bin``, ...), which
            nlbrief never loads because unpickling can run code; or a ``*.safetensors`` file is
            truncated or damaged.
    """
    path = resolved.path
    tensors = sorted(path.glob("*.safetensors"))
    if not tensors and (path / "model.bin").is_file():
        return  # a CTranslate2 model (its own format, checked by CTranslate2 when loading)
    if not tensors:
        pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
        if pickles:
            raise ModelLoadError(
                f"The {purpose} model {resolved.model_id} ({path}) has its weights only as Python "
                f"pickles ({', '.join(pickles[:3])}), which nlbrief does not load: unpickling a file "
                f"can run any code. Use a copy of the model with model.safetensors (most Hub models "
                f"have one), or convert the weights to safetensors on a machine you trust."
            )
        return
    for tensor_file in tensors:
        problem = _safetensors_problem(tensor_file)
        if problem:
            raise ModelLoadError(
                f"The weights of the {purpose} model {resolved.model_id} ({tensor_file}) cannot be "
                f"used: {problem}. The download or copy was probably interrupted: delete the folder "
                f"and fetch the model again (`nlbrief models pull MODEL`)."
            )


def load_model(resolved: ResolvedModel, device: str, auto_class: str, *, purpose: str, kind: str,
               hint: str, dtype: Any = None) -> Any:
    """A transformers model from a resolved folder, in eval mode on ``device``.

    Weights load from safetensors only (`check_weights`), never with remote code.

    Args:
        resolved: the model folder (`nlbrief.modelhub.resolve_model`).
        device: "cpu" or "cuda".
        auto_class: the transformers class that loads it ("AutoModelForSeq2SeqLM", ...).
        purpose: "translation" or "summary"; ``kind``: what it must be ("a chat model");
            ``hint``: what the user can do. All three go into the error message.
        dtype: the torch dtype to load in (None: the model's own).

    Raises:
        ModelLoadError: the folder does not load as ``auto_class``, its weights are pickles, or
            a weights file is truncated.
    """
    import transformers

    check_weights(resolved, purpose)
    options: dict[str, Any] = {"dtype": dtype} if dtype is not None else {}
    try:
        model = getattr(transformers, auto_class).from_pretrained(
            str(resolved.path), local_files_only=True, trust_remote_code=False, use_safetensors=True, **options,
        )
    except Exception as err:  # noqa: BLE001 - safetensors, torch and transformers raise many kinds
        raise ModelLoadError(
            f"Could not load the {purpose} model {resolved.model_id} ({resolved.path}) as {kind}: "
            f"{_one_error_line(err)}. {hint}"
        ) from None
    model.eval()
    if device != "cpu":
        model.to(device)
    return model


def load_pretrained(resolved: ResolvedModel, device: str, auto_class: str, *, purpose: str, kind: str,
                    hint: str) -> tuple[Any, Any]:
    """(tokenizer, model) of a resolved folder, loaded once per process (see `load_tokenizer` and
    `load_model` for the arguments and errors)."""

    def load() -> tuple[Any, Any]:
        quiet_transformers()
        tokenizer = load_tokenizer(resolved.path, purpose, resolved.model_id)
        model = load_model(resolved, device, auto_class, purpose=purpose, kind=kind, hint=hint)
        return tokenizer, model

    return cached_load((purpose, auto_class, str(resolved.path), device), load)


def token_limit(tokenizer: Any, model: Any = None) -> int:
    """The most tokens a model takes: the smaller of its position embeddings and its tokenizer's
    ``model_max_length``, where they say (`DEFAULT_TOKEN_LIMIT` where neither does).

    Args:
        tokenizer: the model's tokenizer.
        model: the loaded model (None where there is no transformers config, as for CTranslate2).
    """
    config = getattr(model, "config", None)
    limits = [int(getattr(config, "max_position_embeddings", 0) or 0)]
    tok_limit = int(getattr(tokenizer, "model_max_length", 0) or 0)
    if tok_limit < 1_000_000:  # tokenizers without a limit report a huge sentinel
        limits.append(tok_limit)
    limits = [n for n in limits if n > 0]
    return min(limits) if limits else DEFAULT_TOKEN_LIMIT
