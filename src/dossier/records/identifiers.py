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

_SPACES = re.compile(r"[\s\u00a0\u202f.-]+")

EXAMPLES = {
    "siren": "901 234 567",
    "siret": "901 234 567 00013",
    "vat": "FR15901234567",
    "iban": "FR76 3000 4000 0312 3456 7890 143",
    "bic": "BNPAFRPPXXX",
}
NAMES = {"siren": "a SIREN of 9 digits", "siret": "a SIRET of 14 digits", "vat": "a VAT number",
         "iban": "an IBAN", "bic": "a BIC of 8 or 11 characters"}


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
        digits = "valid check digits" if kind in ("iban", "vat") else "a valid check digit"
        return f"expected {NAMES[kind].split(' of ')[0]} with {digits}"
    except InvalidComponent:
        if kind == "vat":
            return "expected a VAT number starting with the code of an EU country (FR…)"
        return f"expected {NAMES[kind]} such as \"{EXAMPLES[kind]}\""
    except ValidationError:
        return f"expected {NAMES[kind]} such as \"{EXAMPLES[kind]}\""
    return None


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
            what = "SIRET" if kind == "siret" else "VAT number"
            out.append((kind, f'expected a {what} carrying the SIREN {siren} written beside it, got "{value}" (SIREN {carried})'))
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
