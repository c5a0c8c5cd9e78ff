"""Tiny models with the real file layouts, built offline in seconds (importable by tests and scripts).

    python scripts/make_tiny_models.py OUTDIR      (or: from tiny_models import build_tiny_models)

makes under OUTDIR:

- ``marian``: a MarianMT directory (source.spm, target.spm, vocab.json, tokenizer and generation
  config, safetensors weights) with random weights, except that it says ``</s>`` after about
  `TINY_OUTPUT_TOKENS` tokens (see `end_after`), as a real translation model ends its output;
  ``marian-ct2``: its CTranslate2 conversion (the code of ``nlbrief models convert``);
- ``chat``: a llama-type causal LM whose fast tokenizer carries a ChatML template (4096-token
  context), TRAINED here for a few seconds until greedy decoding answers every brief prompt with
  `FAITHFUL_ANSWER` (a sentence that the test letter `letter_builder.MIGRATION_LIKE` supports,
  wrapped in a label and bold for the output cleaning to remove); ``chat-inventive``: the same,
  trained to answer `INVENTIVE_ANSWER` (a number and a date the letter does not contain);
  ``chat-ct2`` and ``chat-inventive-ct2``: their int8 CTranslate2 conversions;
- ``seq2seq``: a BART-style summariser TRAINED (about a second) until greedy decoding answers any
  input with `SEQ2SEQ_ANSWER` (behind a label for the output cleaning to remove); ``seq2seq-ct2``:
  its int8 CTranslate2 conversion.

Tests load them through the same code that loads real models from the Hub. The tokenizers are
trained here on text we wrote ourselves (below), never downloaded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

PARTS = ("marian", "marian-ct2", "chat", "chat-inventive", "chat-ct2", "chat-inventive-ct2", "seq2seq",
         "seq2seq-ct2")
#: What the trained tiny chat models answer to every brief prompt (before and after cleaning).
FAITHFUL_ANSWER = "**Summary:** The European Parliament adopted the Asylum and Migration Pact."
FAITHFUL_CLEAN = "The European Parliament adopted the Asylum and Migration Pact."
INVENTIVE_ANSWER = "The cabinet pays 7 million euros for the Asylum and Migration Pact on 3 March 2031."
#: What the trained tiny seq2seq summariser answers to any input (before and after cleaning).
SEQ2SEQ_ANSWER = "Summary: The State Secretary answers questions from members."
SEQ2SEQ_CLEAN = "The State Secretary answers questions from members."
#: Training stops once greedy decoding reproduces the answer (checked every `CHECK_EVERY` steps).
MAX_TRAIN_STEPS = 800
CHECK_EVERY = 50
#: The input limit of the tiny Marian model, small so that tests can exceed it cheaply.
TINY_MAX_POSITIONS = 128
#: About how many tokens the tiny Marian model writes before ``</s>``: fewer than the translators'
#: runaway-length bound for the shortest input (2 x 2 + 10), and too few for its random tokens to
#: look like a loop to the repetition guard (at 10, beam search with 2 beams looped), so that the
#: guard stays out of the way unless a test brings it in.
TINY_OUTPUT_TOKENS = 8
#: The context of the tiny chat model. Its fixed prompt alone is about 460 tokens with a 400-piece
#: vocabulary, so a section fits only with more than 512; real instruction models have 4k to 128k.
TINY_CHAT_CONTEXT = 4096

_NL_SUBJECTS = ["Het kabinet", "De minister", "De Staatssecretaris", "De Tweede Kamer", "De Eerste Kamer",
                "De regering", "Nederland", "De gemeente", "Het ministerie", "De commissie"]
_NL_VERBS = ["informeert", "steunt", "onderzoekt", "bespreekt", "beantwoordt", "verwerpt", "neemt",
             "stuurt", "publiceert", "evalueert"]
_NL_OBJECTS = ["de motie", "het voorstel", "de brief", "de toezegging", "het migratiebeleid",
               "de begroting", "de vragen van het lid", "de JBZ-Raad", "het rapport", "de Kamerstukken"]
_NL_TAILS = ["op 16 mei 2024.", "in maart 2023.", "voor de zomer.", "met 2,5 miljoen euro.",
             "over 1.234 asielaanvragen.", "zoals toegezegd.", "(Kamerstukken 2023/2024, 32 317, nr. 872).",
             "in 2025 en 2026.", "na het debat van 4 juli.", "met 12% minder kosten."]
_EN_SUBJECTS = ["The cabinet", "The minister", "The State Secretary", "The House of Representatives",
                "The Senate", "The government", "The Netherlands", "The municipality", "The ministry",
                "The committee"]
_EN_VERBS = ["informs", "supports", "examines", "discusses", "answers", "rejects", "adopts", "sends",
             "publishes", "evaluates"]
_EN_OBJECTS = ["the motion", "the proposal", "the letter", "the commitment", "the migration policy",
               "the budget", "the questions of the member", "the Justice and Home Affairs Council",
               "the report", "the Parliamentary Papers"]
_EN_TAILS = ["on 16 May 2024.", "in March 2023.", "before the summer.", "with 2.5 million euros.",
             "about 1,234 asylum applications.", "as promised.",
             "(Parliamentary Papers 2023/2024, 32 317, no. 872).", "in 2025 and 2026.",
             "after the debate of 4 July.", "with 12% lower costs."]
_EXTRA = """
Geachte voorzitter, hierbij informeer ik uw Kamer over de voortgang.
Dear Chair, I hereby inform your House of the progress.
Januari februari maart april mei juni juli augustus september oktober november december.
January February March April May June July August September October November December.
Inleiding. Achtergrond. Conclusie. Vervolg. Introduction. Background. Conclusion. Next steps.
Zie ook: https://www.tweedekamer.nl/kamerstukken en www.rijksoverheid.nl.
0 1 2 3 4 5 6 7 8 9 10 100 1000 - / : ; ( ) [ ] " ' ! ? € % & + = * # @ _ | < > ° ½ é ë ï ö ü á è ç
"""


def corpus(n: int = 400, seed: int = 0) -> list[str]:
    """A few hundred lines of Dutch and English, parallel by construction, written for these models."""
    rng = random.Random(seed)
    combos = list(itertools.product(range(10), range(10), range(10), range(10)))
    rng.shuffle(combos)
    lines: list[str] = []
    for s, v, o, t in combos[: n // 2]:
        lines.append(f"{_NL_SUBJECTS[s]} {_NL_VERBS[v]} {_NL_OBJECTS[o]} {_NL_TAILS[t]}")
        lines.append(f"{_EN_SUBJECTS[s]} {_EN_VERBS[v]} {_EN_OBJECTS[o]} {_EN_TAILS[t]}")
    lines.extend(line for line in _EXTRA.strip().splitlines() if line.strip())
    return lines


def _train_spm(text_lines: list[str], prefix: Path, vocab_size: int) -> Path:
    import sentencepiece as spm

    data = prefix.with_suffix(".txt")
    data.write_text("\n".join(text_lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(data),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,  # small text: fewer pieces than asked for is fine
        bos_id=-1,  # Marian's spm models have no <s>
        eos_id=2,
        unk_id=1,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def build_marian(out: Path, *, lines: list[str] | None = None, spm_vocab: int = 320,
                 vocab_size: int | None = None, d_model: int = 32, layers: int = 1, heads: int = 2,
                 ffn_dim: int | None = None, max_positions: int = TINY_MAX_POSITIONS,
                 ends_after: int | None = TINY_OUTPUT_TOKENS, seed: int = 0) -> Path:
    """A MarianMT directory laid out as on the Hub (Helsinki-NLP/opus-mt-*), random weights.

    The defaults make the tiny test model; scripts/bench_translate.py makes one of the real size.

    Args:
        lines: the text the SentencePiece model is trained on (None: `corpus`).
        spm_vocab: the pieces asked of SentencePiece.
        vocab_size: vocab.json padded with unused entries to this size (None: the pieces only).
        ffn_dim: None for ``2 * d_model``.
        ends_after: the decoder says ``</s>`` after about this many tokens (`end_after`); None
            leaves the random weights alone.
    """
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model_file = _train_spm(lines or corpus(), Path(tmp) / "spm", spm_vocab)
        sp = spm.SentencePieceProcessor(model_file=str(model_file))
        # Marian's vocab.json: </s> first, <unk> second, the pieces, and <pad> last.
        vocab = {"</s>": 0, "<unk>": 1}
        for piece in (sp.id_to_piece(i) for i in range(sp.get_piece_size())):
            if piece != "<s>":
                vocab.setdefault(piece, len(vocab))
        while vocab_size and len(vocab) < vocab_size - 1:
            vocab[f"<unused{len(vocab)}>"] = len(vocab)
        vocab["<pad>"] = len(vocab)
        for name in ("source.spm", "target.spm"):
            (out / name).write_bytes(model_file.read_bytes())
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    pad = vocab["<pad>"]
    tokenizer = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"), str(out / "vocab.json"),
                                source_lang="nl", target_lang="en", model_max_length=max_positions)
    tokenizer.save_pretrained(out)

    torch.manual_seed(seed)
    ffn_dim = ffn_dim or 2 * d_model
    cfg = MarianConfig(
        vocab_size=len(vocab), d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim, max_position_embeddings=max_positions, pad_token_id=pad,
        decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    model = MarianMTModel(cfg).eval()
    real = sum(1 for piece in vocab if not piece.startswith("<unused"))
    if real < len(vocab):
        # A real opus-mt model never emits an entry its SentencePiece model lacks; random weights
        # would (most of the vocabulary is padding), and a translation of "<unused22200>" pieces
        # is some 7 chat-model tokens a piece, which would make the summariser's prompts several
        # times longer than real English. Damped output rows keep the argmax on real pieces.
        with torch.no_grad():
            model.get_output_embeddings().weight[real - 1:pad] *= 1e-3
    if ends_after is not None:
        end_after(model, ends_after, eos_id=0)
    model.save_pretrained(out, safe_serialization=True)
    GenerationConfig(
        bad_words_ids=[[pad]], decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0,
        pad_token_id=pad, max_length=max_positions, num_beams=4,
    ).save_pretrained(out)
    return out


def end_after(model: Any, tokens: int, *, eos_id: int) -> None:
    """Make a random Marian decoder say ``</s>`` after about ``tokens`` tokens, whatever the input.

    With weights this small (std 0.02) the decoder's output is mostly the layer norm of its
    sinusoidal position embedding, so the logit of token v at step t is about ``LN(pos(t)) . E[v]``
    (the output layer is the tied embedding E), within about 0.3 of zero. ``E[</s>]`` becomes the
    row that best turns ``LN(pos(t))`` into a ramp through zero at ``tokens`` (a ridge fit, which
    keeps the row small), so that ``</s>`` overtakes every other token there. Random weights
    otherwise hardly ever say ``</s>``: every output ran into the length bound, and the guard decoded
    each segment a second time, which made the tiny models slower than real ones per sentence.
    """
    import torch

    positions = model.model.decoder.embed_positions.weight.detach()[:64]
    states = torch.nn.functional.layer_norm(positions, positions.shape[1:])
    ramp = 0.3 * (torch.arange(len(states), dtype=torch.float32) - tokens)
    gram = states.T @ states + 0.01 * torch.eye(states.shape[1])
    with torch.no_grad():
        model.model.shared.weight[eos_id] = torch.linalg.solve(gram, states.T @ ramp)


#: The special tokens of a Qwen-style chat tokenizer, and its ChatML template.
CHAT_SPECIALS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def save_chat_tokenizer(out: Path, lines: list[str], vocab_size: int, *, model_max_length: int) -> tuple[Any, Any]:
    """A byte-level BPE tokenizer with `CHAT_SPECIALS` and the `CHATML` template, trained on ``lines``
    and saved in ``out`` (the tiny chat models and scripts/bench_summarise.py's real-size one).
    Returns (`tokenizers.Tokenizer`, `PreTrainedTokenizerFast`)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=list(CHAT_SPECIALS), show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(lines, trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                   pad_token="<|endoftext|>", chat_template=CHATML,
                                   model_max_length=model_max_length)
    fast.save_pretrained(out)
    return tok, fast


def build_chat(out: Path, *, answer: str | None = FAITHFUL_ANSWER, hidden: int = 64, vocab_size: int = 400,
               seed: int = 0) -> Path:
    """A llama-type causal LM with a ChatML chat template in its fast tokenizer.

    Args:
        answer: what greedy decoding must answer to every brief prompt (`train_answer`); None
            leaves the weights random.
    """
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    out.mkdir(parents=True, exist_ok=True)
    # The answers many times over: BPE then keeps their words whole, so no token repeats in them.
    tok, fast = save_chat_tokenizer(out, [*corpus(), *[FAITHFUL_ANSWER, INVENTIVE_ANSWER] * 50], vocab_size,
                                    model_max_length=TINY_CHAT_CONTEXT)

    torch.manual_seed(seed)
    ids = {t: tok.token_to_id(t) for t in CHAT_SPECIALS}
    cfg = LlamaConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=hidden, intermediate_size=4 * hidden,
        num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=1,
        max_position_embeddings=TINY_CHAT_CONTEXT,  # rotary positions: a number, not a weight
        bos_token_id=ids["<|im_start|>"], eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"],
        tie_word_embeddings=True,
    )
    model = LlamaForCausalLM(cfg)
    if answer is not None:
        train_answer(model, fast, answer, seed=seed)
    model.eval().save_pretrained(out, safe_serialization=True)
    GenerationConfig(bos_token_id=cfg.bos_token_id, eos_token_id=cfg.eos_token_id,
                     pad_token_id=cfg.pad_token_id, max_new_tokens=64).save_pretrained(out)
    return out


def brief_prompts(tokenizer: Any, n: int, seed: int) -> list[list[int]]:
    """``n`` brief prompts as the chat summariser builds them (the shipped templates, section and
    overview, English and Dutch) around random sentences of `corpus` and random tokens."""
    from nlbrief.prompts import load_prompt

    rng = random.Random(seed)
    lines = corpus()
    prompts = []
    for k in range(n):
        kind, lang = ("section", "overview")[k % 2], ("en", "nl")[(k // 2) % 2]
        sentences = [rng.choice(lines) for _ in range(rng.randint(1, 6))]
        if k % 3 == 0:  # text the corpus never had (a translator's noise, another letter's words)
            sentences.append(tokenizer.decode([rng.randrange(3, tokenizer.vocab_size) for _ in range(20)]))
        values = {"max_words": rng.choice([20, 40, 80]), "sender": rng.choice(lines)[:40],
                  "date": f"{rng.randint(1, 28)} mei 2024", "subject": rng.choice(lines)[:50]}
        body = "\n".join(f"- {s}" for s in sentences)
        values.update({"heading": rng.choice(lines)[:30], "sentences": body} if kind == "section" else {"briefs": body})
        messages = load_prompt(kind, lang).render(**values)
        enc = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, return_dict=True)
        prompts.append(list(enc["input_ids"]))
    return prompts


def _greedy_ok(model: Any, tokenizer: Any, prompts: list[list[int]], target: list[int]) -> bool:
    import torch

    with torch.inference_mode():
        for prompt in prompts:
            ids = torch.tensor([prompt])
            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                 max_new_tokens=len(target) + 2, pad_token_id=tokenizer.pad_token_id)
            if out[0, len(prompt):].tolist()[: len(target)] != target:
                return False
    return True


def train_answer(model: Any, tokenizer: Any, answer: str, *, seed: int = 0) -> int:
    """Train ``model`` (about a second on CPU) until greedy decoding answers ``answer`` and then the
    end token to any brief prompt; returns the steps taken.

    The attention's output projection is held at zero, so the model is a bigram model: the next
    token depends on the current one only. Then it is enough to learn the chain from the prompt's
    last token (the newline after ``<|im_start|>assistant``) through the answer's tokens to the end
    token, whatever came before, and the answer holds for prompts of any content and length, on
    transformers and on the int8 CTranslate2 conversion alike (the margins are large).

    Raises:
        RuntimeError: a token repeats in the chain (a bigram model could not follow it), or the
            answer is not reproduced within `MAX_TRAIN_STEPS`.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small only loses time to threads on a busy machine
    try:
        return _train_chain(model, tokenizer, answer, seed)
    finally:
        torch.set_num_threads(threads)


def _train_chain(model: Any, tokenizer: Any, answer: str, seed: int) -> int:
    import torch

    torch.manual_seed(seed)
    checks = brief_prompts(tokenizer, 4, seed)
    last = checks[0][-1]
    target = list(tokenizer(answer, add_special_tokens=False)["input_ids"]) + [tokenizer.eos_token_id]
    chain = [last, *target]
    if len(set(chain[:-1])) != len(chain) - 1 or any(p[-1] != last for p in checks):
        raise RuntimeError(f"the answer {answer!r} repeats a token: a bigram model cannot learn it")
    for layer in model.model.layers:
        torch.nn.init.zeros_(layer.self_attn.o_proj.weight)
        layer.self_attn.o_proj.weight.requires_grad_(False)
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    inputs, labels = torch.tensor([chain[:-1]]), torch.tensor([chain[1:]])
    model.train()
    for step in range(1, MAX_TRAIN_STEPS + 1):
        logits = model(input_ids=inputs).logits[0]
        loss = torch.nn.functional.cross_entropy(logits, labels[0])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        # Stop with a wide margin, so that int8 quantisation cannot change an argmax.
        if step % CHECK_EVERY == 0 and loss.item() < 1e-3:
            model.eval()
            if _greedy_ok(model, tokenizer, checks, target):
                return step
            model.train()
    raise RuntimeError(f"the tiny chat model did not learn to answer {answer!r} in {MAX_TRAIN_STEPS} steps")


def save_bart_tokenizer(out: Path, lines: list[str], vocab_size: int, *, pad_to: int | None = None,
                        model_max_length: int = 256) -> Any:
    """BART's byte-level BPE tokenizer (``<s> ... </s>``, ids 0..4 special as on the Hub) trained on
    ``lines``, saved in ``out``; with ``pad_to``, padded with unused entries to that size (the
    real model's vocabulary, which CTranslate2 wants one entry per embedding row for). Returns
    the `tokenizers.Tokenizer`."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # BART's ids 0..4
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(lines, trainer=trainer)
    if pad_to:
        tok.add_tokens([f"<unused{i}>" for i in range(tok.get_vocab_size(), pad_to)])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                            unk_token="<unk>", mask_token="<mask>",
                            model_max_length=model_max_length).save_pretrained(out)
    return tok


def build_seq2seq(out: Path, *, d_model: int = 32, vocab_size: int = 400, seed: int = 0) -> Path:
    """A BART-style summariser (AutoModelForSeq2SeqLM) with a byte-level BPE fast tokenizer, trained
    to answer `SEQ2SEQ_ANSWER` (`train_seq2seq_answer`)."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    out.mkdir(parents=True, exist_ok=True)
    tok = save_bart_tokenizer(out, [*corpus(), *[SEQ2SEQ_ANSWER] * 50], vocab_size)  # the answer's words whole

    torch.manual_seed(seed)
    cfg = BartConfig(
        vocab_size=tok.get_vocab_size(), d_model=d_model, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model, max_position_embeddings=256, bos_token_id=0, pad_token_id=1,
        eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=0, forced_eos_token_id=2,
        # As in the config.json of the BART models on the Hub (distilbart-cnn-12-6 ...): CTranslate2's
        # converter reads it, and transformers 5 no longer writes it.
        normalize_before=False,
    )
    model = BartForConditionalGeneration(cfg)
    train_seq2seq_answer(model, [0, *tok.encode(SEQ2SEQ_ANSWER, add_special_tokens=False).ids, 2])
    model.eval().save_pretrained(out, safe_serialization=True)
    GenerationConfig(bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
                     forced_bos_token_id=0, forced_eos_token_id=2, max_length=64,
                     num_beams=1).save_pretrained(out)
    return out


def train_seq2seq_answer(model: Any, answer: list[int]) -> int:
    """Train a BART ``model`` until greedy decoding from its start token gives ``answer`` (token ids,
    ``<s>`` first and ``</s>`` last) to any input; returns the steps taken.

    The decoder's attention outputs are held at zero, so the next token depends on the current one
    and its position only: learning the one chain is enough for any input, on transformers and on
    the int8 conversion alike (training stops with a wide margin).

    Raises:
        RuntimeError: the answer is not reproduced within `MAX_TRAIN_STEPS`.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small only loses time to threads on a busy machine
    try:
        for layer in model.model.decoder.layers:
            for attn in (layer.self_attn, layer.encoder_attn):
                for param in (attn.out_proj.weight, attn.out_proj.bias):
                    torch.nn.init.zeros_(param)
                    param.requires_grad_(False)
        optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-2)
        start = model.config.decoder_start_token_id
        source = torch.tensor([[0, *answer[1:-1], 2]])  # any input does; the answer itself is handy
        inputs, labels = torch.tensor([[start, *answer[:-1]]]), torch.tensor(answer)
        model.train()
        for step in range(1, MAX_TRAIN_STEPS + 1):
            logits = model(input_ids=source, decoder_input_ids=inputs).logits[0]
            loss = torch.nn.functional.cross_entropy(logits, labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            if step % CHECK_EVERY == 0 and loss.item() < 1e-3:
                model.eval()
                with torch.inference_mode():
                    out = model.generate(input_ids=torch.tensor([[0, 5, 6, 2]]), max_new_tokens=len(answer) + 2,
                                         num_beams=1, do_sample=False)
                if out[0, 1:].tolist() == answer:
                    return step
                model.train()
    finally:
        torch.set_num_threads(threads)
    raise RuntimeError(f"the tiny seq2seq model did not learn its answer in {MAX_TRAIN_STEPS} steps")


def is_complete(outdir: Path) -> bool:
    """Whether every part has been built (a half-built folder is rebuilt)."""
    return all((outdir / part / "config.json").is_file() for part in PARTS) and all(
        (outdir / part / "model.bin").is_file() for part in PARTS if part.endswith("-ct2"))


def build_tiny_models(outdir: str | Path, *, force: bool = False) -> Path:
    """Build every tiny model under ``outdir`` (skipped when already complete) and return it."""
    from nlbrief.modelhub import convert_model

    outdir = Path(outdir)
    if is_complete(outdir) and not force:
        return outdir
    outdir.mkdir(parents=True, exist_ok=True)
    build_marian(outdir / "marian")
    convert_model(str(outdir / "marian"), outdir / "marian-ct2", quantization="int8", force=True)
    build_chat(outdir / "chat", answer=FAITHFUL_ANSWER)
    build_chat(outdir / "chat-inventive", answer=INVENTIVE_ANSWER)
    for chat in ("chat", "chat-inventive"):
        convert_model(str(outdir / chat), outdir / f"{chat}-ct2", quantization="int8", force=True)
    build_seq2seq(outdir / "seq2seq")
    convert_model(str(outdir / "seq2seq"), outdir / "seq2seq-ct2", quantization="int8", force=True)
    return outdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--force", action="store_true", help="rebuild even if complete")
    args = parser.parse_args(argv)
    path = build_tiny_models(args.outdir, force=args.force)
    for part in PARTS:
        print(path / part)
    return 0


if __name__ == "__main__":
    sys.exit(main())
