"""Will it fit: the view on the bundled model, after a real load, and the calculator."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.core.teaching import fit as F
from desktop.services.model_service import ModelService
from desktop.ui.panels.models_fit import FitView

SMALL = F.MachineMemory(16 * F.GIB, 12 * F.GIB, (F.GPUMemory("Test GPU", 8 * F.GIB, 8 * F.GIB),))


def test_selected_model_breakdown_and_measured(qtbot: QtBot, default_model: Path) -> None:
    view = FitView()
    qtbot.addWidget(view)
    view.set_machine(SMALL)
    view.set_model(default_model, 2048)
    text = view.model_view.text()
    assert "Weights" in text and "KV cache" in text and "45.0 MiB" in text  # 30 x 3 x 128 x 2 B x 2048
    assert "Test GPU" in text and "every layer fits" in text
    view.set_context(8192)
    assert "180.0 MiB" in view.model_view.text()
    svc = ModelService()
    try:
        with qtbot.waitSignal(svc.loaded, timeout=60000) as blocker:
            svc.load(default_model, n_ctx=1024)
        view.set_measured(blocker.args[0])
    finally:
        svc.shutdown()
    assert "llama.cpp" in view.model_view.text() and view.n_ctx == 1024
    assert view.estimate is not None and view.estimate.kv == 30 * 3 * 128 * 2 * 1024


def test_calculator_presets_and_broken_file(qtbot: QtBot, tmp_path: Path) -> None:
    view = FitView()
    qtbot.addWidget(view)
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
    view.set_model(bad)
    assert "not a GGUF" in view.model_view.text() and view.estimate is None


def test_in_the_models_panel(qtbot: QtBot, fresh_home: Path, default_model: Path) -> None:
    from desktop.services.catalog_service import CatalogService
    from desktop.services.settings import Settings
    from desktop.ui.panels.models import ModelsPanel

    settings = Settings()
    catalog = CatalogService(settings)
    models = ModelService()
    panel = ModelsPanel(catalog, models, settings)
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(catalog.changed, timeout=60000):
            catalog.rescan()
        panel.show()
        panel.select_path(default_model)
        panel.n_ctx.setValue(4096)
        view = panel.fit_view
        assert view.path == default_model and view.n_ctx == 4096
        assert view.estimate is not None and view.estimate.kv == 30 * 3 * 128 * 2 * 4096
        assert "90.0 MiB" in view.model_view.text()  # the KV cache at 4,096 tokens
        assert "RAM: needs" in view.model_view.text()  # the machine was read once the view was shown
    finally:
        models.shutdown()
        catalog.shutdown()
