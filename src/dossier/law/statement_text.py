"""A statement of account as the JSON of docs/format.md and as the terminal table of `dossier show`."""
from __future__ import annotations

from .money import as_str
from .rates import Rate, half_label
from ..records.i18n import N_, _, amount, decimal, money, pick


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


# The columns of `dossier show`'s table: heading, width, aligned left or right.
COLUMNS = ((N_("invoice"), 14, "<"), (N_("date"), 12, "<"), (N_("due"), 12, "<"), (N_("amount"), 12, ">"),
           (N_("principal"), 12, ">"), (N_("interest"), 10, ">"), (N_("indemnity"), 10, ">"), (N_("late"), 7, ">"))


def _row(cells: list[str]) -> str:
    """One line of the table, each cell padded to its column by characters (an accent, the narrow no-break space
    of a French amount: one each); a cell wider than its column pushes the rest, never cut."""
    return "".join(f"{cell:{align}{width}}" for cell, (_heading, width, align) in zip(cells, COLUMNS))


def format_text(st) -> str:
    """The statement as a plain-text table for the terminal (`dossier show ID`), in the run's language: French
    headings and « 4\u202f800,00 » in French, English headings and « 4800.00 » in English; dates ISO in both."""
    out = [_("Statement of account as of {date}", date=st.as_of.isoformat())]
    head = _row([_(heading) for heading, _width, _align in COLUMNS])
    out += ["", head, "-" * len(head)]
    for r in st.invoices:
        out.append(_row([r.number, r.date.isoformat(), r.due.isoformat(), amount(r.amount), amount(r.principal),
                         amount(r.interest), amount(r.indemnity), str(r.days_late)]))
        for line in r.lines:
            mark = " *" if line.provisional else ""
            out.append(
                _("    {start} → {end} {days:>4} d on {base:>10} at {rate:>6} % = {interest:>9}  {basis}{mark}", start=line.start.isoformat(),
                  end=line.end.isoformat(), days=line.days, base=amount(line.base), rate=decimal(line.rate), interest=amount(line.interest),
                  basis=line.basis, mark=mark)
            )
    out.append("-" * len(head))
    out.append(f"{_('total'):<38}" + _row(["", "", "", amount(st.amount), amount(st.principal), amount(st.interest),
                                           amount(st.indemnity)])[38:])
    if st.payments:
        out += ["", _("Payments (interest first, then principal):")]
        for p in st.payments:
            extra = _("  indemnity {amount}", amount=amount(p.to_indemnity)) if p.to_indemnity else ""
            extra += _("  unallocated {amount}", amount=amount(p.unallocated)) if p.unallocated else ""
            out.append(
                f"  {p.date.isoformat()}  {amount(p.amount):>10}  {p.invoice or '-':<14} "
                + _("interest {interest}  principal {principal}", interest=amount(p.to_interest), principal=amount(p.to_principal)) + extra
            )
    credits = ", ".join(f"{c.number} {c.date.isoformat()} {c.invoice} {amount(c.amount)}" for c in st.credits)
    out += [
        "",
        _("Total due: {total} (principal {principal} + interest {interest} + indemnity {indemnity})", total=money(st.total),
          principal=money(st.principal), interest=money(st.interest), indemnity=money(st.indemnity)),
        _("Paid: {amount}", amount=money(st.paid)) + (_(", unallocated: {amount}", amount=money(st.unallocated)) if st.unallocated else ""),
        *([_("Credit notes: {amount} ({notes})", amount=money(st.credited), notes=credits)] if st.credits else []),
        *([_("Overpaid, to refund: {amount}", amount=money(st.overpaid))] if st.overpaid > 0 else []),
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
