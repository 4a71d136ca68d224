"""PDF/A claims of the bundle's PDFs: which part of the standard a file claims, what would make the claim false.

Why it looks like this:
- A PDF claims PDF/A in its XMP metadata (``pdfaid:part``, ``pdfaid:conformance``);
  nothing checks the claim when the file is opened, so `dossier` checks what it
  can before keeping one: every font embedded (what pdffonts shows as ``emb``),
  one output intent for the whole file.
- The merged bundle claims PDF/A-3b only when each of its parts claims PDF/A
  and the merge kept what the standard asks (`merged_claim`); a scan or a
  word-processor PDF among the exhibits makes it a plain PDF, which says nothing.
- Metadata written here carries no clock (no ``xmp:MetadataDate``): same bytes on every build.
"""
from __future__ import annotations

import hashlib
from typing import Iterator

import pikepdf
from pikepdf import Name, Pdf

_FONT_FILES = (Name.FontFile, Name.FontFile2, Name.FontFile3)


def claim(pdf: Pdf) -> str:
    """The PDF/A part and level the file claims ("3B", "2U", "1A"), or "" for none."""
    try:
        return str(pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False).pdfa_status or "")
    except Exception:  # noqa: BLE001 - unreadable XMP claims nothing
        return ""


def _fonts_in(obj: pikepdf.Object, seen: set) -> Iterator[pikepdf.Dictionary]:
    """The font dictionaries reachable from a resources dictionary (through forms, patterns, Type 3 glyphs)."""
    if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        return
    key = obj.objgen if obj.is_indirect else None
    if key is not None:
        if key in seen:
            return
        seen.add(key)
    fonts = obj.get(Name.Font)
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            if isinstance(font, pikepdf.Dictionary):
                yield font
                yield from _fonts_in(font.get(Name.Resources, pikepdf.Dictionary()), seen)   # Type 3
    for group in (Name.XObject, Name.Pattern):
        for sub in (obj.get(group) or pikepdf.Dictionary()).values() if isinstance(obj.get(group), pikepdf.Dictionary) else ():
            if isinstance(sub, pikepdf.Stream):
                yield from _fonts_in(sub.get(Name.Resources, pikepdf.Dictionary()), seen)


def _page_resources(pdf: Pdf) -> Iterator[pikepdf.Object]:
    for page in pdf.pages:
        yield page.obj.get(Name.Resources, pikepdf.Dictionary())
        for annot in page.obj.get(Name.Annots, pikepdf.Array()):
            ap = annot.get(Name.AP) if isinstance(annot, pikepdf.Dictionary) else None
            if isinstance(ap, pikepdf.Dictionary):
                for look in ap.values():
                    streams = look.values() if isinstance(look, pikepdf.Dictionary) and not isinstance(look, pikepdf.Stream) else [look]
                    for s in streams:
                        if isinstance(s, pikepdf.Stream):
                            yield s.get(Name.Resources, pikepdf.Dictionary())


def _embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get(Name.Subtype)
    if subtype == Name.Type3:
        return True                     # its glyphs are content streams of the file
    if subtype == Name.Type0:
        descendants = font.get(Name.DescendantFonts, pikepdf.Array())
        return len(descendants) > 0 and all(_embedded(d) for d in descendants)
    descriptor = font.get(Name.FontDescriptor)
    return isinstance(descriptor, pikepdf.Dictionary) and any(k in descriptor for k in _FONT_FILES)


def unembedded_fonts(pdf: Pdf) -> list[str]:
    """The names of the fonts the pages use without embedding them (sorted, once each)."""
    seen: set = set()
    missing = set()
    for resources in _page_resources(pdf):
        for font in _fonts_in(resources, seen):
            if not _embedded(font):
                missing.add(str(font.get(Name.BaseFont, Name("/(unnamed)")))[1:])
    return sorted(missing)


def false_claim(pdf: Pdf) -> list[str]:
    """What makes the file's PDF/A claim false, as far as `dossier` checks: its unembedded fonts. [] when no claim."""
    if not claim(pdf):
        return []
    return [f"font {name} not embedded" for name in unembedded_fonts(pdf)]


def drop_claim(pdf: Pdf) -> None:
    """Remove the file's PDF/A claim (its fonts can no longer all be embedded)."""
    if not claim(pdf):
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("pdfaid:part", "pdfaid:conformance", "pdfaid:amd"):
            if key in meta:
                del meta[key]


def _intent_profile(pdf: Pdf) -> str | None:
    """The SHA-256 of the file's PDF/A output intent's ICC profile, None when it has none."""
    for intent in pdf.Root.get(Name.OutputIntents, pikepdf.Array()):
        if intent.get(Name.S) in (Name.GTS_PDFA1,) and Name.DestOutputProfile in intent:
            return hashlib.sha256(intent.DestOutputProfile.read_bytes()).hexdigest()
    return None


def merged_claim(sources: list[Pdf]) -> tuple[Pdf | None, str | None]:
    """Whether the parts allow the merged file to claim PDF/A-3b: (the part whose output intent to copy, why not).

    Every part must claim PDF/A; their output intents, if any, must be the same profile.
    """
    if not sources:
        return None, "no part"
    unclaimed = [i for i, src in enumerate(sources) if not claim(src)]
    if unclaimed:
        return None, f"{len(unclaimed)} part(s) not PDF/A"
    profiles = {_intent_profile(src) for src in sources} - {None}
    if len(profiles) > 1:
        return None, "parts with different output intents"
    with_intent = next((src for src in sources if _intent_profile(src) is not None), None)
    return with_intent, None


def _copy(out: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of another file in `out`: indirect objects through copy_foreign, a direct dictionary key by key."""
    if obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _copy(out, v) for k, v in obj.items()})
    return obj


def set_merged_claim(out: Pdf, intent_from: Pdf | None, title: str, pdfa: bool) -> None:
    """Write the merged file's XMP: its title and producer, and the PDF/A-3b claim when `pdfa`."""
    if pdfa and intent_from is not None:
        out.Root.OutputIntents = pikepdf.Array([_copy(out, intent) for intent in intent_from.Root.OutputIntents])
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["pdf:Producer"] = "dossier"
        if pdfa:
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
