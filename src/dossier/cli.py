"""The command line: each command loads, calls one function, prints, sets the exit code."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .records.errors import Issue, count, group_warnings, has_errors, sort_issues


def _as_of(value: str | None) -> dt.date:
    """``--as-of``, else ``SOURCE_DATE_EPOCH``, else today in Europe/Paris: read once, here only."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f'expected a date (YYYY-MM-DD), got "{value}"', param_hint="--as-of")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise click.BadParameter(f'expected seconds since 1970, got "{epoch}"', param_hint="SOURCE_DATE_EPOCH")
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Paris")).date()


def _report(issues: list[Issue], fmt: str, verbose: bool = False) -> None:
    """Print every issue of the run, errors and warnings, in a total order, on stderr: the warnings that say
    the same of several cases or documents as one line that counts and names them, unless `verbose`."""
    github = fmt == "github" or (fmt == "auto" and os.environ.get("GITHUB_ACTIONS") == "true")
    ordered = sort_issues(issues)
    for issue in (ordered if verbose else group_warnings(ordered)):
        click.echo(issue.github() if github else str(issue), err=True)


_format_option = click.option(
    "--format", "fmt", type=click.Choice(["auto", "text", "github"]), default="auto", show_default=True,
    help="How to print errors: text, or GitHub annotations (auto: github when GITHUB_ACTIONS=true).",
)
_verbose_option = click.option(
    "--verbose", "-v", is_flag=True,
    help="One line per warning (by default, a warning repeated for several cases or documents is one line).",
)
_root_option = click.option(
    "--repo", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The claims repository (default: the first folder holding dossier.yaml, from here upward).",
)


def _project_root(root: Path | None, required: bool = True) -> Path:
    """``--repo``, else the current folder or its nearest parent holding ``dossier.yaml``, like Git.

    A case folder's own ``dossier.yaml`` (``cases/<id>/dossier.yaml``) is a case, not the
    project file: the walk goes on above it. Found nowhere: a message and exit 1 when the
    command needs the project file, else the current folder (``rates``, ``log`` and ``diff``
    work without one)."""
    from .records.config import PROJECT_FILE
    from .records.load import CASES_DIR

    if root is not None:
        return root
    here = Path.cwd()
    for folder in (here, *here.parents):
        case_folder = folder.parent.name == CASES_DIR and (folder.parent.parent / PROJECT_FILE).is_file()
        if (folder / PROJECT_FILE).is_file() and not case_folder:
            return Path(".") if folder == here else folder
    if required:
        click.echo(f"{PROJECT_FILE}: no project file here or in any parent folder "
                   f"(run `dossier init` to create one)", err=True)
        sys.exit(1)
    return Path(".")
_as_of_option = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="The date of the computation (default: SOURCE_DATE_EPOCH, else today in Paris).")


@click.group()
@click.version_option(__version__, prog_name="dossier")
def main() -> None:
    """dossier: amicable recovery of unpaid invoices under French law."""


@main.command()
@_root_option
@_as_of_option
@_format_option
@_verbose_option
def check(root: Path, as_of: str | None, fmt: str, verbose: bool) -> None:
    """Validate the project file and every case; exit 1 on any error."""
    root = _project_root(root)
    from .build import check_repository

    date = _as_of(as_of)
    repo, issues = check_repository(root, date, today=_as_of(None))   # events after the real date: a warning
    _report(issues, fmt, verbose)
    if has_errors(issues) or repo is None:
        sys.exit(1)
    click.echo(f"{count(len(repo.cases), 'case')} checked: no errors, {count(len(sort_issues(issues)), 'warning')}.")


@main.command()
@_root_option
@_as_of_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder, replaced whole: missing, empty or a previous dossier site (default: <repo>/site).")
@click.option("--no-pdf", is_flag=True, help="Skip PDF rendering (HTML, emails and the site only).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep rendered PDFs in this folder and re-render only what changed (e.g. .dossier-cache).")
@_format_option
@_verbose_option
def build(root: Path, as_of: str | None, out: Path | None, no_pdf: bool, cache: Path | None, fmt: str,
          verbose: bool) -> None:
    """Compute every case and write the site, the documents and the exports."""
    root = _project_root(root)
    from .build import build_site

    date = _as_of(as_of)
    out = out if out is not None else root / "site"
    result = build_site(root, out, date, pdf=not no_pdf, cache=cache)
    _report(result.issues, fmt, verbose)
    if result.failed:
        click.echo("Build failed: nothing was written.", err=True)
        sys.exit(1)
    click.echo(f"Built {count(result.cases, 'case')} as of {date.isoformat()} into {out} ({result.files} files).")


@main.command()
@click.argument("case_id")
@_root_option
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the JSON described in docs/format.md.")
@_format_option
def show(case_id: str, root: Path, as_of: str | None, as_json: bool, fmt: str) -> None:
    """The statement of account of one case and its next actions."""
    root = _project_root(root)
    from .build import case_text, load_and_compute, show_json
    from .records.caseids import resolve_case_id

    date = _as_of(as_of)
    repo, results, issues = load_and_compute(root, date)
    if repo is None:
        _report(issues, fmt)
        sys.exit(1)
    found, why = resolve_case_id((r.case.id for r in results), case_id, str(root / "cases"))
    if found is None:
        click.echo(why, err=True)
        sys.exit(1)
    result = next(r for r in results if r.case.id == found)
    if as_json:
        click.echo(json.dumps(show_json(result, repo.project), ensure_ascii=False, indent=2))
    else:
        click.echo(case_text(result, repo.project))


@main.command()
@_root_option
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the list of all cases in the docs/format.md form.")
@_format_option
def status(root: Path, as_of: str | None, as_json: bool, fmt: str) -> None:
    """Where every case stands."""
    root = _project_root(root)
    from .build import load_and_compute, status_text
    from .ladder.result import case_json

    date = _as_of(as_of)
    repo, results, issues = load_and_compute(root, date)
    if repo is None:
        _report(issues, fmt)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps([case_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        click.echo(status_text(results))


@main.command()
@_root_option
@_as_of_option
@click.option("--days", default=14, show_default=True, help="How many days ahead to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON.")
@_format_option
def due(root: Path, as_of: str | None, days: int, as_json: bool, fmt: str) -> None:
    """The agenda: what to send, call or file, and the court deadlines to follow."""
    root = _project_root(root)
    from .ladder import agenda as agenda_mod
    from .build import load_and_compute

    date = _as_of(as_of)
    repo, results, issues = load_and_compute(root, date)
    if repo is None:
        _report(issues, fmt)
        sys.exit(1)
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], date, days)
    if as_json:
        click.echo(json.dumps(agenda_mod.to_json(ag), ensure_ascii=False, indent=2))
    else:
        click.echo(agenda_mod.format_text(ag))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new claims repository (an example case, CI workflows) in Git, with a first commit."""
    from .scaffold import git_init, scaffold

    written, problems = scaffold(directory)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    for path in written:
        click.echo(f"created {path}")
    notes, problems = git_init(directory, written)
    for line in notes:
        click.echo(line)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"Next: fill in every « À COMPLÉTER » of {Path(directory) / 'dossier.yaml'}, "
               f"then cd {directory} && dossier check && dossier build")


@main.command()
@click.argument("kind", type=click.Choice(["case", "project"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a case file or of dossier.yaml, for editors and pre-commit checks."""
    from .records.schema import SCHEMAS

    click.echo(json.dumps(SCHEMAS[kind](), ensure_ascii=False, indent=2))


@main.command()
@_root_option
@_as_of_option
@click.option("--port", default=8000, show_default=True, help="The port on 127.0.0.1 (0: any free port).")
@click.option("--pdf/--no-pdf", default=False, show_default=True, help="Also render the PDFs (slower rebuilds).")
def serve(root: Path, as_of: str | None, port: int, pdf: bool) -> None:
    """Build into a temporary folder, serve it on localhost and rebuild when a file changes."""
    root = _project_root(root)
    from .serve import serve as serve_site

    try:
        serve_site(root, _as_of(as_of), port=port, pdf=pdf, echo=lambda line: click.echo(line, err=True))
    except OSError as exc:  # the port is taken or not allowed
        click.echo(f"serve: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)



# --- Git as the record (history.py, record.py, verify.py) -------------------------------------------


@main.command()
@click.argument("case_id")
@_root_option
def log(case_id: str, root: Path) -> None:
    """The case's history from Git: each commit that touched it, with what it changed."""
    root = _project_root(root, required=False)
    from .history import caselog
    from .history.history import HistoryError
    from .history.record import find_case

    rel, found = find_case(root, case_id)
    try:
        entries = caselog.case_log(root, found if rel else case_id)
    except HistoryError as exc:
        click.echo(str(exc) if rel else f"{found}; {exc}", err=True)
        sys.exit(1)
    if not entries:
        click.echo(f"{rel}: not committed yet, no history", err=True)
    for e in entries:
        click.echo(f"{e.commit[:7]}  {e.date:%Y-%m-%d %H:%M}  {e.author}")
        for line in e.summaries:
            click.echo(f"    - {line}")


@main.command()
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

        takes_value = [o for p in self.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts]
        parts = split_then(list(args), takes_value)
        ctx.meta["dossier.record.then"] = parts[1:]
        return super().parse_args(ctx, parts[0])


@main.command(cls=_RecordCommand)
@click.argument("case_id")
@click.argument("event_type", metavar="EVENT")
@click.argument("value", required=False)
@click.option("--date", metavar="YYYY-MM-DD", help="The day of the event (default: the as-of date, today).")
@click.option("--step", help="sent: the step done.")
@click.option("--amount", help="payment: the amount in euros.")
@click.option("--invoice", help="payment: the invoice it pays.")
@click.option("--reference", help="payment: the bank reference.")
@click.option("--tracking", help="sent: the registered letter's number.")
@click.option("--received", metavar="YYYY-MM-DD", help="sent: the acknowledgment of receipt's date.")
@click.option("--outcome", help="call: promise, dispute, no_answer, message, refusal, paid, other.")
@click.option("--note", help="A free note.")
@click.option("--until", metavar="YYYY-MM-DD", help="promise, or a call whose outcome is promise: the date promised.")
@click.option("--instalments", metavar="DUE:AMOUNT,…", help="plan: 2026-12-31:500,2027-01-31:500.")
@click.option("--signed", is_flag=True, default=None, help="plan: signed by the debtor.")
@click.option("--procedure", help="insolvency: sauvegarde, redressement, liquidation.")
@click.option("--published", metavar="YYYY-MM-DD", help="insolvency: the BODACC date.")
@click.option("--reason", help="closed: paid, written_off, settled.")
@click.option("--court", help="filed: the court.")
@click.option("--piece", help="A document kept with the event (path relative to the case file).")
@click.option("--author", metavar='"NAME <EMAIL>"', help="The commit's author (default: Git's user).")
@click.option("--no-commit", is_flag=True, help="Write the file, do not commit it.")
@_root_option
@_as_of_option
def record(case_id: str, event_type: str, value: str | None, author: str | None, no_commit: bool, root: Path,
           as_of: str | None, **fields: str | None) -> None:
    """Write an event in a case's journal at its date, or several joined by `then` (payment 600 then sent
    mise_en_demeure), or: receipt STEP (its letter's receipt), sign-plan (the plan signed), qualify
    QUALIFICATION; validate, and commit them once."""
    ctx = click.get_current_context()
    parts, batch = [(event_type, value, fields)], {"author": author, "no_commit": no_commit, "root": root, "as_of": as_of}
    names = {p.name: p.opts[0] for p in ctx.command.params}
    for args in ctx.meta.get("dossier.record.then", []):
        if not args:
            raise click.UsageError("expected an event after `then`")
        try:
            sub = dict(click.Command("record", params=ctx.command.params).make_context(
                "record", [case_id, *args], parent=ctx.parent).params)
        except click.UsageError as exc:
            raise click.UsageError(f"after `then`: {exc.format_message()}", ctx)
        for k in batch:   # the call's own options, given once for all its parts
            if sub[k] not in (None, False) and batch[k] not in (None, False, sub[k]):
                raise click.UsageError(f"{names[k]}: two different values in one call")
            batch[k] = batch[k] or sub[k]
        parts.append((sub["event_type"], sub["value"], {k: v for k, v in sub.items() if k in fields}))
    root = _project_root(batch["root"])
    from .history.record import changes_from_parts, record_changes

    changes, problems = changes_from_parts(parts, _as_of(batch["as_of"]))
    if problems:
        for p in problems:
            click.echo(p, err=True)
        sys.exit(2)
    ok, messages = record_changes(root, case_id, changes, commit=not batch["no_commit"], author=batch["author"],
                                  today=_as_of(None))   # the real date: an event after it is a typo
    for m in messages:
        click.echo(m, err=not ok)
    if not ok:
        sys.exit(1)


@main.command()
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--repo", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The Git repository to rebuild from (default: the folder holding SITE_DIR).")
def verify(site_dir: Path, root: Path | None) -> None:
    """Rebuild SITE_DIR from the commit and date in its manifest; name every file that differs."""
    from .history.manifest import read_manifest
    from .verify import verify_site

    problems = verify_site(site_dir, root)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    data, _ = read_manifest(site_dir)
    click.echo(f"{site_dir}: identical to a rebuild of {data['commit'][:7]} as of {data['as_of']} ({len(data['files'])} files).")


# --- the rate tables (law/rates.py) -------------------------------------------------------------------


@main.group(invoke_without_command=True)
@_root_option
@_as_of_option
@click.pass_context
def rates(ctx: click.Context, root: Path, as_of: str | None) -> None:
    """The rate tables in force around the as-of date: ECB main refinancing rate, L441-10 rate, legal rates,
    with their sources and what is provisional or carried forward (dossier.yaml's `rates:` included)."""
    if ctx.invoked_subcommand is not None:
        return
    root = _project_root(root, required=False)
    from .records.config import PROJECT_FILE, load_project
    from .law import rates as rates_mod

    project = None
    if (root / PROJECT_FILE).is_file():
        project, issues = load_project(root)
        if project is None or has_errors(issues):
            _report(issues, "text")
            sys.exit(1)
    tables, issues = rates_mod.load_tables(project)
    if has_errors(issues):
        _report(issues, "text")
        sys.exit(1)
    if project is None:
        click.echo(f"No {PROJECT_FILE} in {root}: the built-in tables only.", err=True)
    click.echo(rates_mod.tables_text(tables, _as_of(as_of)), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
