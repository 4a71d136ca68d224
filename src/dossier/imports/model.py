"""What an import reads, whatever the format: invoice lines and bank credits, each with where it was read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Buyer:
    """The debtor as an invoice names it."""

    name: str
    kind: str = "professional"
    siren: str | None = None
    siret: str | None = None
    vat: str | None = None
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Invoice:
    """One invoice (or credit note, `credit_note` True, reducing `invoice`) read from a file."""

    number: str
    date: dt.date
    due: dt.date
    amount: Decimal                       # all taxes included, positive
    buyer: Buyer
    source: str                           # ``file:line`` or the file name
    credit_note: bool = False
    invoice: str | None = None            # a credit note: the invoice it reduces
    piece: tuple[str, bytes] | None = None   # (file name, bytes): the Factur-X PDF, kept as the invoice's piece
    chorus: tuple[dt.date, str] | None = None   # a public buyer's Chorus Pro deposit (date, number)
    creditor: str | None = None           # a key of the project's creditors, or a SIREN to find it by
    seller_siren: str | None = None


@dataclass(frozen=True)
class Credit:
    """One credit on a bank statement."""

    id: str                               # the bank's transaction id (AcctSvcrRef, FITID…): a re-import records nothing twice
    date: dt.date                         # booking date
    amount: Decimal
    name: str = ""                        # the payer
    iban: str | None = None               # the payer's account
    reference: str = ""                   # remittance information: what the payer wrote
    source: str = ""


@dataclass
class Problems:
    """Located messages (``file:line: message``) gathered while reading; any one stops the import."""

    messages: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}")
