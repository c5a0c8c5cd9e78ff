"""The whole `nlbrief summarise --lang en` of one letter on each backend path, at the real model sizes.

    python scripts/bench_summarise.py [--workdir .bench] [--letter PATH] [--new-tokens 100]
                                      [--translation-tokens 32] [--variants transformers,ct2-one,ct2-batched]

Builds once, under --workdir, two models with random weights and the real dimensions:

- the translator: MarianMT with the opus-mt-nl-en dimensions (scripts/bench_translate.py's build:
  d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary 67,028) and its int8 CTranslate2 conversion;
  its padding entries are damped in the output layer, so it writes real pieces, as a real model
  does (an "<unused22200>" piece is some 7 chat tokens, which made the prompts 2-4 times too long);
- the chat summariser: a Qwen2 causal LM with the Qwen2.5-1.5B-Instruct dimensions (vocabulary
  151,936, hidden 1,536, 28 layers, 12 heads, 2 key-value heads, intermediate 8,960, tied
  embeddings) saved in bfloat16, and its int8 CTranslate2 conversion (nlbrief's own conversion
  code). Its byte-level BPE tokenizer (16,000 pieces, a ChatML template) is trained here on the
  letters and the MT test sets; the embeddings are padded to the real vocabulary.

Output lengths are fixed (every translation --translation-tokens tokens, every brief --new-tokens
tokens, no end token), so random weights do not change the work. Each variant runs in its own
process through `nlbrief.pipeline` (load, parse, select, translate, condense, check) and reports
its wall time (model loading included and apart), its own peak RSS and the token length of every
prompt it decoded (sections and overview; the work grows with them):

- ``transformers``: --translator marian, --summary-backend transformers (float32, one prompt at a time);
- ``ct2-one``: --translator ctranslate2, the chat model on CTranslate2 int8, one prompt at a time;
- ``ct2-batched``: the default path (auto): CTranslate2 int8 with the sections of the letter in one
  ``generate_batch``.
- ``ct2-padded`` (a bound, not a product path): as ``ct2-batched``, but all sections in one batch
  and every prompt left-padded with the pad token to the longest, so CTranslate2 reads them all at
  once. It shows what batching could give if CTranslate2 supported left padding (its open issue
  #1349): no prompt tail goes through the decoding loop. Its briefs are not the product's (the
  model sees the pad tokens), so it only bounds the time.

Marked slow: this is not part of the test suite (it takes many minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LETTER = SHARED / "data" / "letters" / "kst-2024-05-16-jenv-internationaal-migratiebeleid.txt"
QWEN_SIZE = {"vocab_size": 151936, "hidden_size": 1536, "num_hidden_layers": 28, "num_attention_heads": 12,
             "num_key_value_heads": 2, "intermediate_size": 8960}
VARIANTS = ("ct2-batched", "ct2-one", "transformers")
BOUNDS = ("ct2-padded",)


def _training_text() -> list[str]:
    lines: list[str] = []
    for path in sorted((SHARED / "data" / "letters").glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    for path in sorted((SHARED / "data" / "mt").glob("*.eng")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def build_chat(out: Path) -> Path:
    """The Qwen2.5-1.5B-size chat model with random weights (bfloat16 safetensors), built once."""
    if (out / "model.safetensors").is_file() or (out / "model.safetensors.index.json").is_file():
        return out
    import torch
    from transformers import GenerationConfig, Qwen2Config, Qwen2ForCausalLM

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import CHAT_SPECIALS, save_chat_tokenizer

    out.mkdir(parents=True, exist_ok=True)
    tok, _ = save_chat_tokenizer(out, _training_text(), 16000, model_max_length=32768)
    ids = {t: tok.token_to_id(t) for t in CHAT_SPECIALS}
    cfg = Qwen2Config(**QWEN_SIZE, max_position_embeddings=32768, tie_word_embeddings=True,
                      bos_token_id=ids["<|im_start|>"], eos_token_id=ids["<|im_end|>"],
                      pad_token_id=ids["<|endoftext|>"], torch_dtype="bfloat16")
    torch.manual_seed(0)
    torch.set_default_dtype(torch.bfloat16)
    model = Qwen2ForCausalLM(cfg).eval()
    torch.set_default_dtype(torch.float32)
    model.save_pretrained(out, safe_serialization=True)
    GenerationConfig(bos_token_id=cfg.bos_token_id, eos_token_id=cfg.eos_token_id,
                     pad_token_id=cfg.pad_token_id).save_pretrained(out)
    return out


def build(workdir: Path) -> dict[str, Path]:
    """All four model folders (built once)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_translate import build as build_marian_pair
    from nlbrief.modelhub import convert_model

    marian, marian_ct2 = build_marian_pair(workdir)
    chat = build_chat(workdir / "qwen2.5-1.5b-size")
    chat_ct2 = workdir / "qwen2.5-1.5b-size-ct2-int8"
    if not (chat_ct2 / "model.bin").is_file():
        convert_model(str(chat), chat_ct2, quantization="int8", force=True)
    return {"marian": marian, "marian-ct2": marian_ct2, "chat": chat, "chat-ct2": chat_ct2}


def run_variant(args: argparse.Namespace) -> dict[str, object]:
    """One variant, in this process: the whole summarise of the letter."""
    from nlbrief.backends import get_abstractor
    from nlbrief.fileio import peak_rss_mb
    from nlbrief.pipeline import load_letter, summarise
    from nlbrief.summarise import SummariseOptions
    from nlbrief.translate import TranslatorSettings

    models = json.loads(args.models)
    ct2 = args.variant != "transformers"
    t0 = time.perf_counter()
    tokens = args.translation_tokens
    settings = TranslatorSettings(
        name="ctranslate2" if ct2 else "marian", model=models["marian-ct2" if ct2 else "marian"], device="cpu",
        cache=False, extra={"min_new_tokens": tokens, "max_new_tokens": tokens},
    )
    translator = settings.build()
    abstractor = get_abstractor(
        "chat", model=models["chat-ct2" if ct2 else "chat"], lang="en", device="cpu",
        backend="ctranslate2" if ct2 else "transformers", batch_size=16 if args.variant in ("ct2-batched", "ct2-padded") else 1,
        fixed_new_tokens=args.new_tokens,
    )
    if args.variant == "ct2-padded":
        _pad_prompts(abstractor.engine)
    loaded = load_letter(args.letter)
    options = SummariseOptions(lang="en", summariser="chat")
    # Models load on first use: one tiny call each, timed apart.
    translator.translate(["Het kabinet."])
    abstractor.engine.generate([abstractor.engine.encode([{"role": "user", "content": "x"}])], [1], [""])
    t_loaded = time.perf_counter()
    brief = summarise(loaded, options, abstractor=abstractor, translator=translator)
    t_done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),  # on a busy machine, fairer than wall time
        "variant": args.variant,
        "load_s": round(t_loaded - t0, 1),
        "summarise_s": round(t_done - t_loaded, 1),
        "total_s": round(t_done - t0, 1),
        "prompts": abstractor.calls - 1,
        # Prompt tokens (the warm-up call left out): the work depends on them, so they are shown.
        "prompt_tokens": sorted(abstractor.engine.prompt_lengths[1:]),
        "sections": len(brief.sections),
        "peak_mb": peak_rss_mb(),
        "translator": brief.signature["translator"]["backend"],
        "engine": brief.signature["summariser"]["engine"]["name"],
    }


class _LeftPadded:
    """A CTranslate2 generator whose batches are left-padded to their longest prompt (``ct2-padded``)."""

    def __init__(self, generator: object, pad: str) -> None:
        self.generator, self.pad = generator, pad

    def generate_batch(self, tokens: list[list[str]], **kwargs: object) -> object:
        longest = max(len(t) for t in tokens)
        return self.generator.generate_batch([[self.pad] * (longest - len(t)) + t for t in tokens],  # type: ignore[attr-defined]
                                             **kwargs)


def _pad_prompts(engine: object) -> None:
    """Make ``engine`` (a CT2ChatEngine) decode all prompts of a call in one left-padded batch."""
    tokenizer, generator = engine._load()  # type: ignore[attr-defined]
    padded = (tokenizer, _LeftPadded(generator, tokenizer.pad_token or "<|endoftext|>"))
    engine._load = lambda: padded  # type: ignore[attr-defined]
    engine.chunks = lambda prompts, bounds: [sorted(range(len(prompts)), key=lambda i: len(prompts[i]))]  # type: ignore[attr-defined]


def spawn(variant: str, models: dict[str, Path], args: argparse.Namespace) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--variant", variant, "--models", json.dumps({k: str(v) for k, v in models.items()}),
           "--letter", str(args.letter), "--new-tokens", str(args.new_tokens),
           "--translation-tokens", str(args.translation_tokens)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"variant {variant} failed:\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def format_report(rows: list[dict[str, object]]) -> str:
    base = next((float(str(r["summarise_s"])) for r in rows if r["variant"] == "transformers"), None)
    lines = ["| path | translator | chat engine | prompts (tokens) | load s | summarise s | total s | x faster | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{base / float(str(r['summarise_s'])):.1f}" if base else "-"
        tokens = ", ".join(str(n) for n in r.get("prompt_tokens", []))  # type: ignore[attr-defined]
        lines.append(f"| {r['variant']} | {r['translator']} | {r['engine']} | {r['prompts']} ({tokens}) | {r['load_s']} | "
                     f"{r['summarise_s']} | {r['total_s']} | {ratio} | {r['peak_mb']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    parser.add_argument("--letter", type=Path, default=LETTER)
    parser.add_argument("--new-tokens", type=int, default=100)
    parser.add_argument("--translation-tokens", type=int, default=32)
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated, from {', '.join(VARIANTS + BOUNDS)}")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--models", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(run_variant(args)))
        return 0
    started = time.perf_counter()
    models = build(args.workdir)
    print(f"models ready in {time.perf_counter() - started:.0f} s under {args.workdir}", file=sys.stderr, flush=True)
    rows = [spawn(v, models, args) for v in args.variants.split(",")]
    report = format_report(rows)
    (args.workdir / "summarise-results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
