"""Settings: a bad stored value reads as its default; an unwritable folder keeps settings in memory
and is reported once."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.messages import bridge
from desktop.services.settings import Settings

BAD_INI = """[completion]
temperature=abc
top_p=nan
min_p=inf
top_k=12.5x
seed=99999999999999999999999999
mode=@Variant(garbage)
stop=1, 2
[load]
n_ctx=lots
n_gpu_layers=
[window]
geometry=not bytes
[flags]
t1=true
t2=Yes
f1=0
f2=off
bad=maybe
"""


@pytest.fixture
def bad_settings(tmp_path: Path) -> Settings:
    path = tmp_path / "settings.ini"
    path.write_text(BAD_INI)
    return Settings(path)


def test_bad_values_read_as_defaults(bad_settings: Settings) -> None:
    s = bad_settings
    assert s.get_float("completion/temperature", 0.8) == 0.8
    assert s.get_float("completion/top_p", 0.95) == 0.95  # nan is not a number a spin box can hold
    assert s.get_float("completion/min_p", 0.05) == 0.05  # nor is inf
    assert s.get_int("completion/top_k", 40) == 40
    assert s.get_int("completion/seed", -1, lo=-1, hi=2**31 - 1) == -1
    assert s.get_str("completion/stop", "") == ""  # INI reads "1, 2" as a list, not a string
    assert s.get_choice("completion/mode", ("completion", "chat"), "completion") == "completion"
    assert s.load_options() == {"n_gpu_layers": -1, "n_ctx": 2048, "n_threads": 0}
    assert s.get_bytes("window/geometry") is None


def test_good_values_read_back(tmp_path: Path) -> None:
    s = Settings(tmp_path / "settings.ini")
    s.set("completion/temperature", 0.3)
    s.set("completion/top_k", 7)
    s.set("completion/mode", "chat")
    s.set("flags/on", True)
    s.sync()
    again = Settings(tmp_path / "settings.ini")
    assert again.get_float("completion/temperature", 0.8) == pytest.approx(0.3)
    assert again.get_float("completion/temperature", 0.8, lo=0.5) == 0.8  # out of range
    assert again.get_int("completion/top_k", 40) == 7
    assert again.get_int("completion/top_k", 40, hi=5) == 40
    assert again.get_choice("completion/mode", ("completion", "chat"), "completion") == "chat"
    assert again.get_bool("flags/on", False) is True


def test_bool_words(bad_settings: Settings) -> None:
    s = bad_settings
    assert s.get_bool("flags/t1", False) and s.get_bool("flags/t2", False)
    assert not s.get_bool("flags/f1", True) and not s.get_bool("flags/f2", True)
    assert s.get_bool("flags/bad", True) is True and s.get_bool("flags/bad", False) is False
    assert s.get_bool("flags/missing", True) is True


def test_config_folder_that_cannot_be_created(qtbot: QtBot, tmp_path: Path) -> None:
    """A file where the folder should be: mkdir fails, as it does in a read-only home (even as root)."""
    blocker = tmp_path / "config"
    blocker.write_text("not a folder")
    s = Settings(blocker / "settings.ini")  # used to raise at start
    assert s.problem is not None
    s.set("completion/top_k", 5)
    assert s.get_int("completion/top_k", 40) == 5  # kept in memory for this session
    with qtbot.waitSignal(bridge().error, timeout=1000) as shown:
        s.report_problems()
    _title, message, _details = shown.args
    assert "Settings could not be saved" in message and str(blocker) in message
    with qtbot.assertNotEmitted(bridge().error), qtbot.assertNotEmitted(bridge().info):
        s.sync()  # the same problem again: not reported twice
        s.report_problems()
    with qtbot.waitSignal(bridge().info, timeout=1000) as info:  # a different thing: one status line
        s.report_unsaved("The typed prompt", blocker / "drafts" / "completion.txt", OSError(errno.ENOSPC, "full"))
    assert "The typed prompt could not be saved" in info.args[0]


def test_read_only_settings_file_is_reported(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder exists but cannot be written (simulated: the tests may run as root)."""
    s = Settings(tmp_path / "settings.ini")
    assert s.check_writable() is None

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("desktop.services.settings.tempfile.mkstemp", refuse)
    s2 = Settings(tmp_path / "settings.ini")
    with qtbot.waitSignal(bridge().error, timeout=1000) as shown:
        s2.report_problems()
    assert "Permission denied" in shown.args[1]


def test_writable_folder_reports_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    s = Settings(tmp_path / "settings.ini")
    s.set("a/b", 1)
    with qtbot.assertNotEmitted(bridge().error):
        s.report_problems()
        s.sync()
    assert list(tmp_path.iterdir()) == [tmp_path / "settings.ini"]  # the write test left nothing
