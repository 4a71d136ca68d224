"""The sending commands (docs/sending.md): `dossier send`, `dossier record --due sent`, `dossier import receipts`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import _as_of, _as_of_option, _format_option, _project_root, _report, _root_option
from .cli_import import import_group
from .records.i18n import N_, _, ngettext

CHANNEL = click.Choice(["email", "letter", "lrar", "sms"])


def _load(root: Path, date):
    from .build import load_and_compute

    repo, results, issues = load_and_compute(root, date)
    if repo is None:
        _report(issues, "text")
        sys.exit(1)
    return repo, results


def _say(outgoing, dry: bool) -> None:
    for o in outgoing:
        where = ", ".join(f.path for f in o.files) or "—"
        head = f"{o.case_id}  {o.step}  {o.channel}  → {o.to}"
        if o.problem:
            click.echo(f"{head}\n    " + _("NOT SENT: {problem}", problem=o.problem))
        else:
            click.echo(f"{head}\n    {where}")
    n = sum(1 for o in outgoing if not o.problem)
    if not outgoing:
        click.echo(_("nothing to send"))
    elif dry:
        click.echo(ngettext("dry run: {n} document would be sent; nothing was sent nor written (--yes to send)",
                            "dry run: {n} documents would be sent; nothing was sent nor written (--yes to send)", n))


@click.command()
@_root_option
@_as_of_option
@click.option("--case", "cases", multiple=True, metavar="ID", help=N_("Only this case (repeatable)."))
@click.option("--channel", type=CHANNEL, help=N_("Only this channel."))
@click.option("--lre", is_flag=True, help=N_("Send the registered letters as electronic registered letters (LRE)."))
@click.option("--smtp", "smtp_url", metavar="URL", help=N_("smtp://host:587 (STARTTLS) or smtps://host:465 (TLS); "
              "default: DOSSIER_SMTP_URL."))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help=N_("Where the postal and SMS batches are written (default: envois/DATE beside dossier.yaml)."))
@click.option("--yes", is_flag=True, help=N_("Send (without it: a dry run that says what would go out)."))
def send(root: Path, as_of: str | None, cases: tuple[str, ...], channel: str | None, lre: bool, smtp_url: str | None,
         out_dir: Path | None, yes: bool) -> None:
    """The steps due today (« à envoyer »): emails through SMTP, letters and SMS as batches for a provider; each
    sent step recorded with its archived document, in one commit."""
    from .sending import send as sending
    from .sending import smtp

    root = _project_root(root)
    date = _as_of(as_of)
    repo, results = _load(root, date)
    outgoing = sending.prepare(root, repo, results, date, cases, channel, lre)
    _say(outgoing, dry=not yes)
    if not yes or not any(not o.problem for o in outgoing):
        sys.exit(1 if any(o.problem for o in outgoing) and yes else 0)
    server = None
    if any(o.channel == "email" and not o.problem for o in outgoing):
        try:
            server = smtp.server_from(smtp_url, repo_root=root)
        except smtp.SmtpError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
    try:
        report = sending.send(root, repo, outgoing, date, out_dir or root / "envois" / date.isoformat(), server)
    except KeyboardInterrupt:
        click.echo(_("interrupted: what went out before is recorded (git log -1); run send again for the rest"), err=True)
        sys.exit(130)
    _outcome(report)


def _outcome(report) -> None:
    for o in report.sent:
        click.echo(_("sent: {case} {step} ({channel})", case=o.case_id, step=o.step, channel=o.channel)
                   + ("  " + o.reference if o.reference else ""))
    for path in report.written:
        click.echo(_("written: {path}", path=path))
    for line in report.recorded:
        click.echo(line)
    for note in report.notes:
        click.echo(_("note: {note}", note=note), err=True)
    for p in report.problems:
        click.echo(p, err=True)
    sys.exit(1 if report.problems else 0)


@click.command("record-due")
@click.argument("what", type=click.Choice(["sent"]))
@click.option("--channel", type=CHANNEL, help=N_("Only the steps of this channel (letter: what you post yourself)."))
@click.option("--case", "cases", multiple=True, metavar="ID", help=N_("Only this case (repeatable)."))
@_root_option
@_as_of_option
def record_due(what: str, channel: str | None, cases: tuple[str, ...], root: Path, as_of: str | None) -> None:
    """`dossier record --due sent [--channel letter]`: every step of today's agenda (of that channel) recorded as
    sent, each with its archived document, in one commit."""
    from .sending import send as sending

    root = _project_root(root)
    date = _as_of(as_of)
    repo, results = _load(root, date)
    outgoing = sending.prepare(root, repo, results, date, cases, channel)
    if not outgoing:
        click.echo(_("nothing due to record"))
        return
    _say(outgoing, dry=False)
    _outcome(sending.send(root, repo, outgoing, date, root, transport=False))


@import_group.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_root_option
@_format_option
def receipts(file: Path, root: Path, fmt: str) -> None:
    """A postal provider's tracking export: `received` or `unclaimed` (and the tracking number) on the matching
    `sent` events, in one commit; an unclaimed formal notice is a warning with its consequence."""
    from .sending import receipts as rec

    root = _project_root(root)
    outcome = rec.import_file(root, file, today=_as_of(None))
    for line in outcome.warnings:
        click.echo(_("warning: {line}", line=line), err=True)
    for line in outcome.lines:
        click.echo(line)
    for line in outcome.errors:
        click.echo(line, err=True)
    sys.exit(1 if outcome.errors else 0)
