"""The seq2seq summariser (`--summariser seq2seq`) on each engine, at distilbart-cnn-12-6's size.

    python scripts/bench_seq2seq.py [--workdir .bench] [--letter PATH] [--sections 7] [--words 250]

Builds once, under --workdir, a BART with the dimensions of sshleifer/distilbart-cnn-12-6 (d_model
1,024, 12 encoder and 6 decoder layers, 16 heads, FFN 4,096, vocabulary 50,264) and random weights,
with that model's generation settings (4 beams, length penalty 2.0, no repeated 3-grams, minimum 56
tokens), and its int8 CTranslate2 conversion made by nlbrief's own conversion code. Its byte-level
BPE tokenizer is trained here on the letters (the embeddings have the real vocabulary size).

Then condenses the first --sections sections of the letter (up to --words words each) with
`Seq2SeqAbstractor.condense_batch` on each engine, each in its own process, and reports wall time,
CPU time and peak RSS. Random weights rarely end an output, so every output runs to its bound,
the same on both engines. Marked slow: not part of the test suite.
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
SIZE = {"vocab_size": 50264, "d_model": 1024, "encoder_layers": 12, "decoder_layers": 6,
        "encoder_attention_heads": 16, "decoder_attention_heads": 16, "encoder_ffn_dim": 4096,
        "decoder_ffn_dim": 4096, "max_position_embeddings": 1024}
GENERATION = {"num_beams": 4, "length_penalty": 2.0, "no_repeat_ngram_size": 3, "min_length": 56,
              "max_length": 142, "early_stopping": True}


def build_bart(out: Path) -> Path:
    """The distilbart-size BART with random weights (float32 safetensors), built once."""
    if (out / "model.safetensors").is_file():
        return out
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import save_bart_tokenizer

    out.mkdir(parents=True, exist_ok=True)
    lines = [ln for p in sorted((SHARED / "data" / "letters").glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    tok = save_bart_tokenizer(out, lines, 16000, pad_to=SIZE["vocab_size"], model_max_length=1024)
    # normalize_before as in the Hub's BART configs: CTranslate2's converter reads it.
    cfg = BartConfig(**SIZE, pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
                     forced_bos_token_id=0, normalize_before=False)
    torch.manual_seed(0)
    model = BartForConditionalGeneration(cfg).eval()
    real = len([t for t in tok.get_vocab() if not t.startswith("<unused")])
    with torch.no_grad():  # a real model never writes padding entries: keep the argmax on real pieces
        model.get_output_embeddings().weight[real:] *= 1e-3
    model.save_pretrained(out, safe_serialization=True)
    GenerationConfig(**GENERATION, bos_token_id=0, eos_token_id=2, pad_token_id=1, decoder_start_token_id=2,
                     forced_bos_token_id=0).save_pretrained(out)
    return out


def run_variant(args: argparse.Namespace) -> dict[str, object]:
    """One engine, in this process: the sections condensed in one `condense_batch`."""
    from nlbrief.backends import get_abstractor
    from nlbrief.backends.base import SectionInput
    from nlbrief.fileio import peak_rss_mb
    from nlbrief.pipeline import load_letter

    t0 = time.perf_counter()
    abstractor = get_abstractor("seq2seq", model=args.model, lang="en", device="cpu", backend=args.variant)
    letter = load_letter(args.letter).letter
    inputs = []
    for section in letter.sections:
        words: list[str] = []
        for sentence in section.sentences:
            if len(words) >= args.words:
                break
            words += sentence.text.split()
        if words:
            inputs.append(SectionInput(heading=section.heading, sentences=(" ".join(words[: args.words]),),
                                       lang="en", max_words=80))
    inputs = inputs[: args.sections]
    # Load (and on CTranslate2 convert) the model first, so that the timing below is the work only.
    abstractor.condense(SectionInput(heading=None, sentences=("Het kabinet.",), lang="en", max_words=5))
    t_loaded = time.perf_counter()
    outputs = abstractor.condense_batch(inputs)
    t_done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"variant": args.variant, "engine": abstractor.describe()["engine"]["name"], "sections": len(inputs),
            "output_words": sum(len(o.split()) for o in outputs), "load_s": round(t_loaded - t0, 1),
            "condense_s": round(t_done - t_loaded, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    parser.add_argument("--letter", type=Path, default=LETTER)
    parser.add_argument("--sections", type=int, default=7)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--variants", default="ctranslate2,transformers")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(run_variant(args)))
        return 0
    model = build_bart(args.workdir / "distilbart-size")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "NLBRIEF_CACHE": str(args.workdir / "nlbrief-cache")}
    rows = []
    for variant in args.variants.split(","):
        cmd = [sys.executable, __file__, "--variant", variant, "--model", str(model), "--letter", str(args.letter),
               "--sections", str(args.sections), "--words", str(args.words)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"variant {variant} failed:\n{out.stderr[-3000:]}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    base = next((float(r["condense_s"]) for r in rows if r["variant"] == "transformers"), None)
    print("| engine | sections | output words | load s | condense s | CPU s | x faster | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{base / float(r['condense_s']):.1f}" if base else "-"
        print(f"| {r['engine']} | {r['sections']} | {r['output_words']} | {r['load_s']} | {r['condense_s']} | "
              f"{r['cpu_s']} | {ratio} | {r['peak_mb']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
