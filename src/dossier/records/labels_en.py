"""The English names of the values `labels` names in French, for the command line run in English.

The documents, the court bundle and the site always use the French tables of `labels`; the command
line says a step, a status or a channel with `say`, which picks the table of the run's language
(records/i18n.py). A value missing here falls back to its French label.
"""
from __future__ import annotations

from . import labels
from .i18n import language

STEP = {
    "relance_informelle": "Informal reminder",
    "relance_amiable": "Amicable reminder",
    "relance_sms": "SMS reminder",
    "appel": "Phone call",
    "appel_comptable": "Call to the accountant",
    "relance_ferme": "Firm reminder",
    "mise_en_demeure": "Formal notice",
    "injonction_de_payer": "Application for an order for payment",
    "refere_provision": "Application for an interim payment before the administrative court (art. R541-1 CJA)",
    "declaration_creance": "Proof of claim",
    "solde_modique": "Balance under the court threshold: a last letter or a write-off",
    "sms": "SMS",
    "signification": "Service of the order",
    "ordonnance_non_avenue": "Order lapsed",
    "delai_opposition": "End of the time to oppose",
    "execution": "Enforcement of the order",
}
STATUS = {"open": "open", "paused": "paused", "paid": "paid", "closed": "closed", "prescribed": "time-barred",
          "litigation": "in court"}
STATE = {"done": "done", "due": "due", "upcoming": "upcoming", "skipped": "skipped", "paused": "paused"}
CHANNEL = {
    "email": "email",
    "letter": "letter",
    "lrar": "registered letter with receipt",
    "sms": "SMS",
    "phone": "phone",
    "court": "court",
    "declaration": "court-appointed administrator",
    "commissaire": "judicial officer",
    "greffe": "court registry",
    "suggestion": "to decide",
}
OUTCOME = {
    "promise": "promise to pay",
    "dispute": "dispute",
    "no_answer": "no answer",
    "message": "message left",
    "refusal": "refusal to pay",
    "paid": "payment announced",
    "other": "other outcome",
}
KIND = {"professional": "business", "consumer": "consumer", "public": "public body"}
QUALIFICATION = {
    "oubli": "mere oversight",
    "negligence": "negligence",
    "administratif": "administrative problem",
    "contestation": "dispute",
    "mauvaise_foi": "bad faith",
    "difficulte_passagere": "temporary cash-flow difficulty",
    "situation_preoccupante": "worrying financial situation",
    "insolvabilite": "proven insolvency",
}
CONTRACT = {
    "devis_signe": "signed quote",
    "bon_de_commande": "purchase order",
    "contrat": "written contract",
    "cgv": "general terms of sale",
    "aucun": "nothing in writing",
}
PROCEDURE = {"sauvegarde": "safeguard proceedings", "redressement": "judicial reorganisation",
             "liquidation": "judicial liquidation"}
CLOSING_REASON = {"paid": "paid", "written_off": "written off", "settled": "settled"}

ENGLISH = {
    id(labels.STEP_LABELS): STEP,
    id(labels.STATUS_LABELS): STATUS,
    id(labels.STATE_LABELS): STATE,
    id(labels.CHANNEL_LABELS): CHANNEL,
    id(labels.OUTCOME_LABELS): OUTCOME,
    id(labels.KIND_LABELS): KIND,
    id(labels.QUALIFICATION_LABELS): QUALIFICATION,
    id(labels.CONTRACT_LABELS): CONTRACT,
    id(labels.PROCEDURE_LABELS): PROCEDURE,
    id(labels.CLOSING_REASON_LABELS): CLOSING_REASON,
}


def say(table: dict[str, str], value: str | None, default: str | None = None) -> str:
    """`value`'s label in the run's language: `table` (one of `labels`' French tables) in French, its
    English counterpart in English; else `default`, else the value itself."""
    if value is None:
        return default if default is not None else ""
    if language() == "en":
        english = ENGLISH.get(id(table), {})
        if value in english:
            return english[value]
    return labels.label(table, value, default)


def step(step_id: str) -> str:
    """A step's name in the run's language (unknown ids made readable, as `labels.step_label`)."""
    if language() == "en" and step_id in STEP:
        return STEP[step_id]
    return labels.step_label(step_id)
