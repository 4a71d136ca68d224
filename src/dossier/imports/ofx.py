"""OFX bank statements (1.x SGML or 2.x XML), read by ofxtools; the one module that talks to it.

Each ``STMTTRN`` with a positive amount is a credit: its ``FITID`` is the bank's transaction id, ``NAME``
the payer, ``MEMO`` what the payer wrote.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ofxtools.Parser import OFXTree

from .model import Credit, Problems
from ..records.i18n import _


def is_ofx(data: bytes) -> bool:
    head = data[:1000].upper()
    return b"OFXHEADER" in head or b"<OFX>" in head


def read_ofx(path: Path, problems: Problems) -> list[Credit]:
    parser = OFXTree()
    try:
        with path.open("rb") as handle:
            parser.parse(handle)
        ofx = parser.convert()
    except Exception as exc:   # noqa: BLE001 - ofxtools raises many kinds
        problems.add(path.name, _("not an OFX statement that ofxtools reads ({reason})", reason=' '.join(str(exc).split())[:200]))
        return []
    out = []
    for statement in ofx.statements:
        for trn in statement.banktranlist or []:
            amount = Decimal(str(trn.trnamt))
            if amount <= 0:
                continue
            out.append(Credit(id=str(trn.fitid), date=trn.dtposted.date(), amount=amount.quantize(Decimal("0.01")),
                              name=trn.name or "", reference=" ".join(x for x in (trn.name, trn.memo) if x),
                              source=path.name))
    return out
