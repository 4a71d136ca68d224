"""The parties of the project file: the creditors, their consumer mediator, the recovery firm.

`config.py` reads ``creditor:`` or ``creditors:`` with `read_creditor` and
`read_creditors`, and the firm against `FIRM_FIELDS`; `mediator_issues` is the
check across the repository that `load.py` runs once the cases are read.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from . import identifiers, readers
from .errors import Issue, warning
from .fields import BAD, Reader, record, shown
from .model import Case, Creditor, Mandate, Mediator, Project
from .yamlsrc import Path
from .i18n import _

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


MEDIATOR_FIELDS = {
    "name": readers.text,
    "website": readers.website,
    "address": readers.lines,
}


def _mediator(r: Reader, value: Any, at: Path) -> Any:
    """The creditor's consumer mediator: a name and a website, an address or both (C. consom. R616-1)."""
    got = record(r, value, at, MEDIATOR_FIELDS, ("name",), what="the mediator's fields (name, website, address)")
    if got is BAD:
        return BAD
    if "name" not in got or any(k not in got and (k not in MEDIATOR_FIELDS or value[k] is not None) for k in value):
        return BAD   # a field missing, unknown or wrong: its error is reported above
    if not got.get("website") and not got.get("address"):
        return r.error(at, _("expected the mediator's website or address (C. consom. R616-1), got neither"))
    return Mediator(source=r.source(at), **got)


MANDATE_FIELDS = {"date": readers.date, "piece": readers.piece}


def read_mandate(r: Reader, value: Any, at: Path) -> Any:
    """``mandate: {date, piece}``: the written mandate given to the recovery firm; its date is required."""
    got = record(r, value, at, MANDATE_FIELDS, ("date",), what="the written mandate {date, piece}")
    if got is BAD or "date" not in got:
        return BAD
    return Mandate(source=r.source(at), **got)


CREDITOR_FIELDS = {
    "name": readers.text,
    "siren": readers.siren,
    "siret": readers.siret,
    "address": readers.lines,
    "email": readers.email,
    "phone": readers.text,
    "iban": readers.iban,
    "bic": readers.bic,
    "signatory": readers.text,
    "legal_form": readers.text,
    "capital": readers.text,
    "rcs": readers.text,
    "vat": readers.vat,
    "mediator": _mediator,
    "mandate": read_mandate,
}

FIRM_FIELDS = {
    "name": readers.text,
    "address": readers.lines,
    "siren": readers.siren,
    "email": readers.email,
    "phone": readers.text,
    "signatory": readers.text,
}


PLACEHOLDER = "À COMPLÉTER"   # what `dossier init` writes in the creditor's fields, refused until filled in


def _placeholders(r: Reader, value: Any, at: Path) -> set[str]:
    """The fields of `value` still holding `PLACEHOLDER` (a line of a list included), each an error at its value."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, v in value.items():
        items = [((key, i), line) for i, line in enumerate(v)] if isinstance(v, list) else [((key,), v)]
        for where, item in items:
            if isinstance(item, str) and PLACEHOLDER in item.upper():
                r.error(at + where, _('placeholder "{placeholder}" to fill in', placeholder=PLACEHOLDER))
                found.add(key)
    return found


def read_creditor(r: Reader, value: Any, at: Path, creditor_id: str) -> Creditor | None:
    holes = _placeholders(r, value, at)
    if holes:   # the other fields are still read, for their own errors
        rest = {k: v for k, v in value.items() if k not in holes}
        record(r, rest, at, CREDITOR_FIELDS, (), what="the creditor's fields (name, siren, address…)")
        return None
    got = record(r, value, at, CREDITOR_FIELDS, ("name",), what="the creditor's fields (name, siren, address…)")
    if got is BAD or "name" not in got:
        return None
    clashes = identifiers.consistency(got.get("siren"), got)
    for name, message in clashes:
        r.error(at + (name,), message)
    if clashes:
        return None
    return Creditor(id=creditor_id, source=r.source(at), **got)


def read_creditors(r: Reader, value: Any, at: Path) -> dict[str, Creditor] | None:
    if not isinstance(value, dict):
        r.error(at, _("expected a mapping of creditors by id, got {shown}", shown=shown(value)))
        return None
    if not value:
        r.error(at, _("expected at least one creditor, got an empty mapping"))
        return None
    out: dict[str, Creditor] = {}
    for key in sorted(value):
        if not _ID.fullmatch(key):
            r.error(at + (key,), _('expected an id made of letters, digits, "_", "-" and ".", got {shown}', shown=shown(key)), key=True)
            continue
        c = read_creditor(r, value[key], at + (key,), key)
        if c is not None:
            out[key] = c
    return out


def mediator_issues(project: Project, cases: Iterable[Case]) -> list[Issue]:
    """A warning at each creditor with cases against consumers and no ``mediator:``: its letters to them only say
    that the mediator's details are given on request, where C. consom. R616-1 wants its name and contact."""
    with_consumers = {c.creditor for c in cases if c.debtor.kind == "consumer"}
    out = []
    for cid in sorted(with_consumers):
        creditor = project.creditors.get(cid)
        if creditor is None or creditor.mediator is not None:
            continue
        who, who_fr = (f"creditor {cid}", f"Le créancier {cid}") if cid != "default" else ("the creditor", "Le créancier")
        out.append(warning(
            creditor.source,
            _("{who} has consumer cases but no mediator: (C. consom. R616-1 requires its name and contact details "
            "in letters to consumers)", who=who),
            "consumer-mediator-missing",
            f"{who_fr} a des dossiers contre des particuliers mais aucun médiateur de la consommation (mediator:)\u00a0: "
            "l’article R616-1 du Code de la consommation impose d’indiquer son nom et ses coordonnées "
            "dans les lettres aux consommateurs."))
    return out
