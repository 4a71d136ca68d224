"""The French wording of record values and journal events, for the changes of a case.

The nouns and participles of the journal's events (« mise en demeure envoyée »,
« paiement du 28/11/2025 corrigé », with their gender), the words for event
fields, a value as a reader expects it (euros, dd/mm/yyyy, oui/non), and
`event_summary`: what one event records, as one clause. Pure: values in,
French out.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from ..records.labels import CLOSING_REASON_LABELS, OUTCOME_LABELS, PROCEDURE_LABELS
from ..records.model import Event
from ..law.money import date_short, euros

# step id → (noun phrase, feminine?) : "mise en demeure envoyée", "appel téléphonique effectué"
STEP_PHRASES: dict[str, tuple[str, bool]] = {
    "relance_informelle": ("relance informelle", True),
    "relance_amiable": ("relance amiable", True),
    "appel": ("appel téléphonique", False),
    "relance_ferme": ("relance ferme", True),
    "mise_en_demeure": ("mise en demeure", True),
    "injonction_de_payer": ("requête en injonction de payer", True),
    "declaration_creance": ("déclaration de créance", True),
    "sms": ("SMS", False),
}
# Nouns inside a sentence (« paiement du 28/11/2025 corrigé »), with the gender the participle takes.
EVENT_NOUNS = {
    "sent": "envoi",
    "payment": "paiement",
    "call": "appel",
    "promise": "promesse de paiement",
    "dispute": "contestation",
    "dispute_resolved": "fin de contestation",
    "plan": "échéancier",
    "acknowledgment": "reconnaissance de dette",
    "insolvency": "procédure collective",
    "filed": "requête",
    "order": "ordonnance",
    "served": "signification",
    "opposition": "opposition",
    "closed": "clôture",
    "credit_note": "avoir",
}
EVENT_FIELD_WORDS = {
    "date": "date",
    "step": "étape",
    "amount": "montant",
    "invoice": "facture",
    "reference": "référence",
    "tracking": "numéro de suivi",
    "received": "date de réception",
    "outcome": "issue",
    "note": "note",
    "until": "échéance promise",
    "instalments": "échéances",
    "signed": "signature",
    "procedure": "procédure",
    "published": "publication au BODACC",
    "reason": "motif",
    "court": "tribunal",
    "piece": "pièce",
}


def plural(n: int, word: str, words: str | None = None) -> str:
    """``2 factures``, ``1 facture``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def value(v: Any) -> str:
    """A field value as a reader expects it: euros, dd/mm/yyyy, oui/non, or the text."""
    if v is None or v == "" or v == ():
        return "—"
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, Decimal):
        return euros(v)
    if isinstance(v, dt.date):
        return date_short(v)
    if isinstance(v, tuple):
        return ", ".join(value(x) for x in v)
    return str(v)


def arrow(label: str, a: Any, b: Any, render: Callable[[Any], str] = value) -> str:
    return f"{label} : {render(a)} → {render(b)}"


def feminine_event(e: Event) -> bool:
    """Whether the noun of the event (`EVENT_NOUNS`) is feminine: « promesse … corrigée »."""
    return e.type in ("promise", "dispute", "dispute_resolved", "acknowledgment", "insolvency", "filed",
                      "order", "served", "opposition", "closed")


# ---------------------------------------------------------------- one event

def step_phrase(step: str | None, done: str = "envoyé") -> str:
    """``mise en demeure envoyée``, ``appel téléphonique effectué``, ``étape « x » faite``."""
    if step in STEP_PHRASES:
        noun, feminine = STEP_PHRASES[step]
        verb = "effectué" if step == "appel" else done
        return f"{noun} {verb}{'e' if feminine else ''}"
    return f"étape « {step} » faite"


def event_summary(e: Event) -> str:
    """What an event records, as one clause: ``paiement de 600,00 € enregistré le 28/11/2025``."""
    d = date_short(e.date)
    t = e.type
    if t == "sent":
        text = f"{step_phrase(e.step)} le {d}"
        if e.received:
            text += f", reçue le {date_short(e.received)}" if STEP_PHRASES.get(e.step or "", ("", True))[1] \
                else f", reçu le {date_short(e.received)}"
        return text
    if t == "payment":
        text = f"paiement de {euros(e.amount or Decimal('0'))} enregistré le {d}"
        return text + (f" sur la facture {e.invoice}" if e.invoice else "")
    if t == "call":
        text = f"appel téléphonique du {d}"
        return text + (f" : {OUTCOME_LABELS.get(e.outcome, e.outcome)}" if e.outcome else "")
    if t == "promise":
        text = f"promesse de paiement notée le {d}"
        return text + (f", pour le {date_short(e.until)}" if e.until else "")
    if t == "dispute":
        return f"contestation du débiteur enregistrée le {d}"
    if t == "dispute_resolved":
        return f"contestation levée le {d}"
    if t == "plan":
        total = sum((i.amount for i in e.instalments), Decimal("0"))
        state = "signé" if e.signed else "proposé"
        return f"échéancier de {plural(len(e.instalments), 'échéance')} ({euros(total)}) {state} le {d}"
    if t == "acknowledgment":
        return f"reconnaissance de dette enregistrée le {d}"
    if t == "credit_note":
        return f"avoir {e.number or ''} de {euros(e.amount or Decimal('0'))} sur la facture {e.invoice} émis le {d}".replace("avoir  ", "avoir ")
    if t == "insolvency":
        text = f"{PROCEDURE_LABELS.get(e.procedure or '', 'procédure collective')} enregistré" + \
               ("e" if e.procedure in ("sauvegarde", "liquidation") or not e.procedure else "") + f" le {d}"
        return text + (f" (BODACC du {date_short(e.published)})" if e.published else "")
    if t == "filed":
        return f"requête déposée le {d}" + (f" devant {e.court}" if e.court else "")
    if t == "order":
        return f"ordonnance rendue le {d}"
    if t == "served":
        return f"ordonnance signifiée le {d}"
    if t == "opposition":
        return f"opposition formée le {d}"
    if t == "closed":
        return f"dossier clos le {d}" + (f" ({CLOSING_REASON_LABELS.get(e.reason or '', e.reason)})" if e.reason else "")
    return f"événement « {t} » enregistré le {d}"
