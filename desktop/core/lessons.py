"""Lessons as data: the chapter as a guided workshop, one JSON file per lesson in ``resources/lessons/``.

A lesson file holds, in English and Korean (a text is ``{"en": "…", "ko": "…"}``; English is required):
``id`` (letters, digits, dashes; progress is kept under it), ``minutes``, ``title``, ``goal`` (one
sentence), ``steps`` (each names a ``panel`` and says what to do, with an optional ``show_me``),
``show_me`` (what the lesson's Show me button does), ``expect`` (what the attendee should see), an optional
``figures`` (the notes' figures, checked against the app) and ``questions``: multiple choice
(``"kind": "choice"``, ``choices``, the ``answer``'s index, an ``explanation``) or a check the app makes
against its own state (``"kind": "check"``, a ``check`` and a ``hint``).

Show me actions and checks are named in the data (``{"action": "tokenizer.show", "args": {…}}``); the UI
implements them and hands their names and arguments in as a :class:`Vocabulary`, so a file naming one that
does not exist is refused here with a clear message, never at the moment an attendee presses the button.
Lessons are ordered by file name. A broken file is left out with a :class:`Problem` that says what is wrong
and where; the others load. Pure Python: the service reads the folders and keeps the progress."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

SUFFIX = ".json"
MAX_FILE_BYTES = 256 * 1024  # a lesson is a few KB; anything much larger is not one
MAX_MINUTES = 240
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")

T_READ = QT_TRANSLATE_NOOP("Lessons", "the file could not be read ({reason})")
T_JSON = QT_TRANSLATE_NOOP("Lessons", "not valid JSON at line {line}, column {column} ({reason})")
T_BIG = QT_TRANSLATE_NOOP("Lessons", "the file is larger than {limit} KB; a lesson is a few KB")
T_FOLDER = QT_TRANSLATE_NOOP("Lessons", "the folder could not be read ({reason})")
T_MISSING = QT_TRANSLATE_NOOP("Lessons", "{where} is missing")
T_TYPE = QT_TRANSLATE_NOOP("Lessons", "{where} should be {kind}")
T_FIELD = QT_TRANSLATE_NOOP("Lessons", "{where}: there is no field “{name}” (fields: {known})")
T_TOP_FIELD = QT_TRANSLATE_NOOP("Lessons", "there is no field “{name}” (fields: {known})")
T_NO_ENGLISH = QT_TRANSLATE_NOOP("Lessons", "{where} needs its English text (“en”)")
T_LANGUAGE = QT_TRANSLATE_NOOP("Lessons", "{where}: “{name}” is not a language code (two letters, such as “ko”)")
T_EMPTY = QT_TRANSLATE_NOOP("Lessons", "{where} is empty")
T_FEW = QT_TRANSLATE_NOOP("Lessons", "{where} needs at least {count}")
T_RANGE = QT_TRANSLATE_NOOP("Lessons", "{where} should be from {low} to {high}")
T_ID = QT_TRANSLATE_NOOP("Lessons", "{where} should be small letters, digits and dashes, such as “tokens”")
T_DUPLICATE = QT_TRANSLATE_NOOP("Lessons", "the id “{id}” is already used by {other}")
T_PANEL = QT_TRANSLATE_NOOP("Lessons", "{where}: “{name}” is not a panel (panels: {known})")
T_ACTION = QT_TRANSLATE_NOOP("Lessons", "{where}: there is no Show me action “{name}” (actions: {known})")
T_CHECK = QT_TRANSLATE_NOOP("Lessons", "{where}: there is no check “{name}” (checks: {known})")
T_ARGUMENT = QT_TRANSLATE_NOOP("Lessons", "{where}: {call} takes no argument “{name}” (arguments: {known})")
T_NEEDS = QT_TRANSLATE_NOOP("Lessons", "{where}: {call} needs the argument “{name}”")
T_NOT_LESSON = QT_TRANSLATE_NOOP("Lessons", "the file should hold one lesson: an object (fields in braces)")
T_KIND = QT_TRANSLATE_NOOP("Lessons", "{where} should be “choice” or “check”")
T_ANSWER = QT_TRANSLATE_NOOP("Lessons", "{where} should be the index of one of the choices, from 0 to {last}")

# What a value should be, as T_TYPE's {kind}.
KIND_OBJECT = QT_TRANSLATE_NOOP("Lessons", "an object (fields in braces)")
KIND_LIST = QT_TRANSLATE_NOOP("Lessons", "a list (in square brackets)")
KIND_TEXT = QT_TRANSLATE_NOOP("Lessons", "a text in each language (an object with “en” and “ko”)")
KIND_STRING = QT_TRANSLATE_NOOP("Lessons", "a string")
KIND_WHOLE = QT_TRANSLATE_NOOP("Lessons", "a whole number")
KIND_NUMBER = QT_TRANSLATE_NOOP("Lessons", "a number")
KIND_BOOL = QT_TRANSLATE_NOOP("Lessons", "true or false")
KIND_STRINGS = QT_TRANSLATE_NOOP("Lessons", "a list of strings")
KINDS: dict[type, str] = {str: KIND_STRING, int: KIND_WHOLE, float: KIND_NUMBER, bool: KIND_BOOL, list: KIND_STRINGS}


@dataclass(frozen=True)
class Text:
    """One text in several languages; English is always there."""

    texts: Mapping[str, str]

    def get(self, language: str) -> str:
        return self.texts.get(language) or self.texts["en"]


@dataclass(frozen=True)
class Call:
    """A Show me action or a check, by name, with its arguments from the file."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    panel: str  # a panel's key, as the window names it ("Tokenizer")
    text: Text
    show_me: tuple[Call, ...] = ()


@dataclass(frozen=True)
class Question:
    kind: str  # "choice" or "check"
    question: Text
    choices: tuple[Text, ...] = ()
    answer: int = -1
    explanation: Text | None = None
    check: Call | None = None
    hint: Text | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    file: str
    minutes: int
    title: Text
    goal: Text
    steps: tuple[Step, ...]
    show_me: tuple[Call, ...]
    expect: Text
    questions: tuple[Question, ...]
    figures: Text | None = None

    def calls(self) -> list[tuple[str, tuple[Call, ...]]]:
        """Every Show me of the lesson: ("lesson", …) for its button, ("step N", …) for each step's."""
        found = [("lesson", self.show_me)] if self.show_me else []
        found += [(f"step {n}", s.show_me) for n, s in enumerate(self.steps, 1) if s.show_me]
        return found

    def languages(self) -> set[str]:
        """The languages every text of the lesson is written in."""
        texts = [self.title, self.goal, self.expect, *(s.text for s in self.steps)]
        texts += [self.figures] if self.figures else []
        for q in self.questions:
            texts += [q.question, *q.choices, *(t for t in (q.explanation, q.hint) if t is not None)]
        return set.intersection(*(set(t.texts) for t in texts))


@dataclass(frozen=True)
class Signature:
    """The arguments a Show me action or a check takes: name -> type (``float`` takes whole numbers too,
    ``list`` means a list of strings)."""

    args: Mapping[str, type]
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Vocabulary:
    """What lesson files may name: the window's panels, the Show me actions and the checks."""

    panels: tuple[str, ...]
    actions: Mapping[str, Signature]
    checks: Mapping[str, Signature]


@dataclass(frozen=True)
class Problem:
    """A lesson file that was left out, and why (``where`` the file or folder is)."""

    where: str
    text: Message

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


# -- reading one file ------------------------------------------------------------------------------------
LESSON_FIELDS = ("id", "minutes", "title", "goal", "steps", "show_me", "expect", "questions", "figures")
LESSON_REQUIRED = ("id", "minutes", "title", "goal", "steps", "expect", "questions")


class _Reader:
    """Walks one lesson's JSON, keeping every problem it finds (with where it is) rather than the first."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.problems: list[Message] = []

    def fail(self, template: str, where: str, **args: Any) -> None:
        self.problems.append(message(template, where=where, **args))

    def fields(self, value: Any, where: str, known: tuple[str, ...], required: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.fail(T_TYPE, where, kind=message(KIND_OBJECT))
            return None
        for key in value:
            if key not in known:
                self.fail(T_FIELD if where else T_TOP_FIELD, where, name=key, known=", ".join(known))
        for key in required:
            if key not in value:
                self.fail(T_MISSING, f"{where}.{key}" if where else key)
        return value

    def text(self, value: Any, where: str) -> Text | None:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.fail(T_TYPE, where, kind=message(KIND_TEXT))
            return None
        ok = True
        for language, text in value.items():
            if not LANGUAGE_PATTERN.match(str(language)):
                self.fail(T_LANGUAGE, where, name=language)
                ok = False
            elif not text.strip():
                self.fail(T_EMPTY, f"{where}.{language}")
                ok = False
        if "en" not in value:
            self.fail(T_NO_ENGLISH, where)
            ok = False
        return Text(dict(value)) if ok else None

    def items(self, value: Any, where: str, least: int) -> list[Any]:
        if not isinstance(value, list):
            self.fail(T_TYPE, where, kind=message(KIND_LIST))
            return []
        if len(value) < least:
            self.fail(T_FEW, where, count=least)
        return value

    def whole(self, value: Any, where: str, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(T_TYPE, where, kind=message(KIND_WHOLE))
            return None
        if not low <= value <= high:
            self.fail(T_RANGE, where, low=low, high=high)
            return None
        return value

    def call(self, value: Any, where: str, check: bool) -> Call | None:
        key = "check" if check else "action"
        body = self.fields(value, where, (key, "args"), (key,))
        if body is None or key not in body:
            return None
        table = self.vocabulary.checks if check else self.vocabulary.actions
        name = body[key]
        signature = table.get(name) if isinstance(name, str) else None
        if signature is None:
            self.fail(T_CHECK if check else T_ACTION, f"{where}.{key}", name=name, known=", ".join(sorted(table)))
            return None
        args = body.get("args", {})
        if not isinstance(args, dict):
            self.fail(T_TYPE, f"{where}.args", kind=message(KIND_OBJECT))
            return None
        known = ", ".join(signature.args) or "—"
        for arg, arg_value in args.items():
            wanted = signature.args.get(arg)
            if wanted is None:
                self.fail(T_ARGUMENT, f"{where}.args", call=name, name=arg, known=known)
            elif not _is(arg_value, wanted):
                self.fail(T_TYPE, f"{where}.args.{arg}", kind=message(KINDS[wanted]))
        for arg in sorted(signature.required - set(args)):
            self.fail(T_NEEDS, f"{where}.args", call=name, name=arg)
        return Call(name, dict(args))

    def calls(self, value: Any, where: str) -> tuple[Call, ...]:
        found = (self.call(v, f"{where}[{i}]", check=False) for i, v in enumerate(self.items(value, where, 1)))
        return tuple(c for c in found if c is not None)

    def step(self, value: Any, where: str) -> Step | None:
        body = self.fields(value, where, ("panel", "text", "show_me"), ("panel", "text"))
        if body is None:
            return None
        panel = body.get("panel")
        if panel is not None and panel not in self.vocabulary.panels:
            self.fail(T_PANEL, f"{where}.panel", name=panel, known=", ".join(self.vocabulary.panels))
        text = self.text(body.get("text"), f"{where}.text") if "text" in body else None
        show_me = self.calls(body["show_me"], f"{where}.show_me") if "show_me" in body else ()
        if not isinstance(panel, str) or text is None:
            return None
        return Step(panel, text, show_me)

    def question(self, value: Any, where: str) -> Question | None:
        known = ("kind", "question", "choices", "answer", "explanation", "check", "hint")
        body = self.fields(value, where, known, ("kind", "question"))
        if body is None:
            return None
        kind = body.get("kind")
        question = self.text(body.get("question"), f"{where}.question") if "question" in body else None
        if kind == "choice":
            for key in ("choices", "answer", "explanation"):
                if key not in body:
                    self.fail(T_MISSING, f"{where}.{key}")
            raw = self.items(body.get("choices", []), f"{where}.choices", 2)
            choices = [self.text(c, f"{where}.choices[{i}]") for i, c in enumerate(raw)]
            answer = self.whole(body.get("answer"), f"{where}.answer", 0, 99) if "answer" in body else None
            if answer is not None and raw and answer >= len(raw):
                self.fail(T_ANSWER, f"{where}.answer", last=len(raw) - 1)
            explanation = self.text(body.get("explanation"), f"{where}.explanation") if "explanation" in body else None
            if question is None or answer is None or explanation is None or None in choices:
                return None
            return Question("choice", question, tuple(c for c in choices if c is not None), answer, explanation)
        if kind == "check":
            for key in ("check", "hint"):
                if key not in body:
                    self.fail(T_MISSING, f"{where}.{key}")
            check = self.call(body["check"], f"{where}.check", check=True) if "check" in body else None
            hint = self.text(body.get("hint"), f"{where}.hint") if "hint" in body else None
            if question is None or check is None or hint is None:
                return None
            return Question("check", question, check=check, hint=hint)
        self.fail(T_KIND, f"{where}.kind")
        return None

    def lesson(self, data: Any, file: str) -> Lesson | None:
        if not isinstance(data, dict):
            self.problems.append(message(T_NOT_LESSON))
            return None
        body = self.fields(data, "", LESSON_FIELDS, LESSON_REQUIRED)
        if body is None:
            return None
        lesson_id = body.get("id")
        if "id" in body and not (isinstance(lesson_id, str) and ID_PATTERN.match(lesson_id)):
            self.fail(T_ID, "id")
        minutes = self.whole(body["minutes"], "minutes", 1, MAX_MINUTES) if "minutes" in body else None
        texts = {key: self.text(body[key], key) for key in ("title", "goal", "expect", "figures") if key in body}
        steps = [self.step(s, f"steps[{i}]") for i, s in enumerate(self.items(body.get("steps", []), "steps", 1))]
        show_me = self.calls(body["show_me"], "show_me") if "show_me" in body else ()
        raw = self.items(body.get("questions", []), "questions", 1)
        questions = [self.question(q, f"questions[{i}]") for i, q in enumerate(raw)]
        if self.problems or minutes is None or not isinstance(lesson_id, str):
            return None
        title, goal, expect = texts["title"], texts["goal"], texts["expect"]
        assert title is not None and goal is not None and expect is not None  # else a problem was kept
        return Lesson(
            id=lesson_id,
            file=file,
            minutes=minutes,
            title=title,
            goal=goal,
            steps=tuple(s for s in steps if s is not None),
            show_me=show_me,
            expect=expect,
            questions=tuple(q for q in questions if q is not None),
            figures=texts.get("figures"),
        )


def _is(value: Any, wanted: type) -> bool:
    if wanted is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if wanted is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if wanted is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, wanted)


def parse_lesson(text: str, file: str, vocabulary: Vocabulary) -> tuple[Lesson | None, list[Problem]]:
    """One lesson from the text of its file, or None and every problem found in it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(file, message(T_JSON, line=exc.lineno, column=exc.colno, reason=exc.msg))]
    reader = _Reader(vocabulary)
    lesson = reader.lesson(data, file)
    return lesson, [Problem(file, p) for p in reader.problems]


def read_lesson(path: Path, vocabulary: Vocabulary) -> tuple[Lesson | None, list[Problem]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(path.name, message(T_BIG, limit=MAX_FILE_BYTES // 1024))]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(path.name, message(T_READ, reason=reason))]
    return parse_lesson(text, path.name, vocabulary)


def load_lessons(folders: Iterable[Path], vocabulary: Vocabulary) -> tuple[list[Lesson], list[Problem]]:
    """Every lesson file in ``folders`` (a folder that does not exist is skipped), in file-name order. A
    lesson in a later folder replaces one with the same id in an earlier folder (an instructor's own copy
    of a bundled lesson); within one folder an id is used once."""
    lessons: dict[str, Lesson] = {}
    problems: list[Problem] = []
    for folder in folders:
        try:
            paths = sorted(p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))
        except FileNotFoundError:
            continue
        except OSError as exc:
            problems.append(Problem(str(folder), message(T_FOLDER, reason=exc.strerror or str(exc))))
            continue
        seen: dict[str, str] = {}
        for path in paths:
            lesson, found = read_lesson(path, vocabulary)
            problems += found
            if lesson is None:
                continue
            if lesson.id in seen:
                problems.append(Problem(path.name, message(T_DUPLICATE, id=lesson.id, other=seen[lesson.id])))
                continue
            seen[lesson.id] = path.name
            lessons[lesson.id] = lesson
    return sorted(lessons.values(), key=lambda lesson: (lesson.file, lesson.id)), problems


# -- progress ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """What an attendee has done: lessons done, questions answered right (``"lesson/index"``), and the
    lesson open last. Kept as JSON in the settings; anything unreadable there reads as no progress."""

    done: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()
    current: str = ""

    def to_json(self) -> str:
        return json.dumps({"done": sorted(self.done), "answered": sorted(self.answered), "current": self.current})

    @staticmethod
    def from_json(text: str) -> Progress:
        try:
            data = json.loads(text) if text else {}
        except (json.JSONDecodeError, RecursionError):
            return Progress()
        if not isinstance(data, dict):
            return Progress()

        def strings(key: str) -> frozenset[str]:
            value = data.get(key)
            return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()

        current = data.get("current")
        return Progress(strings("done"), strings("answered"), current if isinstance(current, str) else "")

    def is_answered(self, lesson: Lesson, index: int) -> bool:
        return f"{lesson.id}/{index}" in self.answered

    def answer(self, lesson: Lesson, index: int) -> Progress:
        """With question ``index`` answered right; the lesson is done once all its questions are."""
        answered = self.answered | {f"{lesson.id}/{index}"}
        done = self.done
        if all(f"{lesson.id}/{i}" in answered for i in range(len(lesson.questions))):
            done = done | {lesson.id}
        return replace(self, answered=answered, done=done)

    def mark(self, lesson_id: str, done: bool) -> Progress:
        return replace(self, done=self.done | {lesson_id} if done else self.done - {lesson_id})
