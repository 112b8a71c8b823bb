"""Core of the chapter's second half: answers grouped (Generate ×N), exact match, intervals and baselines
(Evaluate), the retrieval prompt, and the scale grid's checks and order. Pure Python, no Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.teaching.eval_store import EvalStore
from desktop.core.teaching.evaluation import (
    Score,
    Tally,
    blind_order,
    exact_match,
    load_prompt_set,
    majority_label,
    result_rows,
    score_task,
)
from desktop.core.teaching.repeats import group_answers, seeds_for
from desktop.core.teaching.retrieval import RestaurantIndex, augmented_prompt, completion_prompt
from desktop.core.teaching.scale import GridModel, by_size, is_right, last_number
from desktop.resources import resource


def test_answers_are_grouped_by_their_words_most_frequent_first() -> None:
    groups = group_answers([(0, " red"), (1, "blue "), (2, "red\n"), (3, "  red "), (4, "blue"), (5, "a  b")])
    assert [(g.answer, g.count, g.seeds) for g in groups] == [
        ("red", 3, (0, 2, 3)),
        ("blue", 2, (1, 4)),
        ("a b", 1, (5,)),
    ]
    assert seeds_for(7, 3) == [7, 8, 9] and seeds_for(-1, 2) == [0, 1]


def test_exact_match_compares_the_first_line_without_case_or_end_punctuation() -> None:
    assert exact_match(" Spam.\nEmail: more", "spam")
    assert exact_match(" 긍정", "긍정") and exact_match("１５", "15")  # NFKC: full-width digits
    assert not exact_match(" not spam", "spam") and not exact_match("", "spam")


def test_wilson_interval_at_95_percent() -> None:
    low, high = Score(4, 6).interval()
    assert (round(low, 4), round(high, 4)) == (0.3000, 0.9032)  # the textbook Wilson interval for 4 of 6
    assert Score(0, 6).interval()[0] == 0.0 and Score(6, 6).interval()[1] == 1.0
    assert Score(0, 0).interval() == (0.0, 1.0)


def test_the_prompt_set_and_its_majority_baselines() -> None:
    prompts = load_prompt_set(resource("eval", "prompts.json"))
    closed = prompts.closed()
    assert len(closed) == 18 and len(prompts.open()) == 4
    assert {i.lang for i in prompts.items} == {"en", "ko"}
    assert {i.task for i in closed} == {"spam", "sentiment", "arithmetic"}
    arithmetic = [i for i in closed if i.task == "arithmetic"]
    assert majority_label(arithmetic) == "15"
    score = score_task("arithmetic", closed, {i.id: f" {i.answer}" for i in arithmetic[:4]})
    assert (score.model.right, score.model.total, score.baseline.right, score.majority) == (4, 6, 2, "15")
    spam_ko = next(i for i in closed if i.id == "spam-ko-1")
    assert prompts.prompt(spam_ko).endswith("이메일: 무료 쿠폰이 도착했어요! 개인정보를 입력하고 받으세요\n레이블:")
    assert prompts.prompt(spam_ko).startswith("이메일: 축하합니다!")  # its language's examples first


def test_votes_are_tallied_and_a_changed_vote_replaces_the_first() -> None:
    tally = Tally()
    tally.vote("x", "a")
    tally.vote("y", "tie")
    tally.vote("x", "b")
    assert (tally.a, tally.b, tally.tie) == (0, 1, 1)
    with pytest.raises(ValueError):
        tally.vote("z", "left")
    sides = {blind_order(1, f"open-{i}") for i in range(8)}
    assert sides == {True, False} and blind_order(1, "open-1") == blind_order(1, "open-1")


def test_results_are_stored_in_one_transaction_and_read_back(tmp_path: Path) -> None:
    store = EvalStore(tmp_path / "e.sqlite3")
    run = store.save_run("A", "B", {"a": {"spam-en-1": " spam"}, "b": {"spam-en-1": " ham"}})
    store.vote(run, "open-en-1", "a")
    store.vote(run, "open-en-1", "tie")  # a second vote on the same prompt replaces the first
    saved = store.run(run)
    assert saved is not None and saved["votes"] == {"open-en-1": "tie"}
    prompts = load_prompt_set(resource("eval", "prompts.json"))
    rows = result_rows(prompts, saved["outputs"], saved["votes"])
    assert rows[1][:9] == ["spam-en-1", "spam", "en", rows[1][3], "spam", " spam", " ham", 1, 0]
    with pytest.raises(Exception, match="CHECK"):
        store.vote(run, "open-en-2", "left")
    store.close()


def test_retrieval_searches_a_copy_of_the_seed_world_and_puts_the_best_last(tmp_path: Path) -> None:
    index = RestaurantIndex(tmp_path)
    passages = index.search("Where can I eat the best pasta in town?", 2)
    assert passages[0].title == "Trattoria Luna" and len(passages) == 2
    assert "Review (5/5): The truffle tagliatelle is the best pasta in town." in passages[0].text
    prompt = augmented_prompt("Q?", passages)
    assert prompt.endswith("\n\n" + completion_prompt("Q?"))
    assert prompt.index("[2] ") < prompt.index("[1] Trattoria Luna") < prompt.index("Question: Q?")
    assert augmented_prompt("Q?", []) == completion_prompt("Q?") == "Question: Q?\nAnswer:"
    with pytest.raises(Exception, match=r"readonly|query_only|attempt to write"):
        index.world.query("DELETE FROM restaurants")
    index.close()


def test_scale_checks_and_order() -> None:
    assert last_number("15% of 80 is 0.15 * 80 = 12.") == "12"
    assert is_right("number", "12", "So the answer is 12") and not is_right("number", "12", "= 15")
    assert is_right("first_line", " merci", " merci\n") and not is_right("first_line", " spam", " not spam")
    models = [GridModel("s", "server", None), GridModel("b", "big", 268), GridModel("t", "tiny", 135)]
    assert [m.key for m in by_size(models)] == ["t", "b", "s"]
