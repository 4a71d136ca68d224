"""Typography a law office expects in every document: superscripts and non-breaking spaces (issue 14).

Read on the document's HTML, where the superscripts and the non-breaking
spaces still are (the plain text the other rules read has lost both):

- « n<sup>os</sup> » before several numbers, never « nos » or « n°s »;
- « 1<sup>er</sup> » (the first of a month, an article's first paragraph), never « 1er »;
- a non-breaking space (U+00A0 or U+202F) before « € » and « % », and after a
  number followed by its unit (« 30 jours », « 10 points », « 6 mois »).

A finding is a warning: a plain space does not make a letter unlawful, but
a line that breaks between « 40 » and « € » is not what a lawyer signs.
"""
from __future__ import annotations

import html as htmllib
import re

from .lint_subject import Finding, Subject

SUP_OPEN, SUP_CLOSE = "\x01", "\x02"
_INLINE = re.compile(r"</?(?:strong|em|b|i|span|a|u|small)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = "[ \t]"   # a breaking space; U+00A0 and U+202F do not match
_UNITS = (r"jours?|mois|ans|années?|semaines?|heures?|points?|mensualités|échéances|exemplaires|pages?|"
          r"factures|salariés|kilomètres|km|h|min")
PATTERNS: tuple[tuple[re.Pattern, str, str], ...] = (
    (re.compile(rf"\d(?:{_SPACE}+)?[€%]"), "a plain space or none between a number and € or %",
     "espace insécable manquante entre le nombre et «\u00a0€\u00a0» ou «\u00a0%\u00a0»"),
    (re.compile(rf"\b\d+(?:,\d+)?{_SPACE}+(?:{_UNITS})\b"), "a plain space between a number and its unit",
     "espace insécable manquante entre le nombre et son unité"),
    (re.compile(r"(?<![\w\x01])1er\b"), "« 1er » without superscript: write 1<sup>er</sup>",
     "«\u00a01er\u00a0» sans exposant (écrire 1<sup>er</sup>)"),
    (re.compile(r"\b(?:nos|n°s)(?=[\s\u00a0\u202f]+[A-Z]{0,6}[-\s]?\d)"), "« nos » before numbers without superscript: write n<sup>os</sup>",
     "«\u00a0nos\u00a0» devant des numéros sans exposant (écrire n<sup>os</sup>)"),
)


def visible_text(html: str) -> str:
    """The body's text with block tags as line breaks, inline tags dropped, <sup> kept as markers, entities decoded."""
    body = html.partition("<body")[2] or html
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S | re.I)
    body = re.sub(r"<sup\b[^>]*>", SUP_OPEN, body, flags=re.I).replace("</sup>", SUP_CLOSE)
    body = _INLINE.sub("", body)
    body = _TAG.sub("\n", body)
    return htmllib.unescape(body)


def _excerpt(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left, right = max(left, start - 40), min(right, end + 40)
    return text[left:right].replace(SUP_OPEN, "<sup>").replace(SUP_CLOSE, "</sup>").strip()


def typography(s: Subject) -> list[Finding]:
    """Superscripts (n<sup>os</sup>, 1<sup>er</sup>) and non-breaking spaces around € and after numbers."""
    html = getattr(s.doc, "html", "") or ""
    if not html or s.doc.kind == "sms":
        return []
    text = visible_text(html)
    out: list[Finding] = []
    for pattern, why, why_fr in PATTERNS:
        for m in pattern.finditer(text):
            out.append(Finding("typography", _excerpt(text, m.start(), m.end()), why, "warning", why_fr))
    return out
