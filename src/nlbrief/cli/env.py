"""`nlbrief env`: what a bug report needs to know about this installation."""

from __future__ import annotations

import json
import platform
from importlib import metadata

import click

from .. import __version__, config

PACKAGES = ("torch", "transformers", "sentencepiece", "ctranslate2", "tokenizers", "pypdfium2",
            "sacrebleu", "rouge-score", "datasets", "ray")


def collect_env() -> dict[str, object]:
    """Versions, device and cache paths, as a plain dict."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    device = "cpu"
    detail = ""
    try:
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda":
            detail = torch.cuda.get_device_name(0)
        else:
            detail = f"{torch.get_num_threads()} torch threads"
    except ImportError:
        detail = "torch is not installed"
    return {
        "nlbrief": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "device": device,
        "device_detail": detail,
        "paths": {
            "nlbrief_cache": str(config.cache_dir()),
            "translation_memory": str(config.translation_memory_path()),
            "converted_models": str(config.converted_models_dir()),
            "huggingface_hub_cache": str(config.hf_cache_dir()),
        },
    }


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def env(as_json: bool) -> None:
    """Print versions, device and cache paths (for bug reports)."""
    info = collect_env()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"nlbrief      {info['nlbrief']}")
    click.echo(f"python       {info['python']} ({info['platform']})")
    packages: dict[str, str | None] = info["packages"]  # type: ignore[assignment]
    for name, version in packages.items():
        click.echo(f"{name:<12} {version or 'not installed'}")
    click.echo(f"device       {info['device']} ({info['device_detail']})")
    paths: dict[str, str] = info["paths"]  # type: ignore[assignment]
    for name, path in paths.items():
        click.echo(f"{name:<22} {path}")
