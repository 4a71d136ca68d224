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

from ..records.errors import Issue, error
from ..records.guard import single_line
from ..records.i18n import _

PARIS = ZoneInfo("Europe/Paris")
SEND_TIME = dt.time(9, 0)


class MailError(ValueError):
    """An address or header that no .eml can carry; its text names the field and the value."""


def header_text(text: str) -> str:
    """A header value on one line: a line break or control character from data would break the header (or forge one)."""
    return single_line(text)


def ascii_address(address: str, field: str = "email") -> str:
    """`address` as a header can carry it: the domain IDNA-encoded (dupont-rénovation.fr → xn--dupont-rnovation-iqb.fr).

    A non-ASCII local part needs SMTPUTF8, which a saved .eml cannot promise: refused.
    """
    address = address.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or header_text(address) != address or " " in address:
        raise MailError(f"{field}: expected an address such as compta@example.fr, got {address!r}")
    if not local.isascii():
        raise MailError(f"{field}: the part before @ of {address!r} must be ASCII (accents are not deliverable there)")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise MailError(f"{field}: the domain of {address!r} is not a valid internationalised domain name") from None
    return f"{local}@{domain}"


def message_id(doc: Any) -> str:
    """``<20260309.01-relance-informelle.2026-014-dupont@atelier-martin.fr>``: stable across builds."""
    domain = "dossier.invalid"
    if doc.email and "@" in doc.email.sender_email:
        try:
            domain = ascii_address(doc.email.sender_email).rsplit("@", 1)[1]
        except MailError:
            pass   # build_eml refuses the sender's address itself
    return f"<{doc.date:%Y%m%d}.{doc.name}.{doc.case_id}@{domain}>"


def mail_date(day: dt.date) -> str:
    """RFC 5322 date of a document: its day at 09:00 in Paris (winter or summer time as it was)."""
    return format_datetime(dt.datetime.combine(day, SEND_TIME, tzinfo=PARIS))


def build_eml(doc: Any, letter_pdf: bytes | None = None, pieces: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """The .eml of an email document: text and HTML alternatives, then the letter PDF and the invoice pieces."""
    parts = doc.email
    msg = EmailMessage(policy=policy.SMTP)
    sender_name, to_name = header_text(parts.sender_name), header_text(parts.to_name)
    if parts.sender_email:
        msg["From"] = formataddr((sender_name, ascii_address(parts.sender_email, "the sender's email")))
    else:
        msg["From"] = sender_name
    if parts.to_email:
        msg["To"] = formataddr((to_name, ascii_address(parts.to_email, "the debtor's email")))
    msg["Subject"] = header_text(parts.subject)
    msg["Date"] = mail_date(doc.date)
    msg["Message-ID"] = message_id(doc)
    msg["X-Dossier-Case"] = header_text(doc.case_id)
    msg["X-Dossier-Document"] = header_text(doc.name)
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


def eml_issues(doc: Any) -> list[Issue]:
    """The error an email document's .eml would meet (an address no header can carry), found before anything is written."""
    if getattr(doc, "kind", "") != "email" or getattr(doc, "email", None) is None:
        return []
    try:
        build_eml(doc)
    except MailError as exc:
        return [error(doc.source, _("case {case_id}, document {name}: {exc}", case_id=doc.case_id, name=doc.name, exc=exc), "mail",
                      fr=f"Courriel {doc.name} impossible à produire : adresse invalide ({exc}).")]
    return []
