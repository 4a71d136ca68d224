"""The commands over Git, the record of every case: log, diff, record, verify (cli.py adds them to `dossier`)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import _as_of, _as_of_option, _project_root, _root_option
from .records.i18n import N_, _, ngettext


# --- Git as the record (history.py, record.py, verify.py) -------------------------------------------


@click.command()
@click.argument("case_id")
@_root_option
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=N_("Only the commits dated on or before this day (default: all)."))
def log(case_id: str, root: Path, as_of: str | None) -> None:
    """The case's history from Git: each commit that touched it, with what it changed."""
    root = _project_root(root, required=False)
    from .history import caselog
    from .history.history import HistoryError
    from .history.record import find_case

    rel, found = find_case(root, case_id)
    try:
        entries = caselog.case_log(root, found if rel else case_id, _as_of(as_of) if as_of else None)
    except HistoryError as exc:
        click.echo(str(exc) if rel else _("{found}; {error}", found=found, error=exc), err=True)
        sys.exit(1)
    if not entries:
        click.echo(_("{file}: not committed yet, no history", file=rel), err=True)
    for e in entries:
        click.echo(f"{e.commit[:7]}  {e.date:%Y-%m-%d %H:%M}  {e.author}")
        for line in e.summaries:
            click.echo(f"    - {line}")


@click.command()
@click.argument("rev_a", required=False)
@click.argument("rev_b", required=False)
@_root_option
@_as_of_option
def diff(rev_a: str | None, rev_b: str | None, root: Path, as_of: str | None) -> None:
    """Markdown for a pull request: each case changed between REV_A (default: the merge base with the
    default branch) and REV_B (default: the working tree), its records and its figures on one date."""
    root = _project_root(root, required=False)
    from .history import revdiff
    from .history.history import HistoryError

    date = _as_of(as_of)
    try:
        click.echo(revdiff.diff(root, date, rev_a, rev_b), nl=False)
    except HistoryError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


class _RecordCommand(click.Command):
    """``record ID EVENT … then EVENT …``: each part after the word `then` is read with the same arguments."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from .history.record import split_then

        if "--due" in args:   # `record --due sent [--channel letter]`: the day's agenda at once (cli_send.py)
            from .cli_send import record_due

            record_due.main([a for a in args if a != "--due"], prog_name="dossier record --due", standalone_mode=True)

        takes_value = [o for p in self.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts]
        parts = split_then(list(args), takes_value)
        ctx.meta["dossier.record.then"] = parts[1:]
        return super().parse_args(ctx, parts[0])


@click.command(cls=_RecordCommand)
@click.argument("case_id")
@click.argument("event_type", metavar="EVENT")
@click.argument("value", required=False)
@click.option("--date", metavar="YYYY-MM-DD", help=N_("The day of the event (default: the as-of date, today)."))
@click.option("--step", help=N_("sent: the step done."))
@click.option("--amount", help=N_("payment, credit_note: the amount in euros."))
@click.option("--invoice", help=N_("payment: the invoice it pays; credit_note: the invoice it reduces."))
@click.option("--reference", help=N_("payment: the bank reference."))
@click.option("--tracking", help=N_("sent: the registered letter's number."))
@click.option("--received", metavar="YYYY-MM-DD", help=N_("sent: the acknowledgment of receipt's date."))
@click.option("--outcome", help=N_("call: promise, dispute, no_answer, message, refusal, paid, other."))
@click.option("--note", help=N_("A free note."))
@click.option("--until", metavar="YYYY-MM-DD", help=N_("promise, or a call whose outcome is promise: the date promised."))
@click.option("--instalments", metavar="DUE:AMOUNT,…", help=N_("plan: 2026-12-31:500,2027-01-31:500."))
@click.option("--signed", is_flag=True, default=None, help=N_("plan: signed by the debtor."))
@click.option("--procedure", help=N_("insolvency: sauvegarde, redressement, liquidation."))
@click.option("--published", metavar="YYYY-MM-DD", help=N_("insolvency: the BODACC date."))
@click.option("--reason", help=N_("closed: paid, written_off, settled."))
@click.option("--court", help=N_("filed: the court."))
@click.option("--number", help=N_("credit_note: the credit note's number (with --invoice and --amount)."))
@click.option("--piece", help=N_("A document kept with the event (path relative to the case file)."))
@click.option("--author", metavar='"NAME <EMAIL>"', help=N_("The commit's author (default: Git's user)."))
@click.option("--no-commit", is_flag=True, help=N_("Write the file, do not commit it."))
@click.option("--no-archive", is_flag=True, help=N_("sent: do not archive the step's document (one written by hand)."))
@_root_option
@_as_of_option
def record(case_id: str, event_type: str, value: str | None, author: str | None, no_commit: bool, no_archive: bool,
           root: Path, as_of: str | None, **fields: str | None) -> None:
    """Write an event in a case's journal at its date, or several joined by `then` (payment 600 then sent
    mise_en_demeure), or: receipt STEP (its letter's receipt), sign-plan (the plan signed), qualify
    QUALIFICATION; validate, and commit them once."""
    ctx = click.get_current_context()
    parts, batch = [(event_type, value, fields)], {"author": author, "no_commit": no_commit, "root": root, "as_of": as_of,
                                                   "no_archive": no_archive}
    names = {p.name: p.opts[0] for p in ctx.command.params}
    for args in ctx.meta.get("dossier.record.then", []):
        if not args:
            raise click.UsageError(_("expected an event after `then`"))
        try:
            sub = dict(click.Command("record", params=ctx.command.params).make_context(
                "record", [case_id, *args], parent=ctx.parent).params)
        except click.UsageError as exc:
            raise click.UsageError(_("after `then`: {why}", why=exc.format_message()), ctx)
        for k in batch:   # the call's own options, given once for all its parts
            if sub[k] not in (None, False) and batch[k] not in (None, False, sub[k]):
                raise click.UsageError(_("{option}: two different values in one call", option=names[k]))
            batch[k] = batch[k] or sub[k]
        parts.append((sub["event_type"], sub["value"], {k: v for k, v in sub.items() if k in fields}))
    root = _project_root(batch["root"])
    from .history.record import changes_from_parts, record_changes

    changes, problems = changes_from_parts(parts, _as_of(batch["as_of"]))
    if problems:
        for p in problems:
            click.echo(p, err=True)
        sys.exit(2)
    files: dict[str, bytes] = {}
    if not batch["no_archive"]:   # a step sent: its document archived as it left, in the same commit (archive.py)
        from .history.archive import with_archives

        changes, files, problems = with_archives(root, case_id, changes)
        if problems:
            for p in problems:
                click.echo(str(p), err=True)
            click.echo(_("nothing was recorded: the document sent could not be archived; fix the above, or record "
                       "with --no-archive a document not made by dossier"), err=True)
            sys.exit(1)
    ok, messages = record_changes(root, case_id, changes, commit=not batch["no_commit"], author=batch["author"],
                                  today=_as_of(None), files=files)   # the real date: an event after it is a typo
    for m in messages:
        click.echo(m, err=not ok)
    if not ok:
        sys.exit(1)


@click.command()
@click.argument("case_ids", nargs=-1, metavar="[ID]...")
@click.option("--all", "every", is_flag=True, help=N_("Every case."))
@click.option("--from", "source", metavar="REV", help=N_("Render from this revision (default: the commit that recorded each step)."))
@click.option("--dry-run", is_flag=True, help=N_("Say what would be archived, write nothing."))
@_root_option
def archive(case_ids: tuple[str, ...], every: bool, source: str | None, dry_run: bool, root: Path) -> None:
    """Archive the documents of steps recorded as sent before the archive existed: each rendered as of its sent
    date from the commit that recorded it, written in cases/ID/envoyes/, listed on its event, committed."""
    if bool(case_ids) == every:
        raise click.UsageError(_("give case ids or --all"))
    root = _project_root(root)
    from .history.archive_past import archive_past, record_archive
    from .history.history import HistoryError

    try:
        outcome = archive_past(root, list(case_ids) or None, source)
    except HistoryError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for m in outcome.messages:
        click.echo(m)
    for m in outcome.failed:
        click.echo(_("not archived: {message}", message=m), err=True)
    ok, messages = (True, []) if dry_run else record_archive(root, outcome, source)
    for m in messages:
        click.echo(m, err=not ok)
    if not outcome.archived and not outcome.failed:
        click.echo(_("nothing to archive: every step sent has its files"))
    if not ok or outcome.failed:
        sys.exit(1)


@click.command()
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--repo", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("The Git repository to rebuild from (default: the folder holding SITE_DIR)."))
def verify(site_dir: Path | None, root: Path | None) -> None:
    """Check every archived document sent against its SHA-256; with SITE_DIR, also rebuild it from the commit
    and date in its manifest; name every file that differs."""
    from .history.manifest import read_manifest
    from .verify import verify_archive, verify_site

    if site_dir is None:
        root = _project_root(root)
        problems = verify_archive(root)
        for p in problems:
            click.echo(p, err=True)
        if problems:
            sys.exit(1)
        click.echo(_("{root}: every archived document is as it was sent.", root=root))
        return
    problems = verify_site(site_dir, root)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    data, _issues = read_manifest(site_dir)
    click.echo(ngettext("{site}: identical to a rebuild of {commit} as of {date} ({n} file).",
                        "{site}: identical to a rebuild of {commit} as of {date} ({n} files).", len(data['files']),
                        site=site_dir, commit=data['commit'][:7], date=data['as_of']))
