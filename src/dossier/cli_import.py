"""`dossier import …`: bring the user's own files in, reviewable as one Git commit (docs/import.md).

`import_group` is the click group; `dossier import invoices` and `dossier import payments` are here, and
other commands of the family register on the same group (``from .cli_import import import_group``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import _project_root, _root_option
from .records.i18n import N_, _, ngettext


@click.group("import")
def import_group() -> None:
    """Import invoices (accounting CSV, FEC, Factur-X, UBL, CII), payments (camt.053/054, OFX, CSV) or a postal provider's receipts."""


_dry_run = click.option("--dry-run", is_flag=True, help=N_("Print what would be written and committed; write nothing."))


@import_group.command("invoices")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_root_option
@_dry_run
@click.option("--creditor", default=None, help=N_("The creditor (a key of creditors: in dossier.yaml) of invoices that name none."))
def invoices(files: tuple[Path, ...], root: Path | None, dry_run: bool, creditor: str | None) -> None:
    """Create or complete case files from invoices, in one commit; an invoice already there is skipped."""
    from .imports.run_invoices import import_invoices

    root = _project_root(root)
    ok, plan, lines = import_invoices(root, list(files), dry_run=dry_run, creditor=creditor)
    if plan is not None:
        for line in plan.shown:
            click.echo(_("would write {line}", line=line) if dry_run else line)
        for line in plan.skipped:
            click.echo(_("skipped: {line}", line=line))
    if not ok:
        for line in lines:
            click.echo(line, err=True)
        sys.exit(1)
    if plan is not None and plan.empty:
        click.echo(_("nothing to import: every invoice is already in its case"))
    for line in lines:
        click.echo(line)


@import_group.command("payments")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_root_option
@_dry_run
@click.option("--unmatched", "unmatched_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=N_("Where to write the credits left for review (default: import-unmatched.csv beside the first file)."))
def payments(files: tuple[Path, ...], root: Path | None, dry_run: bool, unmatched_file: Path | None) -> None:
    """Record the credits of bank statements as payments, matched to invoices; the rest listed, never guessed."""
    from .imports.run_payments import import_payments

    root = _project_root(root)
    ok, result, lines = import_payments(root, list(files), dry_run=dry_run, review=unmatched_file)
    if result is not None:
        for line in result.shown:
            click.echo(_("would record {line}", line=line) if dry_run else line)
        for line in result.already:
            click.echo(_("already recorded: {line}", line=line))
        for line in result.review:
            click.echo(_("to review: {line}", line=line))
        if result.review_file:
            click.echo(ngettext("{n} credit to review written to {file}", "{n} credits to review written to {file}",
                                 len(result.review), file=result.review_file))
    if not ok:
        for line in lines:
            click.echo(line, err=True)
        sys.exit(1)
    if result is not None and not result.changes:
        click.echo(_("nothing to record: no new matched credit"))
    for line in lines:
        click.echo(line)
