"""The Tokenizer panel's examples: texts that each show one thing about tokens, and what they show.

Example names are shown in the panel's list: marked for translation (context "TokenizerExamples"; the panel
shows ``QCoreApplication.translate("TokenizerExamples", name)`` and keeps the English name as the key). The
Korean/English pairs say the same thing, so their token counts compare what each language costs. An example
with a note in :data:`EXAMPLE_NOTES` says what it shows while its text is in the box.
"""

from __future__ import annotations

from desktop.core.messages import QT_TRANSLATE_NOOP

COOKING = QT_TRANSLATE_NOOP("TokenizerExamples", "How a word is split: cooking")

EXAMPLES: dict[str, str] = {
    QT_TRANSLATE_NOOP("TokenizerExamples", "English sentence"): "I can't wait to build AI applications",
    COOKING: "cooking\nI love cooking",
    QT_TRANSLATE_NOOP("TokenizerExamples", "A made-up word: chatgpting"): "chatgpting",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Korean paragraph"): (
        "안녕하세요. 저는 인공지능 애플리케이션을 만드는 것을 정말 기대하고 있어요. "
        "한국어 문장은 영어 문장보다 훨씬 더 많은 토큰이 필요해요. "
        "같은 뜻을 전하는 데도 비용이 더 많이 들고, 모델이 한 번에 볼 수 있는 글의 양도 줄어들어요."
    ),
    QT_TRANSLATE_NOOP("TokenizerExamples", "English paragraph (the Korean one's meaning)"): (
        "Hello. I am really looking forward to building AI applications. "
        "Korean sentences need far more tokens than English ones. "
        "Saying the same thing costs more, and less text fits in what a model can see at once."
    ),
    QT_TRANSLATE_NOOP(
        "TokenizerExamples", "Korean sentence: the weather"
    ): "오늘은 날씨가 정말 좋아서 공원에 산책하러 갔어요.",
    QT_TRANSLATE_NOOP("TokenizerExamples", "English sentence (the Korean one's meaning)"): (
        "The weather was really nice today, so I went for a walk in the park."
    ),
    QT_TRANSLATE_NOOP("TokenizerExamples", "Code"): (
        "def fibonacci(n: int) -> int:\n"
        '    """Return the n-th Fibonacci number."""\n'
        "    a, b = 0, 1\n"
        "    for _ in range(n):\n"
        "        a, b = b, a + b\n"
        "    return a\n"
    ),
    QT_TRANSLATE_NOOP(
        "TokenizerExamples", "Numbers"
    ): "3.14159265358979 1234567890 2024-05-13 $1,299.99 0x7FFF 1e-9 100000000000",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Emoji"): "I love street food. 🍜🌮🍣 👩‍💻 🇰🇷 👍🏽 ❤️",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Training sentence"): "I love street food.",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Special-token markers"): "<|endoftext|> Hello <|endoftext|><|fim_prefix|>",
}

# What an example shows, said under the text while it is there (tests/test_i18n_content.py checks the claims
# against each tokenizer's own count).
EXAMPLE_NOTES: dict[str, str] = {
    COOKING: QT_TRANSLATE_NOOP(
        "TokenizerExamples",
        "How one word is split. On its own, “cooking” becomes two pieces in most tokenizers here: co|oking in "
        "cl100k_base, c|ooking in o200k_base and SmolLM2 (Gemma 3 keeps it whole). The pieces need not follow "
        "the meaning (not cook|ing): a tokenizer keeps the byte sequences that were frequent in its training "
        "text. With the space a word usually has in front of it, “ cooking” is one token in each of them.",
    ),
}
