"""A statement of account as the JSON of docs/format.md and as the terminal table of `dossier show`."""
from __future__ import annotations

from .money import as_str, euros
from .rates import Rate, half_label


def to_json(st) -> dict:
    """The amounts part of docs/format.md's JSON (amounts as strings with two decimals)."""
    return {
        "principal": as_str(st.principal),
        "interest": as_str(st.interest),
        "indemnity": as_str(st.indemnity),
        "total": as_str(st.total),
        "invoices": [
            {"number": r.number, "principal": as_str(r.principal), "interest": as_str(r.interest), "days_late": r.days_late}
            for r in st.invoices
        ],
        "prescription": st.prescription.isoformat() if st.prescription else None,
    }


def format_text(st) -> str:
    """The statement as a plain-text table for the terminal (`dossier show ID`)."""
    out = [f"Statement of account as of {st.as_of.isoformat()}"]
    head = f"{'invoice':<14}{'date':<12}{'due':<12}{'amount':>12}{'principal':>12}{'interest':>10}{'indemnity':>10}{'late':>6}"
    out += ["", head, "-" * len(head)]
    for r in st.invoices:
        out.append(
            f"{r.number:<14}{r.date.isoformat():<12}{r.due.isoformat():<12}{as_str(r.amount):>12}"
            f"{as_str(r.principal):>12}{as_str(r.interest):>10}{as_str(r.indemnity):>10}{r.days_late:>6}"
        )
        for line in r.lines:
            mark = " *" if line.provisional else ""
            out.append(
                f"    {line.start.isoformat()} → {line.end.isoformat()} {line.days:>4} d on {as_str(line.base):>10}"
                f" at {line.rate:>6} % = {as_str(line.interest):>9}  {line.basis}{mark}"
            )
    out.append("-" * len(head))
    out.append(f"{'total':<38}{as_str(st.amount):>12}{as_str(st.principal):>12}{as_str(st.interest):>10}{as_str(st.indemnity):>10}")
    if st.payments:
        out += ["", "Payments (interest first, then principal):"]
        for p in st.payments:
            extra = f"  indemnity {as_str(p.to_indemnity)}" if p.to_indemnity else ""
            extra += f"  unallocated {as_str(p.unallocated)}" if p.unallocated else ""
            out.append(
                f"  {p.date.isoformat()}  {as_str(p.amount):>10}  {p.invoice or '-':<14} interest {as_str(p.to_interest)}"
                f"  principal {as_str(p.to_principal)}{extra}"
            )
    out += [
        "",
        f"Total due: {as_str(st.total)} (principal {as_str(st.principal)} + interest {as_str(st.interest)} + indemnity {as_str(st.indemnity)})",
        f"Paid: {as_str(st.paid)}" + (f", unallocated: {as_str(st.unallocated)}" if st.unallocated else ""),
        *([f"Credit notes: {as_str(st.credited)} (" + ", ".join(f"{c.number} {c.date.isoformat()} {c.invoice} {as_str(c.amount)}" for c in st.credits) + ")"] if st.credits else []),
        *([f"Trop-perçu à rembourser\u00a0: {euros(st.overpaid)}"] if st.overpaid > 0 else []),
        f"Prescription: {st.prescription.isoformat() if st.prescription else '-'}" + (" (time-barred)" if st.prescribed else ""),
    ]
    if st.provisional:
        out.append("* provisional rate: not yet confirmed by an official source")
        out += [f"  {provisional_row_text(row)}" for row in st.provisional_rows]
    return "\n".join(out)


def provisional_row_text(row: Rate) -> str:
    """One provisional row for the terminal: ``ECB main refinancing rate 2.40 % from 2027-01-01 (2027-S1): carried forward from 2026-S2``."""
    from .rates import NAMES

    why = f"carried forward from {half_label(row.carried_from)}" if row.carried else "announced, not confirmed"
    return f"{NAMES.get(row.table, row.table)} {row.rate} % from {row.start.isoformat()} ({half_label(row.start)}): {why}"
