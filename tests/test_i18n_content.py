"""Issue 12's teaching content: Korean costs more tokens than English for the same meaning (tiktoken and
the bundled models' own vocabularies), the Korean presets, and the honest Vision warning for Korean labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core import tokenizers as T
from desktop.core.vision.prompts import label_script, vocabulary_warning
from desktop.resources import base_model_path
from desktop.ui.panels.completion import PRESETS

PAIRS = [
    ("Korean paragraph", "English paragraph (the Korean one's meaning)"),
    ("Korean sentence: the weather", "English sentence (the Korean one's meaning)"),
]


@pytest.mark.parametrize("encoding", T.TIKTOKEN_ENCODINGS)
@pytest.mark.parametrize(("korean", "english"), PAIRS)
def test_korean_costs_more_tokens_for_the_same_meaning(encoding: str, korean: str, english: str) -> None:
    ko = T.tiktoken_stats(encoding, T.EXAMPLES[korean])
    en = T.tiktoken_stats(encoding, T.EXAMPLES[english])
    assert any("\uac00" <= ch <= "\ud7a3" for ch in T.EXAMPLES[korean])
    assert ko.tokens > en.tokens
    if encoding == "cl100k_base":
        assert ko.tokens >= 1.8 * en.tokens  # GPT-4's tokenizer: about twice the tokens


def test_examples_named_for_translation() -> None:
    names = list(T.EXAMPLES)
    assert all(getattr(name, "context", "") == "TokenizerExamples" for name in names)
    assert names.index("Korean sentence: the weather") > names.index("Korean paragraph")


KOREAN_PRESETS = {
    "Korean to English: translation as completion": "completion",
    "Korean review sentiment (few-shot)": "completion",
    "Chain of thought in Korean": "chat",
}


def test_the_three_korean_presets() -> None:
    found = {name: (mode, text, overrides) for name, mode, text, overrides in PRESETS if name in KOREAN_PRESETS}
    assert {name: mode for name, (mode, _, _) in found.items()} == KOREAN_PRESETS
    for mode, text, overrides in found.values():
        assert label_script(text) == "hangul"
        if mode == "completion":  # few-shot patterns end where the model writes one line
            assert overrides["stop"] == "\\n" and overrides["temperature"] == 0.0
            assert text.rstrip().endswith(":")
    assert "단계별로 생각해 보세요" in found["Chain of thought in Korean"][1]


def _vocab_tokens(path: Path, text: str) -> int:
    from llama_cpp import Llama

    llm = Llama(str(path), vocab_only=True, verbose=False)
    try:
        return len(llm.tokenize(text.encode("utf-8"), add_bos=False))
    finally:
        llm.close()


def test_the_translation_preset_costs_the_english_model_three_times_the_tokens(default_model: Path) -> None:
    """What the preset teaches: SmolLM2 (English) needs about 3x the tokens Gemma 3 (multilingual) needs."""
    base = base_model_path(assemble=True)
    if base is None:
        pytest.skip("the Gemma 3 270M wheels are not installed")
    text = next(t for name, _, t, _ in PRESETS if name == "Korean to English: translation as completion")
    smol, gemma = _vocab_tokens(default_model, text), _vocab_tokens(base, text)
    assert smol >= 2.5 * gemma, (smol, gemma)


def test_vision_warns_about_korean_labels() -> None:
    warning = vocabulary_warning(["red circle", "빨간 원", "파란 네모"])
    assert warning is not None
    assert warning.context == "CoreVision" and warning.args == {"label": "빨간 원"}
    assert "Korean labels such as “빨간 원” do not work with this model" in str(warning)
    assert vocabulary_warning(["red circle", "café au lait", "blue square 2"]) is None
    other = vocabulary_warning(["кошка"])
    assert other is not None and "кошка" in str(other)
    assert vocabulary_warning(["빨간 원"], multilingual=True) is None
    assert [label_script(s) for s in ("ㄱ", "가", "ñ", "猫", "42")] == ["hangul", "hangul", "latin", "other", "latin"]


def test_the_cooking_example_says_what_each_tokenizer_does(default_model: Path) -> None:
    """Issue 25: "cooking" is not one token in most tokenizers here; " cooking" with its space is, in all."""
    from desktop.core.tokenizer_examples import COOKING, EXAMPLE_NOTES

    def pieces(encoding: str, text: str) -> list[bytes]:
        enc = T.tiktoken_encoding(encoding)
        return [enc.decode_single_token_bytes(i) for i in enc.encode(text)]

    assert pieces("cl100k_base", "cooking") == [b"co", b"oking"]
    assert pieces("o200k_base", "cooking") == [b"c", b"ooking"]
    assert _vocab_tokens(default_model, "cooking") == 2  # SmolLM2: c|ooking
    for encoding in T.TIKTOKEN_ENCODINGS:
        assert len(pieces(encoding, " cooking")) == 1
    assert _vocab_tokens(default_model, " cooking") == 1
    base = base_model_path(assemble=True)
    if base is not None:
        assert _vocab_tokens(base, "cooking") == 1 and _vocab_tokens(base, " cooking") == 1  # Gemma 3 keeps it
    text = T.EXAMPLES[COOKING]
    assert text.startswith("cooking") and text.endswith(" cooking")  # both forms, in one text
    note = EXAMPLE_NOTES[COOKING]
    for claim in ("co|oking in cl100k_base", "c|ooking in o200k_base and SmolLM2", "Gemma 3 keeps it whole"):
        assert claim in note
    assert "“ cooking” is one token in each of them" in note and "not cook|ing" in note
    assert getattr(note, "context", "") == "TokenizerExamples"
