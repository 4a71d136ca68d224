"""The fields of a case file: what each may hold, read by `fields.record`.

`CASE_FIELDS` is the spec `load.py` reads a case against; the debtor, the
contract, the interest terms, each invoice and each event have their own, and
which fields an event may and must have depends on its type.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any

from . import fields as f
from . import readers
from .creditors import read_mandate
from .fields import BAD, Reader, record, shown
from .model import (
    CALL_OUTCOMES,
    CLOSE_REASONS,
    CONTRACT_KINDS,
    DEBTOR_KINDS,
    EVENT_TYPES,
    INSOLVENCY_PROCEDURES,
    QUALIFICATIONS,
    Chorus,
)
from .yamlsrc import Path
from .i18n import _

PAYMENT_PERIODS = (30, 50, 60)   # R2192-10 CCP: State and local bodies, public health establishments, public undertakings


def _payment_period(r: Reader, value: Any, at: Path) -> Any:
    if isinstance(value, bool) or value not in PAYMENT_PERIODS:
        return r.error(at, _("expected a payment period of 30, 50 or 60 days (R2192-10 CCP), got {shown}", shown=shown(value)))
    return int(value)


def _chorus(r: Reader, value: Any, at: Path) -> Any:
    """``chorus: {deposited: DATE, number: …}``: the invoice's deposit on Chorus Pro."""
    got = record(r, value, at, {"deposited": readers.date, "number": readers.text}, ("deposited", "number"),
                 what="the Chorus Pro deposit {deposited, number}")
    if got is BAD or set(got) != {"deposited", "number"}:
        return BAD
    return Chorus(**got)


DEBTOR_FIELDS = {
    "name": readers.text,
    "kind": readers.choice(DEBTOR_KINDS),
    "siren": readers.siren,
    "siret": readers.siret,
    "vat": readers.vat,
    "iban": readers.iban,
    "address": readers.lines,
    "email": readers.email,
    "phone": readers.text,
    "contact": readers.text,
    "qualification": readers.choice(QUALIFICATIONS),
    "legal_form": readers.text,
    "representative": readers.text,
    "birth": readers.text,
    "payment_period": _payment_period,
    "kbis": readers.piece,
    "consent_lre": readers.date,   # a consumer's prior consent to the electronic registered letter (CPCE R53-3)
}
CONTRACT_FIELDS = {"kind": readers.choice(CONTRACT_KINDS), "date": readers.date, "pieces": readers.pieces}


def _rate(r: Reader, value: Any, at: Path) -> Any:
    """``legal`` → None (the legal rate for the debtor's kind); else a contractual annual rate in percent."""
    if value == "legal":
        return None
    if readers.parse_percent(value) is None:
        return r.error(at, _('expected "legal" or an annual rate such as "12%", got {shown}', shown=shown(value)))
    return readers.percent(r, value, at)


INTEREST_FIELDS = {"rate": _rate, "indemnity": readers.flag, "clause": readers.text}

INVOICE_FIELDS = {
    "number": readers.text,
    "date": readers.date,
    "due": readers.date,
    "amount": readers.amount,
    "piece": readers.piece,
    "delivered": readers.date,
    "description": readers.text,
    "chorus": _chorus,
}
INVOICE_REQUIRED = ("number", "date", "due", "amount")


def _instalment(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {"due": readers.date, "amount": readers.amount}, ("due", "amount"), what="an instalment {due, amount}")


def _invoice_numbers(r: Reader, value: Any, at: Path) -> Any:
    """A list of invoice numbers (`invoices:` of a dispute), read as a tuple."""
    if not isinstance(value, list):
        return r.error(at, _("expected a list of invoice numbers, got {shown}", shown=shown(value)))
    if not value:
        return r.error(at, _("expected at least one invoice number, got an empty list"))
    parts = [readers.text(r, v, at + (i,)) for i, v in enumerate(value)]
    return BAD if any(p is BAD for p in parts) else tuple(parts)


_invoice_numbers.item, _invoice_numbers.allow_empty = readers.text, False   # type: ignore[attr-defined]   # records/schema.py


SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _archive_path(r: Reader, value: Any, at: Path) -> Any:
    """An archived file's path, relative to the repository's root (not to the case's folder, unlike a piece),
    with / separators, never leaving the repository; read lexically: the file itself is checked by `verify`."""
    if not isinstance(value, str) or not value.strip():
        return r.error(at, _("expected the repository-relative path of an archived file, got {shown}", shown=shown(value)))
    raw = value.strip()
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or "\\" in raw or any(ord(c) < 32 for c in raw):
        return r.error(at, _("expected a relative path with / separators inside the repository, got {shown}", shown=shown(value)))
    rel = posixpath.normpath(raw)
    if rel in (".", "..") or rel.startswith("../") or rel == ".git" or rel.startswith(".git/"):
        return r.error(at, _("expected a path inside the repository, got {shown} (it leaves the repository)", shown=shown(value)))
    return rel


def _sha256(r: Reader, value: Any, at: Path) -> Any:
    if not isinstance(value, str) or not SHA256.match(value.strip().lower()):
        return r.error(at, _("expected a SHA-256 (64 hexadecimal digits), got {shown}", shown=shown(value)))
    return value.strip().lower()


SENT_FILE_FIELDS = {"path": _archive_path, "sha256": _sha256}


def _sent_file(r: Reader, value: Any, at: Path) -> Any:
    """One archived file of a sent step: ``{path: cases/…/envoyes/2026-04-17-mise-en-demeure.pdf, sha256: …}``."""
    return record(r, value, at, SENT_FILE_FIELDS, ("path", "sha256"), what="an archived file {path, sha256}")


# How a step left (sending/): the scenario's channel, or another (an email posted as a letter, an LRAR sent as an LRE).
SEND_CHANNELS = ("email", "letter", "lrar", "lre", "sms")
EVENT_COMMON = {"date": readers.date, "type": readers.choice(EVENT_TYPES), "note": readers.free_text, "piece": readers.piece, "reference": readers.text}
EVENT_READERS = {
    "step": readers.text,
    "tracking": readers.text,
    "received": readers.date,
    "amount": readers.amount,
    "invoice": readers.text,
    "outcome": readers.choice(CALL_OUTCOMES),
    "until": readers.date,
    "instalments": f.list_of(_instalment, what="instalments"),
    "signed": readers.flag,
    "procedure": readers.choice(INSOLVENCY_PROCEDURES),
    "published": readers.date,
    "court": readers.text,
    "reason": readers.choice(CLOSE_REASONS),
    "mandataire": readers.lines,
    "suspends_interest": readers.flag,
    "number": readers.text,
    "invoices": _invoice_numbers,
    "files": f.list_of(_sent_file, what="archived files"),
    "channel": readers.choice(SEND_CHANNELS),
    "unclaimed": readers.date,
    "transaction": readers.text,
}
# type → (its own fields, the required ones among them)
EVENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sent": (("step", "tracking", "received", "files", "channel", "unclaimed"), ("step",)),
    "payment": (("amount", "invoice", "transaction"), ("amount",)),
    "call": (("outcome", "step", "until"), ()),
    "promise": (("until", "amount", "invoice"), ("until",)),
    "dispute": (("invoices", "invoice", "suspends_interest"), ()),
    "dispute_resolved": (("invoices", "invoice"), ()),
    "plan": (("instalments", "signed"), ("instalments",)),
    "acknowledgment": (("amount",), ()),
    "insolvency": (("procedure", "published", "court", "mandataire"), ("procedure",)),
    "filed": (("court", "step", "amount"), ()),
    "order": (("court", "amount"), ()),
    "served": (("court", "tracking"), ()),
    "opposition": (("court",), ()),
    "closed": (("reason",), ("reason",)),
    "credit_note": (("number", "invoice", "amount"), ("number", "invoice", "amount")),
}
ALL_EVENT_FIELDS = {**EVENT_COMMON, **EVENT_READERS}


def _event(r: Reader, value: Any, at: Path) -> Any:
    """One journal line; which fields it may and must have depends on its type."""
    if not isinstance(value, dict):
        return r.error(at, _("expected an event (date, type, …), got {shown}", shown=shown(value)))
    etype = value.get("type")
    if not isinstance(etype, str) or etype not in EVENT_FIELDS:
        # the type itself is reported; check the other fields loosely
        return record(r, value, at, ALL_EVENT_FIELDS, ("date", "type"))
    own, required = EVENT_FIELDS[etype]
    spec = {**EVENT_COMMON, **{k: EVENT_READERS[k] for k in own}}
    names = ", ".join(sorted(spec))

    def unknown(key: str) -> str | None:
        if key in ALL_EVENT_FIELDS:
            return f'a "{etype}" event has no field "{key}" (its fields: {names})'
        return None

    return record(r, value, at, spec, ("date", "type") + required, unknown=unknown)


def _debtor(r: Reader, value: Any, at: Path) -> Any:
    got = record(r, value, at, DEBTOR_FIELDS, ("name", "kind"), what="the debtor's fields (name, kind, address…)")
    if got is not BAD and "payment_period" in got and got.get("kind") != "public":
        r.error(at + ("payment_period",), "payment_period is the délai global de paiement of a public buyer (kind: public)",
                key=True)
        del got["payment_period"]
    return got


def _contract(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, CONTRACT_FIELDS, ("kind",), what="the contract's fields (kind, date, pieces)")


def _interest(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, INTEREST_FIELDS, what="interest terms (rate, indemnity)")


def _invoice(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, INVOICE_FIELDS, INVOICE_REQUIRED, what="an invoice (number, date, due, amount…)")


CASE_FIELDS = {
    "debtor": _debtor,
    "creditor": readers.text,
    "scenario": readers.text,
    "contract": _contract,
    "interest": _interest,
    "invoices": f.list_of(_invoice, what="invoices"),
    "events": f.list_of(_event, what="events", allow_empty=True),
    "court": readers.text,
    "mandate": read_mandate,
}
