"""First launch loads the default model by itself; later launches reload the last used model; the setting
models/autoload turns it off; a last model that is gone falls back to the default with a status line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.autoload import AUTOLOAD_KEY, LAST_MODEL_KEY, AutoLoader, choose_model
from desktop.services.messages import bridge
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def models() -> Iterator[ModelService]:
    service = ModelService()
    yield service
    service.shutdown()


def launch(qtbot: QtBot, settings_file: Path, models: ModelService) -> tuple[AutoLoader, Path | None]:
    """One app start: fresh settings read from the file, an AutoLoader, and its load awaited."""
    settings = Settings(settings_file)
    settings.set_load_options({"n_gpu_layers": 0, "n_ctx": 256, "n_threads": 0})
    loader = AutoLoader(models, settings)
    if not settings.get_bool(AUTOLOAD_KEY, True):
        return loader, loader.start()
    with qtbot.waitSignal(models.loaded, timeout=60000):
        chosen = loader.start()
    return loader, chosen


def other_model(default_model: Path, folder: Path) -> Path:
    target = folder / "another-model.gguf"
    try:
        os.link(default_model, target)
    except OSError:
        shutil.copy2(default_model, target)
    return target


def test_first_launch_then_last_used_then_off(
    qtbot: QtBot, tmp_path: Path, models: ModelService, default_model: Path
) -> None:
    settings_file = tmp_path / "settings.ini"
    _, chosen = launch(qtbot, settings_file, models)
    assert chosen == default_model
    assert models.model is not None and Path(models.model["path"]) == default_model

    # The user loads another model (from any panel): the next launch reloads that one.
    other = other_model(default_model, tmp_path)
    with qtbot.waitSignal(models.loaded, timeout=60000):
        models.load(other, n_ctx=256)
    models.shutdown()
    restarted = ModelService()
    try:
        _, chosen = launch(qtbot, settings_file, restarted)
        assert chosen == other
        assert restarted.model is not None and Path(restarted.model["path"]) == other
    finally:
        restarted.shutdown()

    # Setting off: nothing is loaded, and no host is started for it.
    off = Settings(settings_file)
    off.set(AUTOLOAD_KEY, False)
    off.sync()
    third = ModelService()
    try:
        _, chosen = launch(qtbot, settings_file, third)
        assert chosen is None and third.model is None and third.host_pid() is None
    finally:
        third.shutdown()


def test_removed_last_model_falls_back_to_default_with_a_message(
    qtbot: QtBot, tmp_path: Path, models: ModelService, default_model: Path
) -> None:
    settings_file = tmp_path / "settings.ini"
    settings = Settings(settings_file)
    gone = tmp_path / "deleted-model.gguf"
    settings.set(LAST_MODEL_KEY, str(gone))
    settings.sync()
    lines: list[str] = []
    bridge().info.connect(lines.append)
    try:
        _, chosen = launch(qtbot, settings_file, models)
    finally:
        bridge().info.disconnect(lines.append)
    assert chosen == default_model
    assert any(str(gone) in line and "default model" in line for line in lines), lines
    # The default, once loaded, is the new last model.
    assert Settings(settings_file).get_str(LAST_MODEL_KEY) == str(default_model)


def test_bundled_model_found_elsewhere_is_used_silently(tmp_path: Path, default_model: Path) -> None:
    """The app folder moved (a bundle unpacked somewhere else): the bundled model's new place, no message."""
    settings = Settings(tmp_path / "settings.ini")
    settings.set(LAST_MODEL_KEY, str(tmp_path / "old-place" / default_model.name))
    assert choose_model(settings) == (default_model, "")


@pytest.mark.slow
def test_app_start_loads_the_default_model(tmp_path: Path) -> None:
    """The real entry point (desktop.app.main) with a fresh settings folder loads SmolLM2 by itself."""
    home = tmp_path / "home"
    env = dict(
        os.environ,
        FM_EXPLORER_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        FM_SCREENSHOT_DELAY_MS="12000",
    )
    shot = tmp_path / "window.png"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--screenshot", str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    inis = list(home.rglob("settings.ini"))
    assert inis, list(home.rglob("*"))
    text = inis[0].read_text(encoding="utf-8")
    assert "SmolLM2-135M-Instruct.Q4_1.gguf" in text, text
