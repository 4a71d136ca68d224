"""JSON Schema (draft 2020-12) of a case file and of ``dossier.yaml``, generated from the loaders' own field tables.

`case_schema` and `project_schema` walk the tables case_fields.py and config.py read
with (``CASE_FIELDS``, ``DEBTOR_FIELDS``, ``EVENT_FIELDS``, ``CREDITOR_FIELDS``,
``STEP_FIELDS``…: field name → reader) and turn each reader into a fragment:

- a scalar reader of readers.py (text, date, amount, iban…) through `SCALARS`, keyed by the reader;
- a reader made by a factory (``choice``, ``choices``, ``count``, ``days``, ``list_of``) through
  what the factory attaches to it (its options, bounds or item reader);
- a reader of a nested record (the debtor, an invoice, an event, a step…) through `_structures`,
  keyed by the reader, which names the table it reads and its required fields.

A reader found in none of them stops the generation with `SchemaGap`: a field
cannot be added to a table without its schema (tests/records/test_schema.py
generates both). The schema serves editors (completion, validation as you
type) and pre-commit checks; ``dossier check`` stays the judge: it also checks
IBAN check digits, that pieces exist, and the rules across fields and cases.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from . import case_fields, config, creditors, import_options, readers, routing, scenarios
from .fields import MAX_AMOUNT, list_of

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


class SchemaGap(Exception):
    """A reader in a field table has no schema fragment."""


# --- scalar readers -------------------------------------------------------------------------------

_C = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"                # what one-line text refuses (readers._CONTROL)
_CM = r"\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029"   # free text: line feeds allowed
_SP = r"\s\u00a0\u202f"
AMOUNT_MAX = int(MAX_AMOUNT)
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"                       # readers._LOCAL: RFC 5322 dot-atom, ASCII
_LABEL = r"[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]*[A-Za-z0-9\u0080-\uffff])?"   # a domain label


def _text_pattern(control: str) -> str:
    """Surrounding blanks are stripped; then at least one visible character and no control character."""
    return rf"^\s*[^{control}]*[^\s{control}]\s*$"


TEXT: Schema = {"type": ["string", "number"], "pattern": _text_pattern(_C)}
FREE_TEXT: Schema = {"type": ["string", "number"], "pattern": _text_pattern(_CM)}
DATE: Schema = {"type": "string", "format": "date", "pattern": r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$",
                "description": "YYYY-MM-DD, from 1900-01-01 to 2200-12-31"}
# At most two decimals is left to `dossier check`: "multipleOf": 0.01 fails on binary floats (0.07 / 0.01 is not
# a whole number in Python's jsonschema), and a schema must never refuse an amount the loader accepts.
AMOUNT: Schema = {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": AMOUNT_MAX,
                  "description": "euros, at most two decimals, written as a number (2400.00)"}
BOUND_AMOUNT: Schema = {"type": "number", "minimum": 0, "exclusiveMaximum": AMOUNT_MAX}
PERCENT_TEXT = r"^\s*0*[0-9]{1,2}(?:[.,][0-9]+)?\s*%?\s*$"
PERCENT: Schema = {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
                             {"type": "string", "pattern": PERCENT_TEXT}],
                   "description": 'an annual rate in percent: 12, 12.5, "12%", "12,5 %"'}
PIECE: Schema = {"type": "string", "pattern": rf"^\s*(?![A-Za-z]:)[^/\\{_C}][^\\{_C}]*$",
                 "description": "a file of the repository, relative to this file's folder, with / separators"}

SCALARS: dict[Callable[..., Any], Schema] = {
    readers.text: TEXT,
    readers.free_text: FREE_TEXT,
    readers.date: DATE,
    readers.amount: AMOUNT,
    readers.bound_amount: BOUND_AMOUNT,
    readers.flag: {"type": "boolean"},
    readers.lines: {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "array", "items": TEXT}],
                    "description": "address lines: a list, or one text with line breaks"},
    readers.siren: {"anyOf": [{"type": "string", "pattern": rf"^[{_SP}]*(?:[0-9][{_SP}]*){{9}}$"},
                              {"type": "integer", "minimum": 100_000_000, "maximum": 999_999_999}],
                    "description": "9 digits, spaces allowed (its check digit is verified by dossier check)"},
    readers.siret: {"anyOf": [{"type": "string", "pattern": rf"^[{_SP}]*(?:[0-9][{_SP}]*){{14}}$"},
                              {"type": "integer", "minimum": 10_000_000_000_000, "maximum": 99_999_999_999_999}],
                    "description": "14 digits, spaces allowed (its check digit is verified by dossier check)"},
    readers.vat: {"type": "string", "pattern": rf"^[{_SP}]*[A-Za-z]{{2}}(?:[{_SP}]*[A-Za-z0-9]){{2,13}}[{_SP}]*$",
                  "description": "an intra-EU VAT number such as FR15901234567 (its check digits are verified by dossier check)"},
    readers.email: {"type": "string", "pattern": rf"^\s*{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+\s*$",
                    "description": "an email address: an ASCII local part, a domain in ASCII or with accents"},
    readers.website: {"type": "string", "pattern": r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?\s*$",
                      "description": "a website address with its scheme: https://www.exemple.fr"},
    readers.iban: {"type": "string", "pattern": rf"^[{_SP}]*[A-Za-z][{_SP}]*[A-Za-z](?:[{_SP}]*[0-9]){{2}}(?:[{_SP}]*[A-Za-z0-9]){{10,30}}[{_SP}]*$",
                   "description": "an IBAN, spaces allowed (its check digits are verified by dossier check)"},
    readers.bic: {"type": "string", "pattern": r"^\s*[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?\s*$"},
    readers.percent: PERCENT,
    readers.piece: PIECE,
    readers.pieces: {"anyOf": [PIECE, {"type": "array", "items": PIECE}]},
    case_fields._payment_period: {"enum": list(case_fields.PAYMENT_PERIODS),
                                  "description": "a public buyer's payment period in days (R2192-10 CCP)"},
    case_fields._archive_path: {"type": "string", "pattern": rf"^\s*(?![A-Za-z]:)[^/\\{_C}][^\\{_C}]*$",
                                 "description": "an archived file, relative to the repository's root, with / separators"},
    case_fields._sha256: {"type": "string", "pattern": "^\\s*[0-9a-fA-F]{64}\\s*$", "description": "a SHA-256, 64 hex digits"},
    case_fields._rate: {"anyOf": [{"const": "legal"}, PERCENT], "description": '"legal" or an annual rate such as "12%"'},
    config._window: {"type": "string", "pattern": r"^\s*[0-9]{1,2}:[0-9]{2}\s*[-–]\s*[0-9]{1,2}:[0-9]{2}\s*$",
                     "description": 'a time window such as "10:00-13:00"'},
    config._rate_value: {"anyOf": [{"type": "number", "minimum": 0, "exclusiveMaximum": 100},
                                   {"type": "string", "pattern": PERCENT_TEXT}]},
    config._table: {"enum": [*config.RATE_TABLES, *config.RATE_ALIASES]},
}


# --- records --------------------------------------------------------------------------------------

def _object(spec: Mapping[str, Callable[..., Any]], required: Iterable[str] = (), **extra: Any) -> Schema:
    """A mapping read by ``fields.record``: these fields only (unknown ones are refused), some required."""
    out: Schema = {"type": "object", "properties": {name: fragment(read) for name, read in spec.items()},
                   "additionalProperties": False}
    req = list(required)
    if req:
        out["required"] = req
    return {**out, **extra}


def _ids(value: Schema, what: str) -> Schema:
    """A mapping keyed by ids (creditors, scenarios): creditors._ID."""
    return {"type": "object", "patternProperties": {creditors._ID.pattern: value}, "additionalProperties": False,
            "minProperties": 1, "description": what}


# the inline specs of case_fields.py and config.py (written inside their readers), repeated here
INSTALMENT_FIELDS = {"due": readers.date, "amount": readers.amount}
AFTER_FIELDS = {"step": readers.text, "days": readers.days(0)}
CONDITION_FIELDS = {
    "debtor_kind": readers.choices(case_fields.DEBTOR_KINDS),
    "min_amount": readers.bound_amount,
    "max_amount": readers.bound_amount,
    "qualification": readers.choices(case_fields.QUALIFICATIONS),
    "not_qualification": readers.choices(case_fields.QUALIFICATIONS),
}
CASE_REQUIRED = ("debtor", "invoices")


def _event() -> Schema:
    """An event: the fields of every type, and for each type (``if``/``then``) its own fields and required ones."""
    rules = []
    for etype, (own, required) in case_fields.EVENT_FIELDS.items():
        allowed = [*case_fields.EVENT_COMMON, *own]
        rules.append({"if": {"properties": {"type": {"const": etype}}, "required": ["type"]},
                      "then": {"required": ["date", "type", *required], "propertyNames": {"enum": allowed}}})
    return _object(case_fields.ALL_EVENT_FIELDS, ("date", "type"), allOf=rules)


def _step() -> Schema:
    return _object(scenarios.STEP_FIELDS, ("id", "channel"),
                   oneOf=[{"required": ["after_due"]}, {"required": ["after"]}])


def _scenarios() -> Schema:
    scenario = _object({"steps": list_of(scenarios._step, what="steps")}, ("steps",))
    return _ids(scenario, "scenarios by name")


def _creditor() -> Schema:
    return _object(creditors.CREDITOR_FIELDS, ("name",))


def _structures() -> dict[Callable[..., Any], Callable[[], Schema]]:
    """The readers of nested records, keyed by the reader, each with the table it reads and its required fields."""
    p = config.PROJECT_FIELDS
    return {
        case_fields._debtor: lambda: _object(case_fields.DEBTOR_FIELDS, ("name", "kind")),
        case_fields._chorus: lambda: _object({"deposited": readers.date, "number": readers.text}, ("deposited", "number")),
        case_fields._contract: lambda: _object(case_fields.CONTRACT_FIELDS, ("kind",)),
        case_fields._interest: lambda: _object(case_fields.INTEREST_FIELDS),
        case_fields._invoice: lambda: _object(case_fields.INVOICE_FIELDS, case_fields.INVOICE_REQUIRED),
        case_fields._instalment: lambda: _object(INSTALMENT_FIELDS, ("due", "amount")),
        case_fields._sent_file: lambda: _object(case_fields.SENT_FILE_FIELDS, ("path", "sha256")),
        case_fields._event: _event,
        creditors.read_mandate: lambda: _object(creditors.MANDATE_FIELDS, ("date",)),
        creditors._mediator: lambda: _object(creditors.MEDIATOR_FIELDS, ("name",),
                                          anyOf=[{"required": ["website"]}, {"required": ["address"]}]),
        scenarios._condition: lambda: _object(CONDITION_FIELDS),
        scenarios._after: lambda: _object(AFTER_FIELDS, ("step", "days")),
        scenarios._step: _step,
        p["site"]: lambda: _object(config.SITE_FIELDS, ("title",)),
        p["creditor"]: _creditor,
        p["creditors"]: lambda: _ids(_creditor(), "creditors by id"),
        p["firm"]: lambda: _object(creditors.FIRM_FIELDS, ("name",)),
        p["scenarios"]: _scenarios,
        p["guardrails"]: lambda: _object(config.GUARDRAIL_FIELDS),
        p["rates"]: lambda: {"type": "array", "items": _object(config.RATE_FIELDS, tuple(config.RATE_FIELDS))},
        p["import"]: lambda: _object(import_options.IMPORT_FIELDS),
        import_options._invoice_columns: lambda: _object({k: readers.text for k in import_options.INVOICE_COLUMNS}),
        import_options._payment_columns: lambda: _object({k: readers.text for k in import_options.PAYMENT_COLUMNS}),
        import_options._payments: lambda: _object(import_options.PAYMENTS_FIELDS),
        routing._rule_fields: lambda: _object(routing.RULE_FIELDS, ("scenario",)),
        routing._when: lambda: _object(routing.WHEN_FIELDS),
    }


def fragment(read: Callable[..., Any]) -> Schema:
    """The schema of what one reader accepts."""
    if read in SCALARS:
        return dict(SCALARS[read])
    structure = _structures().get(read)
    if structure is not None:
        return structure()
    if hasattr(read, "item"):           # fields.list_of
        out: Schema = {"type": "array", "items": fragment(read.item)}
        if not read.allow_empty:
            out["minItems"] = 1
        return out
    if hasattr(read, "options"):        # readers.choice, readers.choices
        one = {"type": "string", "enum": list(read.options)}
        if getattr(read, "many", False):
            return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
        return one
    if hasattr(read, "bounds"):         # readers.count, readers.days
        low, high = read.bounds
        return {"type": "integer", "minimum": low, "maximum": high}
    name = getattr(read, "__qualname__", repr(read))
    raise SchemaGap(f"no JSON Schema for the reader {getattr(read, '__module__', '?')}.{name}: "
                    "add it to records/schema.py")


# --- the two files --------------------------------------------------------------------------------

def case_schema() -> Schema:
    """A case file: ``cases/<id>.yaml`` or ``cases/<id>/dossier.yaml`` (docs/format.md)."""
    body = _object(case_fields.CASE_FIELDS, CASE_REQUIRED)
    return {"$schema": DRAFT, "title": "dossier case file",
            "description": "A claim: the debtor, the invoices, the journal of events (docs/format.md). "
                           "Generated by `dossier schema case`; `dossier check` stays the judge.",
            **body}


def project_schema() -> Schema:
    """The project file, ``dossier.yaml`` at the repository's root."""
    body = _object(config.PROJECT_FIELDS)
    return {"$schema": DRAFT, "title": "dossier project file (dossier.yaml)",
            "description": "The creditor(s), the recovery ladders, guardrails and rate overrides (docs/format.md). "
                           "Generated by `dossier schema project`; `dossier check` stays the judge.",
            **body,
            "oneOf": [{"required": ["creditor"]}, {"required": ["creditors"]}]}


SCHEMAS: dict[str, Callable[[], Schema]] = {"case": case_schema, "project": project_schema}
