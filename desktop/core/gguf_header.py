"""A bounds-checked reader of a GGUF file's header: metadata and tensor table, never the weights.

gguf's own ``GGUFReader`` trusts the counts in the file and builds Python objects for every array
element, so a corrupt count can make it allocate without limit. This reader checks every length
against the bytes that remain before it reads, and skips large arrays (the vocabulary) by length,
so reading a 262k-token model's header stays fast. Type tables come from the ``gguf`` package.
"""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import ModelFileError
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.units import human_size

GGUF_MAGIC = b"GGUF"
MAX_DIMS = 4
MAX_KEY_BYTES = 1 << 16
MAX_STRING_BYTES = 64 << 20
# Arrays longer than this are counted, not kept (the vocabulary, merges, scores).
KEEP_ARRAY_ITEMS = 64
DEFAULT_ALIGNMENT = 32

# GGUF value types -> (struct format, size)
_SCALARS: dict[int, tuple[str, int]] = {
    0: ("<B", 1),
    1: ("<b", 1),
    2: ("<H", 2),
    3: ("<h", 2),
    4: ("<I", 4),
    5: ("<i", 4),
    6: ("<f", 4),
    7: ("<?", 1),
    10: ("<Q", 8),
    11: ("<q", 8),
    12: ("<d", 8),
}
_STRING = 8
_ARRAY = 9


@dataclass
class ArrayInfo:
    """An array value: its element type, length, and its first items (or all of them if short)."""

    item_type: int
    length: int
    head: list[Any] = field(default_factory=list)


@dataclass
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def type_name(self) -> str:
        try:
            from gguf.constants import GGMLQuantizationType  # numpy-heavy: off the start-up path

            return GGMLQuantizationType(self.ggml_type).name
        except ValueError:
            return f"type {self.ggml_type}"

    def n_bytes(self) -> int | None:
        try:
            from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

            block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(self.ggml_type)]
        except (ValueError, KeyError):
            return None
        return self.n_elements // block * type_size


@dataclass
class GGUFHeader:
    version: int
    metadata: dict[str, Any]
    tensors: list[TensorInfo]
    data_offset: int
    file_size: int


def _mib(n: int) -> str:
    return human_size(n, binary=True)


class _Cursor:
    def __init__(self, buf: mmap.mmap | bytes, path: Path) -> None:
        self.buf = buf
        self.pos = 0
        self.size = len(buf)
        self.path = path

    def need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise ModelFileError(
                f"“{self.path.name}” ends early: it is cut off while reading {what} "
                f"(byte {self.pos:,} of {self.size:,}). It is probably an incomplete download; "
                "download it again.",
                details=f"needed {n} bytes at offset {self.pos}, file has {self.size}",
            )

    def scalar(self, fmt: str, size: int, what: str) -> Any:
        self.need(size, what)
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return value

    def u32(self, what: str) -> int:
        return int(self.scalar("<I", 4, what))

    def u64(self, what: str) -> int:
        return int(self.scalar("<Q", 8, what))

    def string(self, what: str, limit: int = MAX_STRING_BYTES) -> str:
        n = self.u64(what)
        if n > limit:
            raise ModelFileError(
                f"“{self.path.name}” is corrupt: {what} claims to be {_mib(n)} long.",
                details=f"string length {n} at offset {self.pos - 8}",
            )
        self.need(n, what)
        raw = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", errors="replace")

    def skip_string(self, what: str) -> None:
        n = self.u64(what)
        self.need(n, what)
        self.pos += n

    def value(self, vtype: int, what: str, depth: int = 0) -> Any:
        if vtype in _SCALARS:
            fmt, size = _SCALARS[vtype]
            return self.scalar(fmt, size, what)
        if vtype == _STRING:
            return self.string(what)
        if vtype == _ARRAY:
            if depth > 2:
                raise ModelFileError(f"“{self.path.name}” is corrupt: arrays nested too deep in {what}.")
            item_type = self.u32(what)
            length = self.u64(what)
            # Every item takes at least one byte, so a longer array cannot fit in the file.
            min_item = _SCALARS[item_type][1] if item_type in _SCALARS else 8
            if item_type not in _SCALARS and item_type not in (_STRING, _ARRAY):
                raise ModelFileError(f"“{self.path.name}” is corrupt: unknown value type {item_type} in {what}.")
            self.need(length * min_item, f"{what} ({length:,} items)")
            arr = ArrayInfo(item_type, length)
            if item_type in _SCALARS and length > KEEP_ARRAY_ITEMS:
                self.pos += length * min_item
                return arr
            for i in range(length):
                if i < KEEP_ARRAY_ITEMS:
                    arr.head.append(self.value(item_type, what, depth + 1))
                elif item_type == _STRING:
                    self.skip_string(what)
                else:
                    self.value(item_type, what, depth + 1)
            return arr
        raise ModelFileError(
            f"“{self.path.name}” is corrupt: unknown value type {vtype} in {what}.",
            details=f"value type {vtype} at offset {self.pos - 4}",
        )


def read_header(path: str | os.PathLike[str]) -> GGUFHeader:
    """Read and validate a GGUF header. Raises ModelFileError with a plain message on any fault."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        why = exc.strerror or str(exc)
        text = message(QT_TRANSLATE_NOOP("CoreErrors", "Cannot open “{name}”: {reason}."), name=p.name, reason=why)
        raise ModelFileError(text, details=str(exc)) from exc
    if size == 0:
        empty = QT_TRANSLATE_NOOP("CoreErrors", "“{name}” is empty (0 bytes); it is not a model file.")
        raise ModelFileError(message(empty, name=p.name))
    try:
        with open(p, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _parse(mm, p, size)
    except OSError as exc:
        why = exc.strerror or str(exc)
        text = message(QT_TRANSLATE_NOOP("CoreErrors", "Cannot read “{name}”: {reason}."), name=p.name, reason=why)
        raise ModelFileError(text, details=str(exc)) from exc


def _parse(buf: mmap.mmap, path: Path, size: int) -> GGUFHeader:
    cur = _Cursor(buf, path)
    magic = bytes(buf[:4])
    if magic != GGUF_MAGIC:
        hint = ""
        if magic == b"FUGG":
            hint = " It is a big-endian GGUF, which this app does not read."
        elif magic in (b"ggjt", b"ggml", b"ggmf", b"tjgg", b"lmgg"):
            hint = " It is an old GGML-format model; convert it to GGUF with llama.cpp's tools."
        elif magic[:2] == b"PK" or magic[:1] == b"\x80":
            hint = " It looks like a PyTorch checkpoint; convert it to GGUF first."
        raise ModelFileError(
            f"“{path.name}” is not a GGUF model file.{hint}",
            details=f"first bytes: {magic!r}",
        )
    cur.pos = 4
    version = cur.u32("the format version")
    if version not in (2, 3):
        raise ModelFileError(
            f"“{path.name}” uses GGUF version {version}, which this app does not read (it reads 2 and 3).",
        )
    n_tensors = cur.u64("the tensor count")
    n_kv = cur.u64("the metadata count")
    remaining = size - cur.pos
    # Smallest metadata entry: key length (8) + 1 key byte + type (4) + 1 value byte.
    if n_kv > remaining // 14:
        raise ModelFileError(
            f"“{path.name}” is corrupt or cut off: it claims {n_kv:,} metadata entries, more than fit in the file.",
        )
    # Smallest tensor entry: name length (8) + dims count (4) + type (4) + offset (8).
    if n_tensors > remaining // 24:
        raise ModelFileError(
            f"“{path.name}” is corrupt or cut off: it claims {n_tensors:,} tensors, more than fit in the file.",
        )
    metadata: dict[str, Any] = {}
    for i in range(n_kv):
        key = cur.string(f"metadata key #{i + 1}", limit=MAX_KEY_BYTES)
        vtype = cur.u32(f"the type of “{key}”")
        metadata[key] = cur.value(vtype, f"“{key}”")
    tensors: list[TensorInfo] = []
    for i in range(n_tensors):
        name = cur.string(f"tensor name #{i + 1}", limit=MAX_KEY_BYTES)
        n_dims = cur.u32(f"the dimensions of “{name}”")
        if n_dims > MAX_DIMS:
            raise ModelFileError(f"“{path.name}” is corrupt: tensor “{name}” claims {n_dims} dimensions.")
        shape = tuple(cur.u64(f"the shape of “{name}”") for _ in range(n_dims))
        ggml_type = cur.u32(f"the type of “{name}”")
        offset = cur.u64(f"the offset of “{name}”")
        tensors.append(TensorInfo(name, shape, ggml_type, offset))
    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise ModelFileError(f"“{path.name}” is corrupt: alignment {alignment!r} is not a power of two.")
    data_offset = (cur.pos + alignment - 1) // alignment * alignment
    header = GGUFHeader(version, metadata, tensors, data_offset, size)
    _check_tensor_data(header, path)
    return header


def _check_tensor_data(header: GGUFHeader, path: Path) -> None:
    end = header.data_offset
    for t in header.tensors:
        nbytes = t.n_bytes()
        if nbytes is None:
            raise ModelFileError(
                f"“{path.name}” has tensor “{t.name}” of unknown type {t.ggml_type}; it may need a newer llama.cpp.",
            )
        end = max(end, header.data_offset + t.offset + nbytes)
    if end > header.file_size:
        missing = end - header.file_size
        raise ModelFileError(
            f"“{path.name}” is incomplete: its weights need {_mib(end)} but the file has "
            f"{_mib(header.file_size)} ({_mib(missing)} missing). "
            "It is probably an interrupted download; download it again.",
            details=f"tensor data ends at {end}, file size {header.file_size}",
        )
