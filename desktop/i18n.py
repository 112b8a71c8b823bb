"""The app's language: translators, the language setting, the Hangul fallback font, locale-aware numbers.

- The setting ``ui/language`` is ``"system"`` (the default: Korean on a Korean system, English otherwise),
  ``"en"`` or ``"ko"``. :func:`install` runs before the main window is built (``desktop/app.py``);
  :func:`switch` applies a new choice at run time.
- A language is two translators: ``resources/translations/fm_explorer_<lang>.qm`` (this app's strings,
  made by ``make translations`` from the ``.ts``) and Qt's own ``qtbase_<lang>.qm`` that PySide6 ships
  (the file dialog, standard buttons). Installing a translator makes Qt send ``QEvent.LanguageChange`` to
  every widget; a panel that rebuilds its texts in ``changeEvent`` follows at once, the others after a
  restart (the Language menu says so).
- Strings in ``desktop/ui`` and ``desktop/services`` use ``self.tr("...")`` or
  ``QCoreApplication.translate(context, "...")``; messages from ``desktop/core`` carry an English template
  and arguments (see :mod:`desktop.core.messages`) and are translated here by :func:`translate_message`.
- Numbers and dates go through :func:`format_number`, :func:`format_int` and :func:`format_datetime`,
  which follow the language's locale (``QLocale.setDefault``).
- Hangul renders even where the system has no Korean font: :func:`install_fonts` registers the bundled
  "FM Explorer Hangul" (a subset of Nanum Gothic, OFL; ``scripts/make_font.py``) only in that case.

For the pass that wraps strings (and anyone adding one):
- Whole sentences in ``self.tr("...")``, variable parts as ``{name}`` filled by ``.format`` after ``tr``;
  plurals as ``self.tr("%n model(s)", "", n)``. Never ``self.tr(f"...")`` or ``parent.tr(...)`` (lupdate
  then files the string under the context "parent", which ``tr`` never looks up).
- Set texts in a ``retranslate()`` method called from ``__init__`` and on language change
  (``desktop.ui.language.on_language_change(self, self.retranslate)``), so a switch applies at once.
- Lists whose English text is also a key (Tokenizer examples, presets): keep the key in the item's data
  and show ``QCoreApplication.translate(context, key)``.
- Then ``make translations``, translate the new entries (``scripts/translations.py fill ko.json``, with
  ``resources/translations/GLOSSARY.md``), ``make translations`` again, and commit the .ts and .qm.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase

from desktop.core.messages import Message, format_template
from desktop.resources import resource

if TYPE_CHECKING:
    import datetime as _dt

SETTING = "ui/language"
ENV = "FM_EXPLORER_LANG"
CHOICES: tuple[str, ...] = ("system", "en", "ko")
LANGUAGES: tuple[str, ...] = ("en", "ko")  # the languages the app has; "en" needs no translation file
FONT_FILE = "FMExplorerHangul-Regular.ttf"
FONT_FAMILY = "FM Explorer Hangul"


class _SettingsLike(Protocol):
    def get_choice(self, key: str, choices: list[str] | tuple[str, ...], default: str) -> str: ...
    def set(self, key: str, value: object) -> None: ...


_translators: list[QTranslator] = []
_language = "en"
_font_family: str | None = None


# -- choosing ---------------------------------------------------------------------------------------
def resolve(choice: str, system: QLocale | None = None) -> str:
    """The language a choice means: ``"system"`` follows the system locale (Korean if it is Korean)."""
    if choice in LANGUAGES:
        return choice
    locale = system if system is not None else QLocale.system()
    return "ko" if locale.language() == QLocale.Language.Korean else "en"


def stored_choice(settings: _SettingsLike) -> str:
    return settings.get_choice(SETTING, CHOICES, "system")


def current_language() -> str:
    """``"en"`` or ``"ko"``: what is installed now."""
    return _language


def translations_dir() -> Path:
    return resource("translations")


def app_translation(lang: str) -> Path:
    return translations_dir() / f"fm_explorer_{lang}.qm"


def qt_translation_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def locale_for(lang: str, system: QLocale | None = None) -> QLocale:
    """The system locale when it speaks ``lang`` (keeps its region's habits); else the language's main one."""
    locale = system if system is not None else QLocale.system()
    wanted = QLocale.Language.Korean if lang == "ko" else QLocale.Language.English
    if locale.language() == wanted:
        return locale
    return QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea) if lang == "ko" else QLocale("en_US")


# -- installing -------------------------------------------------------------------------------------
def install_language(lang: str, system: QLocale | None = None) -> list[str]:
    """Remove this module's translators and install ``lang``'s (app + qtbase; English: the app's plural forms
    alone). Sets the default locale. Returns the files that were loaded. Needs a QCoreApplication."""
    global _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QCoreApplication")
    for old in _translators:
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    _translators.clear()
    loaded: list[str] = []
    # English has the app's plural forms only ("1 picture", "2 pictures"; the source says "picture(s)").
    candidates = [(app_translation(lang).stem, str(translations_dir()))]
    if lang != "en":
        candidates.append((f"qtbase_{lang}", qt_translation_dir()))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            QCoreApplication.installTranslator(translator)  # Qt posts QEvent.LanguageChange
            _translators.append(translator)
            loaded.append(str(Path(folder) / f"{name}.qm"))
    QLocale.setDefault(locale_for(lang, system))
    _language = lang
    return loaded


def installed_files() -> list[str]:
    """The .qm files of this module's translators installed now (none: not even English's plural forms)."""
    return [t.filePath() for t in _translators]


def install(settings: _SettingsLike) -> str:
    """At start, before any window: fonts, then the stored language (``FM_EXPLORER_LANG=ko`` or ``en``
    overrides it for one run, e.g. screenshots). Returns the language installed."""
    install_fonts()
    override = os.environ.get(ENV, "")
    lang = resolve(override if override in CHOICES else stored_choice(settings))
    install_language(lang)
    return lang


def switch(settings: _SettingsLike, choice: str) -> str:
    """Store a new choice and install it now. Returns the language it resolved to."""
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    settings.set(SETTING, choice)
    lang = resolve(choice)
    install_language(lang)
    return lang


def system_has_korean_font() -> bool:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    return any(family != FONT_FAMILY for family in families)


def install_fonts(force: bool = False) -> str | None:
    """Register the bundled Hangul font when the system has no Korean font (or ``force``). Returns its
    family when registered (now or before), else None. fontconfig (Linux) then uses it as the fallback
    for Hangul only: Latin text keeps the system's font. Needs a QGuiApplication."""
    global _font_family
    if _font_family is not None:
        return _font_family
    if not force and system_has_korean_font():
        return None
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", FONT_FILE)))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    _font_family = families[0] if families else None
    return _font_family


# -- translating core messages ------------------------------------------------------------------------
def translate_message(msg: Message | str) -> str:
    """A core :class:`Message` in the installed language (arguments that are Messages too); a plain string
    as it is."""
    if isinstance(msg, str):
        return msg
    template = QCoreApplication.translate(msg.context, msg.template) if msg.context else msg.template
    args = {k: translate_message(v) if isinstance(v, Message) else v for k, v in msg.args.items()}
    return format_template(template, args)


def error_text(exc: BaseException) -> str:
    """An exception's message for a person: an FMError's translated text, else ``Type: message``."""
    text = getattr(exc, "text", None)
    if isinstance(text, Message):
        return translate_message(text)
    return f"{type(exc).__name__}: {exc}"


def error_and_details(exc: BaseException) -> tuple[str, str]:
    """:func:`error_text` and the technical details beside it (never translated): an FMError's own details,
    else the traceback. What a service hands a panel or the error dialog when a job fails."""
    details = getattr(exc, "details", None)
    if not isinstance(details, str) or not isinstance(getattr(exc, "text", None), Message):
        import traceback  # when a job failed: not on the way to the first frame

        details = "".join(traceback.format_exception(exc))
    return error_text(exc), details


# -- numbers and dates --------------------------------------------------------------------------------
def format_int(value: int) -> str:
    """``12,345`` in English and Korean alike; other locales their own way."""
    return QLocale().toString(int(value))


def format_number(value: float, decimals: int = 1) -> str:
    """A fixed-point number with the locale's separators (``1,234.5``)."""
    return QLocale().toString(float(value), "f", decimals)


def format_datetime(value: _dt.datetime, long: bool = False) -> str:
    """A date and time in the locale's format (Korean: ``2026. 11. 26. 오후 3:09``)."""
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    moment = QDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second)
    return QLocale().toString(moment, fmt)
