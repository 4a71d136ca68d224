"""E-invoices: Factur-X / ZUGFeRD PDFs (the CII XML inside) and standalone UBL 2.1 or UN/CEFACT CII XML, read by
the `factur-x` library (its own EN 16931 parser, XSD-checked); the one module that talks to it.

The fields taken, by their EN 16931 business terms: BT-1 number, BT-2 issue date, BT-3 type (381: a credit
note, BT-25 the invoice it corrects), BT-9 due date, BT-112 total incl. VAT (BT-115, amount due, when no
total), BG-7 the buyer (name, SIREN or SIRET as legal identifier, VAT number, address, e-invoicing address
or contact email), BG-4 the seller's SIREN (which creditor, when the project has several).
"""
from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path

import facturx

from ..records import identifiers
from .model import Buyer, Invoice, Problems
from ..records.i18n import _

logging.getLogger("factur-x").setLevel(logging.ERROR)   # the library logs every step at INFO
logging.getLogger("pypdf").setLevel(logging.ERROR)      # « EOF marker not found » on a broken PDF: read_pdf says it in its own words

CREDIT_NOTE_TYPES = ("381", "261", "262", "396", "502", "503")   # UNTDID 1001 credit notes
SIREN_SCHEME, SIRET_SCHEME = "0002", "0009"


def read_pdf(path: Path, problems: Problems) -> Invoice | None:
    """The invoice of a Factur-X PDF; the PDF itself becomes its piece."""
    data = path.read_bytes()
    try:
        _flavour, xml = facturx.get_xml_from_pdf(data, check_xsd=False)
    except Exception as exc:   # noqa: BLE001 - the library raises bare Exceptions
        problems.add(path.name, _("not a Factur-X PDF ({reason})", reason=_one_line(exc)))
        return None
    if not xml:
        problems.add(path.name, _("no Factur-X or ZUGFeRD XML inside this PDF"))
        return None
    return _invoice(xml, path.name, problems, piece=(path.name, data))


def read_xml(path: Path, problems: Problems) -> Invoice | None:
    """The invoice of a standalone UBL 2.1 or CII XML file."""
    return _invoice(path.read_bytes(), path.name, problems)


def _invoice(xml: bytes, where: str, problems: Problems, piece: tuple[str, bytes] | None = None) -> Invoice | None:
    try:
        d = facturx.parse_ubl_cii_xml(xml, check_xsd=False)
    except Exception as exc:   # noqa: BLE001
        problems.add(where, _("not a UBL 2.1 or CII invoice that EN 16931 reads ({reason})", reason=_one_line(exc)))
        return None
    buyer_d = d.get("BG-7") or {}
    number, day = d.get("BT-1"), d.get("BT-2")
    total = d.get("BT-112") or d.get("BT-115")
    due = d.get("BT-9")
    bad = []
    if not number:
        bad.append(_("no invoice number (BT-1)"))
    if not isinstance(day, dt.date):
        bad.append(_("no issue date (BT-2)"))
    if not isinstance(due, dt.date):
        bad.append(_("no payment due date (BT-9)"))
    elif isinstance(day, dt.date) and due < day:
        bad.append(_("expected a due date (BT-9) on or after the issue date {date}, got {got}", date=day.isoformat(), got=due.isoformat()))
    if total in (None, ""):
        bad.append(_("no total amount (BT-112)"))
    if not buyer_d.get("name"):
        bad.append(_("no buyer name (BG-7)"))
    if (d.get("BT-5") or "EUR") != "EUR":
        bad.append(_("expected an invoice in euros, got the currency {currency}", currency=d.get("BT-5")))
    if bad:
        for message in bad:
            problems.add(where, message)
        return None
    siren, siret = _legal_ids(buyer_d)
    kind = "public" if (siren or "")[:1] in ("1", "2") else "professional"   # public bodies' SIRENs start with 1 or 2
    address = tuple(x for x in (buyer_d.get("addr_l1"), buyer_d.get("addr_l2"), buyer_d.get("addr_l3"),
                                " ".join(x for x in (buyer_d.get("postcode"), buyer_d.get("city")) if x)) if x)
    email = buyer_d.get("einvoicing_addr") if buyer_d.get("einvoicing_addr_schemeid") == "EM" else None
    for contact in buyer_d.get("contacts") or []:
        email = email or contact.get("email")
    buyer = Buyer(name=buyer_d["name"], kind=kind, siren=siren, siret=siret, vat=buyer_d.get("vat_identifier"),
                  address=address, email=email)
    preceding = [ref.get("BT-25") for ref in d.get("BG-3") or [] if ref.get("BT-25")]
    seller_siren, _seller_ids = _legal_ids(d.get("BG-4") or {})
    return Invoice(number=str(number), date=day, due=due, amount=abs(Decimal(str(total))).quantize(Decimal("0.01")),
                   buyer=buyer, source=where, credit_note=str(d.get("BT-3")) in CREDIT_NOTE_TYPES,
                   invoice=preceding[0] if preceding else None, piece=piece, seller_siren=seller_siren)


def _legal_ids(party: dict) -> tuple[str | None, str | None]:
    """(SIREN, SIRET) of a party: its legal identifier by scheme (0002 SIREN, 0009 SIRET), else its identifiers."""
    found = {party.get("legal_identifier_schemeid"): party.get("legal_identifier"), **(party.get("identifiers") or {})}
    siret = identifiers.compact(found[SIRET_SCHEME]) if found.get(SIRET_SCHEME) else None
    siren = identifiers.compact(found[SIREN_SCHEME]) if found.get(SIREN_SCHEME) else (siret[:9] if siret else None)
    if siren is None and party.get("legal_identifier") and identifiers.problem("siren", party["legal_identifier"]) is None:
        siren = identifiers.compact(party["legal_identifier"])
    return siren, siret


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
