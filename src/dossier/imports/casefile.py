"""The YAML text of a new case file, written as `dossier init`'s example and docs/format.md write one."""
from __future__ import annotations

import json

from ..history.record_text import INVOICE_ORDER, flow_mapping, yaml_value
from .model import Buyer

HEADER = "# yaml-language-server: $schema=../.dossier/schema/case.json\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def case_text(buyer: Buyer, creditor: str | None, invoices: list[dict], events: list[dict], origin: str) -> str:
    """A case: the debtor, its creditor when the project has several, the invoices (block items), the journal."""
    lines = [HEADER.rstrip("\n"), f"# Créé par dossier import depuis {origin}.", "debtor:",
             f"  name: {yaml_value('name', buyer.name)}", f"  kind: {buyer.kind}"]
    if buyer.siren:
        lines.append(f"  siren: {_quoted(buyer.siren)}")
    if buyer.siret:
        lines.append(f"  siret: {_quoted(buyer.siret)}")
    if buyer.vat:
        lines.append(f"  vat: {yaml_value('vat', buyer.vat)}")
    if buyer.address:
        lines.append("  address: [" + ", ".join(_quoted(x) for x in buyer.address) + "]")
    if buyer.email:
        lines.append(f"  email: {yaml_value('email', buyer.email)}")
    if buyer.phone:
        lines.append(f"  phone: {_quoted(buyer.phone)}")
    if creditor:
        lines.append(f"creditor: {yaml_value('creditor', creditor)}")
    lines.append("invoices:")
    for inv in invoices:
        for n, key in enumerate(k for k in INVOICE_ORDER if k in inv):
            lead = "  - " if n == 0 else "    "
            lines.append(f"{lead}{key}: {yaml_value(key, inv[key])}")
    if events:
        lines.append("events:")
        lines += ["  - " + flow_mapping(ev) for ev in events]
    return "\n".join(lines) + "\n"
