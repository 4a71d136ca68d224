"""Business and bank identifiers checked by a library made for them (python-stdnum): SIREN, SIRET, VAT, IBAN, BIC.

A wrong check digit in a SIREN printed on a court request, or in an IBAN printed
on a letter, is a typo nobody sees until a payment or a filing goes astray: each
is an error at its field (`readers.py` calls `problem`), and `consistency` says
when a SIRET or a French VAT number does not carry the SIREN written beside it
(`case_rules.identifiers_agree`, `creditors.read_creditor`).

The one module that talks to python-stdnum.
"""
from __future__ import annotations

import re

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.eu import vat as _vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from .i18n import _, pick

_SPACES = re.compile(r"[\s\u00a0\u202f.-]+")

EXAMPLES = {
    "siren": "901 234 567",
    "siret": "901 234 567 00013",
    "vat": "FR15901234567",
    "iban": "FR76 3000 4000 0312 3456 7890 143",
    "bic": "BNPAFRPPXXX",
}


def compact(value: str) -> str:
    """The identifier without spaces, dots or dashes, in capitals."""
    return _SPACES.sub("", value).upper()


def problem(kind: str, value: str) -> str | None:
    """What is wrong with `value` as an identifier of `kind` (``siren``, ``siret``, ``vat``, ``iban``, ``bic``), or None.

    The wording says which: the form (``expected a SIRET of 14 digits``) or the check digit
    (``expected a SIRET with a valid check digit``)."""
    module = {"siren": _siren, "siret": _siret, "vat": _vat, "iban": _iban, "bic": _bic}[kind]
    number = compact(value)
    try:
        module.validate(number)
    except InvalidChecksum:
        return _checksum(kind)
    except InvalidComponent:
        if kind == "vat":
            return _("expected a VAT number starting with the code of an EU country (FR…)")
        return _form(kind)
    except ValidationError:
        return _form(kind)
    return None


def _checksum(kind: str) -> str:
    """The check digit is wrong, in the run's language."""
    return {"siren": _("expected a SIREN with a valid check digit"),
            "siret": _("expected a SIRET with a valid check digit"),
            "vat": _("expected a VAT number with valid check digits"),
            "iban": _("expected an IBAN with valid check digits"),
            "bic": _("expected a BIC with a valid check digit")}[kind]


def _form(kind: str) -> str:
    """The form is wrong, in the run's language, with an example."""
    example = pick(f'"{EXAMPLES[kind]}"', f"\u00ab\u00a0{EXAMPLES[kind]}\u00a0\u00bb")
    return {"siren": _("expected a SIREN of 9 digits such as {example}", example=example),
            "siret": _("expected a SIRET of 14 digits such as {example}", example=example),
            "vat": _("expected a VAT number such as {example}", example=example),
            "iban": _("expected an IBAN such as {example}", example=example),
            "bic": _("expected a BIC of 8 or 11 characters such as {example}", example=example)}[kind]


def siren_of(kind: str, value: str) -> str | None:
    """The SIREN a valid SIRET or French VAT number carries, or None (another country's VAT number)."""
    number = compact(value)
    if kind == "siret":
        return number[:9]
    if kind == "vat" and number.startswith("FR") and number[4:].isdigit() and len(number) == 13:
        return number[4:]
    return None


def consistency(siren: str | None, others: dict[str, str]) -> list[tuple[str, str]]:
    """(field, message) for each SIRET or French VAT number of `others` that does not carry `siren` (when written)."""
    out = []
    for kind in ("siret", "vat"):
        value = others.get(kind)
        if not siren or not value:
            continue
        carried = siren_of(kind, value)
        if carried is not None and carried != siren:
            shown = pick(f'"{value}"', f"\u00ab\u00a0{value}\u00a0\u00bb")
            if kind == "siret":
                message = _("expected a SIRET carrying the SIREN {siren} written beside it, got {shown} (SIREN {carried})",
                            siren=siren, shown=shown, carried=carried)
            else:
                message = _("expected a VAT number carrying the SIREN {siren} written beside it, got {shown} "
                            "(SIREN {carried})", siren=siren, shown=shown, carried=carried)
            out.append((kind, message))
    return out


def display(kind: str, value: str) -> str:
    """A SIREN or SIRET as French documents print it, in groups joined by no-break spaces
    (« 812 345 676 », « 812 345 676 00013 ») so it never breaks across lines; anything else as written."""
    module = {"siren": _siren, "siret": _siret}.get(kind)
    if module is None or problem(kind, value) is not None:
        return value
    return module.format(compact(value)).replace(" ", "\u00a0")


def normalise_vat(value: str) -> str:
    return compact(value)
