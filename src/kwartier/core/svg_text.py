"""Text in the server-drawn SVG charts: how wide a line is, and making it fit.

SVG text does not wrap and the server cannot measure it, so widths are estimated from
the character widths of DejaVu Sans, the widest of the fonts a browser ends up with
(Segoe UI, Roboto, Helvetica and Arial are narrower, and DejaVu is what a Linux browser
without them shows). A line that fits by this estimate fits on screen. A text that had
to be shortened keeps its full wording in a `<title>` (a tooltip, read by screen
readers). Pure Python, no Django: the drawing modules stay testable on their own.
"""

from __future__ import annotations

from html import escape

# Advance widths of DejaVu Sans in em, rounded up; anything not listed counts as wide.
_WIDTHS: dict[str, float] = {}
for _chars, _width in (
    (" .,:;'!|·", 0.32),
    ("ijlIJ", 0.30),
    ("-()[]/f", 0.40),
    ("rt", 0.42),
    ("sczSL", 0.56),
    ("abdeghknopquvxy0123456789?€$#_+=<>FPTYZ", 0.64),
    ("ABCEKRVX&", 0.70),
    ("DGHNOQU%", 0.79),
    ("mMw", 0.98),
    ("W…", 1.0),
):
    for _char in _chars:
        _WIDTHS[_char] = _width
WIDE = 0.70
BOLD = 1.13  # DejaVu Sans Bold against the regular face
ELLIPSIS = "…"


def width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of `text` in user units at font size `size`."""
    em = sum(_WIDTHS.get(char, WIDE) for char in text)
    return em * size * (BOLD if bold else 1.0)


def fits(text: str, room: float, size: float, bold: bool = False) -> bool:
    return width(text, size, bold) <= room


def shorten(text: str, room: float, size: float, bold: bool = False) -> str:
    """`text` on one line of at most `room` wide, ending in "…" when it was cut."""
    text = " ".join(text.split())
    if fits(text, room, size, bold):
        return text
    cut = text
    while cut and not fits(cut.rstrip() + ELLIPSIS, room, size, bold):
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def wrap(text: str, room: float, size: float, bold: bool = False, max_lines: int = 2) -> list[str]:
    """`text` in at most `max_lines` lines of at most `room` wide, broken between words;
    a word longer than a line, or what does not fit in the last line, is shortened."""
    words, lines, current = " ".join(text.split()).split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if not current or fits(candidate, room, size, bold):
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [shorten(line, room, size, bold) for line in lines]


def was_shortened(lines: list[str] | str) -> bool:
    lines = [lines] if isinstance(lines, str) else lines
    return any(line.endswith(ELLIPSIS) for line in lines)


def title(text: str) -> str:
    """A `<title>` child with the full text (put it first inside the `<text>`)."""
    return f"<title>{escape(' '.join(text.split()))}</title>"
