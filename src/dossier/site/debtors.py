"""A page per debtor and the search index of the site.

A debtor is the same SIREN, else the same name (case and spaces aside), across
cases (as the analytics' repeat late payers): its page ``debiteurs/<key>.html``
lists its claims, its total exposure and the history of its invoices, paid late
or still unpaid. The search index (``assets/recherche.js``) is written at build
time as a script, so that the search box works from ``file://`` as from a web
server: one entry per case with what staff type to find it (debtor, SIREN,
invoice numbers, case id, town, status, creditor).
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal

from ..records.labels import KIND_LABELS, STATUS_LABELS

ZERO = Decimal("0.00")
FOLDER = "debiteurs"


def group_key(case) -> str:
    d = case.debtor
    return f"siren:{d.siren}" if d.siren else "name:" + " ".join(d.name.casefold().split())


def slug(text: str, limit: int = 60) -> str:
    """ASCII, lower case, words joined by hyphens: « Mme Sylvie Ferrand » → ``mme-sylvie-ferrand``."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return out or "debiteur"


def debtor_files(results) -> dict[str, str]:
    """Each debtor group's file name (``siren-901234567`` or a slug of the name), unique, by `group_key`."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted({group_key(r.case) for r in results}):
        first = min((r for r in results if group_key(r.case) == key), key=lambda r: r.case.id)
        d = first.case.debtor
        base = f"siren-{d.siren}" if d.siren else slug(d.name)
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[key] = name
    return names


def town(address: tuple[str, ...]) -> str:
    """The postcode and town of an address (its last line starting with five digits), else ""."""
    for line in reversed(address):
        if re.match(r"\s*\d{5}\b", line):
            return line.strip()
    return ""


def debtor_pages(results, rows: dict[str, dict], claim_class) -> list[dict]:
    """The context of each debtor page, sorted by file name (`rows`: `home.case_row` by case id)."""
    files = debtor_files(results)
    groups: dict[str, list] = {}
    for r in results:
        groups.setdefault(group_key(r.case), []).append(r)
    pages = []
    for key, rs in groups.items():
        rs = sorted(rs, key=lambda r: r.case.id)
        d = rs[0].case.debtor
        live = [r for r in rs if claim_class(r) != "closed"]
        history = sorted(
            ({"case_id": r.case.id, "number": inv.number, "due": inv.due, "amount": inv.amount, "paid_on": inv.paid_on,
              "principal": inv.principal, "days_late": inv.days_late}
             for r in rs for inv in r.statement.invoices),
            key=lambda h: (h["due"], h["case_id"], h["number"]))
        late = [h for h in history if h["days_late"] > 0]
        paid_late = [h for h in late if h["paid_on"] is not None]
        pages.append({
            "file": files[key],
            "name": d.name,
            "siren": d.siren,
            "kind_label": KIND_LABELS[d.kind],
            "address": d.address,
            "cases": [rows[r.case.id] for r in rs],
            "exposure": sum((r.statement.total for r in live), ZERO),
            "principal": sum((r.statement.principal for r in live), ZERO),
            "paid": sum((r.statement.paid for r in rs), ZERO),
            "history": history,
            "late_count": len(late),
            "paid_late_count": len(paid_late),
            "average_days_late": _average([h["days_late"] for h in paid_late]),
        })
    return sorted(pages, key=lambda p: p["file"])


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


def search_index(results, creditor_of, debtor_file: dict[str, str]) -> bytes:
    """``assets/recherche.js``: the index as one JSON array assigned to a global, every character outside ASCII
    and ``<``, ``>``, ``&`` escaped (the names are typed by hand or come from clients)."""
    entries = []
    for r in sorted(results, key=lambda r: r.case.id):
        case, d = r.case, r.case.debtor
        entries.append({
            "id": case.id,
            "debtor": d.name,
            "siren": d.siren or "",
            "invoices": [inv.number for inv in case.invoices],
            "town": town(d.address),
            "status": r.ladder.status,
            "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
            "creditor": creditor_of(case).name,
            "case_url": f"cases/{case.id}/index.html",
            "debtor_url": f"{FOLDER}/{debtor_file[group_key(case)]}.html",
        })
    text = json.dumps(entries, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("/* The search index of the site, written by dossier build. */\nwindow.dossierIndex = " + text + ";\n").encode("ascii")
