"""The catalog reads real GGUF headers without loading weights, and explains broken files."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.core.catalog import model_info, scan
from desktop.core.errors import AssetMissingError, FMError, ModelFileError
from desktop.core.gguf_header import read_header
from desktop.resources import base_model_path, bundled_models
from tests.gguf_files import bad_files, truncated_copy, write_small_gguf


def test_default_model_metadata(default_model: Path) -> None:
    started = time.perf_counter()
    info = model_info(default_model)
    assert time.perf_counter() - started < 1.0
    assert info.architecture == "llama"
    assert info.parameters == 134_515_008
    assert info.parameters_text == "134.5M"
    assert info.quantization == "Q4_1"
    assert info.context_length == 8192
    assert info.vocab_size == 49152
    assert info.n_layers == 30
    assert info.has_chat_template and "<|im_start|>" in (info.chat_template or "")
    assert info.license == "apache-2.0"
    assert info.file_size == 98_362_432


def test_small_gguf_written_by_gguf_package(tmp_path: Path) -> None:
    path = write_small_gguf(tmp_path / "tiny.gguf", n_tensors=3)
    info = model_info(path)
    assert info.name == "tiny test model"
    assert info.parameters == 3 * 4 * 8
    assert info.vocab_size == 100
    assert info.context_length == 128
    assert info.quantization == "F32"
    assert not info.has_chat_template
    header = read_header(path)
    assert [t.name for t in header.tensors] == ["blk.0.w0", "blk.0.w1", "blk.0.w2"]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("empty", "empty"),
        ("text", "not a GGUF"),
        ("pickle", "PyTorch"),
        ("old_ggml", "old GGML"),
        ("truncated_header", "ends early"),
        ("huge_kv_count", "metadata entries"),
        ("huge_tensor_count", "tensors, more than fit"),
        ("huge_string", "claims to be"),
        ("truncated_weights", "incomplete"),
    ],
)
def test_broken_files_get_plain_messages(tmp_path: Path, kind: str, words: str) -> None:
    small = write_small_gguf(tmp_path / "ok.gguf")
    path = bad_files(tmp_path / "bad", small)[kind]
    started = time.perf_counter()
    with pytest.raises(ModelFileError) as err:
        model_info(path)
    assert time.perf_counter() - started < 1.0
    assert words in err.value.message
    assert path.name in err.value.message


def test_truncated_real_model_is_called_incomplete(tmp_path: Path, default_model: Path) -> None:
    cut = truncated_copy(default_model, tmp_path / "cut.gguf", 50_000_000)
    with pytest.raises(ModelFileError, match="incomplete"):
        model_info(cut)


def test_scan_lists_good_and_broken_files(tmp_path: Path, default_model: Path) -> None:
    folder = tmp_path / "models"
    nested = folder / "a" / "b"
    nested.mkdir(parents=True)
    write_small_gguf(nested / "tiny.gguf")
    (folder / "broken.gguf").write_bytes(b"nope")
    (folder / "readme.txt").write_text("not a model")
    catalog = scan([folder, tmp_path / "missing"], extra_files=[default_model], bundled=[default_model])
    names = [e.path.name for e in catalog.entries]
    assert names == [default_model.name, "broken.gguf", "tiny.gguf"]  # bundled first, no duplicates
    assert catalog.entries[0].bundled
    broken = catalog.entries[1]
    assert broken.info is None and broken.error is not None
    assert "not a GGUF" in broken.error.message
    assert len(catalog.readable()) == 2


def test_unwritable_cache_still_lists_the_default_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_model: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")  # unwritable even for root
    monkeypatch.setenv("FM_EXPLORER_CACHE", str(blocker / "cache"))
    problems: list[FMError] = []
    assert bundled_models(assemble=True, problems=problems) == [default_model]
    assert len(problems) == 1
    assert isinstance(problems[0], AssetMissingError)
    assert "Gemma 3 270M" in problems[0].message and str(blocker / "cache" / "models") in problems[0].message
    with pytest.raises(AssetMissingError):
        base_model_path(assemble=True)


def test_unreadable_folder_and_file_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    write_small_gguf(folder / "ok.gguf")
    real_walk = os.walk

    def walk_that_fails(top: str | os.PathLike[str], onerror: Callable[[OSError], None] | None = None) -> Any:
        # Simulates a folder the user may not read (tests run as root, where chmod does not block).
        if onerror is not None:
            onerror(PermissionError(13, "Permission denied", str(folder / "locked")))
        yield from real_walk(top, onerror=onerror)

    monkeypatch.setattr(os, "walk", walk_that_fails)
    catalog = scan([folder], extra_files=[tmp_path / "gone.gguf"])
    assert [e.path.name for e in catalog.entries] == ["ok.gguf"]
    assert len(catalog.problems) == 1
    assert "Permission denied" in catalog.problems[0].message and "locked" in catalog.problems[0].message
