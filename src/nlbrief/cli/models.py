"""`nlbrief models list|pull|convert`: what is in the cache, downloading, converting to CTranslate2."""

from __future__ import annotations

import json

import click


@click.group()
def models() -> None:
    """List, download and convert translation and summarisation models."""


@models.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_models(as_json: bool) -> None:
    """Models in the Hugging Face cache and CTranslate2 conversions made by nlbrief."""
    from .. import config
    from ..modelhub import list_cached_models

    found = list_cached_models()
    if as_json:
        click.echo(json.dumps([
            {"model": m.model_id, "kind": m.kind, "path": str(m.path), "revisions": list(m.revisions),
             "size_bytes": m.size_bytes} for m in found
        ], indent=2))
        return
    if not found:
        click.echo(f"No models yet (Hugging Face cache: {config.hf_cache_dir()}; conversions: "
                   f"{config.converted_models_dir()}). Get one with `nlbrief models pull Helsinki-NLP/opus-mt-nl-en`.")
        return
    for m in found:
        rev = ",".join(r[:10] for r in m.revisions) or "-"
        click.echo(f"{m.model_id:<45} {m.kind:<4} {m.size_bytes / 1e6:8.1f} MB  {rev:<12} {m.path}")


@models.command()
@click.argument("model_ids", metavar="[MODEL_ID]...", nargs=-1)
@click.option("--revision", help="Branch, tag or commit (default: the main branch).")
def pull(model_ids: tuple[str, ...], revision: str | None) -> None:
    """Download models from the Hugging Face Hub into the local cache (needs internet).

    With no MODEL_ID: the models `nlbrief summarise --lang en` needs (Helsinki-NLP/opus-mt-nl-en,
    about 0.3 GB, and Qwen/Qwen2.5-1.5B-Instruct, about 3.1 GB). Prints each model's folder.
    """
    from ..modelhub import PULL_DEFAULTS, find_in_cache, pull_model, size_text

    for model_id in model_ids or PULL_DEFAULTS:
        cached = find_in_cache(model_id, revision)
        if cached is not None:
            click.echo(f"nlbrief: {model_id} is already in the cache.", err=True)
        else:
            click.echo(f"nlbrief: downloading {model_id}{size_text(model_id)} ...", err=True)
        path = cached or pull_model(model_id, revision, purpose="pull")
        click.echo(str(path))


@models.command()
@click.argument("model")
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default: under nlbrief's cache).")
@click.option("--quantization", type=click.Choice(["int8", "int16", "float32"]), default="int8", show_default=True)
@click.option("--revision", help="Revision of a Hub model.")
@click.option("--force", is_flag=True, help="Overwrite a non-empty output folder.")
def convert(model: str, out: str | None, quantization: str, revision: str | None, force: bool) -> None:
    """Convert MODEL (Hub id or folder) to CTranslate2: a translation model (for --translator
    ctranslate2 / auto) or a chat or seq2seq summariser (for --summary-backend ctranslate2 / auto)."""
    from ..modelhub import convert_model

    path = convert_model(model, out, quantization=quantization, revision=revision, force=force)
    click.echo(str(path))
