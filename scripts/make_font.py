"""How resources/fonts/FMExplorerHangul-Regular.ttf was made (run by hand, not at setup or run time).

The app ships a Hangul fallback font so that Korean renders on a machine with no CJK font at all (a fresh
Debian 12 showed the Tokenizer's Korean examples as empty boxes). The source is Nanum Gothic (SIL Open
Font License 1.1, NAVER Corporation) from Debian's ``fonts-nanum`` package. This script subsets it to

- the 11,172 precomposed Hangul syllables (U+AC00-U+D7A3),
- Hangul jamo, compatibility jamo and halfwidth forms (U+1100-U+11FF, U+3130-U+318F, U+FFA0-U+FFDC),
- printable ASCII, Latin-1 punctuation, general punctuation, CJK symbols and punctuation, and a few
  arrows and shapes the UI uses (U+0020-U+007E, U+00A0-U+00BF, U+2010-U+206F, U+3000-U+303F, ...),

but not U+005C: Nanum Gothic draws the won sign (₩) at the backslash's code point, as Korean code pages
once did, so the stop-string hint read "예: ₩n, ###". Left out, the backslash comes from the system's
font (Qt's fallback), and looks like a backslash.

Because a subset is a "Modified Version" under the OFL and "NanumGothic" is a Reserved Font Name, it
renames the family to "FM Explorer Hangul". The licence (OFL.txt) travels beside the font.

Steps, in a scratch folder (never into the project's .venv):

    cd /tmp/ko && apt-get download fonts-nanum && dpkg -x fonts-nanum_*.deb x
    python3 -m pip install --target /tmp/ft fonttools
    PYTHONPATH=/tmp/ft python3 scripts/make_font.py /tmp/ko/x/usr/share/fonts/truetype/nanum/NanumGothic.ttf

The font is registered at run time by ``desktop.i18n.install_fonts`` only where the system has no font
that covers Hangul.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FAMILY = "FM Explorer Hangul"
POSTSCRIPT = "FMExplorerHangul-Regular"
OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / f"{POSTSCRIPT}.ttf"

RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 punctuation and letters
    (0x1100, 0x11FF),  # Hangul jamo
    (0x2010, 0x206F),  # general punctuation (dashes, quotes, ellipsis)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xFF01, 0xFF5E),  # fullwidth ASCII
    (0xFFA0, 0xFFDC),  # halfwidth Hangul
)


# Code points left out although a range above covers them: the font draws something else there.
LEFT_OUT = {0x005C: "the won sign (₩) is drawn at the backslash"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NanumGothic.ttf from Debian's fonts-nanum")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from fontTools import subset  # scratch install only: python3 -m pip install --target /tmp/ft fonttools
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # the hints are most of the size; Qt renders unhinted Hangul well
    options.desubroutinize = True
    font = TTFont(str(args.source))
    subsetter = subset.Subsetter(options=options)
    wanted = [cp for low, high in RANGES for cp in range(low, high + 1) if cp not in LEFT_OUT]
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 4, 16, 18, 21):
            record.string = FAMILY if record.nameID != 4 else f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = POSTSCRIPT
        elif record.nameID == 3:
            record.string = f"{POSTSCRIPT};subset of NanumGothic by FM Explorer"
        elif record.nameID == 2:
            record.string = "Regular"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.output))
    print(f"{args.output}: {args.output.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
