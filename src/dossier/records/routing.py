"""``routing:`` of the project file: which ladder a case runs when it names none.

An ordered list of rules ``{when: {...}, scenario: NAME}``; the first rule whose
conditions all hold picks the scenario (`model.choose_scenario`). The case's own
``scenario:`` always wins; with no rule matching, the project's ``scenario:``.
Without ``routing:`` the default rules below apply; ``routing: []`` routes
nothing. The amount a rule reads is the case's principal as written: the sum of
its invoices, all taxes included (payments do not move a case to another ladder).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import fields as f
from . import readers
from .errors import Source
from .fields import BAD, Reader, did_you_mean, one_of, record, shown
from .labels import QUALIFICATION_LABELS
from .model import DEBTOR_KINDS, QUALIFICATIONS, RoutingRule
from .yamlsrc import Path
from .i18n import _, money
from .labels_en import KIND, QUALIFICATION

WHEN_FIELDS = {
    "debtor_kind": readers.choices(DEBTOR_KINDS),
    "amount_below": readers.bound_amount,
    "amount_at_least": readers.bound_amount,
    "qualification": readers.choices(QUALIFICATIONS),
}


def _when(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, WHEN_FIELDS, what="conditions (debtor_kind, amount_below, amount_at_least, qualification)")


RULE_FIELDS = {"when": _when, "scenario": readers.text}


def _rule_fields(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, RULE_FIELDS, ("scenario",), what="a routing rule (when, scenario)")


# dossier.yaml ``routing:`` as written; `build_routing` checks it against the scenarios once they are known.
ROUTING = f.list_of(_rule_fields, what="routing rules", allow_empty=True)

# The French words of a rule's conditions, in the reason shown by `show` and the case page: « débiteur public »
# (the adjective, where labels.KIND_LABELS has the noun « personne publique »); qualifications as labels.py names them.
KIND_WORDS = {"public": "public", "consumer": "particulier", "professional": "professionnel"}


def _euros(amount: Decimal) -> str:
    """``500`` → ``500 €``, ``1234.5`` → ``1 234,50 €`` (narrow no-break space for thousands, as law/money.py)."""
    whole, cents = divmod(amount.quantize(Decimal("0.01")), 1)
    text = f"{int(whole):,}".replace(",", "\u202f")
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return text + "\u00a0€"


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " ou " + words[-1]


def rule_label(debtor_kind: tuple[str, ...] = (), amount_below: Decimal | None = None,
               amount_at_least: Decimal | None = None, qualification: tuple[str, ...] = ()) -> str:
    """« débiteur public », « montant inférieur à 500 € », « débiteur professionnel, qualification mauvaise foi »…"""
    parts = []
    if debtor_kind:
        parts.append("débiteur " + _or([KIND_WORDS[k] for k in debtor_kind]))
    if amount_at_least is not None:
        parts.append(f"montant d’au moins {_euros(amount_at_least)}")
    if amount_below is not None:
        parts.append(f"montant inférieur à {_euros(amount_below)}")
    if qualification:
        parts.append("qualification " + _or([QUALIFICATION_LABELS[q] for q in qualification]))
    return ", ".join(parts) or "tout dossier"


def rule_label_en(rule: RoutingRule) -> str:
    """`rule_label` in English, for the command line run in English: « public debtor », « amount below €500 »."""
    def either(words: list[str]) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    parts = []
    if rule.debtor_kind:
        parts.append(either([KIND.get(k, k) for k in rule.debtor_kind]) + " debtor")
    if rule.amount_at_least is not None:
        parts.append(f"amount of at least {money(rule.amount_at_least, 'en')}")
    if rule.amount_below is not None:
        parts.append(f"amount below {money(rule.amount_below, 'en')}")
    if rule.qualification:
        parts.append("qualification " + either([QUALIFICATION.get(q, q) for q in rule.qualification]))
    return ", ".join(parts) or "any case"


def _rule(scenario: str, source: Source, **when: Any) -> RoutingRule:
    return RoutingRule(scenario=scenario, source=source, label=rule_label(**when), **when)


_BUILTIN = Source("dossier/records/routing.py")
# When dossier.yaml has no ``routing:``: public buyers, then consumers, then claims under 500 €.
DEFAULT_ROUTING: tuple[RoutingRule, ...] = (
    _rule("public", _BUILTIN, debtor_kind=("public",)),
    _rule("consommateur", _BUILTIN, debtor_kind=("consumer",)),
    _rule("petit_montant", _BUILTIN, amount_below=Decimal(500)),
)


def build_routing(r: Reader, rows: Any, at: Path, scenarios: dict[str, Any], written: set[str]) -> tuple[RoutingRule, ...] | None:
    """The rules read by `ROUTING`, in their order; None when any has an error (each located at its field).

    ``scenarios``: every scenario of the project (built-in and written); ``written``: the names written under
    ``scenarios:``, whose own errors are reported where they are.
    """
    if rows is BAD:
        return None
    out: list[RoutingRule] = []
    ok = True
    for i, row in enumerate(rows):
        here = at + (i,)
        if row is BAD or "scenario" not in row or row.get("when") is BAD:
            ok = False
            continue
        name = row["scenario"]
        if name not in scenarios:
            if name not in written:   # a scenario written with errors has them reported already
                hint = did_you_mean(name, scenarios)
                tail = _('; did you mean "{hint}"?', hint=hint) if hint else ""
                r.error(here + ("scenario",), _("expected one of the project's scenarios ({one_of}), got {shown}{tail}", one_of=one_of(sorted(scenarios)), shown=shown(name), tail=tail))
            ok = False
            continue
        when = row.get("when") or {}
        lo, hi = when.get("amount_at_least"), when.get("amount_below")
        if lo is not None and hi is not None and hi <= lo:
            r.error(here + ("when", "amount_below"), _("expected an amount above amount_at_least ({lo}), got {hi}", lo=lo, hi=hi))
            ok = False
            continue
        out.append(_rule(name, r.source(here), **when))
    return tuple(out) if ok else None
