"""How a letter names people, places and things in French, from the data typed in the records.

Salutations and legal forms, the town of an address, a SIREN grouped, invoice
references ("les factures nos …"), lists of dates and amounts, a public
buyer's legal representative and its administrative court, and French
typography on typed data. context.py and builders.py put these phrases in the
values a template receives; nothing here renders a template.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Sequence

from ..law import money
from ..records.identifiers import compact, display
from ..records.model import Case

# The tribunal administratif of a département (CJA R221-3), for the référé-provision against a public buyer.
ADMINISTRATIVE_COURTS = {
    "01": "Lyon", "07": "Lyon", "42": "Lyon", "69": "Lyon",
    "05": "Grenoble", "26": "Grenoble", "38": "Grenoble", "73": "Grenoble", "74": "Grenoble",
    "03": "Clermont-Ferrand", "15": "Clermont-Ferrand", "43": "Clermont-Ferrand", "63": "Clermont-Ferrand",
    "75": "Paris",
}
# Public buyers whose legal representative signs for them: the office, from the start of the debtor's name.
PUBLIC_OFFICES = (
    (re.compile(r"(?i)^(?:commune|ville|mairie)\s+(?:de\s+|d’|d')(.+)$"), "Maire", "la Maire", "de {place}"),
    (re.compile(r"(?i)^((?:communauté|métropole|région|collectivité)\b.*)$"), "Président", "la Présidente", "de la {name}"),
    (re.compile(r"(?i)^((?:syndicat|département|conseil)\b.*)$"), "Président", "la Présidente", "du {name}"),
)


def french_spaces(text: str) -> str:
    """An amount typed in a YAML file ("20 000 €") spaced as computed ones are: U+202F in thousands, NBSP before €."""
    text = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))", "\u202f", str(text))
    return re.sub(r"(?<=\S) (?=€)", "\u00a0", text)


_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_FIRST = re.compile(rf"\b1er(?=[\u00a0 ](?:{_MONTHS})\b)")
_NOS = re.compile(r"\bnos(?=\u00a0)")
_POINTS = re.compile(r"(\+ \d+) points\)")   # the rate's basis computed by law/interest.py: « taux BCE 2,15 % + 10 points) »


def _typeset_text(text: str) -> str:
    text = text.replace("&#39;", "’").replace("'", "’")
    # Issue 14: the dates and references computed for a document (« 1er février », « factures nos F… ») in superscript.
    text = _POINTS.sub(lambda m: m.group(1) + "\u00a0points)", text)
    return _NOS.sub("n<sup>os</sup>", _FIRST.sub("1<sup>er</sup>", text))


def typeset(html: str) -> str:
    """The text of a document's body set as a letter is: apostrophes typed straight in case data (« rue d'Algérie »)
    become typographic, « 1er » of a date and « nos » before invoice numbers are put in superscript."""
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    body = re.sub(r">[^<]+<", lambda m: ">" + _typeset_text(m.group(0)[1:-1]) + "<", body)
    return head + sep + body


def form_of(name: str, form: str | None) -> str | None:
    """The legal form to print after a name, unless the name already ends with it ("Cave Roux & Fils SARL")."""
    if not form or re.search(rf"(?i)\b{re.escape(form)}\s*$", name):
        return None
    return form


def _group_siren(siren: str) -> str:
    """A SIREN (or SIRET) as letters print it, in groups joined by no-break spaces: « 812 345 676 »."""
    if not siren:
        return ""
    return display("siret" if len(compact(siren)) == 14 else "siren", siren)


def place_of(address: Sequence[str]) -> str:
    """The town of a French address ("69002 Lyon Cedex 02" → "Lyon"), for "Lyon, le …"."""
    for line in reversed(address):
        m = re.match(r"\s*\d{5}\s+(.+)$", line)
        if m:
            town = re.sub(r"\s+cedex.*$", "", m.group(1), flags=re.I).strip()
            return town
    return address[-1] if address else ""


def salutation_of(contact: str | None) -> str:
    """"Madame", "Monsieur", "Monsieur le Maire" from "Mme Claire Dupont", "M. Paul Leroy", "M. le Maire"."""
    text = (contact or "").strip()
    m = re.match(r"(?i)(mme|madame|m\.|monsieur|mr)\s+(.*)$", text)
    if not m:
        return "Madame, Monsieur"
    title = "Madame" if m.group(1).lower() in ("mme", "madame") else "Monsieur"
    rest = m.group(2)
    office = re.match(r"(?i)(le|la)\s+(\w[\w-]*)$", rest)
    return f"{title} {office.group(1).lower()} {office.group(2)}" if office else title


def _invoice_ref(owing: list) -> str:
    numbers = [i.number for i in owing]
    if not numbers:   # a document dated before any invoice (its error says so): no number to cite
        return "facture"
    if len(numbers) == 1:
        return f"facture n°\u00a0{numbers[0]}"
    return "factures nos\u00a0" + ", ".join(numbers[:-1]) + " et " + numbers[-1]


def _invoices_phrase(invoices: Sequence[Any], article: bool = True) -> str:
    """ "la facture n° X" / "les factures nos X et Y" (S14: the plural of n° is nos)."""
    ref = _invoice_ref(list(invoices))
    if not article:
        return ref
    return ("la " if len(invoices) == 1 else "les ") + ref


def dates_phrase(days: Sequence[dt.date]) -> str:
    """ "10 août et 11 septembre 2026" (one year said once), "28 décembre 2025 et 12 janvier 2026"."""
    days = sorted(days)
    if not days:
        return ""
    same_year = len({d.year for d in days}) == 1
    parts = [money.date_long(d).rsplit("\u00a0", 1)[0] if same_year and n < len(days) - 1 else money.date_long(d)
             for n, d in enumerate(days)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _amounts_phrase(amounts: Sequence[Decimal]) -> str:
    """ "1 350,00 € chacun" when the payments are equal, else "1 350,00 € et 1 200,00 €"."""
    if len(amounts) > 1 and len(set(amounts)) == 1:
        return f"{money.euros(amounts[0])} chacun"
    texts = [money.euros(a) for a in amounts]
    if not texts:
        return ""
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " et " + texts[-1]


def _public_office(debtor: Any) -> tuple[str, str] | None:
    """(salutation, addressee) of a public buyer's legal representative: ("Monsieur le Maire", "Monsieur le Maire de X").

    A formal demand goes to the body's representative (the maire, CGCT L2122-21; the président of an EPCI),
    not to the officer who handles the file. "Madame" when `representative` is a woman ("Mme …").
    """
    woman = bool(re.match(r"(?i)\s*(mme|madame)\b", debtor.representative or ""))
    for pattern, office, office_f, rest in PUBLIC_OFFICES:
        m = pattern.match(debtor.name.strip())
        if m:
            title = f"Madame {office_f}" if woman else f"Monsieur le {office}"
            return title, f"{title} " + rest.format(place=m.group(1), name=m.group(1))
    return None


def _names_an_office(contact: str | None) -> bool:
    """ "M. le Maire", "Mme la Présidente": the contact is the representative already addressed, no copy to send."""
    return not contact or bool(re.search(r"(?i)\b(?:le|la)\s+(?:maire|président|présidente)\b", contact))


def administrative_court(case: Case) -> str:
    """ "le tribunal administratif de Lyon": the case's `court:` when it names one, else the debtor's département."""
    if case.court and "administratif" in case.court.lower():
        return "le " + case.court[:1].lower() + case.court[1:]
    town = ADMINISTRATIVE_COURTS.get(case.debtor.department or "")
    return f"le tribunal administratif de {town}" if town else "le tribunal administratif compétent"

