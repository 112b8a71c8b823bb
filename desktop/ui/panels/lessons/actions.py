"""Show me and the checks that lesson files name: each opens or reads a real panel through its public methods
(the panels' own widgets and methods, never a private one), so a lesson shows and checks what the app does.

An action takes the panel it is registered for and the arguments from the file; a check reads the state and
says, in the installed language, what it sees. Their names and arguments are handed to the lesson reader
(:func:`vocabulary`), so a file that names a missing one is refused when it is read. An action that needs a
view this version of the app does not have raises :class:`MissingView`, naming it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QWidget

from desktop.core.lessons import Call, Signature, Vocabulary
from desktop.core.teaching import masked as M
from desktop.core.tokenizer_examples import EXAMPLES
from desktop.core.tokenizers import training_samples
from desktop.i18n import format_int, format_number
from desktop.resources import base_model_path

translate = QCoreApplication.translate  # lupdate finds translate("LessonActions", "...") by this name
SELECT_TRIES = 100  # an inbox still loading: try to select the request every 100 ms for 10 s


class Workbench(Protocol):
    """What the lessons reach in the window: its panels by name, built when first asked for."""

    def panel(self, name: str) -> QWidget: ...
    def show_panel(self, name: str) -> None: ...


class ShowMeError(Exception):
    """A Show me that cannot be done here; ``str()`` is the reason in the installed language."""


class MissingView(ShowMeError):
    def __init__(self, view: str) -> None:
        self.view = view
        text = translate(
            "LessonActions",
            "This needs the {view} view, which this version of the app does not have yet. Skip this step; the "
            "rest of the lesson works.",
        )
        super().__init__(text.format(view=view))


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


def _register(table: dict[str, Entry], name: str, panel: str, required: tuple[str, ...], args: dict[str, type]):  # type: ignore[no-untyped-def]
    def add(run: Callable[[Any, dict[str, Any]], Any]) -> Callable[[Any, dict[str, Any]], Any]:
        table[name] = Entry(panel, Signature(args, frozenset(required)), run)
        return run

    return add


def vocabulary(panels: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(
        panels,
        {name: e.signature for name, e in ACTIONS.items()},
        {name: e.signature for name, e in CHECKS.items()},
    )


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


def _no(text: str) -> CheckResult:
    return CheckResult(False, text)


# -- Tokenizer ---------------------------------------------------------------------------------------------
@_register(
    ACTIONS,
    "tokenizer.show",
    "Tokenizer",
    (),
    {"example": str, "text": str, "encoding": str, "tab": str, "special": bool},
)
def tokenizer_show(panel: Any, args: dict[str, Any]) -> None:
    from desktop.ui.panels.tokenizer.state import TABS

    encoding, example, tab = args.get("encoding"), args.get("example"), args.get("tab")
    if encoding is not None and not panel.set_encoding(encoding):
        raise ShowMeError(translate("LessonActions", "The Tokenizer has no encoding “{name}”.").format(name=encoding))
    if example is not None and example not in EXAMPLES:
        raise ShowMeError(translate("LessonActions", "The Tokenizer has no example “{name}”.").format(name=example))
    if tab is not None and tab not in TABS:
        raise ShowMeError(translate("LessonActions", "The Tokenizer has no view “{name}”.").format(name=tab))
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


@_register(CHECKS, "tokenizer.tokens", "Tokenizer", ("text", "count"), {"text": str, "count": int})
def tokenizer_tokens(panel: Any, args: dict[str, Any]) -> CheckResult:
    if panel.text().strip() != args["text"].strip():
        return _no(
            translate("LessonActions", "The Tokenizer shows another text: put “{text}” in it.").format(
                text=args["text"]
            )
        )
    r = _tokenized(panel)
    if r is None:
        return _no(translate("LessonActions", "The Tokenizer is still counting; check again in a moment."))
    said = translate("LessonActions", "Tokens in {name}: {count}.").format(
        name=r.label, count=format_int(r.total_tokens)
    )
    if r.total_tokens != args["count"]:
        return _no(
            said
            + " "
            + translate("LessonActions", "The lesson asks for {count}.").format(count=format_int(args["count"]))
        )
    return CheckResult(True, translate("LessonActions", "Right.") + " " + said)


@_register(CHECKS, "tokenizer.samples", "Tokenizer", ("count",), {"count": int, "other_than": str})
def tokenizer_samples(panel: Any, args: dict[str, Any]) -> CheckResult:
    if "other_than" in args and panel.text().strip() == args["other_than"].strip():
        return _no(translate("LessonActions", "Type a text of your own: this is still the lesson's example."))
    r = _tokenized(panel)
    if r is None:
        return _no(translate("LessonActions", "The Tokenizer is still counting; check again in a moment."))
    n = len(training_samples(r))
    said = translate("LessonActions", "Training samples from this text: {count}.").format(count=format_int(n))
    if n != args["count"]:
        return _no(
            said
            + " "
            + translate("LessonActions", "The lesson asks for {count}.").format(count=format_int(args["count"]))
        )
    return CheckResult(True, translate("LessonActions", "Right.") + " " + said)


@_register(CHECKS, "tokenizer.masked", "Tokenizer", ("kind",), {"kind": str})
def tokenizer_masked(panel: Any, args: dict[str, Any]) -> CheckResult:
    sample = panel.masked_sample()
    kind = args["kind"]
    what = {
        M.MASK: translate("LessonActions", "replaced by [MASK]"),
        M.RANDOM: translate("LessonActions", "replaced by a random token"),
        M.KEEP: translate("LessonActions", "left as it was"),
    }.get(kind, kind)
    if sample is None:
        return _no(translate("LessonActions", "Open the Tokenizer's Training samples view first."))
    if any(p.action == kind for p in sample.positions):
        return CheckResult(
            True,
            translate("LessonActions", "Right: at seed {seed}, a chosen token is {what}.").format(
                seed=sample.seed, what=what
            ),
        )
    return _no(
        translate("LessonActions", "At seed {seed}, no chosen token is {what}. Press “Mask again”.").format(
            seed=sample.seed, what=what
        )
    )


# -- Models ------------------------------------------------------------------------------------------------
@_register(
    ACTIONS,
    "models.calculator",
    "Models",
    ("billions", "quant", "context"),
    {"billions": float, "quant": str, "context": int},
)
def models_calculator(panel: Any, args: dict[str, Any]) -> None:
    fit = panel.fit_view
    if fit.quant.findData(args["quant"]) < 0:
        raise ShowMeError(
            translate("LessonActions", "The calculator has no quantization “{name}”.").format(name=args["quant"])
        )
    fit.set_calculator(float(args["billions"]), args["quant"], int(args["context"]))
    panel.side_scroll.ensureWidgetVisible(fit.calc_view)


@_register(CHECKS, "models.calculator", "Models", ("billions", "quant"), {"billions": float, "quant": str})
def models_calculator_check(panel: Any, args: dict[str, Any]) -> CheckResult:
    fit = panel.fit_view
    billions, quant = fit.params.value(), str(fit.quant.currentData())
    shown = translate("LessonActions", "The calculator is set to {billions}B parameters at {quant}.").format(
        billions=format_number(billions), quant=quant
    )
    if abs(billions - float(args["billions"])) > 0.05 or quant != args["quant"]:
        return _no(shown)
    total = fit.calculator_estimate().total / 2**30
    return CheckResult(
        True,
        translate("LessonActions", "Right.")
        + " "
        + shown
        + " "
        + translate("LessonActions", "It needs about {gib} GiB.").format(gib=format_number(total)),
    )


# -- Completion --------------------------------------------------------------------------------------------
def _show_tab(panel: Any, key: str) -> None:
    """Bring Completion's tab called ``key`` (its English title) to the front."""
    title = translate("CompletionPanel", key)
    tabs = panel.tabs
    for index in range(tabs.count()):
        if tabs.tabText(index) == title:
            tabs.setCurrentIndex(index)
            return
    raise ShowMeError(translate("LessonActions", "Completion has no view “{name}”.").format(name=key))


def _load_default(panel: Any) -> None:
    models = panel.models
    if models.model is None and models.state not in ("loading", "starting"):
        panel.load_default_model()


@_register(
    ACTIONS,
    "completion.preset",
    "Completion",
    ("preset",),
    {"preset": str, "temperature": float, "compare": bool, "tab": str},
)
def completion_preset(panel: Any, args: dict[str, Any]) -> None:
    index = panel.preset.findData(args["preset"])
    if index < 0:
        raise ShowMeError(translate("LessonActions", "Completion has no example “{name}”.").format(name=args["preset"]))
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


@_register(ACTIONS, "completion.tab", "Completion", ("tab",), {"tab": str})
def completion_tab(panel: Any, args: dict[str, Any]) -> None:
    _load_default(panel)
    _show_tab(panel, args["tab"])


@_register(ACTIONS, "completion.view", "Completion", ("view",), {"view": str})
def completion_view(panel: Any, args: dict[str, Any]) -> None:
    """A view from the teaching issue (Evaluate, Retrieval, Scale grid, Generate ×N), through the panel's
    ``show_view(name) -> bool`` once it has one."""
    show = getattr(panel, "show_view", None)
    if show is None or not show(args["view"]):
        raise MissingView(args["view"])


@_register(CHECKS, "completion.run", "Completion", (), {"temperature": float, "compared": bool, "contains": str})
def completion_run(panel: Any, args: dict[str, Any]) -> CheckResult:
    run = panel.run
    if panel.busy():
        return _no(translate("LessonActions", "Still generating: check again when the run ends."))
    if run is None or not run.get("tokens"):
        return _no(translate("LessonActions", "Nothing has been generated yet: press Generate."))
    users = [m.get("content", "") for m in run.get("messages") or [] if m.get("role") == "user"]
    prompt = str(run.get("prompt") or "") + "".join(users)
    if "contains" in args and args["contains"] not in prompt:
        return _no(
            translate("LessonActions", "The last run is not the lesson's example: press Show me, then Generate.")
        )
    used = float((run.get("settings") or {}).get("temperature", -1.0))
    if "temperature" in args and abs(used - float(args["temperature"])) > 1e-6:
        return _no(
            translate("LessonActions", "The last run used temperature {used}: set {wanted} and Generate again.").format(
                used=format_number(used), wanted=format_number(float(args["temperature"]))
            )
        )
    if args.get("compared") and not (run.get("compare") or {}).get("output"):
        return _no(translate("LessonActions", "The last run was not compared: tick “Compare with”, then Generate."))
    return CheckResult(True, translate("LessonActions", "Right: the last run is the one the lesson asks for."))


# -- Vision ------------------------------------------------------------------------------------------------
VISION_VIEWS = ("Zero-shot classification", "Natural-language supervision")


@_register(ACTIONS, "vision.show", "Vision", (), {"labels": list, "samples": bool, "view": str})
def vision_show(panel: Any, args: dict[str, Any]) -> None:
    view = args.get("view")
    if view is not None and view not in VISION_VIEWS:
        raise ShowMeError(translate("LessonActions", "Vision has no view “{name}”.").format(name=view))
    if "labels" in args:
        panel.set_labels(list(args["labels"]))
    if args.get("samples") and panel.results_model.rowCount() == 0:
        button = getattr(panel, "samples_btn", None) or panel.sources.samples_btn
        button.click()
    if view == "Natural-language supervision":
        supervision = getattr(panel, "supervision", None)
        if supervision is None:
            raise MissingView(view)
        panel.tabs.setCurrentWidget(supervision)
    elif view is not None and getattr(panel, "tabs", None) is not None:
        panel.tabs.setCurrentIndex(0)


@_register(CHECKS, "vision.labels", "Vision", ("at_least",), {"at_least": int, "beyond": list})
def vision_labels(panel: Any, args: dict[str, Any]) -> CheckResult:
    labels = panel.labels()
    own = [label for label in labels if label not in args.get("beyond", [])]
    if len(labels) < args["at_least"] or not own:
        return _no(translate("LessonActions", "Add a label of your own (one per line), beside the lesson's."))
    ranked = [r for r in panel.results_model.results() if r.probs is not None and list(r.labels) == labels]
    if not ranked:
        return _no(
            translate(
                "LessonActions", "The pictures are not ranked with these labels yet: add pictures, or wait a moment."
            )
        )
    return CheckResult(
        True,
        translate("LessonActions", "Right.")
        + " "
        + translate("LessonActions", "Labels ranked: {count}.").format(count=format_int(len(labels))),
    )


# -- Automation --------------------------------------------------------------------------------------------
def _select_when_listed(panel: Any, request: str, tries: int = SELECT_TRIES) -> None:
    """Select ``request`` in the inbox, which the agent service fills after the panel opens."""
    if any(r.id == request for r in panel.requests):
        panel.select_request(request)
    elif tries > 0:
        QTimer.singleShot(100, panel, lambda: _select_when_listed(panel, request, tries - 1))


@_register(ACTIONS, "automation.show", "Automation", (), {"level": str, "request": str})
def automation_show(panel: Any, args: dict[str, Any]) -> None:
    if "level" in args:
        index = panel.level.findData(args["level"])
        if index < 0:
            raise ShowMeError(
                translate("LessonActions", "Automation has no level “{name}”.").format(name=args["level"])
            )
        panel.level.setCurrentIndex(index)
    if "request" in args:
        _select_when_listed(panel, args["request"])


@_register(CHECKS, "automation.state", "Automation", (), {"level": str, "request": str})
def automation_state(panel: Any, args: dict[str, Any]) -> CheckResult:
    level = panel.current_level().value
    request = panel.current_request()
    shown = translate("LessonActions", "The level is {level}; the request chosen is {request}.").format(
        level=panel.level.currentText(), request=request.id if request is not None else "—"
    )
    if ("level" in args and level != args["level"]) or (
        "request" in args and (request is None or request.id != args["request"])
    ):
        return _no(translate("LessonActions", "Not yet.") + " " + shown)
    return CheckResult(True, translate("LessonActions", "Right.") + " " + shown)
