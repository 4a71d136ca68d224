"""A statement of account as the JSON of docs/format.md and as the terminal table of `dossier show`."""
from __future__ import annotations

from .money import as_str, euros
from .rates import Rate, half_label
from ..records.i18n import _, pick


def to_json(st) -> dict:
    """The amounts part of docs/format.md's JSON (amounts as strings with two decimals)."""
    return {
        "principal": as_str(st.principal),
        "interest": as_str(st.interest),
        "indemnity": as_str(st.indemnity),
        "total": as_str(st.total),
        "credited": as_str(st.credited),
        "overpaid": as_str(st.overpaid),
        "invoices": [
            {"number": r.number, "principal": as_str(r.principal), "interest": as_str(r.interest), "days_late": r.days_late}
            for r in st.invoices
        ],
        "prescription": st.prescription.isoformat() if st.prescription else None,
    }


def format_text(st) -> str:
    """The statement as a plain-text table for the terminal (`dossier show ID`)."""
    out = [_("Statement of account as of {date}", date=st.as_of.isoformat())]
    head = f"{_('invoice'):<14}{_('date'):<12}{_('due'):<12}{_('amount'):>12}{_('principal'):>12}{_('interest'):>10}{_('indemnity'):>10}{_('late'):>6}"
    out += ["", head, "-" * len(head)]
    for r in st.invoices:
        out.append(
            f"{r.number:<14}{r.date.isoformat():<12}{r.due.isoformat():<12}{as_str(r.amount):>12}"
            f"{as_str(r.principal):>12}{as_str(r.interest):>10}{as_str(r.indemnity):>10}{r.days_late:>6}"
        )
        for line in r.lines:
            mark = " *" if line.provisional else ""
            out.append(
                _("    {start} → {end} {days:>4} d on {base:>10} at {rate:>6} % = {interest:>9}  {basis}{mark}", start=line.start.isoformat(),
                  end=line.end.isoformat(), days=line.days, base=as_str(line.base), rate=line.rate, interest=as_str(line.interest), basis=line.basis, mark=mark)
            )
    out.append("-" * len(head))
    out.append(f"{_('total'):<38}{as_str(st.amount):>12}{as_str(st.principal):>12}{as_str(st.interest):>10}{as_str(st.indemnity):>10}")
    if st.payments:
        out += ["", _("Payments (interest first, then principal):")]
        for p in st.payments:
            extra = _("  indemnity {amount}", amount=as_str(p.to_indemnity)) if p.to_indemnity else ""
            extra += _("  unallocated {amount}", amount=as_str(p.unallocated)) if p.unallocated else ""
            out.append(
                f"  {p.date.isoformat()}  {as_str(p.amount):>10}  {p.invoice or '-':<14} "
                + _("interest {interest}  principal {principal}", interest=as_str(p.to_interest), principal=as_str(p.to_principal)) + extra
            )
    out += [
        "",
        _("Total due: {total} (principal {principal} + interest {interest} + indemnity {indemnity})", total=as_str(st.total), principal=as_str(st.principal), interest=as_str(st.interest), indemnity=as_str(st.indemnity)),
        _("Paid: {amount}", amount=as_str(st.paid)) + (_(", unallocated: {amount}", amount=as_str(st.unallocated)) if st.unallocated else ""),
        *([_("Credit notes: {amount} ({notes})", amount=as_str(st.credited), notes=", ".join(f"{c.number} {c.date.isoformat()} {c.invoice} {as_str(c.amount)}" for c in st.credits))] if st.credits else []),
        *([f"Trop-perçu à rembourser\u00a0: {euros(st.overpaid)}"] if st.overpaid > 0 else []),
        _("Prescription: {date}", date=st.prescription.isoformat() if st.prescription else '-') + (_(" (time-barred)") if st.prescribed else ""),
    ]
    if st.provisional:
        out.append(_("* provisional rate: not yet confirmed by an official source"))
        out += [f"  {provisional_row_text(row)}" for row in st.provisional_rows]
    return "\n".join(out)


def provisional_row_text(row: Rate) -> str:
    """One provisional row for the terminal: ``ECB main refinancing rate 2.40 % from 2027-01-01 (2027-S1): carried forward from 2026-S2``."""
    from .rates import NAMES, NAMES_FR

    why = _("carried forward from {half}", half=half_label(row.carried_from)) if row.carried else _("announced, not confirmed")
    return _("{table} {rate} % from {start} ({half}): {why}", table=pick(NAMES.get(row.table, row.table), NAMES_FR.get(row.table, row.table)), rate=row.rate, start=row.start.isoformat(),
             half=half_label(row.start), why=why)
