"""Will it fit, in the Models panel of the window as ``main()`` builds it: the selected model's memory, the
figures after a real load, the calculator, a broken file, and one unit (MiB, GiB) throughout."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.core.teaching import fit as F

SMALL = F.MachineMemory(16 * F.GIB, 12 * F.GIB, (F.GPUMemory("Test GPU", 8 * F.GIB, 8 * F.GIB),))
DECIMAL_UNITS = re.compile(r"\d (?:KB|MB|GB|TB)\b")  # the file sizes' units: never in "Will it fit?"


def models_panel(qtbot: QtBot, window: Any) -> Any:
    if not window.catalog.catalog.entries:
        with qtbot.waitSignal(window.catalog.changed, timeout=20000):
            pass
    window.show_panel("Models")
    return window.models_panel


def test_selected_model_breakdown_and_measured(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    window = make_window()
    panel = models_panel(qtbot, window)
    view = panel.fit_view
    view.set_machine(SMALL)  # this machine, as a small one, so the verdicts are known
    panel.select_path(default_model)
    panel.n_ctx.setValue(2048)
    text = view.model_view.text()
    assert "Weights" in text and "KV cache" in text and "45.0 MiB" in text  # 30 x 3 x 128 x 2 B x 2048
    assert "Test GPU" in text and "every layer fits" in text
    panel.n_ctx.setValue(8192)
    assert "180.0 MiB" in view.model_view.text()
    panel.n_ctx.setValue(1024)
    with qtbot.waitSignal(window.models.loaded, timeout=60000):
        panel.load_selected()
    assert "llama.cpp" in view.model_view.text() and view.n_ctx == 1024
    assert window.models.model["flash_attn"] is True  # the README: models load with flash attention on
    assert "<b>SmolLM2 135M Instruct</b>" in view.model_view.text()
    assert view.estimate is not None and view.estimate.kv == 30 * 3 * 128 * 2 * 1024
    assert not DECIMAL_UNITS.search(view.model_view.text()), view.model_view.text()


def test_selecting_a_model_reads_no_file_on_the_gui_thread(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path, monkeypatch: Any
) -> None:
    """The scan read each model's shape with its header, on the catalog's thread; selecting a model uses it
    (reading SmolLM2's header again took 60 ms of the GUI thread)."""
    read: list[str] = []
    monkeypatch.setattr(F, "shape_from_file", lambda path: read.append(str(path)))  # a spy: must not be called
    window = make_window(start_host=False)
    panel = models_panel(qtbot, window)  # the scan's end selects a model
    panel.select_path(default_model)
    assert panel.fit_view.estimate is not None and "Weights" in panel.fit_view.model_view.text()
    assert read == []


def test_calculator_presets_and_broken_file(qtbot: QtBot, make_window: Callable[..., Any], tmp_path: Path) -> None:
    window = make_window(start_host=False)
    panel = models_panel(qtbot, window)
    view = panel.fit_view
    view.set_machine(SMALL)
    view.set_calculator(70.0, "Q8_0", 8192)
    est = view.calculator_estimate()
    assert 70 * F.GIB < est.total < 76 * F.GIB
    assert "does not fit" in view.calc_view.text() and "layers fit" in view.calc_view.text()
    view.set_calculator(7.0, "Q4_K_M", 8192)
    assert "Test GPU" in view.calc_view.text() and "every layer fits" in view.calc_view.text()
    view.layers.setValue(40)
    assert view.calculator_estimate().shape.n_layers == 40
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model")
    with qtbot.waitSignal(window.catalog.changed, timeout=20000):
        window.add_models([bad])
    panel.select_path(bad)  # the Details box says why; Will it fit estimates nothing for it
    assert "not a GGUF" in panel.details_box.details_error.text() and view.estimate is None
    assert view.model_view.text() == "Select a model to see what it needs."


def test_in_the_models_panel(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> None:
    panel = models_panel(qtbot, make_window(start_host=False))
    panel.select_path(default_model)
    panel.n_ctx.setValue(4096)
    view = panel.fit_view
    assert view.path == default_model and view.n_ctx == 4096
    assert view.estimate is not None and view.estimate.kv == 30 * 3 * 128 * 2 * 4096
    assert "90.0 MiB" in view.model_view.text()  # the KV cache at 4,096 tokens
    assert "RAM: needs" in view.model_view.text()  # the machine was read once the view was shown
    assert "<b>SmolLM2 135M Instruct</b>" in view.model_view.text()  # its name, as the rest of the app says it


def test_one_unit_throughout_will_it_fit(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> None:
    """The totals and the verdicts ("needs …") in MiB and GiB alike: 786.7 MiB beside 824.9 MB once."""
    panel = models_panel(qtbot, make_window(start_host=False))
    view = panel.fit_view
    view.set_machine(SMALL)
    panel.select_path(default_model)
    view.set_calculator(7.0, "Q4_K_M", 8192)
    total = F.size(view.calculator_estimate().total)
    assert total == "5.2 GiB"
    for shown in (view.model_view.text(), view.calc_view.text(), view.intro.text()):
        assert not DECIMAL_UNITS.search(shown), shown
    assert f"RAM: needs {total} of 12.0 GiB available (16.0 GiB in all)" in view.calc_view.text()
    assert "about 5.2 GiB" in view.intro.text() and "about 72 GiB" in view.intro.text()


def test_the_models_panel_built_after_a_load_says_what_is_loaded(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    """The app opened on another panel and loaded the last used model; Models, opened later, says so (it said
    "No model loaded." while the table and the status bar said "Loaded")."""
    window = make_window(panel="Completion")
    with qtbot.waitSignal(window.models.loaded, timeout=60000):
        window.models.load(default_model, n_ctx=1024)
    assert "Models" not in window.panels  # not built yet
    panel = models_panel(qtbot, window)
    said = panel.load_box.result.text()
    assert said.startswith("Loaded “SmolLM2 135M Instruct”") and "No model loaded" not in said, said
    assert panel.fit_view.measured  # llama.cpp's own buffers, beside the estimate
