"""Where models come from: a local directory, the Hugging Face cache, or a bounded download.

Every backend (translation and summarisation) resolves its model here and then loads it from the
local directory it gets back, so that transformers never reaches for the network itself. Without
this, a Hub id on a machine with no network and ``HF_HUB_OFFLINE`` unset makes ``from_pretrained``
retry for about five minutes and then fail with a misleading error; here the answer comes within
seconds: the cache is searched first, and a download is only tried after a short reachability
check of the Hub endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import config
from .errors import ModelLoadError, ModelNotFoundError

#: The option that names a model, per purpose (used in error messages).
MODEL_OPTIONS: dict[str, str] = {
    "translation": "--translation-model",
    "summary": "--summary-model",
}

#: The default models: purpose and approximate download size in bytes (safetensors, from the Hub
#: file listings), for messages that name what is missing and for `nlbrief models pull` with no id.
DEFAULT_MODELS: dict[str, tuple[str, float]] = {
    "Helsinki-NLP/opus-mt-nl-en": ("translation", 0.3e9),
    "Qwen/Qwen2.5-1.5B-Instruct": ("summary", 3.1e9),
    "utter-project/EuroLLM-1.7B-Instruct": ("summary", 3.4e9),
    "sshleifer/distilbart-cnn-12-6": ("summary", 1.2e9),
}
#: What `nlbrief models pull` fetches with no id: the models of `nlbrief summarise --lang en`.
PULL_DEFAULTS: tuple[str, ...] = ("Helsinki-NLP/opus-mt-nl-en", "Qwen/Qwen2.5-1.5B-Instruct")

_EXAMPLE_IDS = {"translation": "Helsinki-NLP/opus-mt-nl-en", "summary": "Qwen/Qwen2.5-1.5B-Instruct"}

#: Seconds to wait for a TCP connection to the Hub endpoint before giving up on downloading.
REACHABILITY_TIMEOUT_S = 3.0

#: Written into every directory `convert_model` makes: where the conversion came from.
CONVERSION_INFO = "nlbrief-conversion.json"

# Weights in other frameworks, never needed: skipping them saves gigabytes on some repositories.
_IGNORED_WEIGHTS = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "tf_model*", "flax_model*",
                    "rust_model*", "*.tflite", "coreml/*", "openvino/*"]
_WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                 "pytorch_model.bin.index.json", "model.bin")
_REPO_ID_RE = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")

Source = Literal["local", "cache", "download"]


@dataclass(frozen=True)
class ResolvedModel:
    """A model on local disk, and what it is.

    ``revision`` is the commit hash when the model came from the Hub cache; for a folder of one's
    own, ``local:`` and a fingerprint of its files (`folder_fingerprint`), so that two folders of
    the same name ("run1/final", "run2/final"), or one changed in place, are told apart by the
    translation memory, the batch manifest and the CTranslate2 conversions; for a conversion, the
    revision of the model it was converted from.
    """

    path: Path
    model_id: str
    revision: str | None
    source: Source

    def describe(self) -> dict[str, Any]:
        """Model id and revision: the model's part of a backend's ``describe()`` (no local path:
        an output's signature must not depend on the machine it was made on)."""
        return {"model": self.model_id, "revision": self.revision}


@dataclass(frozen=True)
class CachedModel:
    """One entry of `list_cached_models`."""

    model_id: str
    kind: str  # "hub" (Hugging Face cache) or "ct2" (a conversion under converted_models_dir())
    path: Path
    revisions: tuple[str, ...]
    size_bytes: int


def has_weights(path: Path) -> bool:
    """Whether ``path`` holds a complete enough model: a config and a weights file."""
    if not (path / "config.json").is_file():
        return False
    if any((path / name).is_file() for name in _WEIGHT_FILES):
        return True
    return any(path.glob("model-*.safetensors")) or any(path.glob("pytorch_model-*.bin"))


def _offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE", "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def hub_endpoint() -> str:
    """The Hub endpoint in use (``HF_ENDPOINT`` or huggingface.co)."""
    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or "https://huggingface.co"


def endpoint_reachable(endpoint: str | None = None, timeout: float = REACHABILITY_TIMEOUT_S) -> str | None:
    """None when a TCP connection to the endpoint (or its proxy) opens in time, else the reason."""
    url = urllib.parse.urlsplit(endpoint or hub_endpoint())
    host, port = url.hostname, url.port or (443 if url.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(url.scheme)
    if proxy and not urllib.request.proxy_bypass(host or ""):
        purl = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        host, port = purl.hostname, purl.port or 80
    if not host:
        return f"the endpoint {endpoint or hub_endpoint()!r} has no host name"
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as err:
        return f"{host}:{port} could not be reached within {timeout:g} s ({err.strerror or err})"


def size_text(model_id: str) -> str:
    """" (about 3.1 GB)" for a default model, "" for others."""
    known = DEFAULT_MODELS.get(model_id)
    return f" (about {known[1] / 1e9:.1f} GB)" if known else ""


def _not_found(name: str, purpose: str, reason: str) -> ModelNotFoundError:
    if purpose == "pull":  # `nlbrief models pull` itself failed: do not suggest it again
        return ModelNotFoundError(
            f"Could not download {name}{size_text(name)}: {reason}. Download it on a machine with "
            f"internet and copy that machine's Hugging Face cache here ({config.hf_cache_dir()}, or "
            f"point HF_HOME at the copy), or give the commands that need it a local model "
            f"folder: --translation-model PATH for a translation model, --summary-model PATH for a "
            f"summary model."
        )
    # A purpose without an option (`models convert`: any kind of model) names no option.
    what = f"{purpose} model" if purpose in MODEL_OPTIONS else "model"
    instead = (f"pass `{MODEL_OPTIONS[purpose]} PATH` with a local model directory" if purpose in MODEL_OPTIONS
               else "give a local model directory instead")
    return ModelNotFoundError(
        f"The {what} {name!r} is not on this machine and could not be downloaded: "
        f"{reason}. Get it once with `nlbrief models pull {name}` on a machine with internet "
        f"(the Hugging Face cache is {config.hf_cache_dir()}; point HF_HOME at a copied cache "
        f"to use it elsewhere), or {instead}."
    )


def conversion_info(path: Path) -> dict[str, Any]:
    """What `convert_model` recorded in ``path`` (model id, revision, source path ...); {} if nothing."""
    info = path / CONVERSION_INFO
    if info.is_file():
        try:
            return json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
    return {}


def _local(path: Path) -> ResolvedModel:
    path = path.resolve()
    info = conversion_info(path)
    model_id = info.get("model_id") or path.name
    revision = info.get("revision")
    # A snapshot folder of the Hub cache: models--org--name/snapshots/<commit>.
    if revision is None and path.parent.name == "snapshots" and path.parent.parent.name.startswith("models--"):
        model_id = path.parent.parent.name[len("models--"):].replace("--", "/")
        revision = path.name
    if revision is None and path.is_dir():
        revision = f"local:{folder_fingerprint(path)}"
    return ResolvedModel(path=path, model_id=model_id, revision=revision, source="local")


def folder_fingerprint(path: Path) -> str:
    """12 hex digits that change when a file of the model folder ``path`` does: the names, sizes
    and modification times (ns) of its files, not their bytes (reading gigabytes per run would
    cost seconds). A copy of a folder gets a new fingerprint; that only costs a cache miss."""
    entries = []
    for f in sorted(path.iterdir()):
        if f.is_file() and f.name != CONVERSION_INFO:
            st = f.stat()
            entries.append(f"{f.name}\x00{st.st_size}\x00{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:12]


def find_in_cache(model_id: str, revision: str | None = None) -> Path | None:
    """The snapshot folder of ``model_id`` in the local Hugging Face cache, if complete."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        found = snapshot_download(
            model_id, revision=revision, cache_dir=config.hf_cache_dir(), local_files_only=True
        )
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    path = Path(str(found))
    return path if has_weights(path) else None


def resolve_model(
    name_or_path: str,
    *,
    revision: str | None = None,
    purpose: str = "translation",
    allow_download: bool = True,
) -> ResolvedModel:
    """Find a model on disk, downloading it (bounded in time) when it is only on the Hub.

    Args:
        name_or_path: a local model directory, or a Hugging Face model id.
        revision: a branch, tag or commit of the Hub repository (None: the default branch).
        purpose: "translation" or "summary", for the error message.
        allow_download: False to look only on local disk.

    Raises:
        ModelNotFoundError: the model is neither local nor downloadable (says how to get it).
        ModelLoadError: ``name_or_path`` is a directory without a model in it.
    """
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir():
        if not (candidate / "config.json").is_file():
            raise ModelLoadError(
                f"{candidate} is a directory but holds no model (no config.json). Pass the folder "
                f"that contains the model's config.json and weights, or a Hugging Face model id."
            )
        return _local(candidate)
    if not _REPO_ID_RE.match(name_or_path):  # "./x", "/x", "~/x", "a/b/c": a path, not a Hub id
        what = "is a file, not a model folder" if candidate.exists() else "does not exist"
        raise ModelNotFoundError(
            f"{name_or_path} {what}. Give the folder that holds a model's config.json and weights, or "
            f"a Hugging Face model id such as {_EXAMPLE_IDS.get(purpose, _EXAMPLE_IDS['translation'])}."
        )

    cached = find_in_cache(name_or_path, revision)
    if cached is not None:
        return ResolvedModel(path=cached, model_id=name_or_path, revision=cached.name, source="cache")
    if not allow_download:
        raise _not_found(name_or_path, purpose, "it is not in the local cache")
    path = pull_model(name_or_path, revision, purpose=purpose)
    return ResolvedModel(path=path, model_id=name_or_path, revision=path.name, source="download")


def missing_models(needed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (purpose, name) pairs of ``needed`` that are neither a local folder nor in the cache."""
    missing = []
    for purpose, name in needed:
        try:
            resolve_model(name, purpose=purpose, allow_download=False)
        except ModelNotFoundError:
            missing.append((purpose, name))
        except ModelLoadError:  # there, but odd (a CTranslate2 folder ...): the backend decides
            continue
    return missing


def require_models(needed: list[tuple[str, str]], *, command: str,
                   hints: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Fail at once, naming every model ``command`` needs that is missing and cannot be downloaded.

    Without this, a command that needs two models learns of the second only after downloading the
    first (3 GB). Where the Hub is reachable, nothing is raised: the models download on first use.

    Returns:
        The (purpose, name) pairs that are missing here and will be downloaded (for a message
        with their sizes); [] when every model is on this machine.

    Args:
        needed: (purpose, model id or folder) pairs; purpose "translation" or "summary".
        command: the command as the user would type it, for the message.
        hints: per purpose, a sentence on the options that need no such model; "all" for when
            models of several purposes are missing.

    Raises:
        ModelNotFoundError: some model is missing and cannot be downloaded here (exit code 4).
    """
    missing = missing_models(needed)
    if not missing:
        return []
    folders = [(p, n) for p, n in missing if not _REPO_ID_RE.match(n)]  # paths: nothing to download
    reason = "HF_HUB_OFFLINE is set" if _offline() else endpoint_reachable()
    if reason is None and not folders:
        return missing
    if reason is not None and not _offline():
        reason = f"the Hugging Face Hub ({hub_endpoint()}) is unreachable: {reason}"
    raise ModelNotFoundError(_missing_text(missing, command, reason, hints or {}))


def _fetch_advice(ids: list[str], reason: str | None) -> str:
    """How to fetch the missing Hub models, ending where the options sentence goes on."""
    if not ids or reason is None:
        return " Pass"
    pull = "nlbrief models pull" if sorted(ids) == sorted(PULL_DEFAULTS) else f"nlbrief models pull {' '.join(ids)}"
    return (f" Nothing can be downloaded here ({reason}). Fetch {'them all' if len(ids) > 1 else 'it'} "
            f"with `{pull}` on a machine with internet (the Hugging Face cache is "
            f"{config.hf_cache_dir()}; point HF_HOME at a copied cache), or pass")


def _missing_text(missing: list[tuple[str, str]], command: str, reason: str | None,
                  hints: dict[str, str]) -> str:
    """The paragraph of `require_models`: every missing model, how to get them all, what needs none."""
    def describe(purpose: str, name: str) -> str:
        if _REPO_ID_RE.match(name):
            return f"the {purpose} model {name}{size_text(name)}"
        return f"the {purpose} model folder {name}, which does not exist"

    many = len(missing) > 1
    text = (f"`{command}` needs {len(missing)} model{'s' if many else ''} that {'are' if many else 'is'} "
            f"not on this machine: {', and '.join(describe(p, n) for p, n in missing)}.")
    text += _fetch_advice([name for _, name in missing if _REPO_ID_RE.match(name)], reason)
    options = " or ".join(f"{MODEL_OPTIONS.get(p, '--model')} PATH" for p, _ in missing)
    text += f" {options} with a local model folder (one that holds config.json and the weights)."
    purposes = sorted({purpose for purpose, _ in missing})
    keys = ["all"] if len(purposes) > 1 and "all" in hints else purposes
    return text + "".join(f" {hints[key]}" for key in keys if key in hints)


def pull_model(model_id: str, revision: str | None = None, *, purpose: str = "translation") -> Path:
    """Download a model into the Hugging Face cache (safetensors preferred, with huggingface_hub's
    progress bars); return its snapshot.

    Raises:
        ModelNotFoundError: offline, the Hub unreachable, or no such repository.
    """
    if _offline():
        raise _not_found(model_id, purpose, "HF_HUB_OFFLINE is set, so nothing is downloaded")
    reason = endpoint_reachable()
    if reason is not None:
        raise _not_found(model_id, purpose, f"the Hugging Face Hub ({hub_endpoint()}) is unreachable: {reason}")

    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import (
        HfHubHTTPError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        files = HfApi(endpoint=hub_endpoint()).list_repo_files(model_id, revision=revision)
        ignore = list(_IGNORED_WEIGHTS)
        if any(f.endswith(".safetensors") for f in files):
            ignore += ["pytorch_model*.bin", "*.pt"]  # same weights twice: keep safetensors
        path = snapshot_download(
            model_id,
            revision=revision,
            cache_dir=config.hf_cache_dir(),
            ignore_patterns=ignore,
            endpoint=hub_endpoint(),
            etag_timeout=10,  # seconds; huggingface_hub's read timeout for the files is 10 s too
        )
    except (RepositoryNotFoundError, RevisionNotFoundError) as err:
        raise _not_found(model_id, purpose, f"the Hub has no such model or revision ({type(err).__name__})") from None
    except (HfHubHTTPError, OSError) as err:
        raise _not_found(model_id, purpose, f"the download failed ({' '.join(str(err).split())[:200]})") from None
    return Path(str(path))


def list_cached_models() -> list[CachedModel]:
    """Models in the Hugging Face cache and conversions under `config.converted_models_dir`."""
    found: list[CachedModel] = []
    cache = config.hf_cache_dir()
    if cache.is_dir():
        from huggingface_hub import scan_cache_dir

        try:
            info = scan_cache_dir(cache)
        except Exception:  # a corrupt or foreign cache folder must not break `models list`
            info = None
        for repo in sorted(info.repos if info else (), key=lambda r: r.repo_id):
            if repo.repo_type != "model":
                continue
            found.append(
                CachedModel(
                    model_id=repo.repo_id,
                    kind="hub",
                    path=Path(repo.repo_path),
                    revisions=tuple(sorted(r.commit_hash for r in repo.revisions)),
                    size_bytes=repo.size_on_disk,
                )
            )
    for path in _iter_conversions(config.converted_models_dir()):
        info_json = conversion_info(path)
        found.append(
            CachedModel(
                model_id=info_json.get("model_id") or path.name,
                kind="ct2",
                path=path,
                revisions=tuple(r for r in [info_json.get("revision")] if r),
                size_bytes=sum(f.stat().st_size for f in path.iterdir() if f.is_file()),
            )
        )
    return found


def _iter_conversions(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for child in sorted(root.iterdir()):
            if (child / "model.bin").is_file():
                yield child


QUANTIZATIONS = ("int8", "int16", "float32", "int8_float32", "float16", "int8_float16", "bfloat16")


def default_conversion_dir(model_id: str, quantization: str) -> Path:
    """Where `convert_model` puts a conversion by default: converted_models_dir()/ORG--NAME-QUANT."""
    safe = re.sub(r"[^\w.\-]+", "--", model_id.strip("/"))
    return config.converted_models_dir() / f"{safe}-{quantization}"


def convert_model(
    name_or_path: str,
    out: str | Path | None = None,
    *,
    quantization: str = "int8",
    revision: str | None = None,
    force: bool = False,
) -> Path:
    """Convert a transformers model (a seq2seq translator or summariser, or a causal chat model)
    into a CTranslate2 directory (``nlbrief models convert``).

    The tokenizer is saved next to the weights (with its class named in tokenizer_config.json) so
    that the directory is self-contained, and ``nlbrief-conversion.json`` records the model id,
    revision and quantization that went in.

    Raises:
        ModelNotFoundError: the model is neither local nor downloadable.
        ModelLoadError: the model cannot be converted.
    """
    if quantization not in QUANTIZATIONS:
        raise ModelLoadError(f"Unknown quantization {quantization!r}: use one of {', '.join(QUANTIZATIONS)}.")
    resolved = resolve_model(name_or_path, revision=revision, purpose="convert")  # any kind of model
    if (resolved.path / "model.bin").is_file():
        raise ModelLoadError(f"{resolved.path} is already a CTranslate2 model; it needs no conversion.")
    from .backends.loading import check_weights  # pickle-only or truncated weights: one paragraph

    check_weights(resolved, "model")
    target = Path(out) if out is not None else default_conversion_dir(resolved.model_id, quantization)
    if target.exists() and any(target.iterdir()) and not force:
        raise ModelLoadError(f"{target} already exists and is not empty; pass --force to overwrite it.")
    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        raise ModelLoadError(
            "Converting needs the ctranslate2 package: pip install 'nlbrief[ct2]'."
        ) from None
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # nlbrief prints the result; the loading bar is noise
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Generation defaults (beam size, bad words) travel with the conversion.
        copy = [f for f in ("generation_config.json",) if (resolved.path / f).is_file()]
        TransformersConverter(str(resolved.path), copy_files=copy, trust_remote_code=False).convert(
            str(target), quantization=quantization, force=True
        )
        tokenizer = AutoTokenizer.from_pretrained(str(resolved.path), local_files_only=True)
        tokenizer.save_pretrained(str(target))
    # AttributeError: a converter reading a configuration key that this model's config lacks (BART's
    # normalize_before, which transformers 5 no longer writes).
    except (ValueError, OSError, RuntimeError, KeyError, NotImplementedError, AttributeError) as err:
        raise ModelLoadError(
            f"Could not convert {resolved.model_id} ({resolved.path}) to CTranslate2: "
            f"{' '.join(str(err).split())[:300]}"
        ) from None
    _fix_tokenizer_class(target, type(tokenizer).__name__)
    if not copy:
        _save_legacy_generation_config(resolved.path, target)
    (target / CONVERSION_INFO).write_text(
        json.dumps(
            {
                "model_id": resolved.model_id,
                "revision": resolved.revision,
                "quantization": quantization,
                "ctranslate2": ctranslate2.__version__,
                "source_path": str(resolved.path),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return target


#: Generation settings that models saved before generation_config.json existed (2023) keep in
#: config.json, as sshleifer/distilbart-cnn-12-6 does; transformers still reads them from there.
_LEGACY_GENERATION_KEYS = ("num_beams", "min_length", "max_length", "length_penalty", "no_repeat_ngram_size",
                           "repetition_penalty", "early_stopping", "forced_bos_token_id", "forced_eos_token_id",
                           "decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id")


def _save_legacy_generation_config(source: Path, target: Path) -> None:
    # The CTranslate2 config.json replaces the model's, so its generation settings would be lost.
    try:
        data = json.loads((source / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    found = {key: data[key] for key in _LEGACY_GENERATION_KEYS if data.get(key) is not None}
    if found:
        (target / "generation_config.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


def _fix_tokenizer_class(path: Path, class_name: str) -> None:
    # The CTranslate2 config.json has no model_type, so AutoTokenizer must find the class here.
    cfg_path = path / "tokenizer_config.json"
    data: dict[str, Any] = {}
    if cfg_path.is_file():
        data = json.loads(cfg_path.read_text(encoding="utf-8"))
    if data.get("tokenizer_class") in (None, ""):
        data["tokenizer_class"] = class_name.removesuffix("Fast") if class_name.endswith("TokenizerFast") else class_name
        cfg_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
