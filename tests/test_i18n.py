"""Issue 12's machinery: translation files in step, lupdate finds core's marked messages, translators,
the language setting, core messages translated at the boundary, locale formats, the Hangul fallback font."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtWidgets import QApplication, QWidget

from desktop import i18n
from desktop.core.errors import FMError, ModelFileError
from desktop.core.gguf_header import read_header
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.services.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fm_translations", ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fm_translations"] = module
    spec.loader.exec_module(module)
    return module


T = _load_script()


@pytest.fixture
def english_after(qapp: QApplication) -> Iterator[None]:
    """Tests that install Korean leave the app in English, as the other tests expect."""
    yield
    i18n.install_language("en")


# -- the files -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path, lang: str) -> None:
    made = tmp_path / "made.qm"
    T.lrelease(T.ts_path(lang), made)
    assert made.read_bytes() == T.qm_path(lang).read_bytes(), "run `make translations` and commit the .qm"


def test_english_says_one_picture_and_two_pictures(qapp: QApplication) -> None:
    """English has the app's plural forms: "1 picture", "2 pictures", never "2 picture(s)"; every plural
    message of the code has both forms (``translations.py update`` writes them, ``check`` checks them)."""
    from desktop.ui.panels.vision.common import counts

    loaded = i18n.install_language("en")
    assert [Path(p).name for p in loaded] == ["fm_explorer_en.qm"]
    assert counts().pictures(1) == "1 picture" and counts().pictures(2) == "2 pictures"
    assert counts().unreadable(3).startswith("3 could not be read")
    english = [e for e in T.read_ts(T.ts_path("en")) if e.live]
    assert english and all(e.finished and "(s)" not in e.translation for e in english)
    assert T.english_forms("%n step(s) in {seconds} s") == ("%n step in {seconds} s", "%n steps in {seconds} s")


def test_korean_ts_is_finished_with_matching_placeholders() -> None:
    entries = T.read_ts(T.ts_path("ko"))
    found = T.problems(entries)
    assert sum(e.live for e in entries) > 50
    assert not found["unfinished"], [e.source for e in found["unfinished"]][:10]
    assert not found["placeholders"], [e.source for e in found["placeholders"]][:10]
    assert T.main(["check", "--no-scan"]) == 0


def test_lupdate_extracts_core_messages_from_python(tmp_path: Path) -> None:
    """QT_TRANSLATE_NOOP calls in a .py file, nested in message() and split over lines, reach the .ts."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "mod.py").write_text(
        textwrap.dedent(
            """
            from desktop.core.messages import QT_TRANSLATE_NOOP, message
            def fail(name):
                raise ValueError(message(
                    QT_TRANSLATE_NOOP("CoreErrors", "Cannot open "
                                      "“{name}”."),
                    name=name,
                ))
            """
        ),
        encoding="utf-8",
    )
    ts = tmp_path / "out_ko.ts"
    T.lupdate(ts, sources=("src",), root=tmp_path)
    entries = {(e.context, e.source) for e in T.read_ts(ts)}
    assert ("CoreErrors", "Cannot open “{name}”.") in entries
    # and the project's own: the example conversion in gguf_header.py is in the committed .ts
    ours = {(e.context, e.source) for e in T.read_ts(T.ts_path("ko"))}
    assert ("CoreErrors", "Cannot open “{name}”: {reason}.") in ours


OWN_CONTEXTS = {"LanguageMenu", "CoreErrors", "CoreVision", "TokenizerExamples"}


def test_the_strings_of_this_machinery_are_all_in_the_ts_and_translated(tmp_path: Path) -> None:
    """lupdate over the real desktop/ (into a scratch .ts): the language menu's, core's and the Tokenizer
    examples' strings are exactly those the committed .ts has, all finished. (Every other context gets
    the same check when the wrap pass turns on tests/ui/test_korean.py's scan.)"""
    scratch = tmp_path / "scratch_ko.ts"
    T.lupdate(scratch)
    code = {(e.context, e.source) for e in T.read_ts(scratch) if e.live and e.context in OWN_CONTEXTS}
    committed = [e for e in T.read_ts(T.ts_path("ko")) if e.live and e.context in OWN_CONTEXTS]
    assert {c for c, _ in code} == OWN_CONTEXTS
    assert code == {(e.context, e.source) for e in committed}
    assert all(e.finished for e in committed)


def test_fill_marks_translations_finished_and_lrelease_uses_them(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "w.py").write_text(
        "class Panel(QWidget):\n"
        "    def texts(self):\n"
        "        return self.tr('Stop'), self.tr('Connected, %n model(s)', '', 3)\n",
        encoding="utf-8",
    )
    ts = tmp_path / "w_ko.ts"
    T.lupdate(ts, sources=("src",), root=tmp_path)
    assert len(T.problems(T.read_ts(ts))["unfinished"]) == 2
    count, unknown = T.fill(ts, {"Panel": {"Stop": "중지", "Connected, %n model(s)": "연결됨, 모델 %n개", "Gone": "x"}})
    assert (count, unknown) == (2, [("Panel", "Gone")])
    entries = T.read_ts(ts)
    assert not T.problems(entries)["unfinished"]
    T.lupdate(ts, sources=("src",), root=tmp_path)  # a later update keeps them
    kept = {e.source: e.translation for e in T.read_ts(ts)}
    assert kept == {"Stop": "중지", "Connected, %n model(s)": "연결됨, 모델 %n개"}
    qm = tmp_path / "w_ko.qm"
    T.lrelease(ts, qm)
    assert qm.stat().st_size > 0


def test_check_counts_unfinished_and_broken_placeholders() -> None:
    entries = [
        T.Entry("C", "Open {name}", "{name} 열기", ""),
        T.Entry("C", "Save {path}", "저장", ""),  # placeholder lost
        T.Entry("C", "New", "", "unfinished"),
        T.Entry("C", "Old", "", "vanished"),  # gone from the code: not counted
    ]
    found = T.problems(entries)
    assert [e.source for e in found["unfinished"]] == ["New"]
    assert [e.source for e in found["placeholders"]] == ["Save {path}"]


# -- choosing and installing ---------------------------------------------------------------------------
def test_system_choice_follows_the_system_locale() -> None:
    korean = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert i18n.resolve("system", korean) == "ko"
    assert i18n.resolve("system", german) == "en"
    assert i18n.resolve("en", korean) == "en"
    assert i18n.resolve("ko", german) == "ko"


def test_korean_installs_app_and_qt_translations(qapp: QApplication, english_after: None) -> None:
    loaded = i18n.install_language("ko")
    assert [Path(p).name for p in loaded] == ["fm_explorer_ko.qm", "qtbase_ko.qm"]
    assert QCoreApplication.translate("LanguageMenu", "&Language") == "언어(&L)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"  # Qt's own buttons
    assert QCoreApplication.translate("QFileDialog", "Open") == "열기"  # and the file dialog
    assert i18n.current_language() == "ko"
    assert [Path(p).name for p in i18n.install_language("en")] == ["fm_explorer_en.qm"]  # plural forms only
    assert QCoreApplication.translate("LanguageMenu", "&Language") == "&Language"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


class _Counter(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.changes = 0

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.changes += 1
        super().changeEvent(event)


def test_switch_stores_the_choice_and_sends_language_change(
    qapp: QApplication, tmp_path: Path, english_after: None
) -> None:
    settings = Settings(tmp_path / "settings.ini")
    widget = _Counter()
    assert i18n.switch(settings, "ko") == "ko"
    qapp.processEvents()
    assert widget.changes >= 1
    assert Settings(tmp_path / "settings.ini").get_str(i18n.SETTING) == "ko"  # kept for the next start
    with pytest.raises(ValueError):
        i18n.switch(settings, "fr")
    widget.deleteLater()


def test_install_reads_the_setting_and_the_override(
    qapp: QApplication, tmp_path: Path, english_after: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(tmp_path / "settings.ini")
    settings.set(i18n.SETTING, "ko")
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.install(settings) == "ko"
    monkeypatch.setenv(i18n.ENV, "en")
    assert i18n.install(settings) == "en"
    settings.set(i18n.SETTING, "nonsense")  # a bad value falls back to the system's language
    monkeypatch.delenv(i18n.ENV)
    assert i18n.install(settings) == i18n.resolve("system")


# -- core messages at the boundary ---------------------------------------------------------------------
def test_core_error_is_english_in_core_and_korean_at_the_boundary(
    qapp: QApplication, tmp_path: Path, english_after: None
) -> None:
    missing = tmp_path / "nowhere.gguf"
    with pytest.raises(ModelFileError) as info:
        read_header(missing)
    err = info.value
    assert str(err) == err.message
    assert err.message.startswith("Cannot open “nowhere.gguf”: ")  # logs, tests, --self-check: English
    assert isinstance(err.text, Message) and err.text.context == "CoreErrors"
    i18n.install_language("ko")
    korean = i18n.error_text(err)
    assert korean.startswith("“nowhere.gguf” 파일을 열 수 없어요: ")
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    with pytest.raises(ModelFileError) as info:
        read_header(empty)
    assert i18n.error_text(info.value) == "“empty.gguf” 파일은 비어 있어요(0바이트). 모델 파일이 아니에요."


def test_plain_messages_and_broken_translations_stay_readable(qapp: QApplication) -> None:
    plain = FMError("Something plain.")
    assert plain.text.context == "" and i18n.error_text(plain) == "Something plain."
    assert i18n.error_text(ValueError("bad")) == "ValueError: bad"
    assert i18n.error_and_details(FMError("Plain.", "the file's first bytes")) == ("Plain.", "the file's first bytes")
    try:
        raise ValueError("bad")
    except ValueError as exc:
        text, details = i18n.error_and_details(exc)  # no details of its own: the traceback, for the dialog
    assert text == "ValueError: bad" and "Traceback" in details and "raise ValueError" in details
    marked = QT_TRANSLATE_NOOP("Nowhere", "Hello {who}.")
    assert marked == "Hello {who}." and marked.context == "Nowhere"
    msg = message(marked, who="you")
    assert i18n.translate_message(msg) == "Hello you."  # no translation: the English template
    broken = Message("Hello {whom}.", "Nowhere", {"who": "you"})  # a translator's typo must not raise
    assert "Hello {whom}." in broken.english() and "who=you" in broken.english()


# -- numbers and dates ---------------------------------------------------------------------------------
def test_numbers_and_dates_follow_the_locale(qapp: QApplication, english_after: None) -> None:
    moment = dt.datetime(2026, 11, 26, 15, 9)
    i18n.install_language("ko", system=QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert i18n.format_int(1234567) == "1,234,567"
    assert i18n.format_number(1234.5) == "1,234.5"
    korean = i18n.format_datetime(moment)
    assert "오후" in korean and "3:09" in korean
    i18n.install_language("en", system=QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert "PM" in i18n.format_datetime(moment)
    i18n.install_language("en", system=QLocale(QLocale.Language.German, QLocale.Country.Germany))
    german_english = QLocale(QLocale.Language.English, QLocale.Country.Germany)
    i18n.install_language("en", system=german_english)  # English in Germany: the system's separators
    assert i18n.format_number(1234.5) == german_english.toString(1234.5, "f", 1)


# -- the Hangul fallback font --------------------------------------------------------------------------
FONT_PROBE = """
import json, sys
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop import i18n

def runs(text):
    layout = QTextLayout(text, app.font())
    layout.beginLayout(); layout.createLine(); layout.endLayout()
    return [(r.rawFont().familyName(), [int(g) for g in r.glyphIndexes()]) for r in layout.glyphRuns()]

out = {"korean_fonts": QFontDatabase.families(QFontDatabase.WritingSystem.Korean), "before": runs("한국어")}
out["registered"] = i18n.install_fonts()
out["after"] = runs("한국어")
print(json.dumps(out))
"""


def _latin_font() -> Path | None:
    """DejaVu Sans (or another TrueType font that is surely not a CJK one) from the system's fonts."""
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/Library/Fonts")]
    for pattern in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf"):
        for folder in folders:
            found = next(iter(sorted(folder.rglob(pattern))), None) if folder.is_dir() else None
            if found is not None:
                return found
    return None


def _probe_fonts(env: dict[str, str]) -> dict[str, object]:
    import json

    result = subprocess.run(
        [sys.executable, "-c", FONT_PROBE], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_hangul_renders_on_a_machine_without_any_korean_font(tmp_path: Path) -> None:
    """fontconfig with one Latin font only (a bare machine: Qt needs some font to start): Hangul has no
    glyphs until the bundled font is registered; then every syllable is drawn by it."""
    latin = _latin_font()
    if latin is None:
        pytest.skip("no Latin-only TrueType font on this machine to build a bare font setup from")
    empty = tmp_path / "fonts"
    empty.mkdir()
    (empty / latin.name).write_bytes(latin.read_bytes())
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{empty}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    out = _probe_fonts(env)
    assert out["korean_fonts"] == []
    before = out["before"]
    assert isinstance(before, list)
    assert all(not any(glyphs) for _, glyphs in before)  # nothing to draw with: boxes or nothing
    assert out["registered"] == i18n.FONT_FAMILY
    after = out["after"]
    assert isinstance(after, list) and after
    assert all(family.lower() == i18n.FONT_FAMILY.lower() and all(glyphs) for family, glyphs in after)


def test_the_bundled_font_is_left_alone_where_the_system_has_korean(qapp: QApplication) -> None:
    if not i18n.system_has_korean_font():
        pytest.skip("this machine has no Korean font of its own")
    out = _probe_fonts({**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out["registered"] is None


def test_the_font_travels_with_its_licence_and_not_under_a_reserved_name() -> None:
    fonts = ROOT / "resources" / "fonts"
    licence = (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Reserved Font Name" in licence
    data = (fonts / i18n.FONT_FILE).read_bytes()
    assert 100_000 < len(data) < 3_000_000  # a subset, not the 4.7 MB original
    assert "FM Explorer Hangul".encode("utf-16-be") in data  # renamed: NanumGothic is a Reserved Font Name
