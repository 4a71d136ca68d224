"""What a lint rule reads and returns: the `Subject` (one document with its case), the `Finding`, and the text helpers every rule shares.

The text is normalised (NFC, plain apostrophes and spaces) and cut into
sentences; `fold` also drops case and accents for the rules written without
them. The statute quoted in agency mode (CPCE L111-8 al. 2 and 3) is kept here
because the runner takes it out of the text the other rules read, and the
agency rule checks it is there.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Callable

from ..records.model import Case, Project

L111_8_AL2 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, "
    "sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. "
    "Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire."
)
L111_8_AL3 = (
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer "
    "sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la "
    "charge du débiteur de mauvaise foi."
)


@dataclass(frozen=True)
class Subject:
    """What a rule reads: one document and its case, as of the document's date."""

    case: Case
    project: Project
    doc: Any                  # documents.Document
    text: str                 # normalised plain text, the L111-8 quotation removed
    full_text: str            # normalised plain text, as written
    statement: Any            # the case's statement on the build date
    ladder: Any

    @property
    def prescribed(self) -> bool:
        """Prescribed on the document's date (a letter sent in time stays lawful)."""
        presc = getattr(self.statement, "prescription", None)
        return bool(presc and self.doc.date > presc)


@dataclass(frozen=True)
class Finding:
    rule: str
    sentence: str
    why: str
    severity: str = "error"
    why_fr: str = field(default="", compare=False)   # the same reason in French, for the status site


Rule = Callable[[Subject], list[Finding]]


def normalise(text: str) -> str:
    """NFC, typographic apostrophes and no-break spaces made plain: rules match one spelling."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def sentences(text: str) -> list[str]:
    """Sentences and lines of a text (a list item or a table row is a sentence of its own)."""
    out = []
    for line in text.split("\n"):
        for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"(])", line):
            part = part.strip()
            if part:
                out.append(part)
    return out


def _find(pattern: re.Pattern[str], text: str, keep: Callable[[str, re.Match[str]], bool] | None = None) -> list[str]:
    found = []
    for sentence in sentences(text):
        for m in pattern.finditer(sentence):
            if keep is None or keep(sentence, m):
                found.append(sentence)
                break
    return found


# The documents a debtor receives (the call sheet is the staff's, the declaration the mandataire's).
TO_DEBTOR = ("letter", "email", "sms", "plan")


@lru_cache(maxsize=1 << 16)   # every rule folds the same sentences again: once each (docs/performance.md)
def fold(text: str) -> str:
    """Lower case without accents: "Pénales" and "penales" read alike."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _find_folded(pattern: re.Pattern[str], text: str, keep: Callable[[str], bool] | None = None) -> list[str]:
    """The sentences of `text` whose folded form matches `pattern` (written without accents, in lower case)."""
    return [x for x in sentences(text) if pattern.search(fold(x)) and (keep is None or keep(fold(x)))]


def _to_debtor(s: Subject) -> bool:
    return s.doc.kind in TO_DEBTOR


def _failed(s: Subject) -> bool:
    """A document that could not be rendered already fails the build: its missing mentions are not reported too."""
    return any(i.severity == "error" for i in getattr(s.doc, "issues", ()) or ())
