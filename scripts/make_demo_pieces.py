"""Generate the demo portfolio's pieces (invoices, quotes, orders, terms of sale, signed plans, receipts).

Why a script: the pieces must say exactly what the case files say (numbers, dates,
amounts to the cent), so they are produced from ``dossier.yaml`` and ``cases/``
rather than drawn by hand. Only what a case file does not hold (the line items
of each invoice, a deposit) lives below in ``LINES`` and ``DEPOSITS``; the script
stops if the line items do not add up to the amount written in the case file.

The kind of a piece follows from where a case file names it:
``invoices[].piece`` → an invoice; ``contract.pieces`` → a signed quote (``devis-…``),
a purchase order (``bc-…``, ``bon-de-commande-…``) or the creditor's terms of sale
countersigned at the order (``cgv-…``); ``events[].piece`` of a sent formal notice →
the acknowledgment of receipt of the registered letter; of a signed ``plan`` → the
signed copy of the tool's échéancier (the sum it acknowledges: ``PLANS``).

Deterministic: same inputs, same bytes (fixed metadata, no clock).

    .venv/bin/python scripts/make_demo_pieces.py            # (re)write every piece
    .venv/bin/python scripts/make_demo_pieces.py --check    # exit 1 if a piece is missing or differs
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from dossier.law.money import cents, date_long, euros
from dossier.records.yamlsrc import load_yaml

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Line:
    """One row of an invoice: designation, quantity, unit, unit price excluding VAT, VAT rate in %."""

    designation: str
    qty: Decimal
    unit: str
    unit_price: Decimal
    vat: Decimal = Decimal("20")

    @property
    def total(self) -> Decimal:
        return cents(self.qty * self.unit_price)


def L(designation: str, qty: str, unit: str, price: str, vat: str = "20") -> Line:
    return Line(designation, Decimal(qty), unit, Decimal(price), Decimal(vat))


# The line items of each invoice (prices excluding VAT). Their total including VAT,
# less any deposit, must equal the invoice's `amount` in its case file.
LINES: dict[str, tuple[Line, ...]] = {
    "F2021-152": (
        L("Comptoir de bar en chêne massif, longueur 3,50 m", "1", "u", "1850"),
        L("Livraison et pose", "1", "forfait", "300"),
    ),
    "F2025-009": (
        L("Dressing sur mesure 2,60 m, portes coulissantes en chêne", "1", "u", "2480", "10"),
        L("Pose", "1", "forfait", "400", "10"),
    ),
    "F2026-031": (
        L("Meuble de réception en chêne massif, fabrication atelier", "1", "u", "3200"),
        L("Plan de travail stratifié et chants assortis", "1", "u", "450"),
        L("Pose (deux compagnons, une journée)", "1", "forfait", "350"),
    ),
    "F2026-109": (
        L("Rayonnages de bibliothèque en hêtre, h. 2,10 m, module de 1 m", "12", "u", "340"),
        L("Bacs à albums jeunesse sur roulettes", "4", "u", "185"),
        L("Livraison et pose à la médiathèque", "1", "forfait", "380"),
    ),
    "F2026-117": (
        L("Comptoir de dispensation en chêne clair, plateau minéral", "1", "u", "4900"),
        L("Linéaires muraux de parapharmacie, module de 1,20 m", "6", "u", "450"),
        L("Pose et ajustements (hors électricité)", "1", "forfait", "700"),
    ),
    "F2026-131": (
        L("Habillage bois et façade de la vitrine réfrigérée", "1", "u", "2350"),
        L("Étagères à pains en chêne huilé, module de 1 m", "5", "u", "390"),
        L("Comptoir de caisse", "1", "u", "1300"),
        L("Transport Lyon–Strasbourg et pose", "1", "forfait", "500"),
    ),
    "F2026-145": (
        L("Casiers à bouteilles en chêne, module de 0,80 m (96 bouteilles)", "8", "u", "420"),
        L("Table de dégustation sur mesure", "1", "u", "780"),
        L("Pose", "1", "forfait", "360"),
    ),
    "F2026-162": (
        L("Caissons de présentation en contreplaqué bouleau (boutique de Villefranche)", "6", "u", "350"),
        L("Finition vernis mat", "6", "u", "100"),
    ),
    "F2026-179": (
        L("Prototypes de mobilier, projet médiathèque d'Oullins (bon de mission n° 7)", "1", "forfait", "2400"),
        L("Plans d'exécution de menuiserie", "1", "forfait", "1200"),
    ),
    "F2026-183": (
        L("Caissons de présentation en contreplaqué bouleau (boutique de Tarare)", "4", "u", "350"),
        L("Finition vernis mat", "4", "u", "95"),
    ),
    "F2026-196": (
        L("Banquettes en chêne, assise en skaï, longueur 2 m", "3", "u", "650"),
        L("Pose des banquettes", "1", "forfait", "500"),
    ),
    "F2026-200": (
        L("Bibliothèque sur mesure en chêne, 3,20 × 2,40 m", "1", "u", "2240", "10"),
        L("Pose", "1", "forfait", "400", "10"),
    ),
    "F2026-203": (
        L("Meubles de cuisine sur mesure, façades chêne, 14 éléments", "1", "ens.", "7900", "10"),
        L("Plan de travail en quartz 4,20 m, découpes évier et plaque", "1", "u", "2100", "10"),
        L("Dépose de l'ancienne cuisine et évacuation", "1", "forfait", "450", "10"),
        L("Pose et ajustements (trois jours)", "1", "forfait", "1050", "10"),
    ),
    "F2026-223": (
        L("Habillage bois de la vitrine réfrigérée à fromages", "1", "u", "3400"),
        L("Étagères de cave d'affinage en épicéa", "10", "u", "260"),
        L("Comptoir de vente en chêne et ardoise", "1", "u", "2900"),
        L("Transport Lyon–Annecy et pose (deux jours)", "1", "forfait", "1000"),
    ),
    "F2026-228": (
        L("Habillage du bar en lames de chêne", "1", "u", "980"),
        L("Pose", "1", "forfait", "170"),
    ),
    "F2026-230": (
        L("Têtes de lit en noyer avec chevets intégrés", "12", "u", "780"),
        L("Habillage mural bois, chambres 201 à 212", "12", "u", "170"),
        L("Pose (deuxième étage)", "1", "forfait", "900"),
    ),
    "F2026-249": (
        L("Remplacement de marches d'escalier en chêne", "3", "u", "210", "10"),
        L("Reprise et ajustement d'une porte intérieure", "1", "u", "180", "10"),
        L("Main-d'œuvre et déplacement", "1", "forfait", "270", "10"),
    ),
    "F2026-260": (
        L("Étagères murales en chêne, longueur 1,50 m", "4", "u", "145"),
        L("Pose", "1", "forfait", "100"),
    ),
    "F2026-291": (
        L("Banque d'accueil en chêne, accessible aux personnes à mobilité réduite", "1", "u", "2650"),
        L("Livraison et pose", "1", "forfait", "500"),
    ),
}

# Deposits paid before the invoice (shown on the invoice and asked for on the quote), by invoice number.
DEPOSITS: dict[str, Decimal] = {"F2026-203": Decimal("3795.00")}

# The late-payment penalties a signed plan acknowledges, by case id and plan date: what the tool's échéancier
# printed on the day it was signed (the ledger at that date). The principal and the 40 € indemnities follow
# from the case file; a signed paper keeps its figures even if a rate is corrected later.
PLANS: dict[tuple[str, dt.date], Decimal] = {("2026-022-cave-roux", dt.date(2026, 7, 22)): Decimal("49.35")}

# The edition of the creditor's terms of sale that the demo's orders accepted.
CGV_EDITION = dt.date(2026, 1, 5)

CSS = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm;
        @bottom-center { content: element(legal); } }
body { font-family: "DejaVu Sans"; font-size: 8.6pt; line-height: 1.35; color: #222; }
.legal { position: running(legal); font-size: 6.8pt; color: #555; text-align: center; }
.head { display: table; width: 100%; }
.from { display: table-cell; width: 56%; vertical-align: top; }
.from .name { font-size: 13pt; font-weight: bold; letter-spacing: .04em; }
.gap { display: table-cell; width: 4%; }
.to { display: table-cell; width: 40%; vertical-align: bottom; border: 0.6pt solid #999; padding: 3mm 4mm; }
h1 { font-size: 14pt; margin: 9mm 0 2mm; letter-spacing: .08em; }
.meta { margin: 0 0 4mm; }
.meta td { padding: 0 6mm 0 0; }
table.lines { width: 100%; border-collapse: collapse; margin-top: 2mm; }
table.lines th { background: #eee; text-align: left; font-weight: bold; padding: 1.6mm 1.5mm; border-bottom: 0.6pt solid #777; }
table.lines td { padding: 1.6mm 1.5mm; border-bottom: 0.3pt solid #ccc; vertical-align: top; }
.n { text-align: right; white-space: nowrap; }
table.totals { margin: 3mm 0 0 auto; border-collapse: collapse; }
table.totals td { padding: 1mm 2mm; }
table.totals tr.grand td { font-weight: bold; border-top: 0.8pt solid #222; font-size: 9.6pt; }
.terms { margin-top: 7mm; border-top: 0.6pt solid #999; padding-top: 2mm; font-size: 7.8pt; }
.terms p { margin: 0 0 1.4mm; }
.sign { margin: 8mm 0 0 50%; }
.sign .box { border: 0.6pt solid #999; padding: 3mm 4mm; min-height: 26mm; }
.hand { font-family: "DejaVu Serif"; font-style: italic; font-size: 12pt; color: #1d3c8a; }
.stamp { display: inline-block; border: 1.2pt solid #b3261e; color: #b3261e; padding: 1mm 3mm;
         font-weight: bold; letter-spacing: .06em; transform: rotate(-4deg); margin-top: 2mm; }
.ar { border: 1.2pt solid #222; padding: 5mm 6mm; margin-top: 4mm; }
.ar h1 { margin-top: 0; }
.ar table { width: 100%; border-collapse: collapse; }
.ar td { border: 0.6pt solid #888; padding: 2.5mm 3mm; vertical-align: top; width: 50%; }
.small { font-size: 7.4pt; color: #555; }
"""


# --- reading the repository -------------------------------------------------------


def read(path: Path) -> dict[str, Any]:
    doc = load_yaml(path.read_text(encoding="utf-8"))
    if doc.errors or not isinstance(doc.data, dict):
        raise SystemExit(f"{path}: cannot read: {doc.errors}")
    return doc.data


def case_files(root: Path) -> list[Path]:
    cases = root / "cases"
    files = list(cases.glob("*.yaml")) + list(cases.glob("*/dossier.yaml"))
    return sorted(files)


# --- formatting -------------------------------------------------------------------


def e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def num(value: Decimal) -> str:
    """A quantity or a VAT rate, French style: ``12``, ``0,5``."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def lines_br(lines: list[str] | tuple[str, ...]) -> str:
    return "<br>".join(e(x) for x in lines)


def siren_spaced(siren: str) -> str:
    return f"{siren[0:3]} {siren[3:6]} {siren[6:9]}"


def page(title: str, author: str, created: dt.date, body: str, legal: str, css: str = "") -> str:
    """A complete HTML document; the metadata WeasyPrint writes comes only from here."""
    return (
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        f"<title>{e(title)}</title><meta name=\"author\" content=\"{e(author)}\">"
        f"<meta name=\"dcterms.created\" content=\"{created.isoformat()}T00:00:00+00:00\">"
        f"<meta name=\"dcterms.modified\" content=\"{created.isoformat()}T00:00:00+00:00\">"
        f"<style>{CSS}{css}</style></head><body><div class=\"legal\">{legal}</div>{body}</body></html>"
    )


def creditor_block(cr: dict[str, Any]) -> str:
    return (
        f"<div class=\"from\"><div class=\"name\">{e(cr['name'])}</div>"
        "<div>Menuiserie · agencement intérieur · mobilier sur mesure</div>"
        f"<div>{lines_br(cr['address'])}</div>"
        f"<div>Tél. {e(cr['phone'])} · {e(cr['email'])}</div></div>"
    )


def creditor_legal(cr: dict[str, Any]) -> str:
    return e(
        f"{cr['name']} — {cr.get('legal_form', '')} au capital de {cr.get('capital', '')} — "
        f"{' '.join(cr['address'])} — SIREN {siren_spaced(cr['siren'])} — {cr.get('rcs', '')} — "
        f"TVA intracommunautaire {cr.get('vat', '')} — IBAN {cr['iban']} — BIC {cr['bic']}"
    )


def debtor_block(debtor: dict[str, Any]) -> str:
    extra = ""
    if debtor.get("siren"):
        extra = f"<div class=\"small\">SIREN {e(siren_spaced(str(debtor['siren'])))}</div>"
    contact = f"<div class=\"small\">À l'attention de {e(debtor['contact'])}</div>" if debtor.get("contact") else ""
    return f"<div class=\"gap\"></div><div class=\"to\"><b>{e(debtor['name'])}</b><br>{lines_br(debtor['address'])}{extra}{contact}</div>"


@dataclass(frozen=True)
class Totals:
    ht: Decimal
    vat: tuple[tuple[Decimal, Decimal, Decimal], ...]   # (rate, base, tax)
    ttc: Decimal


def totals(lines: tuple[Line, ...]) -> Totals:
    """VAT per rate on the sum of the lines of that rate (how invoicing software does it)."""
    rates = sorted({line.vat for line in lines})
    vat = []
    for rate in rates:
        base = sum((line.total for line in lines if line.vat == rate), Decimal("0"))
        vat.append((rate, base, cents(base * rate / 100)))
    ht = sum((line.total for line in lines), Decimal("0"))
    return Totals(ht, tuple(vat), ht + sum((t for _, _, t in vat), Decimal("0")))


def lines_table(lines: tuple[Line, ...]) -> str:
    rows = "".join(
        f"<tr><td>{e(x.designation)}</td><td class=\"n\">{num(x.qty)}</td><td>{e(x.unit)}</td>"
        f"<td class=\"n\">{euros(x.unit_price)}</td><td class=\"n\">{num(x.vat)}&nbsp;%</td>"
        f"<td class=\"n\">{euros(x.total)}</td></tr>"
        for x in lines
    )
    return (
        "<table class=\"lines\"><thead><tr><th>Désignation</th><th class=\"n\">Qté</th><th>Unité</th>"
        "<th class=\"n\">Prix unitaire HT</th><th class=\"n\">TVA</th><th class=\"n\">Total HT</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def totals_table(t: Totals, deposit: Decimal | None = None, due_label: str = "Net à payer") -> str:
    rows = [f"<tr><td>Total HT</td><td class=\"n\">{euros(t.ht)}</td></tr>"]
    for rate, base, tax in t.vat:
        rows.append(f"<tr><td>TVA {num(rate)}&nbsp;% sur {euros(base)}</td><td class=\"n\">{euros(tax)}</td></tr>")
    if deposit:
        rows.append(f"<tr><td>Total TTC</td><td class=\"n\">{euros(t.ttc)}</td></tr>")
        rows.append(f"<tr><td>Acompte reçu</td><td class=\"n\">− {euros(deposit)}</td></tr>")
        rows.append(f"<tr class=\"grand\"><td>{due_label}</td><td class=\"n\">{euros(t.ttc - deposit)}</td></tr>")
    else:
        rows.append(f"<tr class=\"grand\"><td>Total TTC</td><td class=\"n\">{euros(t.ttc)}</td></tr>")
    return f"<table class=\"totals\">{''.join(rows)}</table>"


# --- the documents ----------------------------------------------------------------


def contract_reference(case: dict[str, Any]) -> str:
    """How the invoice names what the sale rests on (L441-9: the buyer's purchase order number)."""
    contract = case.get("contract") or {}
    kind, date = contract.get("kind"), contract.get("date")
    when = f" du {date_long(date)}" if date else ""
    pieces = [Path(p).stem for p in contract.get("pieces", ())]
    po = next((p for p in pieces if p.startswith(("bc-", "bon-de-commande-"))), None)
    quote = next((p for p in pieces if p.startswith("devis-")), None)
    refs = []
    if quote:
        refs.append(f"Devis n° {quote_number(quote)} accepté le {date_long(contract['date'])}" if kind == "devis_signe"
                    else f"Devis n° {quote_number(quote)}")
    if kind == "bon_de_commande":
        refs.append(f"Votre bon de commande n° {po_number(po)}{when}" if po else f"Votre bon de commande{when}")
    elif kind == "contrat":
        refs.append(f"Contrat-cadre{when}")
    elif kind == "cgv":
        refs.append(f"Commande{when}, conditions générales de vente acceptées")
    elif kind == "aucun":
        refs.append(f"Travaux convenus par téléphone{when}")
    return " · ".join(refs)


def quote_number(stem: str) -> str:
    m = re.fullmatch(r"devis-(\d{4})-(\d{3})", stem)
    if not m:
        raise SystemExit(f"{stem}: a quote file is named devis-YYYY-NNN.pdf")
    return f"D{m.group(1)}-{m.group(2)}"


def po_number(stem: str) -> str:
    m = re.search(r"(\d{4}-\d{2,4})", stem)
    if not m:
        raise SystemExit(f"{stem}: a purchase order file names its number (bc-2026-0187-….pdf)")
    return m.group(1)


def payment_terms(case: dict[str, Any], inv: dict[str, Any], creditor: dict[str, Any]) -> str:
    kind = case["debtor"]["kind"]
    days = (inv["due"] - inv["date"]).days
    rate = (case.get("interest") or {}).get("rate", "legal")
    parts = [
        f"<p><b>Date d'échéance : {date_long(inv['due'])}</b> (paiement à {days} jours date de facture). "
        "Pas d'escompte pour paiement anticipé.</p>",
        f"<p>Règlement par virement : IBAN {e(creditor['iban'])} — BIC {e(creditor['bic'])} — "
        f"en rappelant le n° de facture {e(inv['number'])}.</p>",
    ]
    if kind == "professional":
        if rate != "legal":
            pct = str(rate).replace("%", "").strip().replace(".", ",")
            signed = (case.get("contract") or {}).get("date")
            penalty = f"au taux contractuel de {pct}&nbsp;% l'an (contrat du {date_long(signed)})"
        else:
            penalty = ("au taux d'intérêt appliqué par la Banque centrale européenne à son opération de "
                       "refinancement la plus récente, majoré de 10 points")
        parts.append(
            f"<p>En cas de retard de paiement, pénalités exigibles le jour suivant la date d'échéance, sans qu'un rappel "
            f"soit nécessaire, {penalty} (article L441-10 du Code de commerce), et indemnité forfaitaire pour frais "
            "de recouvrement de 40&nbsp;€ (article D441-5 du Code de commerce).</p>"
        )
    elif kind == "public":
        parts.append(
            "<p>Facture déposée sur Chorus Pro. Délai global de paiement : 30 jours. En cas de retard, intérêts moratoires "
            "au taux de la Banque centrale européenne majoré de 8 points et indemnité forfaitaire pour frais de "
            "recouvrement de 40&nbsp;€ (articles L2192-13 et R2192-31 du Code de la commande publique).</p>"
        )
    else:
        if any(line.vat == 10 for line in LINES[inv["number"]]):
            parts.append("<p>TVA au taux de 10&nbsp;% : travaux dans un logement achevé depuis plus de deux ans "
                         "(article 279-0 bis du CGI, attestation du client).</p>")
        parts.append(
            "<p>En cas de retard, les sommes dues porteront intérêt au taux légal à compter de la mise en demeure. "
            "En cas de litige, le client peut recourir gratuitement à un médiateur de la consommation.</p>"
        )
    return "".join(parts)


def invoice_html(case: dict[str, Any], inv: dict[str, Any], creditor: dict[str, Any]) -> str:
    number = inv["number"]
    if number not in LINES:
        raise SystemExit(f"{number}: no line items in scripts/make_demo_pieces.py LINES")
    lines = LINES[number]
    t = totals(lines)
    deposit = DEPOSITS.get(number)
    due = t.ttc - (deposit or 0)
    if due != inv["amount"]:
        raise SystemExit(f"{number}: the line items make {due}, the case file says {inv['amount']}")
    delivered = inv.get("delivered")
    meta = [
        ("Facture n°", f"<b>{e(number)}</b>"),
        ("Date de facture", date_long(inv["date"])),
        ("Livraison / fin des travaux", date_long(delivered or inv["date"])),
        ("Référence", contract_reference(case)),
    ]
    if case["debtor"].get("siren"):
        meta.append(("SIREN du client", siren_spaced(str(case["debtor"]["siren"]))))
    meta_rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in meta)
    body = (
        f"<div class=\"head\">{creditor_block(creditor)}{debtor_block(case['debtor'])}</div>"
        f"<h1>FACTURE {e(number)}</h1><table class=\"meta\">{meta_rows}</table>"
        f"{lines_table(lines)}{totals_table(t, deposit, 'Net à payer (solde)')}"
        f"<div class=\"terms\">{payment_terms(case, inv, creditor)}</div>"
    )
    return page(f"Facture {number}", creditor["name"], inv["date"], body, creditor_legal(creditor))


def quote_html(case: dict[str, Any], stem: str, creditor: dict[str, Any]) -> str:
    """A signed quote covering every invoice of the case; the acceptance date is the contract date."""
    number = quote_number(stem)
    accepted: dt.date = case["contract"]["date"]
    issued = accepted - dt.timedelta(days=7)
    lines = tuple(line for inv in case["invoices"] for line in LINES[inv["number"]])
    t = totals(lines)
    deposit_note = ""
    deposit = sum((DEPOSITS.get(inv["number"], Decimal("0")) for inv in case["invoices"]), Decimal("0"))
    if deposit:
        deposit_note = f"<p>Acompte de 30&nbsp;% à la signature : {euros(deposit)} ; solde à la fin des travaux.</p>"
    debtor = case["debtor"]
    days = (case["invoices"][0]["due"] - case["invoices"][0]["date"]).days
    signer = debtor.get("representative") or debtor.get("contact") or debtor["name"]
    signer_name = signer.split(",")[0]
    body = (
        f"<div class=\"head\">{creditor_block(creditor)}{debtor_block(debtor)}</div>"
        f"<h1>DEVIS {e(number)}</h1><table class=\"meta\"><tr><td>Date</td><td>{date_long(issued)}</td></tr>"
        "<tr><td>Validité</td><td>trois mois</td></tr></table>"
        f"{lines_table(lines)}{totals_table(t)}"
        f"<div class=\"terms\">{deposit_note}<p>Paiement à {days} jours date de facture, par virement. "
        "Délai d'exécution convenu à la commande. Conditions générales de vente au verso.</p></div>"
        "<div class=\"sign\"><div class=\"box\">Bon pour accord, lu et approuvé<br>"
        f"le {date_long(accepted)}<br><span class=\"hand\">{e(signer_name)}</span><br>"
        f"<span class=\"small\">{e(signer)}</span></div></div>"
    )
    return page(f"Devis {number}", creditor["name"], issued, body, creditor_legal(creditor))


def purchase_order_html(case: dict[str, Any], stem: str, creditor: dict[str, Any]) -> str:
    """A purchase order issued by the debtor to the creditor, for every invoice of the case."""
    number = po_number(stem)
    date: dt.date = case["contract"]["date"]
    debtor = case["debtor"]
    lines = tuple(line for inv in case["invoices"] for line in LINES[inv["number"]])
    t = totals(lines)
    public = debtor["kind"] == "public"
    issuer = (
        f"<div class=\"from\"><div class=\"name\">{e(debtor['name'])}</div><div>{lines_br(debtor['address'])}</div>"
        f"<div>SIREN {e(siren_spaced(str(debtor['siren'])))}</div></div>"
    )
    supplier = (
        f"<div class=\"gap\"></div><div class=\"to\">Fournisseur :<br><b>{e(creditor['name'])}</b><br>{lines_br(creditor['address'])}"
        f"<div class=\"small\">SIREN {e(siren_spaced(creditor['siren']))}</div></div>"
    )
    if public:
        terms = ("<p>Engagement comptable n° E-" + e(number) + " — imputation budgétaire 2184 (mobilier).</p>"
                 "<p>Factures à déposer sur Chorus Pro, en rappelant le numéro du présent bon de commande. "
                 "Délai global de paiement : 30 jours (article R2192-10 du Code de la commande publique).</p>")
        signer = f"Pour l'ordonnateur, par délégation : {debtor.get('contact', '')}"
    else:
        terms = "<p>Livraison et pose selon le planning convenu. Paiement à 30 jours date de facture.</p>"
        signer = debtor.get("representative") or debtor.get("contact") or debtor["name"]
    body = (
        f"<div class=\"head\">{issuer}{supplier}</div>"
        f"<h1>BON DE COMMANDE n° {e(number)}</h1><table class=\"meta\"><tr><td>Date</td><td>{date_long(date)}</td></tr></table>"
        f"{lines_table(lines)}{totals_table(t)}<div class=\"terms\">{terms}</div>"
        f"<div class=\"sign\"><div class=\"box\">Le {date_long(date)}<br><span class=\"hand\">{e(signer.split(': ')[-1].split(',')[0])}</span>"
        f"<br><span class=\"small\">{e(signer)}</span></div></div>"
    )
    return page(f"Bon de commande {number}", debtor["name"], date, body, e(f"{debtor['name']} — {' '.join(debtor['address'])}"))


def receipt_html(case: dict[str, Any], event: dict[str, Any], creditor: dict[str, Any]) -> str:
    """The acknowledgment of receipt of a registered letter, as returned to the sender."""
    debtor = case["debtor"]
    received: dt.date = event["received"]
    signer = (debtor.get("contact") or debtor["name"]).split(",")[0]
    capitals = re.sub(r"^(M\.|Mme) ", "", signer).upper()
    body = (
        "<div class=\"ar\"><h1>AVIS DE RÉCEPTION</h1>"
        "<p>Lettre recommandée avec avis de réception — copie de l'avis retourné à l'expéditeur</p>"
        f"<p>N° de l'envoi : <b>{e(event['tracking'])}</b> — déposé le {date_long(event['date'])}</p>"
        "<table><tr>"
        f"<td>Destinataire<br><b>{e(debtor['name'])}</b><br>{lines_br(debtor['address'])}</td>"
        f"<td>À retourner à l'expéditeur<br><b>{e(creditor['name'])}</b><br>{lines_br(creditor['address'])}</td>"
        "</tr><tr>"
        f"<td>Présentée / avisée le<br><b>{date_long(received)}</b></td>"
        f"<td>Distribuée le<br><b>{date_long(received)}</b></td>"
        "</tr><tr>"
        f"<td>Signature du destinataire ou de son mandataire<br><span class=\"hand\">{e(signer)}</span></td>"
        f"<td>Nom en capitales<br><b>{e(capitals)}</b></td>"
        "</tr></table>"
        "<p class=\"small\">Pièce conservée au dossier : preuve de la date de réception de la mise en demeure.</p>"
        "<div class=\"stamp\">DISTRIBUÉ</div></div>"
    )
    return page(f"Avis de réception {event['tracking']}", creditor["name"], received, body, "")


UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
         "dix-sept dix-huit dix-neuf").split()
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):                       # soixante-dix…, quatre-vingt-dix…
        head = "soixante" if tens == 7 else "quatre-vingt"
        return f"{head}{' et ' if n == 71 else '-'}{UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{UNITS[unit]}"
    if unit == 0:
        return TENS[tens]
    return f"{TENS[tens]}{' et ' if unit == 1 else '-'}{UNITS[unit]}"


def _below_1000(n: int, final: bool) -> str:
    """``final``: nothing follows (« deux cents », « quatre-vingts ») — before « mille » they do not agree."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append("cent" if hundreds == 1 else f"{UNITS[hundreds]} cent{'s' if final and not rest else ''}")
    if rest:
        text = _below_100(rest)
        words.append(text[:-1] if text == "quatre-vingts" and not final else text)
    return " ".join(words)


def in_words(amount: Decimal) -> str:
    """A sum in French words, as the debtor writes it by hand (C. civ. 1376): « cinq mille … euros et trente-cinq centimes »."""
    whole, cts = divmod(int(cents(amount) * 100), 100)
    if not 0 < whole < 1_000_000:
        raise SystemExit(f"{amount}: sums in words go from 1 to 999 999 €")
    thousands, rest = divmod(whole, 1000)
    words = []
    if thousands:
        words.append("mille" if thousands == 1 else f"{_below_1000(thousands, False)} mille")
    if rest:
        words.append(_below_1000(rest, True))
    text = " ".join(words) + (" euro" if whole == 1 else " euros")
    if cts:
        text += f" et {_below_100(cts)} centime{'s' if cts > 1 else ''}"
    return text


# Two pen strokes for the signatures (an initial and a flourish), drawn once so every render is the same.
SIGNATURES = {
    "creditor": "M4 34 C 10 8, 20 4, 18 26 C 16 40, 8 44, 12 30 C 18 14, 30 18, 34 30 C 38 40, 44 22, 52 24 "
                "C 58 26, 56 36, 64 32 C 72 28, 74 18, 82 22 C 90 26, 96 34, 108 26 C 118 20, 130 22, 150 16",
    "debtor": "M6 38 C 6 20, 10 6, 22 8 C 34 10, 30 24, 16 26 C 28 28, 36 34, 30 40 C 40 30, 48 20, 54 30 "
              "C 58 38, 66 22, 72 30 C 78 38, 84 24, 90 28 C 98 34, 104 20, 112 26 L 148 22",
}


def signature(who: str) -> str:
    return ("<svg class=\"signature\" width=\"36mm\" height=\"11mm\" viewBox=\"0 0 156 48\">"
            f"<path d=\"{SIGNATURES[who]}\" fill=\"none\" stroke=\"#1d3c8a\" stroke-width=\"1.7\" "
            "stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>")


SHEET_CSS = """
@page { margin: 13mm 18mm 16mm 20mm;
        @bottom-right { content: "Page " counter(page) "/" counter(pages); font-family: "DejaVu Sans";
                        font-size: 6.8pt; color: #555; white-space: nowrap; } }
.sheet { font-family: "DejaVu Serif"; font-size: 8.3pt; line-height: 1.3; color: #111; }
.sheet h1 { font-size: 11.5pt; letter-spacing: 0; margin: 0 0 3mm; }
.sheet h2 { font-size: 9.4pt; margin: 2.8mm 0 1.2mm; }
.sheet p { margin: 0 0 1.5mm; text-align: justify; }
.sheet ul { margin: 0 0 1.5mm; padding-left: 6mm; }
.sheet table.plan { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; font-size: 7.9pt; }
.sheet table.plan th, .sheet table.plan td { border: 0.4pt solid #888; padding: 0.5mm 1.6mm; }
.sheet table.plan th { background: #eee; text-align: left; }
.sheet table.plan .n { text-align: right; }
.sheet table.plan tr.total td { font-weight: bold; }
.sheet table.sign-boxes { width: 100%; border-collapse: collapse; margin-top: 2.5mm; }
.sheet .sign-boxes td { width: 50%; border: 0.4pt solid #888; vertical-align: top; padding: 1.5mm 2mm;
                        font-size: 7.6pt; height: 50mm; }
.sheet .hand { display: block; margin-top: 2mm; font-size: 10.5pt; line-height: 1.3; transform: rotate(-1.2deg); }
.signature { display: block; margin: 1mm 0 0 4mm; }
.tampon { display: inline-block; margin: 1.5mm 0 0 22mm; border: 1pt solid #5a3d8a; color: #5a3d8a;
          padding: 0.8mm 2.5mm; font-family: "DejaVu Sans"; font-size: 6.6pt; line-height: 1.3; text-align: center;
          letter-spacing: .03em; transform: rotate(2.5deg); }
"""


def sheet_legal(cr: dict[str, Any]) -> str:
    """The footer of the tool's own sheets: name, form, capital, RCS, VAT, address."""
    return e(f"{cr['name']} — {cr.get('legal_form', '')} au capital de {cr.get('capital', '')} — {cr.get('rcs', '')} — "
             f"TVA {cr.get('vat', '')} — {', '.join(cr['address'])}")


def plan_html(case_id: str, case: dict[str, Any], event: dict[str, Any], creditor: dict[str, Any]) -> str:
    """The signed copy of the tool's échéancier (templates/echeancier.md): same articles, initialled and signed.

    The instalments are the plan event's; the acknowledged sum is the principal still owed on the day, the
    penalties of ``PLANS`` and 40 € per overdue invoice (L441-10 and D441-5, a professional debtor)."""
    day: dt.date = event["date"]
    debtor = case["debtor"]
    if (case_id, day) not in PLANS:
        raise SystemExit(f"{case_id}: the plan of {day}: no acknowledged penalties in scripts/make_demo_pieces.py PLANS")
    if debtor["kind"] != "professional" or (case.get("interest") or {}).get("rate", "legal") != "legal":
        raise SystemExit(f"{case_id}: only plans of a professional debtor at the L441-10 rate are generated")
    overdue = [inv for inv in case["invoices"] if inv["due"] < day]
    if len(overdue) != 1:
        raise SystemExit(f"{case_id}: the plan of {day}: only a plan over one invoice is generated")
    [inv] = overdue
    paid = sum((ev["amount"] for ev in case.get("events") or () if ev.get("type") == "payment" and ev["date"] <= day),
               Decimal("0"))
    principal = inv["amount"] - paid
    penalties, indemnity = PLANS[(case_id, day)], Decimal("40.00")
    total = principal + penalties + indemnity
    instalments = event["instalments"]
    scheduled = sum((i["amount"] for i in instalments), Decimal("0"))
    rows = "".join(f"<tr><td>{n}</td><td>{date_long(i['due'])}</td><td class=\"n\">{euros(i['amount'])}</td></tr>"
                   for n, i in enumerate(instalments, 1))
    balance = (f" et comprenant les {euros(total - scheduled)} que l’échéancier ne couvre pas" if scheduled < total else "")
    signer = debtor.get("representative") or debtor["contact"]
    by = creditor.get("signatory", "")
    kept = f" (solde restant dû en principal : {euros(principal)})" if paid else ""
    body = (
        "<div class=\"sheet\"><h1>ÉCHÉANCIER DE PAIEMENT ET RECONNAISSANCE DE DETTE</h1><p>Entre les soussignés :</p><ul>"
        f"<li><b>{e(creditor['name'])}</b>, au capital de {e(creditor['capital'])}, {e(creditor['rcs'])}, "
        f"{e(', '.join(creditor['address']))}, ci-après « le créancier »,</li>"
        f"<li><b>{e(debtor['name'])}</b>, SIREN {e(debtor['siren'])}, {e(', '.join(debtor['address']))}, "
        f"représentée par {e(signer)}, ci-après « le débiteur ».</li></ul>"
        "<h2>1. Reconnaissance de dette</h2>"
        f"<p>Le débiteur reconnaît devoir au créancier, au {date_long(day)}, la somme de <b>{euros(total)}</b> au titre "
        f"de la facture n°\u00a0{e(inv['number'])} du {date_long(inv['date'])} émise par le créancier, d’un montant de "
        f"{euros(inv['amount'])}, échue le {date_long(inv['due'])}{kept}, somme qui se décompose ainsi :</p>"
        f"<p>Prestation : {e(inv['description'])}.</p>"
        f"<ul><li>principal restant dû : {euros(principal)} ;</li><li>pénalités de retard : {euros(penalties)} ;</li>"
        f"<li>indemnité forfaitaire pour frais de recouvrement : {euros(indemnity)} ;</li>"
        f"<li><b>total : {euros(total)}</b>.</li></ul>"
        "<h2>2. Échéancier</h2><p>Le débiteur s’engage à régler cette somme selon l’échéancier suivant :</p>"
        "<table class=\"plan\"><thead><tr><th>Échéance</th><th>Date</th><th class=\"n\">Montant</th></tr></thead>"
        f"<tbody>{rows}<tr class=\"total\"><td>Total</td><td></td><td class=\"n\">{euros(scheduled)}</td></tr></tbody></table>"
        "<p>Pendant l’exécution de l’échéancier, les pénalités de retard, au taux de l’article L441-10 du Code de "
        "commerce (taux de refinancement de la Banque centrale européenne majoré de 10 points), continuent de courir "
        "sur le principal restant dû ; chaque règlement s’impute d’abord sur les intérêts et pénalités échus, puis sur "
        f"le principal (article 1343-1 du Code civil). Le solde, arrêté après la dernière échéance{balance}, sera "
        "réglé avec celle-ci.</p>"
        f"<p>Chaque règlement est effectué par virement sur le compte du créancier (IBAN {e(creditor['iban'])}, "
        f"BIC {e(creditor['bic'])}), en rappelant la référence {e(case_id)}.</p>"
        "<h2>3. Défaut de paiement</h2>"
        "<p>Pendant la bonne exécution de l’échéancier, le créancier suspend toute démarche de recouvrement. Si une "
        "échéance n’est pas réglée dans les cinq jours de sa date, la totalité du solde restant dû redevient exigible "
        "huit jours après une mise en demeure restée sans effet.</p>"
        "<p>Le présent accord vaut reconnaissance de dette par le débiteur au sens de l’article 2240 du Code civil.</p>"
        f"<p>Fait en deux exemplaires, le {date_long(day)}.</p>"
        "<table class=\"sign-boxes\"><tr>"
        f"<td>Pour le créancier<br>{e(by)}<br>(date et signature)"
        f"<span class=\"hand\">Lu et approuvé,<br>le {day.strftime('%d/%m/%Y')}</span>{signature('creditor')}</td>"
        f"<td>Pour le débiteur<br>{e(signer)}<br>(date, signature et mention manuscrite de la somme en chiffres et en "
        "lettres, article 1376 du Code civil)"
        f"<span class=\"hand\">Lu et approuvé. Bon pour reconnaissance de dette de {euros(total)}, soit "
        f"{e(in_words(total))}.<br>Le {day.strftime('%d/%m/%Y')}</span>{signature('debtor')}"
        f"<span class=\"tampon\">{e(debtor['name'].upper())}<br>{lines_br(debtor['address'])}<br>"
        f"SIREN {e(siren_spaced(str(debtor['siren'])))}</span></td>"
        "</tr></table></div>"
    )
    return page(f"Échéancier de paiement et reconnaissance de dette — {debtor['name']}", creditor["name"], day, body,
                sheet_legal(creditor), SHEET_CSS)


CGV_CSS = """
@page { margin: 12mm 14mm 14mm 14mm; }
.cgv-title { margin: 5mm 0 1mm; }
.cgv-sub { margin: 0 0 3mm; color: #444; }
.cgv { columns: 2; column-gap: 6mm; font-size: 7.7pt; line-height: 1.36; text-align: justify; }
.cgv h3 { font-size: 8pt; margin: 2.2mm 0 0.7mm; break-after: avoid; }
.cgv p { margin: 0 0 1mm; }
.cgv sup { font-size: 65%; line-height: 0; }
.accept { margin-top: 5mm; border: 0.6pt solid #999; padding: 2mm 4mm; font-size: 7.8pt; }
.accept p { margin: 0 0 1.5mm; }
.accept table { width: 100%; border-collapse: collapse; }
.accept td { width: 50%; vertical-align: top; }
.accept .hand { display: block; font-size: 11pt; transform: rotate(-1.2deg); }
"""

CGV_ARTICLES = (
    ("1. Objet et champ d’application",
     "Les présentes conditions générales de vente s’appliquent à toutes les ventes de mobilier et à tous les travaux "
     "de menuiserie et d’agencement conclus par {name} avec des clients professionnels. Elles constituent le socle "
     "unique de la négociation commerciale (article L441-1 du Code de commerce) et prévalent sur toute condition "
     "d’achat du client, sauf accord écrit contraire. Elles sont remises au client avec chaque devis et à sa demande."),
    ("2. Devis et commande",
     "Les devis sont valables trois mois. La commande est ferme à la réception du devis signé ou du bon de commande "
     "du client, qui emporte l’acceptation des présentes conditions. Toute modification ultérieure fait l’objet d’un "
     "avenant écrit et peut entraîner une révision du prix et des délais."),
    ("3. Prix",
     "Les prix sont exprimés en euros hors taxes ; la TVA est facturée au taux en vigueur au jour de la facturation. "
     "Ils comprennent la fabrication en atelier, la livraison et la pose lorsque le devis les mentionne. Les travaux "
     "supplémentaires demandés en cours de chantier sont facturés en sus, sur devis complémentaire."),
    ("4. Délais d’exécution",
     "Les délais de fabrication et de pose sont donnés à titre indicatif et courent à compter de la commande ferme et, "
     "le cas échéant, de la réception de l’acompte. Un retard ne peut justifier l’annulation de la commande ni donner "
     "lieu à pénalité ou indemnité, sauf stipulation expresse du devis."),
    ("5. Réception",
     "La réception des ouvrages est prononcée à la fin de la pose, en présence du client ou de son représentant. Les "
     "réserves doivent être formulées par écrit dans les huit jours ; passé ce délai, les ouvrages sont réputés "
     "acceptés sans réserve. Une réserve ne suspend pas le paiement des parties non concernées."),
    ("6. Conditions de paiement",
     "Sauf stipulation contraire du devis, les factures sont payables à trente jours à compter de leur date, par "
     "virement sur le compte indiqué sur la facture. Un acompte peut être demandé à la commande ; il est précisé sur "
     "le devis. Aucun escompte n’est accordé pour paiement anticipé."),
    ("7. Retard de paiement",
     "Tout retard de paiement entraîne de plein droit, dès le jour suivant la date d’échéance figurant sur la facture "
     "et sans qu’un rappel soit nécessaire, l’exigibilité de pénalités de retard au taux d’intérêt appliqué par la "
     "Banque centrale européenne à son opération de refinancement la plus récente, majoré de 10 points de pourcentage "
     "(article L441-10 du Code de commerce) ; le taux applicable pendant le premier semestre de l’année est celui en "
     "vigueur au 1<sup>er</sup> janvier, pendant le second semestre celui en vigueur au 1<sup>er</sup> juillet. Tout "
     "professionnel en retard de paiement est en outre redevable de plein droit d’une indemnité forfaitaire pour frais "
     "de recouvrement de 40\u00a0€ (article D441-5 du Code de commerce), par facture ; si les frais de recouvrement exposés "
     "sont supérieurs, une indemnisation complémentaire peut être demandée sur justification."),
    ("8. Réserve de propriété",
     "Le mobilier et les fournitures restent la propriété de {name} jusqu’au paiement intégral du prix en principal "
     "et accessoires (articles 2367 et suivants du Code civil). Les risques sont transférés au client dès la "
     "livraison. Le défaut de paiement d’une échéance peut entraîner la revendication des biens."),
    ("9. Garanties",
     "Les ouvrages bénéficient de la garantie des vices cachés (articles 1641 et suivants du Code civil). Sont exclus "
     "les défauts résultant d’un usage anormal, d’un défaut d’entretien ou des variations naturelles du bois massif "
     "(teinte, veinage, jeu saisonnier)."),
    ("10. Données personnelles",
     "Les coordonnées des interlocuteurs du client sont utilisées pour l’exécution des commandes, la facturation et "
     "le recouvrement, et conservées pendant la durée de la relation commerciale puis des prescriptions légales. "
     "Chacun peut y accéder, les faire rectifier ou s’y opposer en écrivant à {email}."),
    ("11. Droit applicable et litiges",
     "Les présentes conditions sont soumises au droit français. À défaut d’accord amiable, tout litige relatif à leur "
     "interprétation ou à leur exécution relève de la compétence du tribunal des activités économiques de Lyon, "
     "y compris en cas de pluralité de défendeurs ou d’appel en garantie."),
)


def cgv_html(case: dict[str, Any], creditor: dict[str, Any]) -> str:
    """The creditor's terms of sale (professional clients), initialled by the debtor when ordering (contract.date)."""
    accepted: dt.date = case["contract"]["date"]
    debtor = case["debtor"]
    signer = debtor.get("representative") or debtor.get("contact") or debtor["name"]
    articles = "".join(f"<h3>{e(title)}</h3><p>{text.format(name=e(creditor['name']), email=e(creditor['email']))}</p>"
                       for title, text in CGV_ARTICLES)
    body = (
        f"<div class=\"head\">{creditor_block(creditor)}</div>"
        "<h1 class=\"cgv-title\">CONDITIONS GÉNÉRALES DE VENTE</h1>"
        f"<p class=\"cgv-sub\">Clients professionnels — édition du {date_long(CGV_EDITION)}</p>"
        f"<div class=\"cgv\">{articles}</div>"
        "<div class=\"accept\"><p>Le client déclare avoir pris connaissance des présentes conditions générales de vente "
        "et les accepter sans réserve.</p><table><tr>"
        f"<td>Client : <b>{e(debtor['name'])}</b><br>Commande du {date_long(accepted)}<br>"
        f"<span class=\"small\">{e(signer)}</span></td>"
        f"<td><span class=\"hand\">Lu et approuvé, le {accepted.strftime('%d/%m/%Y')}</span>{signature('debtor')}</td>"
        "</tr></table></div>"
    )
    return page("Conditions générales de vente", creditor["name"], accepted, body, creditor_legal(creditor), CGV_CSS)


# --- the run ----------------------------------------------------------------------


def pieces(root: Path = ROOT) -> dict[Path, str]:
    """Every piece named by the demo's case files, with the HTML it is made from, by absolute path."""
    creditor = read(root / "dossier.yaml")["creditor"]
    out: dict[Path, str] = {}
    for path in case_files(root):
        case = read(path)
        folder = path.parent
        case_id = folder.name if path.name == "dossier.yaml" else path.stem
        for inv in case.get("invoices", ()):
            if inv.get("piece"):
                out[folder / inv["piece"]] = invoice_html(case, inv, creditor)
        for piece in (case.get("contract") or {}).get("pieces", ()):
            stem = Path(piece).stem
            if stem.startswith("devis-"):
                out[folder / piece] = quote_html(case, stem, creditor)
            elif stem.startswith(("bc-", "bon-de-commande-")):
                out[folder / piece] = purchase_order_html(case, stem, creditor)
            elif stem.startswith("cgv-"):
                out[folder / piece] = cgv_html(case, creditor)
            else:
                raise SystemExit(f"{path}: {piece}: unknown kind of contract piece")
        for event in case.get("events") or ():
            if not event.get("piece"):
                continue
            if event.get("type") == "plan" and event.get("signed"):
                out[folder / event["piece"]] = plan_html(case_id, case, event, creditor)
            elif event.get("type") == "sent" and event.get("received") and event.get("tracking"):
                out[folder / event["piece"]] = receipt_html(case, event, creditor)
            else:
                raise SystemExit(f"{path}: {event['piece']}: only acknowledgments of receipt and signed plans are generated")
    return dict(sorted(out.items()))


def render(html_text: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    global _FONTS
    try:
        fonts = _FONTS
    except NameError:
        fonts = _FONTS = FontConfiguration()
    return HTML(string=html_text).write_pdf(font_config=fonts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in pieces().items():
        data = render(text)
        rel = path.relative_to(ROOT).as_posix()
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {rel} ({len(data) // 1024} KB)")
    if stale:
        print("stale or missing: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
