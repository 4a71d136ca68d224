"""SMS for a provider: a batch file (number in E.164, text, sender id), numbers normalised with phonenumbers.

The only module that talks to phonenumbers. A French number written « 06 12 34 56 78 » becomes
« +33612345678 »; a number no phone can receive (too short, not a mobile when it must be) is refused
with the number as written, so the step stays unsent.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import phonenumbers

SENDER_MAX = 11     # an alphanumeric sender id: 11 characters at most (GSM networks)


@dataclass(frozen=True)
class Sms:
    reference: str      # <case>/<step>/<date>, echoed in the provider's report
    number: str         # E.164
    text: str
    sender: str


def e164(number: str, region: str = "FR") -> tuple[str | None, str]:
    """(the number in E.164, "") or (None, why)."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None, f"{number!r} is not a phone number"
    if not phonenumbers.is_valid_number(parsed):
        return None, f"{number!r} is not a valid phone number"
    kind = phonenumbers.number_type(parsed)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return None, f"{number!r} is not a mobile number: an SMS cannot reach it"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), ""


def sender_id(name: str) -> str:
    """An alphanumeric sender id from the sender's name: letters and digits, 11 at most (« Atelier Martin SAS » → « AtelierMart »)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if c.isascii() and c.isalnum())[:SENDER_MAX] or "dossier"


def batch_csv(items: list[Sms]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["reference", "number", "sender", "text"])
    for s in items:
        writer.writerow([s.reference, s.number, s.sender, s.text])
    return out.getvalue().encode("utf-8")


def batch_json(items: list[Sms], as_of: dt.date) -> bytes:
    import json

    rows = [{"reference": s.reference, "number": s.number, "sender": s.sender, "text": s.text} for s in items]
    return (json.dumps({"format": "dossier-sms-batch/1", "date": as_of.isoformat(), "messages": rows},
                       ensure_ascii=False, indent=2) + "\n").encode("utf-8")
