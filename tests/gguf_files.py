"""Builders of GGUF files for tests: valid ones written by the gguf package, and broken ones."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from gguf import GGUFWriter


def write_small_gguf(path: Path, n_tensors: int = 2, name: str = "tiny test model") -> Path:
    """A valid GGUF with a little metadata and small F32 tensors (not loadable by llama.cpp)."""
    writer = GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(128)
    writer.add_block_count(1)
    writer.add_license("mit")
    writer.add_token_list([f"tok{i}" for i in range(100)])
    for i in range(n_tensors):
        writer.add_tensor(f"blk.0.w{i}", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def patch_u64(src: Path, dst: Path, offset: int, value: int) -> Path:
    data = bytearray(src.read_bytes())
    struct.pack_into("<Q", data, offset, value)
    dst.write_bytes(bytes(data))
    return dst


def truncated_copy(src: Path, dst: Path, size: int) -> Path:
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        fo.write(fi.read(size))
    return dst


def first_string_length_offset() -> int:
    """Offset of the first metadata key's length: magic(4) version(4) n_tensors(8) n_kv(8)."""
    return 24


def bad_files(folder: Path, small: Path) -> dict[str, Path]:
    """Broken files of every kind the catalog and host must explain, keyed by what is wrong."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.gguf",
        "text": folder / "notes.gguf",
        "pickle": folder / "checkpoint.gguf",
        "old_ggml": folder / "old.gguf",
    }
    files["empty"].write_bytes(b"")
    files["text"].write_text("this is not a model\n" * 10)
    files["pickle"].write_bytes(b"\x80\x02\x8a\x0alp\x00" + bytes(64))
    files["old_ggml"].write_bytes(b"ggjt" + bytes(64))
    files["truncated_header"] = truncated_copy(small, folder / "cut_header.gguf", 200)
    files["huge_kv_count"] = patch_u64(small, folder / "kv_count.gguf", 16, 2**60)
    files["huge_tensor_count"] = patch_u64(small, folder / "tensor_count.gguf", 8, 2**60)
    files["huge_string"] = patch_u64(small, folder / "string_len.gguf", first_string_length_offset(), 2**62)
    size = small.stat().st_size
    files["truncated_weights"] = truncated_copy(small, folder / "cut_weights.gguf", size - 40)
    return files
