"""Labels and prompt templates (one template, or open_clip's ensembles)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import ENSEMBLE, ENSEMBLE_SIMPLE, VisionError

# ---------------------------------------------------------------------------------------------------
# Labels and prompt templates
# ---------------------------------------------------------------------------------------------------
LABEL_LIMIT = 10_000


def clean_labels(labels: Iterable[str]) -> list[str]:
    """Labels as typed, one per line: trimmed, blank lines and repeats dropped. Raises if none are left."""
    cleaned = list(dict.fromkeys(label.strip() for label in labels if label and label.strip()))
    if not cleaned:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "Type at least one label, one per line (for example “red circle”).")
            )
        )
    if len(cleaned) > LABEL_LIMIT:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "{count} labels is more than the {limit} this panel compares at once."),
                count=f"{len(cleaned):,}",
                limit=f"{LABEL_LIMIT:,}",
            )
        )
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
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "The prompt template needs {braces} where the label goes, for example “a photo of a {braces}.”",
                ),
                braces="{}",
            )
        )


def fill_template(template: Any, label: str) -> str:
    return str(template(label)) if callable(template) else str(template).replace("{}", label)


# ---------------------------------------------------------------------------------------------------
# Labels in a script the model never learned (issue 12: Korean labels with an English-trained CLIP)
# ---------------------------------------------------------------------------------------------------
def label_script(label: str) -> str:
    """``"hangul"`` if the label has Hangul letters, "other" for letters of another non-Latin script (Cyrillic,
    kana, Han…), else "latin" (English letters, accented Latin letters, digits, punctuation)."""
    found = "latin"
    for ch in label:
        if not ch.isalpha() or ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("HANGUL"):
            return "hangul"
        if not name.startswith("LATIN"):
            found = "other"
    return found


def vocabulary_warning(labels: Sequence[str], multilingual: bool = False) -> Message | None:
    """A translatable warning when labels are written in a script an English-trained CLIP never learned,
    or None. Every CLIP this app offers (the bundled one, open_clip's OpenAI and LAION weights) learned
    from English captions; its byte-level tokenizer still turns Hangul into tokens, so the model gives a
    score, but one that means nothing. ``multilingual`` (a model trained on many languages) says nothing."""
    if multilingual:
        return None
    hangul = [label for label in labels if label_script(label) == "hangul"]
    if hangul:
        return message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "Korean labels such as “{label}” do not work with this model: it learned from English captions, "
                "and its tokenizer cuts Hangul into byte pieces that carry no meaning for it. So their scores "
                "mean nothing, however confident they look. Write the labels in English (for example “red circle”).",
            ),
            label=hangul[0],
        )
    other = [label for label in labels if label_script(label) == "other"]
    if other:
        return message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "Labels such as “{label}” are not in English, the only language this model learned from; "
                "their scores mean nothing. Write the labels in English.",
            ),
            label=other[0],
        )
    return None
