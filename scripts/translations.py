"""Translation files: extract, compile, fill and check (Qt's own tools, pyside6-lupdate and -lrelease).

    python scripts/translations.py update          # desktop/**.py -> resources/translations/fm_explorer_ko.ts
    python scripts/translations.py release         # .ts -> .qm (the app loads the .qm; both are committed)
    python scripts/translations.py fill FILE.json  # {"Context": {"English source": "번역"}} -> .ts, finished
    python scripts/translations.py check           # exit 1 on unfinished, missing or broken translations
    make translations                              # update, then release

English needs plural forms only ("1 picture", "2 pictures", not "2 picture(s)"): ``update`` also writes
fm_explorer_en.ts with the plural messages alone (lupdate -pluralonly) and fills their two forms from the
source's "(s)", and ``release`` and ``check`` cover it. The app loads it when English is chosen.

``update`` keeps every translation already in the .ts (lupdate merges); strings that left the code are
kept as "vanished" and ignored by lrelease and ``check``. Locations are not stored, so the .ts changes only
when a string does. The glossary and the register (해요체) are in resources/translations/GLOSSARY.md.
``check`` also runs lupdate into a scratch copy, so a string wrapped in tr() but not yet in the .ts counts
as missing, and it compares {placeholders} between each source and its translation.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGS = ("ko",)
SOURCES = ("desktop",)
SKIPPED_TYPES = ("vanished", "obsolete")  # gone from the code; lrelease leaves them out
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%(?:\d+|L\d+)")


def ts_path(lang: str) -> Path:
    return TS_DIR / f"fm_explorer_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TS_DIR / f"fm_explorer_{lang}.qm"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the project's .venv), else on PATH."""
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run `make setup` first (it comes with PySide6).")
    return found


def lupdate(ts: Path, sources: tuple[str, ...] = SOURCES, root: Path = ROOT, plural_only: bool = False) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    args = [tool("pyside6-lupdate"), "-extensions", "py", "-locations", "none", "-silent"]
    if plural_only:
        args += ["-pluralonly", "-target-language", "en"]
    args += [str(root / s) for s in sources] + ["-ts", str(ts)]
    subprocess.run(args, check=True, cwd=root)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


# -- reading and writing the .ts ---------------------------------------------------------------------
@dataclass
class Entry:
    context: str
    source: str
    translation: str
    type: str  # "" (finished), "unfinished", "vanished", "obsolete"

    @property
    def live(self) -> bool:
        return self.type not in SKIPPED_TYPES

    @property
    def finished(self) -> bool:
        return self.type == "" and self.translation != ""


def read_ts(path: Path) -> list[Entry]:
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for msg in context.iter("message"):
            tr = msg.find("translation")
            entries.append(
                Entry(
                    name,
                    msg.findtext("source") or "",
                    _translation_text(tr),
                    tr.get("type", "") if tr is not None else "unfinished",
                )
            )
    return entries


def _translation_text(tr: ET.Element | None) -> str:
    """The translation; for a plural message (``%n``), its forms joined by newlines ("" if any is empty)."""
    if tr is None:
        return ""
    forms = tr.findall("numerusform")
    if forms:
        texts = [f.text or "" for f in forms]
        return "\n".join(texts) if all(texts) else ""
    return tr.text or ""


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    """Write the .ts laid out as lupdate lays it out (contexts at the margin), so updates diff small."""
    root = tree.getroot()
    root.text = "\n"
    for context in root:
        ET.indent(context, space="    ")
        context.tail = "\n"
    body = ET.tostring(root, encoding="unicode").replace("'", "&apos;")  # lupdate's escaping
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")


def fill(path: Path, translations: dict[str, dict[str, str]]) -> tuple[int, list[tuple[str, str]]]:
    """Put translations into the .ts, marked finished. Returns (how many set, (context, source) not found)."""
    tree = ET.parse(path)
    wanted = {(ctx, src): text for ctx, pairs in translations.items() for src, text in pairs.items()}
    done: set[tuple[str, str]] = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for msg in context.iter("message"):
            key = (name, msg.findtext("source") or "")
            if key not in wanted:
                continue
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            if tr.get("type") in SKIPPED_TYPES:
                continue
            if msg.get("numerus") == "yes":  # Korean has one plural form: the same text for every count
                set_forms(tr, [wanted[key]])
            else:
                tr.text = wanted[key]
                tr.attrib.pop("type", None)
            done.add(key)
    write_ts(tree, path)
    return len(done), sorted(set(wanted) - done)


def set_forms(tr: ET.Element, forms: list[str] | tuple[str, ...]) -> None:
    """A plural message's translation: these forms, in order, marked finished."""
    for form in tr.findall("numerusform"):
        tr.remove(form)
    for text in forms:
        ET.SubElement(tr, "numerusform").text = text
    tr.text = None
    tr.attrib.pop("type", None)


def english_forms(source: str) -> tuple[str, str]:
    """The singular and plural of an English plural message: "%n token(s)" -> "%n token", "%n tokens"."""
    return source.replace("(s)", ""), source.replace("(s)", "s")


def fill_english_plurals(path: Path) -> int:
    """Give every plural message of the English .ts without forms its two forms. Returns how many."""
    tree = ET.parse(path)
    done = 0
    for msg in tree.getroot().iter("message"):
        tr = msg.find("translation")
        if msg.get("numerus") != "yes" or tr is None or tr.get("type") in SKIPPED_TYPES:
            continue
        if tr.get("type") != "unfinished" and all(f.text for f in tr.findall("numerusform")):
            continue
        set_forms(tr, english_forms(msg.findtext("source") or ""))
        done += 1
    write_ts(tree, path)
    return done


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(entries: list[Entry]) -> dict[str, list[Entry]]:
    live = [e for e in entries if e.live]
    return {
        "unfinished": [e for e in live if not e.finished],
        "placeholders": [e for e in live if e.finished and placeholders(e.source) != placeholders(e.translation)],
    }


def missing_sources(lang: str) -> list[tuple[str, str]]:
    """Strings in the code that the .ts does not have yet (lupdate into a scratch copy)."""
    current = ts_path(lang)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / current.name
        if current.exists():
            shutil.copyfile(current, scratch)
        lupdate(scratch)
        before = {(e.context, e.source) for e in read_ts(current) if e.live} if current.exists() else set()
        after = {(e.context, e.source) for e in read_ts(scratch) if e.live}
    return sorted(after - before)


# -- commands ------------------------------------------------------------------------------------------
def cmd_update(_: argparse.Namespace) -> int:
    for lang in LANGS:
        lupdate(ts_path(lang))
        counts = problems(read_ts(ts_path(lang)))
        print(f"{ts_path(lang).relative_to(ROOT)}: {len(counts['unfinished'])} unfinished")
    lupdate(ts_path("en"), plural_only=True)
    print(f"{ts_path('en').relative_to(ROOT)}: {fill_english_plurals(ts_path('en'))} plural messages given forms")
    return 0


def cmd_release(_: argparse.Namespace) -> int:
    for lang in (*LANGS, "en"):
        lrelease(ts_path(lang), qm_path(lang))
        print(f"{qm_path(lang).relative_to(ROOT)}: {qm_path(lang).stat().st_size:,} bytes")
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    count, unknown = fill(ts_path(args.lang), data)
    print(f"{count} translations set in {ts_path(args.lang).relative_to(ROOT)}")
    for ctx, src in unknown:
        print(f"  not in the .ts (run update first?): [{ctx}] {src[:70]!r}", file=sys.stderr)
    return 1 if unknown else 0


def cmd_check(args: argparse.Namespace) -> int:
    bad = 0
    for lang in LANGS:
        entries = read_ts(ts_path(lang))
        found = problems(entries)
        missing = [] if args.no_scan else missing_sources(lang)
        live = sum(e.live for e in entries)
        print(
            f"{lang}: {live} strings, {len(found['unfinished'])} unfinished, {len(missing)} missing from the .ts, "
            f"{len(found['placeholders'])} with placeholders that differ"
        )
        for e in found["unfinished"][: args.show]:
            print(f"  unfinished [{e.context}] {e.source[:80]!r}")
        for ctx, src in missing[: args.show]:
            print(f"  missing    [{ctx}] {src[:80]!r}")
        for e in found["placeholders"][: args.show]:
            ours, theirs = placeholders(e.source), placeholders(e.translation)
            print(f"  placeholders [{e.context}] {e.source[:60]!r}: {ours} vs {theirs}")
        bad += len(found["unfinished"]) + len(missing) + len(found["placeholders"])
    english = [e for e in read_ts(ts_path("en")) if e.live]
    lacking = [e for e in english if not e.finished or "(s)" in e.translation]
    print(f"en: {len(english)} plural messages, {len(lacking)} without their forms")
    for e in lacking[: args.show]:
        print(f"  no forms [{e.context}] {e.source[:80]!r}")
    return 1 if bad or lacking else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="lupdate desktop/ into the .ts files").set_defaults(func=cmd_update)
    sub.add_parser("release", help="lrelease the .ts files into .qm").set_defaults(func=cmd_release)
    p_fill = sub.add_parser("fill", help="merge a JSON of translations into the .ts")
    p_fill.add_argument("file")
    p_fill.add_argument("--lang", default="ko", choices=LANGS)
    p_fill.set_defaults(func=cmd_fill)
    p_check = sub.add_parser("check", help="exit 1 on unfinished, missing or broken translations")
    p_check.add_argument("--show", type=int, default=20, help="list at most this many of each problem")
    p_check.add_argument("--no-scan", action="store_true", help="read the .ts only (skip the lupdate scan)")
    p_check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
