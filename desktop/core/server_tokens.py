"""A server's tokenization as spans, when the server does not say every token's bytes.

A server's tokenizer answers with ids and, where it can, each token's text or bytes. llama-server sends
bytes for every token; llama_cpp.server can only decode a token alone (``/extras/detokenize``), which fails
for a token that holds part of a character (Korean and emoji, split by byte-level BPE). Those tokens' bytes
are not lost: the tokens spell the input, so a run of unknown tokens between known ones holds exactly the
input's bytes between them, and the same id always holds the same bytes. :func:`server_token_bytes` finds
every split of those runs that is consistent across the whole text, and keeps the bytes that every such
split agrees on. A token left undetermined is shown as :data:`UNKNOWN_PIECE`, never as a guess or as "�".

The spans are then built by :func:`desktop.core.token_spans.build_spans`, the same rendering as every other
tokenizer's (byte pieces such as ``<0xEC>``). Pure Python, never imports Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop.core.token_spans import DISPLAY_CHAR_LIMIT, TokenSpan, display_spans, sanitize

UNKNOWN_PIECE = "<?>"
MAX_SOLUTIONS = 32  # more consistent splits than this: the unknown tokens stay unknown
MAX_WORK = 1_000_000  # tokens looked at, in all: bounds the search on a long text (well under a second)

Piece = bytes | str | None
Run = tuple[list[int], int, int]  # token indexes, start and end in the input's bytes
Resolved = tuple[list[bytes | None], bool, dict[int, bytes]]


def known_bytes(piece: Piece) -> bytes | None:
    """A token's bytes as the server gave them: bytes as they are, text as UTF-8, and None for text that
    holds U+FFFD (the server could not decode the token alone) or no answer."""
    if isinstance(piece, bytes):
        return piece
    if isinstance(piece, str) and "\ufffd" not in piece:
        return piece.encode("utf-8")
    return None


def _valid(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _align(source: bytes, known: Sequence[bytes | None]) -> tuple[list[Run], list[int]] | None:
    """The runs of unknown tokens and the input bytes each holds, and how many input bytes each known token
    consumes (a SentencePiece space prefix at the start consumes none). None when the known tokens do not
    spell the input (a tokenizer that normalizes text)."""
    runs: list[Run] = []
    consumed = [0] * len(known)
    cursor = i = 0
    while i < len(known):
        data = known[i]
        if data is not None:
            if source.startswith(data, cursor):
                consumed[i] = len(data)
            elif data[:1] == b" " and source.startswith(data[1:], cursor):
                consumed[i] = len(data) - 1
            else:
                return None
            cursor += consumed[i]
            i += 1
            continue
        j = i
        while j < len(known) and known[j] is None:
            j += 1
        end = _run_end(source, cursor, j - i, known[j] if j < len(known) else None)
        if end is None:
            return None
        runs.append((list(range(i, j)), cursor, end))
        cursor, i = end, j
    return (runs, consumed) if cursor == len(source) else None


def _run_end(source: bytes, start: int, n_tokens: int, following: bytes | None) -> int | None:
    """Where a run of ``n_tokens`` unknown tokens from ``start`` ends: at the first place the next known
    token's bytes follow whole characters (or at the end of the input)."""
    if following is None:
        return len(source)
    at = start + n_tokens  # every token holds at least one byte
    while True:
        found = source.find(following, at)
        if found < 0:
            return None
        if _valid(source[start:found]):
            return found
        at = found + 1


class _Search:
    """Every assignment of bytes to the unknown ids that spells each run, found depth first."""

    def __init__(self, source: bytes, ids: Sequence[int], runs: list[Run]) -> None:
        distinct = {(tuple(ids[t] for t in tokens), source[start:end]) for tokens, start, end in runs}
        self.runs = sorted(distinct, key=lambda r: len(r[0]))  # short runs settle ids soonest
        self.solutions: list[dict[int, bytes]] = []
        self.work = 0

    def propagate(self, given: dict[int, bytes]) -> bool:
        """Fill in what the assignment so far forces (a run with one open token left); False when it
        contradicts a run."""
        changed = True
        while changed:
            changed = False
            for run_ids, data in self.runs:
                self.work += len(run_ids)
                lo, hi, a, b = 0, len(data), 0, len(run_ids)
                while a < b and run_ids[a] in given:
                    piece = given[run_ids[a]]
                    if not data.startswith(piece, lo):
                        return False
                    lo, a = lo + len(piece), a + 1
                while b > a and run_ids[b - 1] in given:
                    piece = given[run_ids[b - 1]]
                    if hi - len(piece) < lo or not data.endswith(piece, 0, hi):
                        return False
                    hi, b = hi - len(piece), b - 1
                if a == b and lo != hi:
                    return False
                if b - a == 1:
                    if hi == lo:
                        return False
                    given[run_ids[a]] = data[lo:hi]
                    changed = True
                elif hi - lo < b - a:
                    return False
        return True

    def run(self, given: dict[int, bytes]) -> None:
        if self.work > MAX_WORK or len(self.solutions) > MAX_SOLUTIONS:
            return
        given = dict(given)
        if not self.propagate(given):
            return
        open_runs = [(sum(i not in given for i in r), r, d) for r, d in self.runs if any(i not in given for i in r)]
        if not open_runs:
            self.solutions.append(given)
            return
        _count, run_ids, data = min(open_runs, key=lambda o: o[0])
        lo = k = 0
        while run_ids[k] in given:
            lo, k = lo + len(given[run_ids[k]]), k + 1
        room = len(data) - lo - (len(run_ids) - k - 1)
        for length in range(1, room + 1):
            self.run({**given, run_ids[k]: data[lo : lo + length]})

    def complete(self) -> bool:
        return self.work <= MAX_WORK and 0 < len(self.solutions) <= MAX_SOLUTIONS


def _resolve(text: str, ids: Sequence[int], pieces: Sequence[Piece]) -> Resolved:
    """``(bytes, aligned, groups)``: each token's bytes or None, whether the tokens spell the input, and for
    each group of consecutive undetermined tokens, the input bytes it holds, keyed by its last token."""
    known = [known_bytes(p) for p in pieces]
    source = sanitize(text).encode("utf-8")
    aligned = _align(source, known)
    if aligned is None:
        return known, False, {}
    runs, _consumed = aligned
    if not runs:
        return known, True, {}
    search = _Search(source, ids, runs)
    search.run({})
    solutions = search.solutions if search.complete() else []
    data = list(known)
    groups: dict[int, bytes] = {}
    for tokens, start, end in runs:
        certain = _certain(start, [ids[t] for t in tokens], solutions)
        group_start = start
        for k, t in enumerate(tokens):
            placed = certain[k]
            if placed is not None:
                offset, piece = placed
                data[t] = piece
                group_start = offset + len(piece)
                continue
            after = certain[k + 1] if k + 1 < len(tokens) else None
            if k + 1 == len(tokens) or after is not None:  # the last token of an undetermined group
                groups[t] = source[group_start : after[0] if after is not None else end]
    return data, True, groups


def _certain(start: int, run_ids: list[int], solutions: list[dict[int, bytes]]) -> list[tuple[int, bytes] | None]:
    """For each token of a run, its offset and bytes where every solution agrees on both, else None."""
    if not solutions:
        return [None] * len(run_ids)
    per_solution = []
    for solution in solutions:
        offset, placed = start, []
        for tid in run_ids:
            placed.append((offset, solution[tid]))
            offset += len(solution[tid])
        per_solution.append(placed)
    first, *others = per_solution
    return [first[k] if all(o[k] == first[k] for o in others) else None for k in range(len(run_ids))]


def server_token_bytes(text: str, ids: Sequence[int], pieces: Sequence[Piece]) -> tuple[list[bytes | None], bool]:
    """Each token's bytes (None where the answer and the input leave them open), and whether the tokens
    spell the input. ``pieces`` holds what the server said per token: bytes, text, or None."""
    data, aligned, _groups = _resolve(text, ids, pieces)
    return data, aligned


def server_spans(
    text: str, ids: Sequence[int], pieces: Sequence[Piece], display_chars: int = DISPLAY_CHAR_LIMIT
) -> tuple[list[TokenSpan], bool, int, int]:
    """Spans for a server's tokenization: ``(spans, aligned, covered, unknown)``, ``unknown`` being how many
    tokens show :data:`UNKNOWN_PIECE`. The characters a group of unknown tokens makes up belong to the last
    of them, as a split character belongs to the token holding its last byte. A token with no bytes (a BOS
    the server added) covers nothing and counts as added."""
    data, aligned, groups = _resolve(text, ids, pieces)
    tokens: list[tuple[int, bytes, bool, bool]] = []
    for n, (tid, d) in enumerate(zip(ids, data, strict=True)):
        if d is None:
            tokens.append((tid, groups.get(n, b""), False, False))
        else:
            tokens.append((tid, d, False, d == b""))
    spans, ok, covered = display_spans(text, tokens, True, display_chars)
    unknown = 0
    for n, span in enumerate(spans):
        if data[n] is None:
            spans[n] = replace(span, data=b"", text=UNKNOWN_PIECE, partial=True)
            unknown += 1
    return spans, aligned and ok, covered, unknown
