"""Labels and prompt templates (one template, or open_clip's ensembles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.core.vision.common import ENSEMBLE, ENSEMBLE_SIMPLE, VisionError

# ---------------------------------------------------------------------------------------------------
# Labels and prompt templates
# ---------------------------------------------------------------------------------------------------
LABEL_LIMIT = 10_000


def clean_labels(labels: Iterable[str]) -> list[str]:
    """Labels as typed, one per line: trimmed, blank lines and repeats dropped. Raises if none are left."""
    cleaned = list(dict.fromkeys(label.strip() for label in labels if label and label.strip()))
    if not cleaned:
        raise VisionError("Type at least one label, one per line (for example “red circle”).")
    if len(cleaned) > LABEL_LIMIT:
        raise VisionError(f"{len(cleaned):,} labels is more than the {LABEL_LIMIT:,} this panel compares at once.")
    return cleaned


def template_list(template: str) -> list[Any]:
    """The prompt templates a choice stands for: one "…{}…" string, or one of open_clip's ensembles."""
    if template == ENSEMBLE:
        from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

        return list(OPENAI_IMAGENET_TEMPLATES)
    if template == ENSEMBLE_SIMPLE:
        from open_clip.zero_shot_metadata import SIMPLE_IMAGENET_TEMPLATES

        return list(SIMPLE_IMAGENET_TEMPLATES)
    check_template(template)
    return [template]


def check_template(template: str) -> None:
    if template in (ENSEMBLE, ENSEMBLE_SIMPLE):
        return
    if "{}" not in (template or ""):
        raise VisionError("The prompt template needs {} where the label goes, for example “a photo of a {}.”")


def fill_template(template: Any, label: str) -> str:
    return str(template(label)) if callable(template) else str(template).replace("{}", label)
