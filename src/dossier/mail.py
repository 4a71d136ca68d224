"""Email steps as ``.eml`` files, through the standard library's email package.

A reminder sent by email is a file any mail client opens and sends: a text
part and an HTML part, the letter as PDF and the unpaid invoices attached.
Everything that a mail library would draw at random or from the clock is fixed
here: the Date (the document's date, 09:00 Paris time), the Message-ID (the
case, the document and its date) and the MIME boundaries (a hash of the
content), so two builds write the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any, Sequence
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
SEND_TIME = dt.time(9, 0)


def message_id(doc: Any) -> str:
    """``<20260309.01-relance-informelle.2026-014-dupont@atelier-martin.fr>``: stable across builds."""
    domain = "dossier.invalid"
    if doc.email and "@" in doc.email.sender_email:
        domain = doc.email.sender_email.rsplit("@", 1)[1]
    return f"<{doc.date:%Y%m%d}.{doc.name}.{doc.case_id}@{domain}>"


def mail_date(day: dt.date) -> str:
    """RFC 5322 date of a document: its day at 09:00 in Paris (winter or summer time as it was)."""
    return format_datetime(dt.datetime.combine(day, SEND_TIME, tzinfo=PARIS))


def build_eml(doc: Any, letter_pdf: bytes | None = None, pieces: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """The .eml of an email document: text and HTML alternatives, then the letter PDF and the invoice pieces."""
    parts = doc.email
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = formataddr((parts.sender_name, parts.sender_email)) if parts.sender_email else parts.sender_name
    if parts.to_email:
        msg["To"] = formataddr((parts.to_name, parts.to_email))
    msg["Subject"] = parts.subject
    msg["Date"] = mail_date(doc.date)
    msg["Message-ID"] = message_id(doc)
    msg["X-Dossier-Case"] = doc.case_id
    msg["X-Dossier-Document"] = doc.name
    msg.set_content(parts.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(parts.html, subtype="html", charset="utf-8", cte="quoted-printable")
    if letter_pdf is not None:
        msg.add_attachment(letter_pdf, maintype="application", subtype="pdf", filename=f"{doc.name}.pdf")
    for filename, data in pieces:
        maintype, subtype = ("application", "pdf") if filename.lower().endswith(".pdf") else ("application", "octet-stream")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    seed = hashlib.sha256(f"{doc.case_id}/{doc.name}/{doc.date}".encode() + parts.html.encode("utf-8")).hexdigest()[:24]
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_dossier_{seed}_{n}")
    return msg.as_bytes()
