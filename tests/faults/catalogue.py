"""The hand-made faults of issue 11 and the systematic wrong-type walk, built from the base repository.

Every fault edits a fresh copy of harness.make_base (dossier.yaml and the demo
cases Dupont and Cave Roux). Expected exit codes: {1} when the input is an
error; {0} when it is a legitimate repository that must build; {0, 1} where
either verdict is defensible (an IDNA address, a zero amount, events out of
order...): then only the other rules apply (no traceback, located messages,
`check` agreeing with `build`, nothing written on failure).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from harness import DUPONT, ROUX, Fault

ERROR = frozenset({1})
VALID = frozenset({0})
EITHER = frozenset({0, 1})

STANDARD_STEPS = [
    {"id": "relance_informelle", "after_due": 5, "channel": "email", "template": "relance-informelle"},
    {"id": "relance_amiable", "after_due": 15, "channel": "email", "template": "relance-amiable"},
    {"id": "appel", "after_due": 22, "channel": "phone", "template": "appel"},
    {"id": "relance_ferme", "after_due": 30, "channel": "letter", "template": "relance-ferme"},
    {"id": "mise_en_demeure", "after_due": 45, "channel": "lrar", "template": "mise-en-demeure",
     "deadline_days": 15, "formal_notice": True},
    {"id": "injonction_de_payer", "after": {"step": "mise_en_demeure", "days": 15}, "channel": "court",
     "template": "requete-injonction"},
]


# --- editing helpers ---------------------------------------------------------------

def load(repo: Path, rel: str) -> Any:
    return yaml.safe_load((repo / rel).read_text(encoding="utf-8"))


def dump(repo: Path, rel: str, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    (repo / rel).write_text(text, encoding="utf-8")


def edit(rel: str, change: Callable[[Any], Any]) -> Callable[[Path], None]:
    """A spoiler that loads `rel`, lets `change` mutate it (or return a replacement) and writes it back."""
    def spoil(repo: Path) -> None:
        data = load(repo, rel)
        replaced = change(data)
        dump(repo, rel, data if replaced is None else replaced)
    return spoil


def write(rel: str, content: bytes | str) -> Callable[[Path], None]:
    def spoil(repo: Path) -> None:
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return spoil


def setter(path: tuple, value: Any) -> Callable[[Any], None]:
    """Set data[path] = value (path of keys and indexes)."""
    def change(data: Any) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def event(rel: str, extra: dict) -> Callable[[Path], None]:
    return edit(rel, lambda d: d["events"].append(extra))


# --- the kinds ----------------------------------------------------------------------

def plan_faults() -> Iterator[Fault]:
    def missed_first(data: Any) -> None:
        data["events"] = [e for e in data["events"] if e["type"] in ("sent", "call", "plan")
                          and str(e["date"]) < "2026-08-01"]
    yield Fault("plan", "first instalment missed, no payment since", edit(ROUX, missed_first), VALID)

    def all_missed_then_sent(data: Any) -> None:
        missed_first(data)
        data["events"].append({"date": dt.date(2026, 10, 20), "type": "sent", "step": "relance_ferme"})
    yield Fault("plan", "first instalment missed, then a firm reminder", edit(ROUX, all_missed_then_sent), VALID)

    def unsigned(data: Any) -> None:
        missed_first(data)
        for e in data["events"]:
            if e["type"] == "plan":
                e["signed"] = False
    yield Fault("plan", "unsigned plan, first instalment missed", edit(ROUX, unsigned), VALID)
    yield Fault("plan", "plan without instalments",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "plan", "signed": True, "instalments": []}), EITHER)
    yield Fault("plan", "plan instalments exceed the balance",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "plan", "signed": True,
                               "instalments": [{"due": dt.date(2026, 6, 1), "amount": 99999.0}]}), EITHER)


def sent_faults() -> Iterator[Fault]:
    def early(data: Any) -> None:
        data["events"].insert(0, {"date": dt.date(2026, 1, 15), "type": "sent", "step": "relance_informelle"})
    yield Fault("sent", "sent dated before the invoice exists", edit(DUPONT, early), EITHER)

    def only_early(data: Any) -> None:
        data["events"] = [{"date": dt.date(2026, 2, 10), "type": "sent", "step": "mise_en_demeure"}]
    yield Fault("sent", "formal notice before the due date, nothing else", edit(DUPONT, only_early), EITHER)
    yield Fault("sent", "unknown step", event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "sent", "step": "nope"}))
    yield Fault("sent", "received before sent",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "sent", "step": "relance_ferme",
                               "received": dt.date(2026, 4, 1)}))


def email_faults() -> Iterator[Fault]:
    for label, value, accept in [
        ("accented domain", "compta@dupont-rénovation.fr", EITHER),
        ("accented local part", "clémence@dupont.fr", EITHER),
        ("no at sign", "compta.dupont.fr", ERROR),
        ("two at signs", "a@b@dupont.fr", ERROR),
        ("spaces", "compta @dupont.fr", ERROR),
        ("display name injection", "x@y.fr>, victim@z.fr", ERROR),
    ]:
        yield Fault("email", f"debtor: {label}", edit(DUPONT, setter(("debtor", "email"), value)), accept)
        yield Fault("email", f"creditor: {label}", edit("dossier.yaml", setter(("creditor", "email"), value)), accept)


CONTROLS = {"LF": "\n", "CR": "\r", "TAB": "\t", "NUL": "\x00", "U+2028": "\u2028"}
SINGLE_LINE_FIELDS = [
    ("debtor name", DUPONT, ("debtor", "name")),
    ("invoice number", DUPONT, ("invoices", 0, "number")),
    ("debtor address line", DUPONT, ("debtor", "address", 0)),
    ("debtor phone", DUPONT, ("debtor", "phone")),
    ("creditor name", "dossier.yaml", ("creditor", "name")),
    ("site title", "dossier.yaml", ("site", "title")),
    ("creditor address line", "dossier.yaml", ("creditor", "address", 0)),
    ("creditor phone", "dossier.yaml", ("creditor", "phone")),
]


def control_faults() -> Iterator[Fault]:
    for label, rel, path in SINGLE_LINE_FIELDS:
        for cname, char in CONTROLS.items():
            def change(data: Any, path: tuple = path, char: str = char) -> None:
                node = data
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = f"{node[path[-1]][:6]}{char}::error file=x::{node[path[-1]][6:]}"
            # Issue 11: single-line fields refuse CR, LF (and NUL); a tab or U+2028 may be accepted.
            accept = EITHER if cname in ("TAB", "U+2028") else ERROR
            yield Fault("control char", f"{cname} in {label}", edit(rel, change), accept)


FAR_DATES = {"0001-01-01": dt.date(1, 1, 1), "9999-12-31": dt.date(9999, 12, 31)}


def date_faults() -> Iterator[Fault]:
    spots: list[tuple[str, str, Callable[[dt.date], Callable[[Path], None]]]] = [
        ("invoice date", DUPONT, lambda d: edit(DUPONT, setter(("invoices", 0, "date"), d))),
        ("invoice due", DUPONT, lambda d: edit(DUPONT, setter(("invoices", 0, "due"), d))),
        ("contract date", DUPONT, lambda d: edit(DUPONT, setter(("contract", "date"), d))),
        ("payment date", DUPONT, lambda d: edit(DUPONT, setter(("events", 1, "date"), d))),
        ("sent date", DUPONT, lambda d: edit(DUPONT, setter(("events", 0, "date"), d))),
        ("received date", DUPONT, lambda d: edit(DUPONT, setter(("events", 3, "received"), d))),
        ("instalment due", ROUX, lambda d: edit(ROUX, setter(("events", 3, "instalments", 0, "due"), d))),
        ("plan date", ROUX, lambda d: edit(ROUX, setter(("events", 3, "date"), d))),
        ("promise until", DUPONT, lambda d: event(DUPONT, {"date": dt.date(2026, 5, 2), "type": "promise", "until": d})),
        ("promise date", DUPONT, lambda d: event(DUPONT, {"date": d, "type": "promise", "until": dt.date(2026, 5, 2)})),
    ]
    for label, _rel, make in spots:
        for dname, value in FAR_DATES.items():
            yield Fault("far date", f"{label} {dname}", make(value))
    yield Fault("far date", "invoice date 2026-02-30 (not a day)", write(DUPONT, (
        Path(__file__).resolve().parents[2] / DUPONT).read_text(encoding="utf-8").replace("date: 2026-02-01", "date: 2026-02-30")))


def scenario_faults() -> Iterator[Fault]:
    for label, value in [("1e9", 10**9), ("negative", -5), ("40 digits", 10**40), ("string", "soon"), ("float", 2.5)]:
        def change(data: Any, value: Any = value) -> None:
            steps = [dict(s) for s in STANDARD_STEPS]
            steps[0]["after_due"] = value
            data["scenarios"] = {"standard": {"steps": steps}}
        yield Fault("after_due", f"after_due {label}", edit("dossier.yaml", change))

        def after_days(data: Any, value: Any = value) -> None:
            steps = [dict(s) for s in STANDARD_STEPS]
            steps[-1] = dict(steps[-1], after={"step": "mise_en_demeure", "days": value})
            data["scenarios"] = {"standard": {"steps": steps}}
        yield Fault("after_due", f"after.days {label}", edit("dossier.yaml", after_days))

        def deadline(data: Any, value: Any = value) -> None:
            steps = [dict(s) for s in STANDARD_STEPS]
            steps[4]["deadline_days"] = value
            data["scenarios"] = {"standard": {"steps": steps}}
        yield Fault("after_due", f"deadline_days {label}", edit("dossier.yaml", deadline))

    def loop(data: Any) -> None:
        steps = [dict(s) for s in STANDARD_STEPS]
        steps[-1] = dict(steps[-1], after={"step": "injonction_de_payer", "days": 1})
        data["scenarios"] = {"standard": {"steps": steps}}
    yield Fault("after_due", "step after itself", edit("dossier.yaml", loop))


def amount_faults() -> Iterator[Fault]:
    forty = int("9" * 40)
    for label, value, accept in [
        ("40 digits", forty, ERROR), ("negative", -4800.0, ERROR), ("zero", 0, EITHER),
        ("three decimals", 4800.001, EITHER), ("string", "beaucoup", ERROR), ("1e308", 1e308, ERROR),
        ("infinity", float("inf"), ERROR), ("nan", float("nan"), ERROR),
    ]:
        yield Fault("amount", f"invoice amount {label}", edit(DUPONT, setter(("invoices", 0, "amount"), value)), accept)
        yield Fault("amount", f"payment amount {label}", edit(DUPONT, setter(("events", 1, "amount"), value)),
                    EITHER if label == "three decimals" else ERROR)
        yield Fault("amount", f"instalment amount {label}",
                    edit(ROUX, setter(("events", 3, "instalments", 0, "amount"), value)), accept)


TEMPLATE = "templates/mise-en-demeure.md"


def template_faults() -> Iterator[Fault]:
    yield Fault("template", "includes itself", write(TEMPLATE, '{% include "mise-en-demeure.md" %}\n'))
    yield Fault("template", "divides by zero", write(TEMPLATE, "Total : {{ 1 / 0 }}\n"))
    yield Fault("template", "not UTF-8", write(TEMPLATE, b"Mise en demeure \xe9\xff\xfe {{ 1 }}\n"))
    yield Fault("template", "syntax error", write(TEMPLATE, "{% if %}\nMise en demeure\n"))
    yield Fault("template", "undefined variable", write(TEMPLATE, "Bonjour {{ no_such_variable.name }}\n"))
    yield Fault("template", "unknown filter", write(TEMPLATE, "{{ 3 | no_such_filter }}\n"))
    yield Fault("template", "sandbox escape attempt", write(TEMPLATE, "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"))
    yield Fault("template", "raises in a macro loop", write(TEMPLATE, "{% for i in range(10**12) %}{% endfor %}\n"))

    def passwd(repo: Path) -> None:
        (repo / "templates").mkdir()
        os.symlink("/etc/passwd", repo / TEMPLATE)
    yield Fault("template", "symlink to /etc/passwd", passwd)

    def folder_link(repo: Path) -> None:
        outside = repo.parent / "elsewhere"
        outside.mkdir()
        (outside / "mise-en-demeure.md").write_text("Ailleurs {{ 1 }}\n", encoding="utf-8")
        os.symlink(outside, repo / "templates")
    yield Fault("template", "templates/ is a symlink out of the repository", folder_link)

    def dangling(repo: Path) -> None:
        (repo / "templates").mkdir()
        os.symlink(repo / "nowhere.md", repo / TEMPLATE)
    yield Fault("template", "dangling symlink", dangling)


def _deep(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n'
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n'
)


def yaml_faults(rel: str, who: str) -> Iterator[Fault]:
    """A file broken as YAML; `rel` is dossier.yaml or a case file."""
    original = (Path(__file__).resolve().parents[2] / rel).read_text(encoding="utf-8")
    yield Fault("yaml", f"{who}: billion laughs", write(rel, original + BILLION_LAUGHS), isolate=True)
    yield Fault("yaml", f"{who}: self-referencing alias", write(rel, original + "loop: &x [*x]\n"), isolate=True)
    yield Fault("yaml", f"{who}: self-referencing mapping", write(rel, original + "loop: &y {k: *y}\n"), isolate=True)
    yield Fault("yaml", f"{who}: harmless alias", write(rel, original + "x-note: &n hello\nx-again: *n\n"))
    yield Fault("yaml", f"{who}: merge key", write(rel, original + "x-base: &m {a: 1}\nx-merged: {<<: *m}\n"))
    yield Fault("yaml", f"{who}: nesting 450 deep", write(rel, original + f"deep: {_deep(450)}\n"), isolate=True)
    yield Fault("yaml", f"{who}: nesting 5000 deep", write(rel, original + f"deep: {_deep(5000)}\n"), isolate=True)
    first_key = original.split("\n  ", 1)[1].split(":", 1)[0]    # the first field of the first section
    for depth in (450, 900):
        nested = original.replace(f"\n  {first_key}:", f"\n  {first_key}: {_deep(depth)}\n  x-was-{first_key}:", 1)
        yield Fault("yaml", f"{who}: nesting {depth} deep in a known field", write(rel, nested), isolate=True)
    if rel == "dossier.yaml":
        padding = "x-padding:\n" + "".join(f"  - \"{'y' * 90}\"\n" for _ in range(105_000))
    else:   # a real journal: 10 MB of valid call events
        padding = "".join(f"  - {{date: 2026-04-20, type: call, outcome: no_answer, note: \"{'n' * 60}\"}}\n"
                          for n in range(90_000))
    yield Fault("yaml", f"{who}: 10 MB file", write(rel, original + padding), isolate=True)
    yield Fault("yaml", f"{who}: empty", write(rel, b""))
    yield Fault("yaml", f"{who}: only a comment", write(rel, "# rien\n"))
    yield Fault("yaml", f"{who}: NUL bytes", write(rel, b"\x00" * 64))
    yield Fault("yaml", f"{who}: invalid UTF-8", write(rel, original.encode("utf-8").replace("é".encode(), b"\xe9", 1)))
    yield Fault("yaml", f"{who}: UTF-16", write(rel, original.encode("utf-16")))
    yield Fault("yaml", f"{who}: two documents", write(rel, original + "---\nagain: 1\n"))
    yield Fault("yaml", f"{who}: tab indentation", write(rel, original.replace("\n  ", "\n\t", 3)))
    yield Fault("yaml", f"{who}: a list", write(rel, "- 1\n- 2\n"))
    yield Fault("yaml", f"{who}: a scalar", write(rel, "bonjour\n"))
    yield Fault("yaml", f"{who}: duplicate key", write(rel, original + "x-twice: 1\nx-twice: 2\n"))
    yield Fault("yaml", f"{who}: unclosed quote", write(rel, original + 'x-broken: "oops\n'))
    yield Fault("yaml", f"{who}: python tag", write(rel, original + "x-evil: !!python/object/apply:os.system ['true']\n"))
    yield Fault("yaml", f"{who}: unknown tag", write(rel, original + "x-tag: !custom 1\n"))
    yield Fault("yaml", f"{who}: binary value", write(rel, original + "x-bin: !!binary aGVsbG8=\n"))
    yield Fault("yaml", f"{who}: non-string key", write(rel, original + "? [1, 2]\n: 3\n"))
    yield Fault("yaml", f"{who}: BOM", write(rel, "\ufeff" + original), EITHER)
    yield Fault("yaml", f"{who}: CRLF line ends", write(rel, original.replace("\n", "\r\n")), EITHER)


# --- the wrong-type walk --------------------------------------------------------------

WRONG = {
    "string": "pas une valeur",
    "list": ["a", "b"],
    "mapping": {"a": 1},
    "null": None,
    "bool": True,
    "huge int": 10**30,
}


def leaves(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every path of `data` (containers and scalars), depth first."""
    if path:
        yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, path + (index,))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, (dt.date, int, float)):
        return "number or date"
    return "string"


def _expected(path: tuple, original: Any, wrong: str) -> frozenset[int]:
    """Where a wrong-type value is certainly an error, and where it may be read as text or as absent."""
    kind = _kind(original)
    if wrong == "null":
        return EITHER          # an optional field may be left empty
    if kind == "string" and wrong in ("bool", "huge int"):
        return EITHER          # YAML may read a free text as a number
    if kind == "bool" and wrong == "string":
        return ERROR
    if kind == "list" and wrong == "string" and path[-1:] == ("address",):
        return EITHER          # a one-line address written as a string
    if kind == wrong or (kind == "number or date" and wrong == "huge int" and isinstance(original, int)):
        return EITHER
    return ERROR


def type_walk(rel: str, who: str, skip: Callable[[tuple], bool] = lambda p: False) -> Iterator[Fault]:
    data = yaml.safe_load((Path(__file__).resolve().parents[2] / rel).read_text(encoding="utf-8"))
    for path, original in leaves(data):
        if skip(path):
            continue
        for wname, value in WRONG.items():
            if _kind(original) == wname:
                continue
            label = ".".join(str(p) for p in path)
            yield Fault("wrong type", f"{who} {label} = {wname}", edit(rel, setter(path, value)), _expected(path, original, wname))


def _dupont_skip(path: tuple) -> bool:
    """Walk every field of Dupont, but only the first two events fully (the last two repeat the same fields)."""
    return len(path) >= 2 and path[0] == "events" and path[1] >= 2 and len(path) > 2


def _dossier_skip(path: tuple) -> bool:
    """The creditor's bank and company fields repeat the same type: keep a few."""
    return len(path) >= 2 and path[0] == "creditor" and path[1] in (
        "legal_form", "capital", "rcs", "vat", "bic", "signatory")


# --- events, invoices, pieces, file names -----------------------------------------------

def event_faults() -> Iterator[Fault]:
    yield Fault("events", "unknown event type", event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "teleport"}))
    yield Fault("events", "event without a type", event(DUPONT, {"date": dt.date(2026, 5, 1)}))
    yield Fault("events", "event without a date", event(DUPONT, {"type": "acknowledgment"}))
    yield Fault("events", "unknown field", event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "acknowledgment",
                                                           "colour": "red"}))
    yield Fault("events", "events out of order", edit(DUPONT, lambda d: d["events"].reverse()))
    yield Fault("events", "event after the as-of date",
                event(DUPONT, {"date": dt.date(2027, 5, 1), "type": "payment", "amount": 10.0}), EITHER)
    yield Fault("events", "payment to an unknown invoice",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "payment", "amount": 10.0, "invoice": "F-NOPE"}))
    yield Fault("events", "credit note beyond the invoice",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "credit_note", "number": "AV1",
                               "invoice": "F2026-031", "amount": 99999.0}))
    yield Fault("events", "dispute on an unknown invoice",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "dispute", "invoices": ["F-NOPE"]}))
    yield Fault("events", "unknown insolvency procedure",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "insolvency", "procedure": "vacances"}))
    yield Fault("events", "unknown closing reason",
                event(DUPONT, {"date": dt.date(2026, 5, 1), "type": "closed", "reason": "lassitude"}))
    yield Fault("events", "events is a mapping", edit(DUPONT, setter(("events",), {"a": 1})))
    yield Fault("events", "no events", edit(DUPONT, setter(("events",), [])), VALID)

    def dup(data: Any) -> None:
        data["invoices"].append(dict(data["invoices"][0]))
    yield Fault("invoices", "duplicate invoice number", edit(DUPONT, dup))

    def dup_across(repo: Path) -> None:
        data = load(repo, ROUX)
        data["invoices"][0]["number"] = "F2026-031"
        for e in data["events"]:
            if e.get("invoice"):
                e["invoice"] = "F2026-031"
        dump(repo, ROUX, data)
    yield Fault("invoices", "same invoice number in two cases", dup_across)
    yield Fault("invoices", "no invoices", edit(DUPONT, setter(("invoices",), [])))
    yield Fault("invoices", "due before date", edit(DUPONT, setter(("invoices", 0, "due"), dt.date(2026, 1, 1))))
    yield Fault("invoices", "unknown interest rate", edit(DUPONT, setter(("interest", "rate"), "beaucoup")))
    yield Fault("invoices", "interest rate 1e9 %", edit(DUPONT, setter(("interest", "rate"), "1000000000%")))
    yield Fault("invoices", "negative interest rate", edit(DUPONT, setter(("interest", "rate"), "-5%")))
    yield Fault("debtor", "unknown debtor kind", edit(DUPONT, setter(("debtor", "kind"), "martian")))
    yield Fault("debtor", "unknown creditor key", edit(DUPONT, lambda d: d.update(creditor="nobody")))
    yield Fault("debtor", "unknown scenario", edit(DUPONT, lambda d: d.update(scenario="nope")))
    yield Fault("debtor", "markdown link in debtor name",
                edit(DUPONT, setter(("debtor", "name"), "[x](javascript:alert(1)) ![](http://tracker/px.png)")), EITHER)
    yield Fault("debtor", "jinja in debtor name", edit(DUPONT, setter(("debtor", "name"), "{{ 7*7 }} {% raw %}")), EITHER)
    yield Fault("debtor", "html in debtor name", edit(DUPONT, setter(("debtor", "name"), "<script>alert(1)</script>")), EITHER)
    yield Fault("debtor", "10 000 character name", edit(DUPONT, setter(("debtor", "name"), "Dupont " * 1500)), EITHER)


def piece_faults() -> Iterator[Fault]:
    piece = ("invoices", 0, "piece")
    yield Fault("piece", "path leaving the repository", edit(DUPONT, setter(piece, "../../../../etc/passwd")))
    yield Fault("piece", "absolute path", edit(DUPONT, setter(piece, "/etc/passwd")))
    yield Fault("piece", "missing piece", edit(DUPONT, setter(piece, "pieces/nope.pdf")))
    yield Fault("piece", "a folder", edit(DUPONT, setter(piece, "pieces")))
    yield Fault("piece", "empty path", edit(DUPONT, setter(piece, "")))
    yield Fault("piece", "NUL in path", edit(DUPONT, setter(piece, "pieces/F2026\x00.pdf")))

    def link(repo: Path) -> None:
        target = repo / "cases" / "pieces" / "F2026-031.pdf"
        target.unlink()
        os.symlink("/etc/passwd", target)
    yield Fault("piece", "symlink to /etc/passwd", link)

    def corrupt(repo: Path) -> None:
        (repo / "cases" / "pieces" / "F2026-031.pdf").write_bytes(b"%PDF-1.7\n garbage \x00\xff")
    # Pieces are read at build (a bundle exhibit); a corrupt PDF may be an error or a located warning.
    yield Fault("piece", "corrupt PDF", corrupt, EITHER)
    yield Fault("piece", "empty PDF", write("cases/pieces/F2026-031.pdf", b""), EITHER)
    yield Fault("piece", "contract piece leaving the repository",
                edit(DUPONT, setter(("contract", "pieces"), ["../../secret.pdf"])))


def name_faults() -> Iterator[Fault]:
    for label, name in [("newline", "2026-099-a\nb"), ("percent", "2026-099-a%0Ab"), ("colon", "2026-099-a:b"),
                        ("comma", "2026-099-a,b"), ("double colon", "2026-099-a::error"), ("space", "2026-099 a"),
                        ("leading dot", ".2026-099"), ("non-ASCII", "2026-099-é")]:
        def rename(repo: Path, name: str = name) -> None:
            (repo / DUPONT).rename(repo / "cases" / f"{name}.yaml")
        # A strange but printable name may be a legitimate case id; a newline may not.
        yield Fault("file name", f"case file name with {label}", rename, ERROR if label == "newline" else EITHER)

    yield Fault("file name", "case file with another extension", lambda r: (r / DUPONT).rename(r / "cases" / "x.yml"), EITHER)
    yield Fault("file name", "cases/ is missing", lambda r: shutil.rmtree(r / "cases"), EITHER)
    yield Fault("file name", "dossier.yaml is missing", lambda r: (r / "dossier.yaml").unlink())

    def project_folder(repo: Path) -> None:
        (repo / "dossier.yaml").unlink()
        (repo / "dossier.yaml").mkdir()
    yield Fault("file name", "dossier.yaml is a folder", project_folder)

    def case_link(repo: Path) -> None:
        outside = repo.parent / "outside.yaml"
        (repo / DUPONT).rename(outside)
        os.symlink(outside, repo / DUPONT)
    yield Fault("file name", "case file is a symlink out of the repository", case_link)


def all_faults() -> list[Fault]:
    faults = [
        *plan_faults(), *sent_faults(), *email_faults(), *control_faults(), *date_faults(), *scenario_faults(),
        *amount_faults(), *template_faults(), *yaml_faults(DUPONT, "case"), *yaml_faults("dossier.yaml", "dossier.yaml"),
        *type_walk(DUPONT, "case", _dupont_skip), *type_walk("dossier.yaml", "dossier.yaml", _dossier_skip),
        *event_faults(), *piece_faults(), *name_faults(),
    ]
    ids = [f.id for f in faults]
    assert len(ids) == len(set(ids)), "fault ids must be unique"
    return faults
