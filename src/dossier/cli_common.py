"""What every command shares: the as-of date read once, the common options, the
claims repository found upward from the current folder, and the report of issues."""
from __future__ import annotations

import datetime as dt
import inspect
import os
import sys
from pathlib import Path

import click

from .records.errors import Issue, group_warnings, sort_issues
from .records.i18n import N_, _, language_from, set_language


def _as_of(value: str | None) -> dt.date:
    """``--as-of``, else ``SOURCE_DATE_EPOCH``, else today in Europe/Paris: read once, here only."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(_('expected a date (YYYY-MM-DD), got "{value}"', value=value), param_hint="--as-of")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise click.BadParameter(_('expected seconds since 1970, got "{epoch}"', epoch=epoch), param_hint="SOURCE_DATE_EPOCH")
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
    help=N_("How to print errors: text, or GitHub annotations (auto: github when GITHUB_ACTIONS=true)."),
)
_verbose_option = click.option(
    "--verbose", "-v", is_flag=True,
    help=N_("One line per warning (by default, a warning repeated for several cases or documents is one line)."),
)
_root_option = click.option(
    "--repo", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help=N_("The claims repository (default: the first folder holding dossier.yaml, from here upward)."),
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
        click.echo(_("{file}: no project file here or in any parent folder "
                     "(run `dossier init` to create one)", file=PROJECT_FILE), err=True)
        sys.exit(1)
    return Path(".")

_as_of_option = click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
                             help=N_("The date of the computation (default: SOURCE_DATE_EPOCH, else today in Paris)."))


# --- the language (records/i18n.py): chosen before click reads the command line, so that --help speaks it too ---


def _lang_in(args: list[str]) -> str | None:
    """The value of the global ``--lang`` option in `args`, read before the command's name."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None
    return None


def _translate_help(command: click.Command) -> None:
    """Every help text of `command`, its options and its subcommands in the run's language (the English
    text, the msgid, is kept aside: a second run in the same process may speak the other language)."""
    for obj in (command, *command.params):
        msgid = obj.__dict__.setdefault("_dossier_help", getattr(obj, "help", None))
        if msgid:
            obj.help = _(inspect.cleandoc(msgid))
    if getattr(command, "_help_option", None) is not None:   # made by click once, in the language of that run
        command._help_option.help = _("Show this message and exit.")
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


class DossierGroup(click.Group):
    """The `dossier` command: sets the language (``--lang``, ``DOSSIER_LANG``, the locale) before anything
    is read or printed."""

    def main(self, args=None, *rest, **kwargs):  # type: ignore[no-untyped-def, override]
        args = list(sys.argv[1:] if args is None else args)
        lang = _lang_in(args)
        set_language(language_from(lang if lang in ("fr", "en") else None))
        _click_speaks()
        _translate_help(self)
        return super().main(args, *rest, **kwargs)


_lang_option = click.option(
    "--lang", type=click.Choice(["fr", "en"]), expose_value=False, is_eager=True,
    callback=lambda ctx, param, value: set_language(value) if value else None,
    help=N_("The language of the messages: fr or en (default: DOSSIER_LANG, else LC_ALL, LC_MESSAGES, LANG; "
            "French unless it starts with en)."),
)


# click's own words (usage, sections, its errors), in the run's language too: click asks gettext for them
# through a module-level `_`, which is pointed at the catalog here (the msgids are click's, marked for extraction).
CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"), N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing command."), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("default: {default}"), N_("Aborted!"), N_("{value!r} is not a valid {number_type}."),
    N_("{name} {filename!r} is a file."), N_("{name} {filename!r} does not exist."), N_("directory"),
    N_("file"), N_("path"),
)


def _click_speaks() -> None:
    import importlib

    for name in ("core", "formatting", "exceptions", "decorators", "types", "parser"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = lambda message: _(message)  # type: ignore[attr-defined]
