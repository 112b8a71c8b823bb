"""Reading a server's echoed prompt log-probabilities (desktop/core/teaching/server_scoring.py): the
prompt's tokens only, whatever the server adds after them. The answers are the shapes the servers send."""

from __future__ import annotations

from desktop.core.teaching.server_scoring import prompt_entries


def test_llama_cpp_server_answer_prompt_tokens_only() -> None:
    # llama_cpp.server, echo with max_tokens 1: the prompt's tokens, the first without a log-probability
    answer = {
        "choices": [
            {
                "text": "The cat sat\n",
                "logprobs": {
                    "tokens": ["The", " cat", " sat"],
                    "text_offset": [0, 3, 7],
                    "token_logprobs": [None, -5.0, -2.5],
                    "top_logprobs": [None, {" dog": -1.0, " cat": -5.0}, {" sat": -2.5}],
                },
            }
        ]
    }
    entries = prompt_entries(answer, "The cat sat")
    assert [e["text"] for e in entries] == ["The", " cat", " sat"]
    assert [e["logprob"] for e in entries] == [None, -5.0, -2.5]
    assert entries[1]["top"] == (" dog", -1.0) and entries[2]["top"] == (" sat", -2.5)


def test_a_generated_token_after_the_prompt_is_left_out() -> None:
    # vLLM and OpenAI's legacy API: the echoed prompt, then the token the request generated
    answer = {
        "choices": [
            {
                "logprobs": {
                    "tokens": ["Hi", " there", "!"],
                    "text_offset": [0, 2, 8],
                    "token_logprobs": [None, -3.0, -0.5],
                    "top_logprobs": [None, {" there": -3.0}, {"!": -0.5}],
                }
            }
        ]
    }
    assert [e["text"] for e in prompt_entries(answer, "Hi there")] == ["Hi", " there"]
    # without offsets, the texts' running length says where the prompt ends
    del answer["choices"][0]["logprobs"]["text_offset"]  # type: ignore[index]
    assert [e["text"] for e in prompt_entries(answer, "Hi there")] == ["Hi", " there"]


def test_an_answer_without_log_probabilities_gives_nothing() -> None:
    assert prompt_entries({"choices": [{"text": "Hi there!", "logprobs": None}]}, "Hi there") == []
    assert prompt_entries({"error": "no"}, "Hi") == []
