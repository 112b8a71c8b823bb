"""Lesson files: read and checked by pure code, every problem said with where it is, progress that survives
anything stored in its place. The bundled lessons themselves are tested through the window
(tests/ui/test_lessons*.py), with the real Show me actions and checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from desktop.core.lessons import (
    MAX_FILE_BYTES,
    Lesson,
    Progress,
    Signature,
    Vocabulary,
    load_lessons,
    parse_lesson,
    read_lesson,
)

VOCABULARY = Vocabulary(
    panels=("Tokenizer", "Completion"),
    actions={
        "tokenizer.show": Signature({"example": str, "tab": str}),
        "completion.preset": Signature({"preset": str, "temperature": float}, frozenset({"preset"})),
    },
    checks={"tokenizer.tokens": Signature({"text": str, "count": int}, frozenset({"text", "count"}))},
)


def text(en: str, ko: str = "") -> dict[str, str]:
    return {"en": en, "ko": ko or f"{en} (ko)"}


GOOD: dict[str, Any] = {
    "id": "tokens",
    "minutes": 15,
    "title": text("Tokens"),
    "goal": text("See tokens."),
    "steps": [
        {
            "panel": "Tokenizer",
            "text": text("Look."),
            "show_me": [{"action": "tokenizer.show", "args": {"tab": "Spans"}}],
        },
        {"panel": "Completion", "text": text("Generate.")},
    ],
    "show_me": [{"action": "completion.preset", "args": {"preset": "To be or not to be", "temperature": 0}}],
    "expect": text("Eight spans."),
    "figures": text("The notes say 9."),
    "questions": [
        {
            "kind": "choice",
            "question": text("Why?"),
            "choices": [text("A"), text("B")],
            "answer": 1,
            "explanation": text("Because."),
        },
        {
            "kind": "check",
            "question": text("Make it 7."),
            "check": {"check": "tokenizer.tokens", "args": {"text": "I can't", "count": 7}},
            "hint": text("Try another."),
        },
    ],
}


def parse(data: Any) -> tuple[Lesson | None, list[str]]:
    lesson, problems = parse_lesson(json.dumps(data), "01-tokens.json", VOCABULARY)
    assert all(p.where == "01-tokens.json" for p in problems)
    return lesson, [str(p.text) for p in problems]


def broken(change: Any) -> list[str]:
    """The problems of GOOD after ``change(data)``; the lesson must be refused."""
    data = copy.deepcopy(GOOD)
    change(data)
    lesson, problems = parse(data)
    assert lesson is None and problems
    return problems


def test_a_good_lesson_reads_whole() -> None:
    lesson, problems = parse(GOOD)
    assert problems == [] and lesson is not None
    assert (lesson.id, lesson.minutes, lesson.file) == ("tokens", 15, "01-tokens.json")
    assert lesson.title.get("ko") == "Tokens (ko)" and lesson.title.get("fr") == "Tokens"  # English where missing
    assert [s.panel for s in lesson.steps] == ["Tokenizer", "Completion"]
    assert lesson.steps[0].show_me[0].args == {"tab": "Spans"}
    assert lesson.show_me[0].name == "completion.preset"
    assert [q.kind for q in lesson.questions] == ["choice", "check"]
    assert lesson.questions[0].answer == 1 and len(lesson.questions[0].choices) == 2
    assert lesson.questions[1].check is not None and lesson.questions[1].check.args["count"] == 7
    assert [where for where, _calls in lesson.calls()] == ["lesson", "step 1"]
    assert lesson.languages() == {"en", "ko"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("goal"), "goal is missing"),
        (lambda d: d.update(setps=[]), "there is no field “setps” (fields: id, minutes, title, goal, steps,"),
        (lambda d: d["steps"][0].update(txt="x"), "steps[0]: there is no field “txt” (fields: panel, text, show_me)"),
        (lambda d: d.update(id="Tokens!"), "id should be small letters, digits and dashes"),
        (lambda d: d.update(minutes=0), "minutes should be from 1 to 240"),
        (lambda d: d.update(minutes="15"), "minutes should be a whole number"),
        (lambda d: d.update(title="Tokens"), "title should be a text in each language"),
        (lambda d: d.update(title={"ko": "토큰"}), "title needs its English text (“en”)"),
        (lambda d: d.update(title={"en": "Tokens", "korean": "토큰"}), "title: “korean” is not a language code"),
        (lambda d: d.update(goal={"en": "  "}), "goal.en is empty"),
        (lambda d: d.update(steps=[]), "steps needs at least 1"),
        (
            lambda d: d["steps"][1].update(panel="Tokeniser"),
            "steps[1].panel: “Tokeniser” is not a panel (panels: Tokenizer, Completion)",
        ),
        (
            lambda d: d["steps"][0]["show_me"][0].update(action="tokenizer.open"),
            "steps[0].show_me[0].action: there is no Show me action “tokenizer.open” (actions: completion.preset,",
        ),
        (
            lambda d: d["show_me"][0]["args"].update(speed=2),
            "show_me[0].args: completion.preset takes no argument “speed”",
        ),
        (
            lambda d: d["show_me"][0]["args"].pop("preset"),
            "show_me[0].args: completion.preset needs the argument “preset”",
        ),
        (lambda d: d["show_me"][0]["args"].update(temperature="hot"), "show_me[0].args.temperature should be a number"),
        (
            lambda d: d["questions"][0].update(answer=2),
            "questions[0].answer should be the index of one of the choices, from 0 to 1",
        ),
        (lambda d: d["questions"][0].update(choices=[text("A")]), "questions[0].choices needs at least 2"),
        (lambda d: d["questions"][0].pop("explanation"), "questions[0].explanation is missing"),
        (lambda d: d["questions"][0].update(kind="essay"), "questions[0].kind should be “choice” or “check”"),
        (
            lambda d: d["questions"][1]["check"].update(check="tokenizer.count"),
            "questions[1].check.check: there is no check “tokenizer.count” (checks: tokenizer.tokens)",
        ),
        (
            lambda d: d["questions"][1]["check"]["args"].update(count=True),
            "questions[1].check.args.count should be a whole number",
        ),
        (lambda d: d.update(questions=[]), "questions needs at least 1"),
    ],
)
def test_each_broken_part_is_said_with_where_it_is(change: Any, expected: str) -> None:
    problems = broken(change)
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_of_a_file_is_said_not_only_the_first() -> None:
    def change(d: dict[str, Any]) -> None:
        d.pop("goal")
        d["steps"][1]["panel"] = "Tokeniser"
        d["questions"][0]["answer"] = 5

    assert len(broken(change)) == 3


def test_not_json_names_the_line_and_column() -> None:
    lesson, problems = parse_lesson('{\n  "id": "tokens",\n  "minutes": 15,,\n}', "02-x.json", VOCABULARY)
    assert lesson is None
    assert (
        str(problems[0])
        == "02-x.json: not valid JSON at line 3, column 17 (Expecting property name enclosed in double quotes)"
    )
    lesson, problems = parse_lesson("[1, 2]", "03-x.json", VOCABULARY)
    assert (
        lesson is None
        and str(problems[0]) == "03-x.json: the file should hold one lesson: an object (fields in braces)"
    )


def write(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_files_that_cannot_be_read_are_said_in_words(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    assert str(read_lesson(big, VOCABULARY)[1][0]) == "big.json: the file is larger than 256 KB; a lesson is a few KB"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"id": "caf\xe9"}'.encode("latin-1"))
    problems = read_lesson(latin, VOCABULARY)[1]
    assert str(problems[0]).startswith("latin.json: the file could not be read (") and "utf-8" in str(problems[0])


def test_folders_load_in_file_name_order_and_a_later_folder_replaces_by_id(tmp_path: Path) -> None:
    bundled, own = tmp_path / "bundled", tmp_path / "own"
    write(bundled, "02-second.json", {**GOOD, "id": "second"})
    write(bundled, "01-first.json", {**GOOD, "id": "first"})
    write(bundled, "03-broken.json", {**GOOD, "id": "broken", "minutes": -1})
    write(bundled, "notes.txt", "not a lesson")
    write(own, "02-second-mine.json", {**GOOD, "id": "second", "minutes": 40})
    write(own, "10-extra.json", {**GOOD, "id": "extra"})
    write(own, "11-again.json", {**GOOD, "id": "extra"})
    lessons, problems = load_lessons([bundled, own, tmp_path / "missing"], VOCABULARY)
    assert [(lesson.id, lesson.file) for lesson in lessons] == [
        ("first", "01-first.json"),
        ("second", "02-second-mine.json"),
        ("extra", "10-extra.json"),
    ]
    assert lessons[1].minutes == 40
    assert [str(p) for p in problems] == [
        "03-broken.json: minutes should be from 1 to 240",
        "11-again.json: the id “extra” is already used by 10-extra.json",
    ]


def test_progress_round_trips_and_anything_else_reads_as_none() -> None:
    lesson, _ = parse(GOOD)
    assert lesson is not None
    progress = Progress(current="tokens").answer(lesson, 0)
    assert progress.is_answered(lesson, 0) and not progress.is_answered(lesson, 1)
    assert "tokens" not in progress.done  # one question of two
    progress = progress.answer(lesson, 1)
    assert "tokens" in progress.done  # every question answered right: done
    assert Progress.from_json(progress.to_json()) == progress
    assert "tokens" not in progress.mark("tokens", False).done
    for junk in ("", "not json", "[1, 2]", '{"done": "tokens"}', '{"done": [1, null], "current": 3}', "[" * 100_000):
        assert Progress.from_json(junk) == Progress()
