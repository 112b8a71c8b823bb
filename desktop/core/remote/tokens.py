"""A server's own tokenizer: ``/tokenize`` (llama-server, vLLM) or ``/extras/tokenize`` (llama_cpp.server),
with each token's text, and its bytes where the server gives them, so that the pieces join back into the
input (Korean and emoji included)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.remote.capabilities import Capabilities
from desktop.core.remote.errors import RemoteError

Post = Callable[[str, dict[str, Any]], Any]  # (path from the server's root, JSON body) -> the JSON answer


@dataclass
class RemoteTokens:
    """A server's tokenization: ids, each token's text where the server gives it, and the endpoint.

    ``pieces``: each token's text on its own, with U+FFFD where its bytes are only part of a character.
    ``data``: each token's own bytes, where the server sends them (llama-server), else None.
    ``partial``: True for a token whose bytes are only part of a character, None when no token is one.
    ``joined``: texts that join back into the input: a run of tokens that make one character together
    (llama_cpp.server decodes them only together) gives the character to its last token and "" to the
    others. None where the server gives no texts."""

    ids: list[int]
    pieces: list[str] | None
    endpoint: str
    data: list[bytes] | None = None
    partial: list[bool] | None = None
    joined: list[str] | None = None


def tokenize(post: Post, caps: Capabilities | None, model: str, text: str, pieces_limit: int = 256) -> RemoteTokens:
    """The server's own tokenization of ``text``. Token texts come with the answer where the server sends
    them (llama-server's ``with_pieces``, vLLM's ``return_token_strs``); llama_cpp.server's are read by
    ``/extras/detokenize`` for up to ``pieces_limit`` distinct tokens. ``caps.tokenize`` learns the endpoint."""
    order = ["/tokenize", "/extras/tokenize"]
    if caps is not None and caps.tokenize in order:
        order.remove(caps.tokenize)
        order.insert(0, caps.tokenize)
    elif caps is not None and caps.engine == "llama_cpp.server":
        order.reverse()
    last: RemoteError | None = None
    for path in order:
        if path == "/tokenize":
            body: dict[str, Any] = {
                "model": model,
                "content": text,  # llama-server
                "prompt": text,  # vLLM
                "add_special": False,
                "add_special_tokens": False,
                "with_pieces": True,
                "return_token_strs": True,
            }
        else:
            body = {"model": model, "input": text}
        try:
            data = post(path, body)
        except RemoteError as err:
            if err.kind in ("NotFound", "NotJSON") or (err.kind == "BadRequest" and path == "/tokenize"):
                last = err
                continue
            raise
        result = _read_tokens(data, path)
        if caps is not None:
            caps.tokenize = path
        if result.pieces is None and path == "/extras/tokenize":
            _detokenize_each(post, model, result, pieces_limit)
        return result
    template = QT_TRANSLATE_NOOP(
        "CoreErrors", "This server does not expose its tokenizer (it has neither /tokenize nor /extras/tokenize)."
    )
    raise RemoteError("NoTokenizer", message(template), last.details if last is not None else "")


def _detokenize(post: Post, model: str, ids: list[int]) -> str | None:
    """The text of ``ids`` (llama_cpp.server), or None where they end inside a character."""
    try:
        data = post("/extras/detokenize", {"model": model, "tokens": ids})
    except RemoteError as err:
        if err.kind != "ServerError":
            raise
        return None  # part of a character: llama_cpp.server cannot decode it
    return str(data.get("text", "")) if isinstance(data, dict) else ""


def _detokenize_each(post: Post, model: str, result: RemoteTokens, limit: int) -> None:
    """Each token's text, by ``/extras/detokenize``. A token that is part of a character is decoded with
    the tokens after it (a character has at most four bytes): the run's text goes to its last token, the
    others are marked ``partial``."""
    ids = result.ids
    unique = list(dict.fromkeys(ids))
    if len(unique) > limit:
        return
    try:
        alone = {tid: _detokenize(post, model, [tid]) for tid in unique}
    except RemoteError:
        return
    joined: list[str] = []
    partial: list[bool] = []
    n = 0
    while n < len(ids):
        text = alone[ids[n]]
        if text is not None:
            joined.append(text)
            partial.append(False)
            n += 1
            continue
        for end in range(n + 2, min(n + 4, len(ids)) + 1):
            together = _detokenize(post, model, ids[n:end])
            if together is not None:
                joined += [""] * (end - n - 1) + [together]
                partial += [True] * (end - n)
                n = end
                break
        else:
            joined.append("\ufffd")  # bytes that never make a character
            partial.append(True)
            n += 1
    result.pieces = [t if t is not None else "\ufffd" for t in (alone[tid] for tid in ids)]
    result.joined = joined
    result.partial = partial if any(partial) else None


def _read_tokens(data: Any, path: str) -> RemoteTokens:
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, list):
        template = QT_TRANSLATE_NOOP("CoreErrors", "The server's {path} answer has no token list.")
        raise RemoteError("NotOpenAI", message(template, path=path), str(data)[:500])
    if tokens and isinstance(tokens[0], dict):  # llama-server with_pieces: text, or bytes where not UTF-8
        ids = [int(t.get("id", -1)) for t in tokens]
        raw = [_piece_bytes(t.get("piece", "")) for t in tokens]
        pieces = [b.decode("utf-8", "replace") for b in raw]
        partial = [not _is_utf8(b) for b in raw]
        whole = b"".join(raw).decode("utf-8", "replace")
        joined = pieces if not any(partial) else None  # bytes split between tokens: see ``data``
        if joined is None and "\ufffd" not in whole:
            joined = _join_runs(raw)
        return RemoteTokens(ids, pieces, path, data=raw, partial=partial if any(partial) else None, joined=joined)
    ids = [int(t) for t in tokens]
    strs = data.get("token_strs")
    if isinstance(strs, list) and len(strs) == len(ids):
        return RemoteTokens(ids, [str(s) for s in strs], path, joined=[str(s) for s in strs])
    return RemoteTokens(ids, None, path)


def _join_runs(raw: list[bytes]) -> list[str]:
    """Texts that join back into the whole: each character goes to the token where its last byte is."""
    out: list[str] = []
    pending = b""
    for data in raw:
        pending += data
        for cut in range(len(pending), -1, -1):  # the longest start of what is pending that decodes
            try:
                text = pending[:cut].decode("utf-8")
            except UnicodeDecodeError:
                continue
            out.append(text)
            pending = pending[cut:]
            break
    return out


def _piece_bytes(piece: Any) -> bytes:
    if isinstance(piece, list) and all(isinstance(b, int) and 0 <= b < 256 for b in piece):
        return bytes(piece)
    return str(piece).encode("utf-8")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
