"""ISO 20022 bank-to-customer statements: camt.053 (statement) and camt.054 (debit/credit notification), any
version (the elements are found by their local names), read with lxml; the one module that parses them.

Each booked credit entry (``CdtDbtInd`` CRDT, status BOOK) gives one `Credit` per transaction detail: its id
is the bank's reference (``AcctSvcrRef`` of the detail, else of the entry, else ``NtryRef``, else the
end-to-end id), the payer's name and IBAN come from ``RltdPties/Dbtr`` and ``DbtrAcct``, what the payer
wrote from ``RmtInf`` (unstructured lines and structured creditor references).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from .model import Credit, Problems
from ..records.i18n import _

ROOTS = ("BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn", "BkToCstmrAcctRpt")


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _find(node, *path: str):
    """The first descendant along `path` (local names, each a direct child), or None."""
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _all(node, name: str) -> list:
    return [c for c in node if _local(c.tag) == name] if node is not None else []


def _text(node, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None and found.text else ""


def is_camt(data: bytes) -> bool:
    head = data[:3000]
    return b"camt.05" in head or any(r.encode() in head for r in ROOTS)


def read_camt(path: Path, problems: Problems) -> list[Credit]:
    try:
        root = etree.fromstring(path.read_bytes(), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problems.add(path.name, _("not an XML file ({reason})", reason=exc))
        return []
    body = next((c for c in root if _local(c.tag) in ROOTS), None)
    if body is None:
        problems.add(path.name, _("expected an ISO 20022 camt.053 or camt.054 document (BkToCstmrStmt, BkToCstmrDbtCdtNtfctn)"))
        return []
    out: list[Credit] = []
    for report in [c for c in body if _local(c.tag) in ("Stmt", "Ntfctn", "Rpt")]:
        for entry in _all(report, "Ntry"):
            out += _entry(entry, path.name, problems)
    return out


def _entry(entry, where: str, problems: Problems) -> list[Credit]:
    if _text(entry, "CdtDbtInd") != "CRDT":
        return []
    status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")
    if status and status != "BOOK":
        return []
    day = _date(_text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm") or _text(entry, "ValDt", "Dt"))
    entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    details = [tx for d in _all(entry, "NtryDtls") for tx in _all(d, "TxDtls")] or [None]
    out = []
    for n, tx in enumerate(details):
        amt = (_text(tx, "Amt") or _text(tx, "AmtDtls", "TxAmt", "Amt")) if tx is not None else ""
        if not amt and len(details) == 1:
            amt = _text(entry, "Amt")
        own = (_text(tx, "Refs", "AcctSvcrRef") or _text(tx, "Refs", "TxId")) if tx is not None else ""
        shared = f"{entry_ref}/{n + 1}" if len(details) > 1 and entry_ref else entry_ref
        ref = own or shared or (_text(tx, "Refs", "EndToEndId") if tx is not None else "")
        try:
            value = Decimal(amt)
        except InvalidOperation:
            value = None
        if day is None or value is None or not ref:
            problems.add(where, _("credit entry {ref}: expected a booking date, an amount and the bank's reference", ref=ref or _("(no reference)")))
            continue
        parties = _find(tx, "RltdPties") if tx is not None else None
        name = _text(parties, "Dbtr", "Pty", "Nm") or _text(parties, "Dbtr", "Nm") or _text(parties, "UltmtDbtr", "Nm")
        iban = _text(parties, "DbtrAcct", "Id", "IBAN") or None
        remittance = _find(tx, "RmtInf") if tx is not None else None
        lines = [u.text.strip() for u in _all(remittance, "Ustrd") if u.text]
        lines += [_text(s, "CdtrRefInf", "Ref") for s in _all(remittance, "Strd") if _text(s, "CdtrRefInf", "Ref")]
        if not lines:
            lines = [_text(entry, "AddtlNtryInf")] if _text(entry, "AddtlNtryInf") else []
        out.append(Credit(id=ref, date=day, amount=value, name=name, iban=iban, reference=" ".join(lines), source=where))
    return out


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
