"""The site's one link-preview image (``og:image``), drawn at build time.

A pasted link shows a card; without an image most chat and social clients show a
bare line. One image serves the whole site: the site's name, its description and how
many papers it holds, white on the theme's indigo, 1200 x 630 pixels (the size link
previews crop to). It is drawn with Pillow and the font Pillow carries (no download,
no system font), and the same catalog gives the same bytes, so an unchanged image is
not rewritten. Drawing it takes tens of milliseconds whatever the catalog's size;
drawing one per paper would cost seconds per thousand papers.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (63, 81, 181)  # Material's indigo, the theme's primary colour
FOREGROUND = (255, 255, 255)
MUTED = (220, 224, 245)
MARGIN = 80
PATH = "assets/preview.png"


def preview_image(site_name: str, description: str, papers: int) -> bytes:
    """The preview image as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    title_font = _fitting_font(draw, site_name, width, sizes=(88, 76, 64, 56))
    for line in _wrap(draw, site_name, title_font, width, max_lines=2):
        draw.text((MARGIN, y), line, font=title_font, fill=FOREGROUND)
        y += int(title_font.size * 1.2)
    y += 24
    body = ImageFont.load_default(size=40)
    for line in _wrap(draw, description, body, width, max_lines=3):
        draw.text((MARGIN, y), line, font=body, fill=MUTED)
        y += 52
    footer = ImageFont.load_default(size=44)
    count = f"{papers:,} arXiv paper{'s' if papers != 1 else ''}"
    draw.text((MARGIN, HEIGHT - MARGIN - 44), count, font=footer, fill=FOREGROUND)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=FOREGROUND)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fitting_font(draw: ImageDraw.ImageDraw, text: str, width: int, sizes: tuple[int, ...]):
    """The largest size at which ``text`` fits in two lines."""
    for size in sizes:
        font = ImageFont.load_default(size=size)
        if len(_wrap(draw, text, font, width, max_lines=99)) <= 2:
            return font
    return ImageFont.load_default(size=sizes[-1])


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``; past ``max_lines`` the last ends with "…"."""
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if not word:
            continue
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            while draw.textlength(word, font=font) > width and len(word) > 1:
                word = word[:-2] + "…"  # one word wider than the image: cut it
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines
