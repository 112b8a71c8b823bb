"""The notes' vocabulary in the Korean translations: read the glossary's terms and rewrite old terms.

    python scripts/glossary.py check [FILE ...]   # list translations that use a term the glossary forbids
    python scripts/glossary.py fix FILE ...       # rewrite forbidden terms (with their particles) in place

FILE is a .ts or a pending JSON ({"Context": {"English": "한국어"}}); without FILE, the app's .ts.
The glossary (resources/translations/GLOSSARY.md) lists, for each term, the Korean the study notes use and
the words it replaces ("Not"). Particles after a replaced word follow its last syllable (크롤을, 런으로).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "resources" / "translations" / "GLOSSARY.md"
TS = ROOT / "resources" / "translations" / "fm_explorer_ko.ts"


def terms() -> list[tuple[str, str, list[str]]]:
    """(English, Korean, [forbidden Korean]) for each row of the glossary's table that has a "Not" cell."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] not in ("English", "---") and not set(cells[0]) <= {"-"}:
            banned = [w.strip() for w in cells[2].split(",") if w.strip()]
            rows.append((cells[0], cells[1], banned))
    return rows


def _has_final(syllable: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for a Hangul syllable."""
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return False, False
    final = code % 28
    return final != 0, final == 8


def _particle(word: str, particle: str) -> str:
    """The particle that follows ``word``: 을/를, 은/는, 이/가, 과/와, 으로/로, 이에요/예요."""
    final, rieul = _has_final(word[-1])
    pairs = {("을", "를"), ("은", "는"), ("이", "가"), ("과", "와")}
    for with_final, without in pairs:
        if particle in (with_final, without):
            return with_final if final else without
    if particle in ("으로", "로"):
        return "으로" if final and not rieul else "로"
    if particle in ("이에요", "예요"):
        return "이에요" if final else "예요"
    return particle


PARTICLES = r"(이에요|예요|으로|로|을|를|은|는|이|가|과|와)?"


def _swap(text: str, old: str, new: str) -> str:
    """Every ``old`` (with an optional "(english)" after it, then an optional particle) as ``new``."""
    pattern = re.compile(re.escape(old) + r"(\([^()]*\))?" + PARTICLES)

    def swap(m: re.Match[str]) -> str:
        paren, particle = m.group(1) or "", m.group(2) or ""
        return new + paren + (_particle(new, particle) if particle else "")

    return pattern.sub(swap, text)


def fix_text(text: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        # "토큰당 시간" -> "출력 토큰당 시간": where the new term already stands, it is left alone
        parts = text.split(new) if old in new else [text]
        text = new.join(_swap(part, old, new) for part in parts)
    return text


def replacements() -> list[tuple[str, str]]:
    """(old, new) word pairs. A row of several terms ("크롤 / 워크 / 런" for "기어가기, 걷기, 달리기")
    pairs them in order."""
    pairs = []
    for _, korean, banned in terms():
        new_terms = [k.split("(")[0].strip() for k in korean.split(" / ")]
        if len(new_terms) != len(banned):
            new_terms = [new_terms[0]] * len(banned)
        pairs += list(zip(banned, new_terms, strict=True))
    # Longest first: "토큰당 시간" before any shorter word inside it.
    return sorted(pairs, key=lambda p: -len(p[0]))


def _entries(path: Path) -> list[tuple[str, str]]:
    """(source, translation) pairs of a .ts or a pending JSON."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(src, tr) for ctx in data.values() for src, tr in ctx.items()]
    import xml.etree.ElementTree as ET

    out = []
    for message in ET.parse(path).getroot().iter("message"):
        tr = message.find("translation")
        if tr is not None and tr.get("type") not in ("vanished", "obsolete"):
            out.append((message.findtext("source") or "", "".join(tr.itertext())))
    return out


def offences(path: Path) -> list[tuple[str, str, str]]:
    """(forbidden word, source, translation) for each translation that still uses a forbidden word."""
    found = []
    for source, translation in _entries(path):
        for old, new in replacements():
            if old in translation.replace(new, ""):
                found.append((old, source, translation))
    return found


def fix_file(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        fixed = {c: {s: fix_text(t, replacements()) for s, t in msgs.items()} for c, msgs in data.items()}
        new = json.dumps(fixed, ensure_ascii=False, indent=2) + "\n"
    else:  # only inside <translation> elements, never a source
        new = re.sub(
            r"(<translation[^>]*>)(.*?)(</translation>)",
            lambda m: m.group(1) + fix_text(m.group(2), replacements()) + m.group(3),
            text,
            flags=re.S,
        )
    path.write_text(new, encoding="utf-8")
    return sum(a != b for a, b in zip(text.splitlines(), new.splitlines(), strict=False))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "fix"):
        print(__doc__)
        return 2
    files = [Path(a) for a in argv[1:]] or [TS]
    if argv[0] == "fix":
        for f in files:
            print(f"{f}: {fix_file(f)} lines changed")
        return 0
    bad = [(f, o) for f in files for o in offences(f)]
    for f, (word, source, _tr) in bad:
        print(f"{f.name}: “{word}” in the translation of: {source[:80]!r}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
