"""What every command shares: the as-of date read once, the common options, the
claims repository found upward from the current folder, and the report of issues."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from .records.errors import Issue, group_warnings, sort_issues


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

_as_of_option = click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
                             help="The date of the computation (default: SOURCE_DATE_EPOCH, else today in Paris).")
