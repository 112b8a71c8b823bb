"""Draws the app icon (fm-explorer.png, 256 px; fm-explorer.ico for Windows; fm-explorer.icns for the macOS
app). Run once; the results are committed. Pillow only."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent


def draw(size: int = 256) -> Image.Image:
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((8, 8, size - 8, size - 8), radius=48, fill=(32, 56, 100, 255))
    # three token "spans" of falling probability, as the Completion panel tints them
    for i, (w, shade) in enumerate(((150, 255), (110, 190), (70, 130))):
        y = 150 + i * 28
        d.rounded_rectangle((40, y, 40 + w, y + 18), radius=6, fill=(120, shade, 160, 255))
    font = ImageFont.load_default(size=96)
    d.text((40, 32), "FM", font=font, fill=(255, 255, 255, 255))
    return im


if __name__ == "__main__":
    icon = draw()
    icon.save(HERE / "fm-explorer.png")
    icon.save(HERE / "fm-explorer.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    icon.save(HERE / "fm-explorer.icns")
