"""An email exhibit: the message as it was sent (its archived .eml), laid out as a PDF a judge can read.

The headers that identify the message (From, To, Date, Subject, Message-ID) are printed as they were sent, then
the attachments it carried (name, type, size), then its text as sent (the plain-text part of the message,
word for word). Nothing is rendered from the case again: every word comes from the archived file.
"""
from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

from markupsafe import escape

from ..law.money import date_long

HEADERS = (("From", "De"), ("To", "À"), ("Date", "Date"), ("Subject", "Objet"), ("Message-ID", "Message-ID"))
NBSP = "\u00a0"

STYLE = """@page { size: A4; margin: 18mm 18mm 20mm }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.4 }
h1 { font-size: 13pt; margin: 0 0 4mm }
table { border-collapse: collapse; width: 100%; margin-bottom: 5mm }
th { text-align: left; vertical-align: top; width: 28mm; padding: 1mm 3mm 1mm 0; font-weight: bold }
td { padding: 1mm 0; word-break: break-all }
.attachments { margin: 0 0 5mm; padding-left: 6mm }
.body { white-space: pre-wrap; border-top: 0.5pt solid #555; padding-top: 4mm; font-family: "DejaVu Sans Mono", monospace;
        font-size: 9.5pt }
.note { font-size: 9pt; color: #333 }"""


def _size(n: int) -> str:
    return f"{n}{NBSP}octets" if n < 1024 else f"{round(n / 1024):d}{NBSP}Ko".replace(".", ",")


def email_parts(eml: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]], str]:
    """(the identifying headers as (French label, value sent), the attachments as (name, type, size), the text)."""
    msg = message_from_bytes(eml, policy=policy.default)
    headers = [(label, str(msg[name])) for name, label in HEADERS if msg[name] is not None]
    attachments = []
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True) or b""
        attachments.append((part.get_filename() or "(sans nom)", part.get_content_type(), len(data)))
    body = msg.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    return headers, attachments, text


def email_html(eml: bytes, day: dt.date) -> str:
    """The HTML of an email exhibit (French, as the other court papers)."""
    headers, attachments, text = email_parts(eml)
    rows = "".join(f"<tr><th>{escape(label)}{NBSP}:</th><td>{escape(value)}</td></tr>" for label, value in headers)
    if attachments:
        items = "".join(f"<li>{escape(name)} ({escape(kind)}, {_size(size)})</li>" for name, kind, size in attachments)
        joined = (f"<p>{len(attachments)}{NBSP}pièce{'s' if len(attachments) > 1 else ''} "
                  f"jointe{'s' if len(attachments) > 1 else ''}{NBSP}:</p><ul class=\"attachments\">{items}</ul>")
    else:
        joined = "<p>Aucune pièce jointe.</p>"
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>' + STYLE + "</style></head><body>"
            f"<h1>Courriel envoyé le {escape(date_long(day))}</h1><table>{rows}</table>{joined}"
            f'<p class="note">Texte du message tel qu’il a été envoyé{NBSP}:</p>'
            f'<div class="body">{escape(text.rstrip())}</div></body></html>')


def email_pdf(eml: bytes, day: dt.date, repo_root: Path) -> bytes:
    """The email exhibit as PDF, dated by the day it was sent (deterministic)."""
    from ..documents import pdf

    return pdf.html_to_pdf(email_html(eml, day), Path(repo_root), Path(repo_root), day)
