"""Show me and the checks that lesson files name: each opens or reads a real panel through its public methods
and widgets (never a private one), so a lesson shows and checks what the app does.

An action takes the panel it is registered for and the arguments from the file; a check reads the state and
says, in the installed language, what it sees. Their names and arguments go to the lesson reader
(:func:`vocabulary`), so a file that names a missing one is refused when it is read. An action that needs a
view this version of the app does not have yet raises :class:`MissingView`, naming it.

Views of the teaching issue (#25) are reached through ``show_view(name) -> bool`` on the Completion panel
once it has one; Vision's supervision tab through its ``supervision`` widget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.lessons import Call, Signature, Vocabulary
from desktop.core.messages import QT_TRANSLATE_NOOP, format_template
from desktop.core.teaching import masked as M
from desktop.core.tokenizer_examples import EXAMPLES
from desktop.core.tokenizers import training_samples
from desktop.core.units import rough_size
from desktop.i18n import format_int, format_number
from desktop.resources import base_model_path

CONTEXT = "LessonActions"  # spelled out in each QT_TRANSLATE_NOOP below: lupdate reads only literals
SELECT_TRIES = 100  # an inbox still loading: try to select the request every 100 ms for 10 s

# Views that lessons open: their English names are the keys in lesson files.
VIEWS = (
    QT_TRANSLATE_NOOP("LessonActions", "Generate ×N"),
    QT_TRANSLATE_NOOP("LessonActions", "Evaluate"),
    QT_TRANSLATE_NOOP("LessonActions", "Retrieval"),
    QT_TRANSLATE_NOOP("LessonActions", "Scale grid"),
    QT_TRANSLATE_NOOP("LessonActions", "Natural-language supervision"),
)
MISSING = QT_TRANSLATE_NOOP(
    "LessonActions",
    "This needs the {view} view, which this version of the app does not have yet. Skip this step; the rest of "
    "the lesson works.",
)
RIGHT = QT_TRANSLATE_NOOP("LessonActions", "Right.")
NO_ENCODING = QT_TRANSLATE_NOOP("LessonActions", "The Tokenizer has no encoding “{name}”.")
NO_EXAMPLE = QT_TRANSLATE_NOOP("LessonActions", "The Tokenizer has no example “{name}”.")
NO_TAB = QT_TRANSLATE_NOOP("LessonActions", "The Tokenizer has no view “{name}”.")
OTHER_TEXT = QT_TRANSLATE_NOOP("LessonActions", "The Tokenizer shows another text: put “{text}” in it.")
COUNTING = QT_TRANSLATE_NOOP("LessonActions", "The Tokenizer is still counting; check again in a moment.")
TOKENS = QT_TRANSLATE_NOOP("LessonActions", "Tokens in {name}: {count}.")
ASKS = QT_TRANSLATE_NOOP("LessonActions", "The lesson asks for {count}.")
OWN_TEXT = QT_TRANSLATE_NOOP("LessonActions", "Type a text of your own: this is still the lesson's example.")
SAMPLES = QT_TRANSLATE_NOOP("LessonActions", "Training samples from this text: {count}.")
NO_MASKED = QT_TRANSLATE_NOOP("LessonActions", "Open the Tokenizer's Training samples view first.")
MASKED_FOUND = {
    M.MASK: QT_TRANSLATE_NOOP("LessonActions", "Right: at seed {seed}, a chosen token is replaced by [MASK]."),
    M.RANDOM: QT_TRANSLATE_NOOP(
        "LessonActions", "Right: at seed {seed}, a chosen token is replaced by a random token."
    ),
    M.KEEP: QT_TRANSLATE_NOOP("LessonActions", "Right: at seed {seed}, a chosen token is left as it was."),
}
MASKED_NOT_FOUND = {
    M.MASK: QT_TRANSLATE_NOOP(
        "LessonActions", "At seed {seed}, no chosen token is replaced by [MASK]. Press “Mask again”."
    ),
    M.RANDOM: QT_TRANSLATE_NOOP(
        "LessonActions", "At seed {seed}, no chosen token is replaced by a random token. Press “Mask again”."
    ),
    M.KEEP: QT_TRANSLATE_NOOP(
        "LessonActions", "At seed {seed}, no chosen token is left as it was. Press “Mask again”."
    ),
}
NO_QUANT = QT_TRANSLATE_NOOP("LessonActions", "The calculator has no quantization “{name}”.")
CALCULATOR = QT_TRANSLATE_NOOP("LessonActions", "The calculator is set to {billions}B parameters at {quant}.")
NEEDS = QT_TRANSLATE_NOOP("LessonActions", "It needs about {size}.")
NO_COMPLETION_TAB = QT_TRANSLATE_NOOP("LessonActions", "Completion has no view “{name}”.")
NO_PRESET = QT_TRANSLATE_NOOP("LessonActions", "Completion has no example “{name}”.")
GENERATING = QT_TRANSLATE_NOOP("LessonActions", "Still generating: check again when the run ends.")
NOTHING_YET = QT_TRANSLATE_NOOP("LessonActions", "Nothing has been generated yet: press Generate.")
OTHER_PROMPT = QT_TRANSLATE_NOOP(
    "LessonActions", "The last run is not the lesson's example: press Show me, then Generate."
)
TEMPERATURE = QT_TRANSLATE_NOOP(
    "LessonActions", "The last run used temperature {used}: set {wanted} and Generate again."
)
NOT_COMPARED = QT_TRANSLATE_NOOP("LessonActions", "The last run was not compared: tick “Compare with”, then Generate.")
RIGHT_RUN = QT_TRANSLATE_NOOP("LessonActions", "Right: the last run is the one the lesson asks for.")
NO_VISION_VIEW = QT_TRANSLATE_NOOP("LessonActions", "Vision has no view “{name}”.")
OWN_LABEL = QT_TRANSLATE_NOOP("LessonActions", "Add a label of your own (one per line), beside the lesson's.")
NOT_RANKED = QT_TRANSLATE_NOOP(
    "LessonActions", "The pictures are not ranked with these labels yet: add pictures, or wait a moment."
)
RANKED = QT_TRANSLATE_NOOP("LessonActions", "Labels ranked: {count}.")
NO_LEVEL = QT_TRANSLATE_NOOP("LessonActions", "Automation has no level “{name}”.")
AGENT_STATE = QT_TRANSLATE_NOOP("LessonActions", "The level is {level}; the request chosen is {request}.")
NOT_YET = QT_TRANSLATE_NOOP("LessonActions", "Not yet.")


def say(*templates: str, **args: Any) -> str:
    """Templates marked above, in the installed language, filled and joined by spaces."""
    return " ".join(format_template(QCoreApplication.translate(CONTEXT, t), args) for t in templates)


class Workbench(Protocol):
    """What the lessons reach in the window: its panels by name, built when first asked for."""

    def panel(self, name: str) -> QWidget: ...
    def show_panel(self, name: str) -> None: ...


class ShowMeError(Exception):
    """A Show me that cannot be done here; ``str()`` is the reason in the installed language."""


class MissingView(ShowMeError):
    def __init__(self, view: str) -> None:
        self.view = view
        super().__init__(say(MISSING, view=QCoreApplication.translate(CONTEXT, view)))


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    text: str


@dataclass(frozen=True)
class Entry:
    panel: str
    signature: Signature
    run: Callable[[Any, dict[str, Any]], Any]


ACTIONS: dict[str, Entry] = {}
CHECKS: dict[str, Entry] = {}
F = TypeVar("F", bound=Callable[[Any, dict[str, Any]], Any])


def _register(
    table: dict[str, Entry], name: str, panel: str, args: dict[str, type], *required: str
) -> Callable[[F], F]:
    def add(run: F) -> F:
        table[name] = Entry(panel, Signature(args, frozenset(required)), run)
        return run

    return add


def vocabulary(panels: tuple[str, ...]) -> Vocabulary:
    actions = {name: e.signature for name, e in ACTIONS.items()}
    return Vocabulary(panels, actions, {name: e.signature for name, e in CHECKS.items()})


def show_me(bench: Workbench, calls: tuple[Call, ...]) -> None:
    """Do each action in turn: its panel comes to the front, then is put in the lesson's state."""
    for call in calls:
        entry = ACTIONS[call.name]
        bench.show_panel(entry.panel)
        entry.run(bench.panel(entry.panel), dict(call.args))


def check(bench: Workbench, call: Call) -> CheckResult:
    entry = CHECKS[call.name]
    result: CheckResult = entry.run(bench.panel(entry.panel), dict(call.args))
    return result


def right(*parts: str) -> CheckResult:
    return CheckResult(True, " ".join((say(RIGHT), *parts)))


def wrong(*parts: str) -> CheckResult:
    return CheckResult(False, " ".join(parts))


# -- Tokenizer ---------------------------------------------------------------------------------------------
@_register(
    ACTIONS, "tokenizer.show", "Tokenizer", {"example": str, "text": str, "encoding": str, "tab": str, "special": bool}
)
def tokenizer_show(panel: Any, args: dict[str, Any]) -> None:
    from desktop.ui.panels.tokenizer.state import TABS

    encoding, example, tab = args.get("encoding"), args.get("example"), args.get("tab")
    if encoding is not None and not panel.set_encoding(encoding):
        raise ShowMeError(say(NO_ENCODING, name=encoding))
    if example is not None and example not in EXAMPLES:
        raise ShowMeError(say(NO_EXAMPLE, name=example))
    if tab is not None and tab not in TABS:
        raise ShowMeError(say(NO_TAB, name=tab))
    if "special" in args:
        panel.special.setChecked(args["special"])
    text = EXAMPLES[example] if example is not None else args.get("text")
    if example is not None and panel.text() != text:
        panel.choose_example(example)  # one edit, which Ctrl+Z undoes
    elif text is not None and panel.text() != text:
        panel.set_text(text)
    if tab is not None:
        panel.tabs.show_tab(tab)
    panel.tokenize_now()


def _tokenized(panel: Any) -> Any:
    """The Tokenizer's result for the text and encoding on show, or None while it is counting."""
    r = panel.result
    if r is None or r.text != panel.text() or r.encoding != panel.current_key():
        return None
    return r


@_register(CHECKS, "tokenizer.tokens", "Tokenizer", {"text": str, "count": int}, "text", "count")
def tokenizer_tokens(panel: Any, args: dict[str, Any]) -> CheckResult:
    if panel.text().strip() != args["text"].strip():
        return wrong(say(OTHER_TEXT, text=args["text"]))
    r = _tokenized(panel)
    if r is None:
        return wrong(say(COUNTING))
    said = say(TOKENS, name=r.label, count=format_int(r.total_tokens))
    if r.total_tokens != args["count"]:
        return wrong(said, say(ASKS, count=format_int(args["count"])))
    return right(said)


@_register(CHECKS, "tokenizer.samples", "Tokenizer", {"count": int, "other_than": str}, "count")
def tokenizer_samples(panel: Any, args: dict[str, Any]) -> CheckResult:
    if "other_than" in args and panel.text().strip() == args["other_than"].strip():
        return wrong(say(OWN_TEXT))
    r = _tokenized(panel)
    if r is None:
        return wrong(say(COUNTING))
    n = len(training_samples(r))
    said = say(SAMPLES, count=format_int(n))
    return right(said) if n == args["count"] else wrong(said, say(ASKS, count=format_int(args["count"])))


@_register(CHECKS, "tokenizer.masked", "Tokenizer", {"kind": str}, "kind")
def tokenizer_masked(panel: Any, args: dict[str, Any]) -> CheckResult:
    sample, kind = panel.masked_sample(), args["kind"]
    if sample is None or kind not in MASKED_FOUND:
        return wrong(say(NO_MASKED))
    if any(p.action == kind for p in sample.positions):
        return CheckResult(True, say(MASKED_FOUND[kind], seed=sample.seed))
    return wrong(say(MASKED_NOT_FOUND[kind], seed=sample.seed))


# -- Models ------------------------------------------------------------------------------------------------
@_register(
    ACTIONS,
    "models.calculator",
    "Models",
    {"billions": float, "quant": str, "context": int},
    "billions",
    "quant",
    "context",
)
def models_calculator(panel: Any, args: dict[str, Any]) -> None:
    fit = panel.fit_view
    if fit.quant.findData(args["quant"]) < 0:
        raise ShowMeError(say(NO_QUANT, name=args["quant"]))
    fit.set_calculator(float(args["billions"]), args["quant"], int(args["context"]))
    panel.side_scroll.ensureWidgetVisible(fit.calc_view)


@_register(CHECKS, "models.calculator", "Models", {"billions": float, "quant": str}, "billions", "quant")
def models_calculator_check(panel: Any, args: dict[str, Any]) -> CheckResult:
    fit = panel.fit_view
    billions, quant = fit.params.value(), str(fit.quant.currentData())
    shown = say(CALCULATOR, billions=format_number(billions), quant=quant)
    if abs(billions - float(args["billions"])) > 0.05 or quant != args["quant"]:
        return wrong(shown)
    return right(shown, say(NEEDS, size=rough_size(fit.calculator_estimate().total)))  # as the panel says it


# -- Completion --------------------------------------------------------------------------------------------
def _show_tab(panel: Any, key: str) -> None:
    """Bring Completion's tab called ``key`` (its English title, as the panel translates it) to the front."""
    if not _find_tab(panel.tabs, QCoreApplication.translate("CompletionPanel", key)):
        raise ShowMeError(say(NO_COMPLETION_TAB, name=key))


def _find_tab(tabs: QTabWidget, title: str) -> bool:
    """Bring the tab called ``title`` to the front, looking inside tabs that hold tabs (Scoring, Experiments)."""
    for index in range(tabs.count()):
        page = tabs.widget(index)
        if tabs.tabText(index) == title or (isinstance(page, QTabWidget) and _find_tab(page, title)):
            tabs.setCurrentIndex(index)
            return True
    return False


def _load_default(panel: Any) -> None:
    """Load the bundled default model, as the panel's own button does, unless a model is loaded or loading."""
    models = panel.models
    if models.model is None and models.state != "loading":
        panel.load_default_model()


@_register(
    ACTIONS,
    "completion.preset",
    "Completion",
    {"preset": str, "temperature": float, "compare": bool, "tab": str},
    "preset",
)
def completion_preset(panel: Any, args: dict[str, Any]) -> None:
    index = panel.preset.findData(args["preset"])
    if index < 0:
        raise ShowMeError(say(NO_PRESET, name=args["preset"]))
    _load_default(panel)
    panel.apply_preset(index)
    if "temperature" in args:
        panel.temperature.setValue(float(args["temperature"]))
    if "compare" in args:
        panel.compare.setChecked(args["compare"])
        base = base_model_path()
        found = panel.compare_model.findData(str(base)) if base is not None else -1
        if args["compare"] and found >= 0:
            panel.compare_model.setCurrentIndex(found)
    if "tab" in args:
        _show_tab(panel, args["tab"])


@_register(ACTIONS, "completion.tab", "Completion", {"tab": str}, "tab")
def completion_tab(panel: Any, args: dict[str, Any]) -> None:
    _load_default(panel)
    _show_tab(panel, args["tab"])


@_register(ACTIONS, "completion.view", "Completion", {"view": str}, "view")
def completion_view(panel: Any, args: dict[str, Any]) -> None:
    show = getattr(panel, "show_view", None)
    if show is None or not show(args["view"]):
        raise MissingView(args["view"])


@_register(CHECKS, "completion.run", "Completion", {"temperature": float, "compared": bool, "contains": str})
def completion_run(panel: Any, args: dict[str, Any]) -> CheckResult:
    run = panel.run
    if panel.busy():
        return wrong(say(GENERATING))
    if run is None or not run.get("tokens"):
        return wrong(say(NOTHING_YET))
    users = [m.get("content", "") for m in run.get("messages") or [] if m.get("role") == "user"]
    if "contains" in args and args["contains"] not in str(run.get("prompt") or "") + "".join(users):
        return wrong(say(OTHER_PROMPT))
    used, wanted = float((run.get("settings") or {}).get("temperature", -1.0)), args.get("temperature")
    if wanted is not None and abs(used - float(wanted)) > 1e-6:
        return wrong(say(TEMPERATURE, used=format_number(used), wanted=format_number(float(wanted))))
    if args.get("compared") and not (run.get("compare") or {}).get("output"):
        return wrong(say(NOT_COMPARED))
    return CheckResult(True, say(RIGHT_RUN))


# -- Vision ------------------------------------------------------------------------------------------------
VISION_VIEWS = ("Zero-shot classification", "Natural-language supervision")


@_register(ACTIONS, "vision.show", "Vision", {"labels": list, "samples": bool, "view": str})
def vision_show(panel: Any, args: dict[str, Any]) -> None:
    view = args.get("view")
    if view is not None and view not in VISION_VIEWS:
        raise ShowMeError(say(NO_VISION_VIEW, name=view))
    if "labels" in args:
        panel.set_labels(list(args["labels"]))
    if args.get("samples") and panel.results_model.rowCount() == 0:
        button = getattr(panel, "samples_btn", None) or panel.sources.samples_btn  # where each version has it
        button.click()
    if view == "Natural-language supervision":
        supervision = getattr(panel, "supervision", None)
        if supervision is None:
            raise MissingView(view)
        panel.tabs.setCurrentWidget(supervision)
    elif view is not None and getattr(panel, "tabs", None) is not None:
        panel.tabs.setCurrentIndex(0)


@_register(CHECKS, "vision.labels", "Vision", {"at_least": int, "beyond": list}, "at_least")
def vision_labels(panel: Any, args: dict[str, Any]) -> CheckResult:
    labels = panel.labels()
    if len(labels) < args["at_least"] or all(label in args.get("beyond", []) for label in labels):
        return wrong(say(OWN_LABEL))
    if not any(r.probs is not None and list(r.labels) == labels for r in panel.results_model.results()):
        return wrong(say(NOT_RANKED))
    return right(say(RANKED, count=format_int(len(labels))))


# -- Automation --------------------------------------------------------------------------------------------
def _select_when_listed(panel: Any, request: str, tries: int = SELECT_TRIES) -> None:
    """Select ``request`` in the inbox, which the agent service fills after the panel opens."""
    if any(r.id == request for r in panel.requests):
        panel.select_request(request)
    elif tries > 0:
        QTimer.singleShot(100, panel, lambda: _select_when_listed(panel, request, tries - 1))


@_register(ACTIONS, "automation.show", "Automation", {"level": str, "request": str})
def automation_show(panel: Any, args: dict[str, Any]) -> None:
    if "level" in args:
        index = panel.level.findData(args["level"])
        if index < 0:
            raise ShowMeError(say(NO_LEVEL, name=args["level"]))
        panel.level.setCurrentIndex(index)
    if "request" in args:
        _select_when_listed(panel, args["request"])


@_register(CHECKS, "automation.state", "Automation", {"level": str, "request": str})
def automation_state(panel: Any, args: dict[str, Any]) -> CheckResult:
    request = panel.current_request()
    shown = say(AGENT_STATE, level=panel.level.currentText(), request=request.id if request is not None else "—")
    if ("level" in args and panel.current_level().value != args["level"]) or (
        "request" in args and (request is None or request.id != args["request"])
    ):
        return wrong(say(NOT_YET), shown)
    return right(shown)
