"""The font of the « Pièce n° N » stamps: a subset of DejaVu Sans Bold, embedded in every stamped PDF.

Why it looks like this:
- A PDF/A file must embed every font it uses (ISO 19005-3, 6.2.11.4): the
  letters WeasyPrint writes are PDF/A-3b, and a stamp drawn with the standard
  Helvetica-Bold (nothing embedded) made each stamped exhibit claim PDF/A-3b
  falsely. The stamp now uses a TrueType font the system has (DejaVu Sans Bold
  from fonts-dejavu-core, which scripts/install-system-deps installs; Liberation
  Sans Bold otherwise), cut down with fontTools to the characters a stamp can
  hold: a few kilobytes per PDF.
- One subset per process, made from the font file with its own dates
  (``recalcTimestamp=False``): the same bytes on every build.
- A simple TrueType font with WinAnsiEncoding (the stamp's text is Latin-1),
  its /Widths read from the font's own metrics, as PDF/A requires.
- No font file at all: `stamp_font` returns None and pdfmerge falls back on
  Helvetica-Bold, removing the PDF/A claim of the stamped file (pdfa.py)
  rather than keeping a false one.
"""
from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Every character a stamp may hold: « Pièce n° 12 (3/4) », with its no-break space.
CHARSET = "Pièce n°\u00a00123456789()/ .-"
FIRST_CHAR, LAST_CHAR = 32, 255
SUBSET_TAG = "DOSSTP"        # the six capitals a subset font's name starts with (PDF 9.6.4), fixed: same bytes
_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",       # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",                   # Arch
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",     # Fedora
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


@dataclass(frozen=True)
class StampFont:
    """A font subset ready to embed: its PostScript name, program, metrics in PDF glyph units (1/1000 em)."""

    name: str                  # "DOSSTP+DejaVuSans-Bold"
    program: bytes             # the TrueType subset (/FontFile2)
    widths: tuple[int, ...]    # codes FIRST_CHAR..LAST_CHAR (WinAnsiEncoding), 0 where the subset has no glyph
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        """The advance of `text` at `size` points."""
        total = 0
        for ch in text:
            code = ch.encode("cp1252", errors="replace")[0]
            total += self.widths[code - FIRST_CHAR] if FIRST_CHAR <= code <= LAST_CHAR else 0
        return total * size / 1000


def font_file() -> Path | None:
    """The bold sans-serif TrueType file the stamp is cut from, or None when the system has none."""
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans:bold"], capture_output=True, text=True,
                               timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found.lower().endswith(".ttf") and Path(found).is_file() else None


@lru_cache(maxsize=1)
def stamp_font() -> StampFont | None:
    """The stamp's font subset (made once per process), or None without a font file."""
    path = font_file()
    if path is None:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []        # a stamp needs no ligature nor kerning
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables = [*options.drop_tables, "FFTM"]   # FontForge's timestamps: not a font table a PDF needs
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]   # copyright and names: the licence travels with the font
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in CHARSET}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = []
    for code in range(FIRST_CHAR, LAST_CHAR + 1):
        ch = bytes([code]).decode("cp1252", errors="ignore")
        glyph = cmap.get(ord(ch)) if ch else None
        widths.append(round(hmtx[glyph][0] * scale) if glyph else 0)
    head, hhea = font["head"], font["hhea"]
    os2 = font["OS/2"] if "OS/2" in font else None   # noqa: SIM401 - a TTFont is no dict
    ps_name = str(font["name"].getDebugName(6) or path.stem).replace(" ", "")
    return StampFont(
        name=f"{SUBSET_TAG}+{ps_name}",
        program=out.getvalue(),
        widths=tuple(widths),
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round((getattr(os2, "sCapHeight", 0) or head.yMax) * scale),   # OS/2 v1 (DejaVu) has none: the top
    )
