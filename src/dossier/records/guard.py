"""One case's failure never stops the others: an unexpected exception becomes a located error.

The build computes and renders case after case. Bad input is refused by the
loaders with precise messages; whatever still raises while one case is
computed or rendered (a value out of range, a template error, a bug) is turned
here into an error Issue at that case (the event's line when known), so that
every case is still reported and the build writes nothing. Only `Exception` is
caught: KeyboardInterrupt and SystemExit still stop the run.
"""
from __future__ import annotations

import decimal
import unicodedata
from pathlib import Path

from .errors import Issue, Source, error
from .package import BUILTIN_TEMPLATES
from .i18n import _

# Exceptions that a value beyond what dates and Decimals can hold raises: the input is at fault, not dossier.
OUT_OF_RANGE = (OverflowError, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero)
MAX_DETAIL = 200
PACKAGE = Path(__file__).resolve().parent.parent


def single_line(text: str) -> str:
    """`text` with every line break and control character made a space (no-break spaces kept): for a header or property."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(text)).strip()


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """A message fit for one line of the terminal and one GitHub annotation: no line break, bounded length."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _detail(exc: BaseException) -> str:
    """ "IndexError: list index out of range" — never an object repr (a Decimal signal's str is a class list)."""
    name = type(exc).__name__
    if isinstance(exc, decimal.DecimalException):
        return name
    text = one_line(str(exc))
    if " object at 0x" in text:
        text = ""
    return f"{name}: {text}" if text else name


def _repository_template(exc: BaseException) -> Source | None:
    """Where in the repository's own templates/ the exception was raised, if it was (Jinja marks its compiled frames)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")   # a compiled frame: map its line back
        path = Path(getattr(template, "filename", None) or tb.tb_frame.f_code.co_filename)
        if path.suffix in (".md", ".html", ".txt") and "templates" in path.parts and PACKAGE not in path.parents \
                and BUILTIN_TEMPLATES not in path.parents:
            rel = Path(*path.parts[len(path.parts) - 1 - path.parts[::-1].index("templates"):])
            line = template.get_corresponding_lineno(tb.tb_lineno) if template is not None else tb.tb_lineno
            found = Source(rel.as_posix(), line)   # a frame Jinja already rewrote carries the template's line
        tb = tb.tb_next
    return found


def failure_issue(source: Source, case_id: str | None, what: str, exc: Exception) -> Issue:
    """The error for `exc` raised while doing `what` ("compute the statement", "render 05-mise-en-demeure") for a case.

    `case_id` None: a part of the site common to all cases. A template error
    that carries its own located Issue (render.TemplateFailure) is reported as is.
    """
    issue = getattr(exc, "issue", None)
    if isinstance(issue, Issue):
        return issue
    who = _("case {case}", case=case_id) if case_id else _("site")
    who_fr = f"Dossier {case_id}" if case_id else "Site"
    template = _repository_template(exc)
    if template is not None:   # an override in the repository's templates/ failed: the user's to fix, at its line
        return error(template, _("{who}: could not {what}: template {path}: {detail}", who=who, what=what, path=template.path, detail=_detail(exc)), "template",
                     fr=f"{who_fr}\u00a0: le modèle {template.path} est en erreur ({type(exc).__name__}).")
    if isinstance(exc, OUT_OF_RANGE) or (isinstance(exc, ValueError) and "out of range" in str(exc)):
        return error(source, _("{who}: could not {what}: a date or an amount is beyond what can be computed "
                             "({detail}); check the case's dates, amounts and day counts", who=who, what=what, detail=_detail(exc)), "out-of-range",
                     fr=f"{who_fr}\u00a0: calcul impossible, une date ou un montant est hors des limites "
                        "(vérifier les dates, montants et nombres de jours du dossier).")
    if isinstance(exc, UnicodeDecodeError):
        return error(source, _("{who}: could not {what}: a template or file is not UTF-8 ({detail}); "
                             "save the repository's templates as UTF-8", who=who, what=what, detail=_detail(exc)), "encoding",
                     fr=f"{who_fr}\u00a0: un modèle ou un fichier n’est pas encodé en UTF-8.")
    return error(source, _("{who}: could not {what}: {detail} (a bug in dossier: please report it)", who=who, what=what, detail=_detail(exc)), "internal",
                 fr=f"{who_fr}\u00a0: erreur interne de dossier ({type(exc).__name__})\u00a0; "
                    "merci de la signaler aux développeurs.")
