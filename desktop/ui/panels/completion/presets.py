"""Teaching examples ("presets") and the chat formats a model without a template can be given.

A preset is (name, mode, text, settings). The English name is the key (kept in the combo's item data);
the combo shows its translation. The prompts stay as they are.

Limits fit every tokenizer: a few-shot answer is one line, so each few-shot preset stops on the new line
and sets Max tokens well above what its expected answer costs in the bundled models' tokenizers
(``EXPECTED``; SmolLM2 spends 6 tokens on " 긍정", Gemma 3). tests/ui/test_completion_presets.py checks
both, on both models.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.messages import QT_TRANSLATE_NOOP

CONTEXT = "CompletionPanel"  # the presets' names keep the context they were translated in

PRESETS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "To be or not to be"),
        "completion",
        "To be or not to be",
        {"max_tokens": 40},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Translation as completion"),
        "completion",
        "How are you in French is",
        {"max_tokens": 20},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Spam classifier as completion"),
        "completion",
        "Email: Win a FREE iPhone now!!! Click here to claim your prize\nLabel: spam\n\n"
        "Email: The meeting moved to 3pm, agenda attached\nLabel: not spam\n\n"
        "Email: Congratulations, you were selected for a cash reward, send your bank details\nLabel:",
        {"max_tokens": 12, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Few-shot translation"),
        "completion",
        "English: cheese\nFrench: fromage\n\nEnglish: house\nFrench: maison\n\nEnglish: thank you\nFrench:",
        {"max_tokens": 16, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Chain of thought"),
        "chat",
        "What is 15% of 80? Think step by step.",
        {"max_tokens": 160, "temperature": 0.2},
    ),
    # Korean: SmolLM2 was trained on English (its prompt here is 98 tokens, and it answers "Friday");
    # Gemma 3 270M base reads Korean (32 tokens) and answers "Today is the best weather today".
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Korean to English: translation as completion"),
        "completion",
        "한국어: 감사합니다\nEnglish: Thank you\n\n한국어: 안녕하세요\nEnglish: Hello\n\n"
        "한국어: 오늘 날씨가 정말 좋아요\nEnglish:",
        {"max_tokens": 32, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Korean review sentiment (few-shot)"),
        "completion",
        "리뷰: 음식이 정말 맛있고 직원들도 친절했어요.\n감정: 긍정\n\n"
        "리뷰: 배달이 한 시간이나 늦었고 음식이 다 식었어요.\n감정: 부정\n\n"
        "리뷰: 가격도 저렴하고 양도 많아서 또 올 거예요.\n감정:",
        {"max_tokens": 16, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Chain of thought in Korean"),
        "chat",
        "사과가 12개 있었어요. 5개를 먹고 친구에게 3개를 더 받았어요. 지금 사과는 몇 개일까요? 단계별로 생각해 보세요.",
        {"max_tokens": 200, "temperature": 0.2},
    ),
]

# The answer a right completion gives (before its closing new line), for the few-shot presets.
EXPECTED: dict[str, str] = {
    "Spam classifier as completion": " spam",
    "Few-shot translation": " merci",
    "Korean to English: translation as completion": " The weather is really nice today",
    "Korean review sentiment (few-shot)": " 긍정",
}

# What a preset teaches beyond its prompt, said when it is chosen and after its run.
LESSONS: dict[str, str] = {
    "Chain of thought": QT_TRANSLATE_NOOP(
        "CompletionPanel",
        "On a small model such as the bundled 135M one, expect a wrong answer: step-by-step reasoning emerges "
        "with scale, and a model this small writes steps without getting them right. Try the same prompt on a "
        "larger model (Models panel) or a server model (Run on), and compare.",
    ),
}
LESSONS["Chain of thought in Korean"] = LESSONS["Chain of thought"]

# Short enough to be read whole in the toolbar of a 1024-pixel window in Chat mode (tests/ui/test_layout.py).
CHAT_FORMATS: list[tuple[str, str]] = [
    (QT_TRANSLATE_NOOP("CompletionPanel", "Model's own template"), "template"),
    ("ChatML <|im_start|>", "chatml"),
    ("Llama 2 [INST]", "llama-2"),
    ("Gemma <start_of_turn>", "gemma"),
    (QT_TRANSLATE_NOOP("CompletionPanel", "Plain User:/Assistant:"), "plain"),
]


def shown(text: str) -> str:
    """A preset's name or a chat format's label (marked under CONTEXT) in the installed language."""
    return QCoreApplication.translate(CONTEXT, text)


def preset(name: str) -> tuple[str, str, str, dict[str, Any]] | None:
    return next((p for p in PRESETS if p[0] == name), None)


def lesson_for(params: dict[str, Any]) -> str:
    """The lesson of the preset whose prompt a run used, translated ("" when it used none)."""
    if params.get("mode") == "chat":
        users = [m.get("content", "") for m in params.get("messages") or [] if m.get("role") == "user"]
        text = users[-1] if users else ""
    else:
        text = str(params.get("prompt", ""))
    for name, _mode, prompt, _settings in PRESETS:
        if name in LESSONS and prompt == text:
            return shown(LESSONS[name])
    return ""


def ready_text(name: str, had_text: bool) -> str:
    """The status line once preset ``name`` fills the form, with its lesson where it has one."""
    if had_text:
        text = QCoreApplication.translate(
            "CompletionPanel",
            "Example “{name}” ready: press Generate. Ctrl+Z in the prompt brings back what you had typed.",
        )
    else:
        text = QCoreApplication.translate("CompletionPanel", "Example “{name}” ready: press Generate.")
    text = text.format(name=shown(name))
    return f"{text} {shown(LESSONS[name])}" if name in LESSONS else text
