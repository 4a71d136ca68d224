"""`dossier record ID credit_note --number … --invoice … --amount …`: an avoir written as format.md writes it."""
from __future__ import annotations

from dossier.records.load import load_repository

from test_record import repo  # noqa: F401 (the same repository fixture)
from test_record_changes import MARTIN_PATH, cli, last_commit, martin, text  # noqa: F401


def test_a_credit_note_is_written_at_its_date_and_reduces_the_invoice(martin, monkeypatch) -> None:   # noqa: F811
    result = cli(martin, monkeypatch, "2026-020", "credit_note", "--date", "2026-09-28", "--number", "AV-2026-004",
                 "--invoice", "F2026-050", "--amount", "100")
    assert result.exit_code == 0, result.output
    lines = text(martin).splitlines()
    at = lines.index("  - {date: 2026-09-28, type: credit_note, number: AV-2026-004, amount: 100.00, invoice: F2026-050}")
    assert lines[at - 1].startswith("  - {date: 2026-09-25, type: payment")   # in date order, before the 2 October payment
    assert lines[at + 1].startswith("  - {date: 2026-10-02, type: payment")
    assert last_commit(martin).splitlines()[0] == "record(2026-020-martin): credit_note on 2026-09-28"
    loaded, issues = load_repository(martin.path)
    assert loaded is not None and not [i for i in issues if i.severity == "error"]
    note = next(e for e in loaded.case("2026-020-martin").events if e.type == "credit_note")
    assert (note.number, note.invoice, str(note.amount)) == ("AV-2026-004", "F2026-050", "100.00")


def test_a_credit_note_above_its_invoice_is_refused_and_nothing_is_written(martin, monkeypatch) -> None:   # noqa: F811
    before = text(martin)
    result = cli(martin, monkeypatch, "2026-020", "credit_note", "--date", "2026-09-28", "--number", "AV-9",
                 "--invoice", "F2026-050", "--amount", "1000")
    assert result.exit_code == 1
    assert 'expected at most 900.00, what is left of invoice "F2026-050" after its earlier credit notes, got 1000.00' in result.output
    assert text(martin) == before
