"""Which column of a CSV export holds which field: the presets' headings, overridden by ``import: columns:``.

A preset lists, for each field, the headings an export may give it (compared without accents, case or
punctuation); the first heading found in the file wins. ``import: {columns: {number: "N° pièce"}}`` in
dossier.yaml names the heading exactly, and wins over the preset.
"""
from __future__ import annotations

from .text import decode, fold, rows
from ..records.i18n import _

_COMMON = {
    "number": ["N° facture", "Numéro de facture", "Numéro facture", "No facture", "Facture", "Numéro", "N° pièce", "Pièce"],
    "date": ["Date facture", "Date de facture", "Date de facturation", "Date pièce", "Date"],
    "due": ["Date d'échéance", "Date échéance", "Échéance", "Date limite de paiement"],
    "amount": ["Montant TTC", "Total TTC", "TTC", "Montant", "Reste dû", "Solde", "Restant dû"],
    "name": ["Client", "Raison sociale", "Nom du client", "Nom client", "Tiers", "Libellé tiers"],
    "kind": ["Type de client", "Catégorie client"],
    "siren": ["SIREN", "Siren client"],
    "siret": ["SIRET", "Siret client"],
    "vat": ["N° TVA", "TVA intracommunautaire", "Numéro de TVA", "N° TVA intracommunautaire"],
    "address": ["Adresse", "Adresse 1", "Rue"],
    "postcode": ["Code postal", "CP"],
    "city": ["Ville", "Commune"],
    "email": ["Email", "E-mail", "Courriel", "Adresse électronique"],
    "phone": ["Téléphone", "Tél"],
    "type": ["Type", "Type de pièce", "Nature"],
    "invoice": ["Facture d'origine", "Facture liée", "Facture avoir"],
    "creditor": ["Créancier", "Société"],
    "chorus_number": ["N° Chorus", "Numéro Chorus Pro", "N° dépôt Chorus"],
    "chorus_date": ["Date dépôt Chorus", "Date de dépôt Chorus"],
}

# The headings each named export is known by, put first; the common ones follow as a fallback.
INVOICE_PRESETS: dict[str, dict[str, list[str]]] = {
    "standard": {},
    "pennylane": {"number": ["Numéro de facture"], "date": ["Date de facturation"], "due": ["Date d'échéance"],
                  "amount": ["Montant TTC", "Reste à payer"], "name": ["Client"]},
    "sage": {"number": ["N° pièce"], "date": ["Date pièce"], "due": ["Date échéance"], "amount": ["Solde", "Montant"],
             "name": ["Intitulé tiers", "Intitulé"]},
    "ebp": {"number": ["N° document"], "date": ["Date document"], "due": ["Date d'échéance"],
            "amount": ["Reste dû", "Montant TTC"], "name": ["Nom du client", "Client"]},
}

_BANK_COMMON = {
    "date": ["Date", "Date opération", "Date d'opération", "Date comptable", "Date de valeur"],
    "amount": ["Crédit", "Montant", "Credit", "Amount"],
    "debit": ["Débit", "Debit"],
    "name": ["Tiers", "Émetteur", "Nom de l'émetteur", "Donneur d'ordre", "Libellé"],
    "reference": ["Référence", "Libellé complémentaire", "Détail", "Motif", "Libellé opération", "Libellé"],
    "iban": ["IBAN", "IBAN émetteur", "Compte émetteur"],
    "id": ["Référence bancaire", "Identifiant", "ID", "Référence opération", "N° opération"],
}
PAYMENT_PRESETS: dict[str, dict[str, list[str]]] = {
    "standard": {},
    "banque": {"date": ["Date opération"], "name": ["Libellé"], "reference": ["Libellé complémentaire"]},
}


def resolve(headings: list[str], preset: dict[str, list[str]], common: dict[str, list[str]],
            written: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(field → heading found in `headings`, messages for headings named in dossier.yaml and absent from the file)."""
    folded = {fold(h): h for h in headings}
    out: dict[str, str] = {}
    missing = []
    for name, heading in written.items():
        if fold(heading) in folded:
            out[name] = folded[fold(heading)]
        else:
            missing.append(_('no column "{heading}" (import.columns.{name} in dossier.yaml); columns: {columns}',
                             heading=heading, name=name, columns=", ".join(headings)))
    for name in list(common) + [k for k in preset if k not in common]:
        if name in out or name in written:
            continue
        taken = set(out.values())
        for heading in preset.get(name, []) + common.get(name, []):
            found = folded.get(fold(heading))
            if found and found not in taken:
                out[name] = found
                break
    return out, missing


def invoice_columns(headings: list[str], preset: str, written: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return resolve(headings, INVOICE_PRESETS.get(preset, {}), _COMMON, written)


def payment_columns(headings: list[str], preset: str, written: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return resolve(headings, PAYMENT_PRESETS.get(preset, {}), _BANK_COMMON, written)


def read_table(path, find, required: tuple[str, ...], where: str, problems) -> tuple[dict[str, str], list] | None:
    """A CSV file's columns (`find(headings)`: ``invoice_columns`` or ``payment_columns`` with their preset) and its
    numbered lines; None when a `required` field has no column, said at ``file:1`` with the setting that names it
    (`where`: the path of ``columns:`` under ``import:``, e.g. ``payments: {columns: …}``)."""
    text, _encoding = decode(path.read_bytes())
    headings, lines = rows(text)
    cols, missing = find(headings)
    for message in missing:
        problems.add(f"{path.name}:1", message)
    absent = [name for name in required if name not in cols]
    if absent:
        setting = where.replace("…", '{' + absent[0] + ': "…"}')
        problems.add(f"{path.name}:1", _("no column for {names} (columns: {headings}); name them in dossier.yaml: import: {setting}",
                                          names=", ".join(absent), headings=", ".join(headings), setting=setting))
        return None
    return cols, lines
