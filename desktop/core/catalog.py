"""What models exist: GGUF files in the models folders plus the bundled default, with metadata
read from the header alone (no weights are loaded)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import FMError, ModelFileError
from desktop.core.gguf_header import ArrayInfo, GGUFHeader, read_header
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.teaching.fit import ModelShape, shape_from_header
from desktop.core.units import human_count, human_size

GGUF_SUFFIX = ".gguf"

# The bundled models' names as people know them: their headers' ``general.name`` is a training-run label
# ("Smollm2 135M 8k Lc100K Mix1 Ep2"). Keyed by file name (what desktop/resources.py bundles).
READABLE_NAMES = {
    "SmolLM2-135M-Instruct.Q4_1.gguf": "SmolLM2 135M Instruct",
    "gemma-3-270m-q4_k_m.gguf": "Gemma 3 270M",
}


@dataclass(frozen=True)
class ModelInfo:
    """What a person wants to know about a GGUF before loading it."""

    path: Path
    file_size: int
    name: str
    architecture: str
    parameters: int
    quantization: str
    context_length: int | None
    vocab_size: int | None
    n_layers: int | None
    chat_template: str | None
    license: str | None
    gguf_version: int
    tensor_count: int
    bundled: bool = False
    # What "Will it fit?" needs, read in the same pass on the scan's thread (a GGUF header with a 50k-token
    # vocabulary took 60 ms to read again on the GUI thread when a model was selected).
    shape: ModelShape | None = None

    @property
    def has_chat_template(self) -> bool:
        return bool(self.chat_template)

    @property
    def parameters_text(self) -> str:
        return human_count(self.parameters)

    @property
    def size_text(self) -> str:
        return human_size(self.file_size)


@dataclass(frozen=True)
class CatalogEntry:
    """One file found by a scan: either readable (``info``) or broken (``error``)."""

    path: Path
    info: ModelInfo | None = None
    error: FMError | None = None
    bundled: bool = False

    @property
    def display_name(self) -> str:
        if self.info is not None:
            return self.info.name
        return self.path.name


@dataclass
class Catalog:
    entries: list[CatalogEntry] = field(default_factory=list)
    problems: list[FMError] = field(default_factory=list)  # folders or bundled models that could not be read

    def readable(self) -> list[ModelInfo]:
        return [e.info for e in self.entries if e.info is not None]

    def find(self, path: Path) -> CatalogEntry | None:
        target = path.resolve()
        return next((e for e in self.entries if e.path.resolve() == target), None)


def _quantization(header: GGUFHeader) -> str:
    ftype = header.metadata.get("general.file_type")
    if isinstance(ftype, int):
        try:
            from gguf.constants import LlamaFileType  # imported here: gguf pulls in numpy (~90 ms)

            return LlamaFileType(ftype).name.removeprefix("MOSTLY_")
        except ValueError:
            pass
    # No file type recorded: name the most common type among the 2-D (weight) tensors.
    types = Counter(t.type_name for t in header.tensors if len(t.shape) >= 2)
    return types.most_common(1)[0][0] if types else "unknown"


def _int_or_none(value: object) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def model_info(path: str | os.PathLike[str], bundled: bool = False) -> ModelInfo:
    """Read a GGUF's metadata without loading its weights. Raises ModelFileError."""
    p = Path(path)
    header = read_header(p)
    meta = header.metadata
    arch = _str_or_none(meta.get("general.architecture")) or "unknown"
    tokens = meta.get("tokenizer.ggml.tokens")
    vocab = tokens.length if isinstance(tokens, ArrayInfo) else _int_or_none(meta.get(f"{arch}.vocab_size"))
    name = READABLE_NAMES.get(p.name) or _str_or_none(meta.get("general.name")) or p.stem
    return ModelInfo(
        path=p,
        file_size=header.file_size,
        name=name,
        architecture=arch,
        parameters=sum(t.n_elements for t in header.tensors),
        quantization=_quantization(header),
        context_length=_int_or_none(meta.get(f"{arch}.context_length")),
        vocab_size=vocab,
        n_layers=_int_or_none(meta.get(f"{arch}.block_count")),
        chat_template=_str_or_none(meta.get("tokenizer.chat_template")),
        license=_str_or_none(meta.get("general.license")),
        gguf_version=header.version,
        tensor_count=len(header.tensors),
        bundled=bundled,
        shape=shape_from_header(header, name=p.name),
    )


def read_entry(path: Path, bundled: bool = False) -> CatalogEntry:
    try:
        return CatalogEntry(path, info=model_info(path, bundled), bundled=bundled)
    except ModelFileError as exc:
        return CatalogEntry(path, error=exc, bundled=bundled)


def find_gguf_files(folder: Path, max_depth: int = 3, problems: list[FMError] | None = None) -> list[Path]:
    """GGUF files under ``folder`` (a few levels deep), sorted by name; missing folders give []. A
    folder that cannot be read is skipped, with its error added to ``problems``."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            where = exc.filename or folder
            text = QT_TRANSLATE_NOOP("CoreErrors", "Cannot read the models folder {folder}: {reason}.")
            problems.append(
                FMError(message(text, folder=str(where), reason=exc.strerror or str(exc)), details=repr(exc))
            )

    try:
        if not folder.is_dir():
            return found
    except OSError as exc:
        unreadable(exc)
        return found
    base_depth = len(folder.parts)
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        depth = len(Path(root).parts) - base_depth
        dirs[:] = [] if depth >= max_depth else sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if f.lower().endswith(GGUF_SUFFIX))
    return sorted(found, key=lambda p: p.name.lower())


def scan(folders: Iterable[Path], extra_files: Iterable[Path] = (), bundled: Iterable[Path] = ()) -> Catalog:
    """Every GGUF in ``folders`` plus ``extra_files``, and the ``bundled`` defaults first; no duplicates.
    What could not be read at all (a folder, an added file) is listed in ``Catalog.problems``."""
    catalog = Catalog()
    seen: set[Path] = set()

    def add(path: Path, is_bundled: bool) -> None:
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        catalog.entries.append(read_entry(path, bundled=is_bundled))

    for p in bundled:
        add(p, True)
    for folder in folders:
        for p in find_gguf_files(folder, problems=catalog.problems):
            add(p, False)
    for p in extra_files:
        try:
            exists = p.is_file()
        except OSError as exc:
            text = QT_TRANSLATE_NOOP("CoreErrors", "Cannot read {path}: {reason}.")
            catalog.problems.append(
                FMError(message(text, path=str(p), reason=exc.strerror or str(exc)), details=repr(exc))
            )
            continue
        if exists:
            add(p, False)
    return catalog
