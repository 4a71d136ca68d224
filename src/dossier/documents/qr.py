"""Pay by scan: the EPC069-12 QR code (« SEPA credit transfer », version 002) printed on a letter asking for payment.

The only module that talks to segno. A banking app that scans the code fills a
transfer: the creditor's name, IBAN and BIC, the sum the letter demands and, as
unstructured remittance information, the payment reference the letter prints
(« <case> <invoice>, … », the reference the bank import matches on).

A letter's template says which sum it demands with a top-level
``{% set demanded = … %}`` (the builders read it back, as the subject); a
template that declares none, or a creditor without IBAN, gets no code.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import segno
from markupsafe import Markup

from ..law import money

# EPC069-12: unstructured remittance information at most 140 characters, beneficiary name at most 70.
MAX_REMITTANCE = 140
MAX_NAME = 70


def payload(name: str, iban: str, amount: Decimal, reference: str, bic: str | None = None) -> str:
    """The text an EPC QR code carries (BCD / 002 / 1 / SCT / BIC / name / IBAN / EUR… / / / remittance)."""
    return "\n".join(["BCD", "002", "1", "SCT", compact(bic or ""), name[:MAX_NAME].strip(), compact(iban),
                      f"EUR{amount:.2f}", "", "", remittance(reference)])


def compact(code: str) -> str:
    """An IBAN or BIC as a bank reads it: no spaces, upper case (« FR76 3000 … » → « FR763000… »)."""
    return "".join(code.split()).upper()


def remittance(reference: str) -> str:
    """The reference as the code carries it: the letter's own, or its first 140 characters (the standard's limit)."""
    return " ".join(reference.split())[:MAX_REMITTANCE].rstrip()


def svg(text: str, label: str) -> Markup:
    """The QR code of `text` (error correction M, as EPC069-12 requires) as inline SVG, black on white, sized by CSS.

    Inline, not a data URI: the PDF renderer fetches no URL, and the HTML stays one self-contained file.
    """
    qr = segno.make_qr(text.encode("utf-8"), error="m", boost_error=False)
    return Markup(qr.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="pay-qr-code",
                                lineclass=None, title=label))


def with_qr(payment: dict | None, demanded: Any) -> dict | None:
    """The letter's payment box, with its amount and QR code when the letter demands a sum and the creditor has an IBAN."""
    if not payment or not payment.get("iban"):
        return payment
    amount = _amount(demanded)
    if amount is None:
        return payment
    text = payload(payment["beneficiary"], payment["iban"], amount, payment["reference"], payment.get("bic"))
    label = f"Code QR de virement SEPA\u00a0: {money.euros(amount)} à {payment['beneficiary']}, référence {payment['reference']}"
    return {**payment, "amount": amount, "epc": text, "qr": svg(text, label)}


def _amount(demanded: Any) -> Decimal | None:
    """The sum a template declared, as an amount a transfer can carry (0,01 € to 999 999 999,99 €), or None."""
    if demanded is None or demanded == "" or isinstance(demanded, bool):
        return None
    try:
        amount = Decimal(str(demanded)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None
    return amount if Decimal("0.01") <= amount <= Decimal("999999999.99") else None
