"""Will it fit? Memory for a model before anything loads, as llama.cpp will allocate it.

- Weights: the bytes of every tensor at its own type, from the GGUF header (bits per weight follow).
- KV cache: per token, each layer keeps a key and a value vector per KV head (``n_head_kv x head size``)
  at the cache type (f16: 2 bytes); llama.cpp allocates it for the whole context at load
  (llama-cpp-python asks for a full-size cache for sliding-window layers too, so every layer counts).
- Compute buffer: scratch for one batch of ``n_ubatch`` (512) tokens. Its peak is the larger of the
  output logits (``n_ubatch x n_vocab`` floats) and the feed-forward activations, plus, without flash
  attention (the app runs with it), the attention scores (``n_ctx x n_ubatch x n_head`` floats and the mask).
- Output buffer: one row of logits.

Checked against llama.cpp's reported buffer sizes for both bundled models (tests/core/test_teaching_fit.py).

The texts a person reads (the explanation, the verdicts, what was guessed) are translatable templates
(context ``CoreTeaching``, see :mod:`desktop.core.messages`): the panel shows
``translate_message(v.message)``, ``translate_message(explanation())`` and :func:`guessed_messages`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from desktop.core.gguf_header import ArrayInfo, GGUFHeader, read_header
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.units import human_size, rough_size

MIB = 1 << 20
GIB = 1 << 30
N_UBATCH = 512
GPU_OVERHEAD = 300 * MIB  # a CUDA context and its libraries, before any buffer

CACHE_TYPES = {
    "f32": 4.0,
    "f16": 2.0,
    "bf16": 2.0,
    "q8_0": 34 / 32,
    "q5_1": 24 / 32,
    "q5_0": 22 / 32,
    "q4_1": 20 / 32,
    "q4_0": 18 / 32,
}

# Bits per weight of a whole file at each llama.cpp file type: mixes keep some tensors (embeddings,
# output, attention V) at a higher precision, so these are a little above the base type's own size.
FILE_TYPE_BPW = {
    "F32": 32.0,
    "F16": 16.0,
    "BF16": 16.0,
    "Q8_0": 8.5,
    "Q6_K": 6.56,
    "Q5_K_M": 5.69,
    "Q5_K_S": 5.54,
    "Q5_1": 6.0,
    "Q5_0": 5.5,
    "Q4_K_M": 4.85,
    "Q4_K_S": 4.58,
    "Q4_1": 5.0,
    "Q4_0": 4.55,
    "IQ4_NL": 4.5,
    "IQ4_XS": 4.25,
    "Q3_K_L": 4.27,
    "Q3_K_M": 3.91,
    "Q3_K_S": 3.5,
    "IQ3_M": 3.66,
    "IQ3_XXS": 3.06,
    "Q2_K": 3.0,
    "IQ2_M": 2.7,
    "IQ2_XS": 2.31,
    "IQ2_XXS": 2.06,
    "IQ1_S": 1.56,
}

EXPLANATION = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "How much memory a model needs, before loading it. The weights take parameters times bits per weight "
    "(16 bits at half precision, F16; about 4.85 at Q4_K_M). The KV cache remembers every token of the "
    "context: for each layer, a key and a value vector per KV head, so it grows with the context you choose. "
    "llama.cpp also keeps work buffers for reading a batch of 512 tokens at once. A model runs well only if "
    "all of this fits in memory: in the GPU's memory to run there, or in RAM on the CPU. 'Large' is "
    "relative: with a context of {n_ctx} tokens, a 7B model at Q4_K_M needs about {small}, a 70B one at "
    "Q8_0 about {large}.",
)
# The calculator's two examples: (billions of parameters, quantization, context); the explanation, the
# calculator's buttons and the README quote the same figures (tests/core/test_teaching_fit.py).
EXAMPLES: tuple[tuple[float, str, int], ...] = ((7.0, "Q4_K_M", 8192), (70.0, "Q8_0", 8192))


def explanation() -> Message:
    """:data:`EXPLANATION` with the calculator's own figures for its two examples."""
    (small_b, small_q, n_ctx), (large_b, large_q, large_ctx) = EXAMPLES
    small = calculate(small_b * 1e9, small_q, n_ctx).total
    large = calculate(large_b * 1e9, large_q, large_ctx).total
    return message(EXPLANATION, n_ctx=f"{n_ctx:,}", small=rough_size(small), large=rough_size(large))


# What the calculator guessed, keyed by the English word kept in ``ModelShape.guessed``.
GUESSED_FIELDS: dict[str, str] = {
    "layers": QT_TRANSLATE_NOOP("CoreTeaching", "layers"),
    "KV heads": QT_TRANSLATE_NOOP("CoreTeaching", "KV heads"),
    "head size": QT_TRANSLATE_NOOP("CoreTeaching", "head size"),
    "vocabulary": QT_TRANSLATE_NOOP("CoreTeaching", "vocabulary"),
}
SHAPE_LIKE = QT_TRANSLATE_NOOP("CoreTeaching", "shape like {model}")
SHAPE_LIKE_PREFIX = "shape like "


@dataclass(frozen=True)
class ModelShape:
    """What the arithmetic needs to know about a model."""

    name: str
    parameters: int
    weights_bytes: int
    quantization: str
    n_layers: int
    n_head: int
    kv_heads: tuple[int, ...]  # KV heads per layer
    head_dim_k: int
    head_dim_v: int
    n_embd: int
    n_vocab: int
    n_ff: int
    context_train: int | None = None
    guessed: tuple[str, ...] = ()  # which fields are guesses (the calculator), in English; see guessed_messages

    @property
    def bits_per_weight(self) -> float:
        return 8.0 * self.weights_bytes / self.parameters if self.parameters else 0.0

    def kv_bytes_per_token(self, cache_type: str = "f16") -> int:
        size = CACHE_TYPES[cache_type]
        return int(sum(h * (self.head_dim_k + self.head_dim_v) for h in self.kv_heads) * size)

    def weights_per_layer(self) -> float:
        return self.weights_bytes / max(self.n_layers, 1)


@dataclass(frozen=True)
class Estimate:
    shape: ModelShape
    n_ctx: int
    cache_type: str
    weights: int
    kv_per_token: int
    kv: int
    compute: int
    output: int

    @property
    def total(self) -> int:
        return self.weights + self.kv + self.compute + self.output

    def as_dict(self) -> dict[str, Any]:
        return {
            "weights": self.weights,
            "kv_per_token": self.kv_per_token,
            "kv": self.kv,
            "compute": self.compute,
            "output": self.output,
            "total": self.total,
            "n_ctx": self.n_ctx,
            "bits_per_weight": self.shape.bits_per_weight,
        }


def guessed_messages(shape: ModelShape) -> list[Message]:
    """What the calculator guessed, as translatable messages (``shape.guessed`` keeps the English)."""
    out: list[Message] = []
    for word in shape.guessed:
        if word.startswith(SHAPE_LIKE_PREFIX):
            out.append(message(SHAPE_LIKE, model=word[len(SHAPE_LIKE_PREFIX) :]))
        else:
            out.append(message(GUESSED_FIELDS.get(word, word)))
    return out


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, ArrayInfo) and value.head:
        return int(max(value.head))
    return default


def shape_from_header(header: GGUFHeader, name: str = "") -> ModelShape:
    meta = header.metadata
    arch = str(meta.get("general.architecture", "llama"))

    def key(k: str) -> Any:
        return meta.get(f"{arch}.{k}")

    n_layers = _int(key("block_count"), 1)
    n_embd = _int(key("embedding_length"), 0)
    n_head = _int(key("attention.head_count"), 1) or 1
    kv_value = key("attention.head_count_kv")
    if isinstance(kv_value, ArrayInfo) and kv_value.length == n_layers and len(kv_value.head) == n_layers:
        kv_heads = tuple(int(h) for h in kv_value.head)
    else:
        kv_heads = (_int(kv_value, n_head),) * n_layers
    head_k = _int(key("attention.key_length"), n_embd // n_head)
    head_v = _int(key("attention.value_length"), n_embd // n_head)
    tokens = meta.get("tokenizer.ggml.tokens")
    n_vocab = tokens.length if isinstance(tokens, ArrayInfo) else _int(key("vocab_size"), 32000)
    weights = sum(t.n_bytes() or 0 for t in header.tensors)
    params = sum(t.n_elements for t in header.tensors)
    from desktop.core.catalog import _quantization

    return ModelShape(
        name=name or str(meta.get("general.name", "")),
        parameters=params,
        weights_bytes=weights,
        quantization=_quantization(header),
        n_layers=n_layers,
        n_head=n_head,
        kv_heads=kv_heads,
        head_dim_k=head_k,
        head_dim_v=head_v,
        n_embd=n_embd,
        n_vocab=n_vocab,
        n_ff=_int(key("feed_forward_length"), 4 * n_embd),
        context_train=_int(key("context_length"), 0) or None,
    )


def shape_from_file(path: str | os.PathLike[str]) -> ModelShape:
    return shape_from_header(read_header(path), name=os.path.basename(str(path)))


def estimate(
    shape: ModelShape, n_ctx: int, cache_type: str = "f16", n_ubatch: int = N_UBATCH, flash_attn: bool = True
) -> Estimate:
    """Memory llama.cpp allocates for ``shape`` at context ``n_ctx``, with flash attention as the app loads
    models (without it, the attention scores of a long context can outgrow everything else)."""
    n_ctx = max(int(n_ctx), 1)
    u = min(n_ubatch, n_ctx)
    per_token = shape.kv_bytes_per_token(cache_type)
    logits = u * (shape.n_vocab + 2 * shape.n_embd) * 4
    scores = 0 if flash_attn else n_ctx * u * (shape.n_head + 1)  # flash attention works in tiles
    attention = (scores + 3 * u * shape.n_ff) * 4
    return Estimate(
        shape=shape,
        n_ctx=n_ctx,
        cache_type=cache_type,
        weights=shape.weights_bytes,
        kv_per_token=per_token,
        kv=per_token * n_ctx,
        compute=max(logits, attention),
        output=shape.n_vocab * 4,
    )


# -- the calculator: models the person does not have ----------------------------------------------

# Shapes of well-known open models (Llama 3 family and kin), nearest by parameter count.
KNOWN_SHAPES: tuple[tuple[float, str, int, int, int, int, int, int], ...] = (
    # (parameters, like, layers, d_model, heads, kv heads, head size, d_ff)
    (0.135e9, "SmolLM2-135M", 30, 576, 9, 3, 64, 1536),
    (0.5e9, "Qwen2.5-0.5B", 24, 896, 14, 2, 64, 4864),
    (1.2e9, "Llama-3.2-1B", 16, 2048, 32, 8, 64, 8192),
    (3.2e9, "Llama-3.2-3B", 28, 3072, 24, 8, 128, 8192),
    (8.0e9, "Llama-3.1-8B", 32, 4096, 32, 8, 128, 14336),
    (13e9, "Llama-2-13B", 40, 5120, 40, 40, 128, 13824),
    (32e9, "Qwen2.5-32B", 64, 5120, 40, 8, 128, 27648),
    (70e9, "Llama-3.1-70B", 80, 8192, 64, 8, 128, 28672),
    (405e9, "Llama-3.1-405B", 126, 16384, 128, 8, 128, 53248),
)


def guess_shape(
    parameters: float,
    quantization: str = "Q4_K_M",
    n_layers: int | None = None,
    n_kv_heads: int | None = None,
    head_dim: int | None = None,
    n_vocab: int | None = None,
) -> ModelShape:
    """A plausible shape for a model of ``parameters`` (the nearest well-known one), with any of
    layers, KV heads, head size and vocabulary given instead of guessed."""
    if parameters <= 0:
        raise ValueError("the parameter count must be positive")
    quant = quantization.upper()
    if quant not in FILE_TYPE_BPW:
        raise ValueError(f"unknown quantization {quantization}; one of {', '.join(FILE_TYPE_BPW)}")
    _p, like, layers, d_model, heads, kv, hd, ff = min(
        KNOWN_SHAPES, key=lambda s: abs(math.log(s[0]) - math.log(parameters))
    )
    guessed = [SHAPE_LIKE_PREFIX + like]
    if n_layers is None:
        guessed.append("layers")
    if n_kv_heads is None:
        guessed.append("KV heads")
    if head_dim is None:
        guessed.append("head size")
    if n_vocab is None:
        guessed.append("vocabulary")
    layers = n_layers or layers
    vocab = n_vocab or (49152 if parameters < 1e9 else 128256)
    hd = head_dim or hd
    return ModelShape(
        name=f"{parameters / 1e9:g}B at {quant}",
        parameters=int(parameters),
        weights_bytes=int(parameters * FILE_TYPE_BPW[quant] / 8),
        quantization=quant,
        n_layers=layers,
        n_head=heads,
        kv_heads=((n_kv_heads or kv),) * layers,
        head_dim_k=hd,
        head_dim_v=hd,
        n_embd=d_model,
        n_vocab=vocab,
        n_ff=ff,
        guessed=tuple(guessed),
    )


def calculate(parameters: float, quantization: str, n_ctx: int, cache_type: str = "f16", **shape: Any) -> Estimate:
    return estimate(guess_shape(parameters, quantization, **shape), n_ctx, cache_type)


# -- this machine ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GPUMemory:
    name: str
    total: int
    free: int


@dataclass(frozen=True)
class MachineMemory:
    ram_total: int
    ram_available: int
    gpus: tuple[GPUMemory, ...] = ()
    unified: bool = False  # Apple Silicon: the GPU uses the RAM


@dataclass(frozen=True)
class Verdict:
    where: str  # "RAM" or a GPU's name
    fits: bool
    need: int
    have: int
    message: Message  # translatable; ``text`` is its English

    @property
    def text(self) -> str:
        return self.message.english()


RAM_FITS = QT_TRANSLATE_NOOP("CoreTeaching", "RAM: needs {need} of {available} available ({total} in all): fits.")
RAM_TOO_SMALL = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "RAM: needs {need} of {available} available ({total} in all): does not fit; it would swap, or fail to load.",
)
GPU_FITS = QT_TRANSLATE_NOOP("CoreTeaching", "{gpu}: needs {need} of {free} free: every layer fits.")
GPU_TOO_SMALL = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "{gpu}: needs {need} but has {free} free; about {layers} of {n_layers} layers fit (GPU layers = {layers}), "
    "the rest runs on the CPU.",
)


def size(n: int) -> str:
    """Every figure in "Will it fit?" in one unit system, as llama.cpp reports its buffers: MiB and GiB."""
    return human_size(n, binary=True)


def verdicts(est: Estimate, machine: MachineMemory) -> list[Verdict]:
    """Whether ``est`` fits this machine's RAM (CPU only) and each GPU's free memory (every layer
    offloaded), in plain words, with how many layers would fit on a GPU that is too small."""
    out: list[Verdict] = []
    need = est.total
    ram_fits = need <= machine.ram_available
    ram_text = message(
        RAM_FITS if ram_fits else RAM_TOO_SMALL,
        need=size(need),
        available=size(machine.ram_available),
        total=size(machine.ram_total),
    )
    out.append(Verdict("RAM", ram_fits, need, machine.ram_available, ram_text))
    for gpu in machine.gpus:
        gpu_need = need + GPU_OVERHEAD
        fits = gpu_need <= gpu.free
        if fits:
            text = message(GPU_FITS, gpu=gpu.name, need=size(gpu_need), free=size(gpu.free))
        else:
            room = gpu.free - GPU_OVERHEAD - est.compute - est.output
            per_layer = est.shape.weights_per_layer() + est.kv / max(est.shape.n_layers, 1)
            layers = max(0, min(est.shape.n_layers, int(room // per_layer))) if per_layer > 0 else 0
            text = message(
                GPU_TOO_SMALL,
                gpu=gpu.name,
                need=size(gpu_need),
                free=size(gpu.free),
                layers=layers,
                n_layers=est.shape.n_layers,
            )
        out.append(Verdict(gpu.name, fits, gpu_need, gpu.free, text))
    return out
