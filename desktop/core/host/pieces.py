"""A token's exact bytes. llama-cpp-python's ``detokenize`` uses a fixed 32-byte buffer and returns
nothing for longer tokens (runs of indentation are up to ~80 bytes), so ask llama.cpp directly."""

from __future__ import annotations

import ctypes
from typing import Any


def token_bytes(llm: Any, token: int) -> bytes:
    """The bytes of ``token`` in ``llm``'s vocabulary, special tokens as their text."""
    import llama_cpp

    vocab = llm._model.vocab
    size = 64
    buf = ctypes.create_string_buffer(size)
    n = llama_cpp.llama_token_to_piece(vocab, token, buf, size, 0, True)
    if n < 0:  # the buffer was too small: llama.cpp says how large it must be
        size = -n
        buf = ctypes.create_string_buffer(size)
        n = llama_cpp.llama_token_to_piece(vocab, token, buf, size, 0, True)
    return buf.raw[: max(n, 0)]
