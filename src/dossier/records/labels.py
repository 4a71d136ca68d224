"""French names of the values a dossier holds: one place, so a step or a status reads the same everywhere.

The site, the agenda, the scenario's reasons, the diff sentences, the documents and
the court bundle all name steps, statuses, channels, events and parties with these
tables. A table with a second form (capitalised for a title, plural for a chart,
formal for the court) says why next to it. Unknown values fall back to the value
itself, made readable (``relance_2`` → ``Relance 2``).
"""
from __future__ import annotations

STEP_LABELS = {
    "relance_informelle": "Relance informelle",
    "relance_amiable": "Relance amiable",
    "relance_sms": "Relance par SMS",
    "appel": "Appel",
    "appel_comptable": "Appel au comptable",
    "relance_ferme": "Relance ferme",
    "mise_en_demeure": "Mise en demeure",
    "injonction_de_payer": "Requête en injonction de payer",
    "refere_provision": "Demande de provision en référé devant le tribunal administratif (art. R541-1 CJA)",
    "declaration_creance": "Déclaration de créance",
    "solde_modique": "Solde sous le seuil judiciaire\u00a0: dernier courrier ou passage en perte",
    "sms": "SMS",
    # after filing: the agenda's court deadlines (agenda.COURT_STEPS)
    "signification": "Signification de l’ordonnance",
    "ordonnance_non_avenue": "Ordonnance non avenue",
    "delai_opposition": "Fin du délai d’opposition",
    "execution": "Exécution de l’ordonnance",
}
# In the court bundle's list of exhibits an informal reminder is simply « Relance du … »:
# the judge reads the date and the channel, not the creditor's internal ladder.
EXHIBIT_STEP_LABELS = {
    "relance_informelle": "Relance",
    "relance_amiable": "Relance amiable",
    "relance_ferme": "Relance ferme",
    "mise_en_demeure": "Mise en demeure",
}
# The exhibit titles of the court bundle's contract (« Contrat du 3 mars 2026 »), as its pieces are named.
EXHIBIT_CONTRACT_LABELS = {
    "devis_signe": "Devis signé",
    "bon_de_commande": "Bon de commande",
    "contrat": "Contrat",
    "cgv": "Conditions générales de vente",
}
STATUS_LABELS = {
    "open": "en cours",
    "paused": "suspendu",
    "paid": "payé",
    "closed": "clos",
    "prescribed": "prescrit",
    "litigation": "contentieux",
}
STATE_LABELS = {"done": "faite", "due": "à faire", "upcoming": "à venir", "skipped": "sautée", "paused": "suspendue"}
CHANNEL_LABELS = {
    "email": "courriel",
    "letter": "courrier",
    "lrar": "recommandé AR",
    "sms": "SMS",
    "phone": "téléphone",
    "court": "tribunal",
    "declaration": "mandataire judiciaire",
    "commissaire": "commissaire de justice",
    "greffe": "greffe",
    "suggestion": "à décider",
}
# The court reads the channel of a letter in full words.
CHANNEL_FORMAL = {"email": "courriel", "letter": "lettre simple", "lrar": "lettre recommandée avec accusé de réception"}
EVENT_LABELS = {
    "sent": "Envoi",
    "payment": "Paiement",
    "call": "Appel",
    "promise": "Promesse de paiement",
    "dispute": "Contestation",
    "dispute_resolved": "Contestation levée",
    "plan": "Échéancier",
    "acknowledgment": "Reconnaissance de dette",
    "insolvency": "Procédure collective",
    "filed": "Requête déposée",
    "order": "Ordonnance",
    "served": "Signification",
    "opposition": "Opposition",
    "closed": "Clôture",
    "credit_note": "Avoir",
}
# The events whose written proof is an exhibit of the court bundle.
EVENT_PIECE_LABELS = {
    "acknowledgment": "Reconnaissance de dette",
    "plan": "Échéancier signé",
    "dispute_resolved": "Règlement de la contestation",
}
OUTCOME_LABELS = {
    "promise": "promesse de paiement",
    "dispute": "contestation",
    "no_answer": "pas de réponse",
    "message": "message laissé",
    "refusal": "refus de payer",
    "paid": "paiement annoncé",
    "other": "autre issue",
}
KIND_LABELS = {"professional": "professionnel", "consumer": "particulier", "public": "personne publique"}
KIND_PLURALS = {"professional": "professionnels", "consumer": "particuliers", "public": "personnes publiques"}
QUALIFICATION_LABELS = {
    "oubli": "simple oubli",
    "negligence": "négligence",
    "administratif": "problème administratif",
    "contestation": "contestation",
    "mauvaise_foi": "mauvaise foi",
    "difficulte_passagere": "difficulté passagère de trésorerie",
    "situation_preoccupante": "situation financière préoccupante",
    "insolvabilite": "insolvabilité avérée",
}
CONTRACT_LABELS = {
    "devis_signe": "devis signé",
    "bon_de_commande": "bon de commande",
    "contrat": "contrat écrit",
    "cgv": "conditions générales de vente",
    "aucun": "aucun écrit",
}
PROCEDURE_LABELS = {
    "sauvegarde": "procédure de sauvegarde",
    "redressement": "redressement judiciaire",
    "liquidation": "liquidation judiciaire",
}
# After « une procédure de … » (the declaration of claim).
PROCEDURE_KINDS = {"sauvegarde": "sauvegarde", "redressement": "redressement judiciaire", "liquidation": "liquidation judiciaire"}
CLOSING_REASON_LABELS = {"paid": "payé", "written_off": "passé en perte", "settled": "transaction"}


def readable(value: str) -> str:
    """An id without a label, made readable: ``relance_2`` → ``Relance 2``."""
    return value.replace("_", " ").replace("-", " ").capitalize()


def step_label(step_id: str) -> str:
    """A step's name for staff: known ids in French, others from the id."""
    return STEP_LABELS.get(step_id) or readable(step_id)


def label(table: dict[str, str], value: str | None, default: str | None = None) -> str:
    """`value`'s label in `table`; else `default`, else the value itself."""
    if value in table:
        return table[value]  # type: ignore[index]
    return default if default is not None else (value or "")


def capitalised(text: str) -> str:
    """First letter up, the rest untouched (« devis signé » → « Devis signé »)."""
    return text[:1].upper() + text[1:]
