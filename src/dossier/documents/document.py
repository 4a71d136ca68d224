"""One document as the pipeline passes it on (the `Document` record, its facts, its email parts) and the SMS length rule.

Below documents.py and lint.py: both take these names from here, so the lint
never imports the module that calls it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..records.errors import Issue, Source, warning
from ..records.i18n import _


@dataclass(frozen=True)
class Facts:
    """The figures a document states, for lint and tests (not re-parsed from the text)."""

    total: Decimal
    principal: Decimal
    interest: Decimal
    indemnity: Decimal
    deadline: dt.date | None = None
    formal_notice: bool = False
    registered: bool = False


@dataclass(frozen=True)
class EmailParts:
    """What mail.py needs to build the .eml of an email step."""

    sender_name: str
    sender_email: str
    to_name: str
    to_email: str
    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class Document:
    case_id: str
    step_id: str
    kind: str                      # letter | email | sms | call | plan | declaration
    name: str                      # stable file stem, e.g. "05-mise-en-demeure"
    date: dt.date
    html: str
    text: str                      # plain text: what lint reads; the SMS itself for kind "sms"
    channel: str
    attachments: tuple[str, ...] = ()   # repository-relative pieces (the unpaid invoices)
    issues: tuple[Issue, ...] = ()
    subject: str = ""
    state: str = "sent"            # sent | due | upcoming (a preview)
    facts: Facts | None = None
    email: EmailParts | None = None
    case_path: str = ""            # repository-relative case file, where issues point
    base_dir: str = ""             # repository-relative folder for relative URLs in the HTML
    origin: Source | None = None   # the event that sent it (file, line, column), else the case file
    archived: tuple = ()           # the `files:` of the event that sent it (records.model.SentFile): what left, kept

    @property
    def source(self) -> Source:
        return self.origin or Source(self.case_path or self.case_id)


# --------------------------------------------------------------------------- SMS

# GSM 03.38: the basic set, and the extension set whose characters count twice.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
SMS_LIMIT = 160
SMS_LIMIT_UCS2 = 70


def _plain_sms(text: str) -> str:
    """One line, ordinary spaces (no-break spaces are not in the GSM alphabet), typographic quotes made plain."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").replace("«", '"').replace("»", '"')
    return " ".join(text.split())


def sms_length(text: str) -> tuple[int, int]:
    """(length in units, the limit of one SMS): GSM-7 counts extension characters twice; otherwise UCS-2."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        return sum(2 if c in GSM_EXTENDED else 1 for c in text), SMS_LIMIT
    return len(text), SMS_LIMIT_UCS2


def sms_issues(text: str, source: Source, case_id: str, name: str) -> list[Issue]:
    length, limit = sms_length(text)
    if length <= limit:
        return []
    why = "" if limit == SMS_LIMIT else _(" (a character outside the GSM alphabet limits one SMS to 70)")
    why_fr = "" if limit == SMS_LIMIT else " (un caractère hors de l’alphabet GSM limite un SMS à 70)"
    return [warning(source, _("case {case_id}, document {name}: SMS of {length} characters exceeds {limit}{why}", case_id=case_id, name=name, length=length, limit=limit, why=why), "sms-length",
                    fr=f"SMS de {length}\u00a0caractères, au-delà de {limit}{why_fr}\u00a0: il partira en plusieurs messages.")]
