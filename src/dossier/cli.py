"""The command line: each command loads, calls one function, prints, sets the exit code.

The commands over Git (log, diff, record, verify) are in cli_git.py; what every
command shares (the as-of date, the options, the repository found upward, the
report of issues) in cli_common.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .cli_common import (DossierGroup, _as_of, _as_of_option, _format_option, _lang_option, _project_root, _report,
                         _root_option, _verbose_option)
from .cli_git import archive, diff, log, record, verify
from .cli_import import import_group
from .cli_send import send
from .records.errors import has_errors, sort_issues
from .records.i18n import N_, _, ngettext

@click.group(cls=DossierGroup)
@click.version_option(__version__, prog_name="dossier", help=N_("Show the version and exit."))
@_lang_option
def main() -> None:
    """dossier: amicable recovery of unpaid invoices under French law."""


for _command in (log, diff, record, archive, verify, send, import_group):   # import: cli_import.py (+ receipts, cli_send.py)
    main.add_command(_command)


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
    n, warnings = len(repo.cases), len(sort_issues(issues))
    click.echo(_("{checked}: {warnings}", checked=ngettext("{n} case checked", "{n} cases checked", n),
                 warnings=ngettext("no errors, {n} warning.", "no errors, {n} warnings.", warnings)))


@main.command()
@_root_option
@_as_of_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help=N_("Output folder, replaced whole: missing, empty or a previous dossier site (default: <repo>/site)."))
@click.option("--no-pdf", is_flag=True, help=N_("Skip PDF rendering (HTML, emails and the site only)."))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Keep rendered documents and PDFs in this folder and render again only what changed (e.g. .dossier-cache)."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help=N_("Worker processes for the PDFs (default: one per CPU)."))
@click.option("--shard", metavar="K/N", default=None,
              help=N_("Build only shard K of N (the cases whose id hashes to it); assemble the shards with `dossier merge`."))
@_format_option
@_verbose_option
def build(root: Path, as_of: str | None, out: Path | None, no_pdf: bool, cache: Path | None, jobs: int | None,
          shard: str | None, fmt: str, verbose: bool) -> None:
    """Compute every case and write the site, the documents and the exports."""
    from .shards import parse_shard

    part = parse_shard(shard) if shard is not None else None
    if shard is not None and part is None:
        raise click.BadParameter(_("expected K/N with 1 ≤ K ≤ N, got {value!r}", value=shard), param_hint="'--shard'")
    root = _project_root(root)
    from .build import build_site

    date = _as_of(as_of)
    out = out if out is not None else root / "site"
    result = build_site(root, out, date, pdf=not no_pdf, cache=cache, jobs=jobs, today=_as_of(None), shard=part)
    _report(result.issues, fmt, verbose)
    if result.failed:
        click.echo(_("Build failed: nothing was written."), err=True)
        sys.exit(1)
    if part is not None:
        click.echo(_("Built shard {k}/{n} as of {date} into {out} ({files}); assemble the shards with dossier merge.",
                     k=part[0], n=part[1], date=date.isoformat(), out=out,
                     files=ngettext("{n} file", "{n} files", result.files)))
        return
    click.echo(ngettext("Built {n} case as of {date} into {out} ({files}).", "Built {n} cases as of {date} into {out} ({files}).",
                        result.cases, date=date.isoformat(), out=out, files=ngettext("{n} file", "{n} files", result.files)))


_index_option = click.option("--no-index", is_flag=True,
                             help=N_("Compute every case again, without the index of .dossier-cache/index."))


@main.command()
@click.argument("shard_dirs", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@_root_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help=N_("Output folder, replaced whole: missing, empty or a previous dossier site (default: <repo>/site)."))
@_format_option
@_verbose_option
def merge(shard_dirs: tuple[Path, ...], root: Path, out: Path | None, fmt: str, verbose: bool) -> None:
    """Assemble the folders of `dossier build --shard K/N` (every K once) into the site one machine would build."""
    root = _project_root(root)
    from .merge import merge as merge_shards

    out = out if out is not None else root / "site"
    result = merge_shards(root, list(shard_dirs), out)
    _report(result.issues, fmt, verbose)
    if result.failed:
        click.echo(_("Merge failed: nothing was written."), err=True)
        sys.exit(1)
    click.echo(ngettext("Merged {n} shard into {out}: {cases} ({files}).", "Merged {n} shards into {out}: {cases} ({files}).",
                        len(shard_dirs), out=out, cases=ngettext("{n} case", "{n} cases", result.cases),
                        files=ngettext("{n} file", "{n} files", result.files)))


@main.command()
@click.argument("case_id")
@_root_option
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help=N_("Print the JSON described in docs/format.md."))
@_format_option
def show(case_id: str, root: Path, as_of: str | None, as_json: bool, fmt: str) -> None:
    """The statement of account of one case and its next actions."""
    root = _project_root(root)
    from .build import case_text, load_one
    from .ladder.result import case_json

    date = _as_of(as_of)
    repo, result, issues, why = load_one(root, case_id, date)   # the one case: interactive at 10 000 claims
    if why:
        click.echo(why, err=True)
        sys.exit(1)
    if repo is None:
        _report(issues, fmt)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(case_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(case_text(result, repo.project))


@main.command()
@_root_option
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help=N_("Print the list of all cases in the docs/format.md form."))
@_index_option
@_format_option
def status(root: Path, as_of: str | None, as_json: bool, no_index: bool, fmt: str) -> None:
    """Where every case stands."""
    root = _project_root(root)
    from .index import portfolio
    from .ladder.status import status_table

    date = _as_of(as_of)
    cases, issues = portfolio(root, date, use_index=not no_index, want_json=as_json)
    if cases is None:
        _report(issues, fmt)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(cases.cases_json, ensure_ascii=False, indent=2))
    else:
        click.echo(status_table(cases.rows))


@main.command()
@_root_option
@_as_of_option
@click.option("--days", default=14, show_default=True, help=N_("How many days ahead to list."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the agenda as JSON."))
@_index_option
@_format_option
def due(root: Path, as_of: str | None, days: int, as_json: bool, no_index: bool, fmt: str) -> None:
    """The agenda: what to send, call or file, and the court deadlines to follow."""
    root = _project_root(root)
    from .index import portfolio
    from .ladder import agenda as agenda_mod

    date = _as_of(as_of)
    cases, issues = portfolio(root, date, use_index=not no_index)   # unchanged cases from the index (index.py)
    if cases is None:
        _report(issues, fmt)
        sys.exit(1)
    ag = agenda_mod.gather(cases.lines, date, days)
    if as_json:
        click.echo(json.dumps(agenda_mod.to_json(ag), ensure_ascii=False, indent=2))
    else:
        click.echo(agenda_mod.format_text(ag))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--shards", type=click.IntRange(min=1), default=1, show_default=True,
              help=N_("CI builds in this many parallel jobs (dossier build --shard K/N, then dossier merge)."))
def init(directory: Path, shards: int) -> None:
    """Create a new claims repository (an example case, CI workflows) in Git, with a first commit."""
    from .scaffold import git_init, scaffold

    written, problems = scaffold(directory, shards=shards)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    for path in written:
        click.echo(_("created {path}", path=path))
    notes, problems = git_init(directory, written)
    for line in notes:
        click.echo(line)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    click.echo(_("Next: fill in every « À COMPLÉTER » of {file}, then cd {directory} && dossier check && dossier build",
                 file=Path(directory) / 'dossier.yaml', directory=directory))


@main.command()
@click.argument("kind", type=click.Choice(["case", "project"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a case file or of dossier.yaml, for editors and pre-commit checks."""
    from .records.schema import SCHEMAS

    click.echo(json.dumps(SCHEMAS[kind](), ensure_ascii=False, indent=2))


@main.command()
@_root_option
@_as_of_option
@click.option("--port", default=8000, show_default=True, help=N_("The port on 127.0.0.1 (0: any free port)."))
@click.option("--pdf/--no-pdf", default=False, show_default=True, help=N_("Also render the PDFs (slower rebuilds)."))
def serve(root: Path, as_of: str | None, port: int, pdf: bool) -> None:
    """Build into a temporary folder, serve it on localhost and rebuild when a file changes."""
    root = _project_root(root)
    from .serve import serve as serve_site

    try:
        serve_site(root, _as_of(as_of), port=port, pdf=pdf, echo=lambda line: click.echo(line, err=True))
    except OSError as exc:  # the port is taken or not allowed
        click.echo(_("serve: cannot listen on 127.0.0.1:{port}: {why}", port=port, why=exc.strerror or exc), err=True)
        sys.exit(1)



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
        click.echo(_("No {file} in {root}: the built-in tables only.", file=PROJECT_FILE, root=root), err=True)
    click.echo(rates_mod.tables_text(tables, _as_of(as_of)), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
