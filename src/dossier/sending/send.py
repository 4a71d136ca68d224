"""`dossier send` and `dossier record --due sent`: the steps the agenda says are due (« à envoyer »), each
rendered once as archived (history/archive.py), handed over (SMTP, a postal batch, an SMS batch), and
recorded in one commit for the batch: a `sent` event with its date, its channel, its reference (the
email's Message-ID, or our postal/SMS reference) and its archived files.

Nothing is sent twice: a step already recorded as sent is not due any more, and one the journal records
is skipped. What went out is recorded even when the run stops half-way (a refusal, a lost connection,
Ctrl-C): the record is made in a ``finally``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..history import archive
from ..ladder import agenda as agenda_mod
from ..records.errors import has_errors
from . import postal, sms, smtp

CHANNELS = ("email", "letter", "lrar", "sms")


@dataclass
class Outgoing:
    case_id: str
    step: str
    channel: str               # email | letter | lrar | lre | sms
    day: dt.date
    to: str                    # who, as printed
    files: list[archive.ArchivedFile] = field(default_factory=list)
    problem: str = ""          # why it cannot go (nothing rendered, no address…)
    reference: str = ""        # set once sent: the Message-ID, or our reference
    sent: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class Report:
    outgoing: list[Outgoing]
    recorded: list[str] = field(default_factory=list)      # the commit line, when recorded
    problems: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)      # the batch files
    notes: list[str] = field(default_factory=list)         # what went out but deserves a look

    @property
    def sent(self) -> list[Outgoing]:
        return [o for o in self.outgoing if o.sent]


def due_steps(repo: Any, results: Iterable[Any], as_of: dt.date, cases: tuple[str, ...] = (),
              channel: str | None = None) -> list[tuple[Any, Any]]:
    """(case, agenda item) of every step to send by `as_of` (overdue or today), of the cases and channel asked."""
    results = [r for r in results if not cases or r.case.id in cases]
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], as_of, 0)
    by_id = {r.case.id: r.case for r in results}
    out = []
    for item in ag.overdue + ag.today:
        if item.kind != "send" or item.channel not in CHANNELS or (channel and item.channel != channel):
            continue
        case = by_id[item.case_id]
        if any(e.step == item.step for e in case.events_of("sent")):
            continue   # already recorded: never twice
        out.append((case, item))
    return out


def prepare(root: Path, repo: Any, results: Iterable[Any], as_of: dt.date, cases: tuple[str, ...] = (),
            channel: str | None = None, lre: bool = False) -> list[Outgoing]:
    """What would go out on `as_of`: each due step rendered as it will be archived (nothing written)."""
    out = []
    for case, item in due_steps(repo, results, as_of, cases, channel):
        how = "lre" if lre and item.channel == "lrar" else item.channel
        o = Outgoing(case.id, item.step, how, as_of, _recipient(case, how))
        why = _cannot(case, how, as_of)
        if why:
            o.problem = why
        else:
            files, issues = archive.step_files(root, case.id, item.step, as_of)
            if has_errors(issues) or not files:
                o.problem = "; ".join(str(i) for i in issues if i.severity == "error") or "no document to send"
            o.files = files
        out.append(o)
    return out


def _recipient(case: Any, how: str) -> str:
    d = case.debtor
    if how == "email":
        return f"{d.name} <{d.email}>" if d.email else d.name
    if how == "sms":
        return f"{d.name} {d.phone or ''}".strip()
    if how == "lre":
        return f"{d.name} <{d.email or '?'}> (LRE)"
    return ", ".join((d.name,) + tuple(d.address))


def _cannot(case: Any, how: str, as_of: dt.date) -> str:
    d = case.debtor
    if how == "email" and not d.email:
        return "the debtor has no email address: send it as a letter"
    if how == "sms":
        number, why = sms.e164(d.phone or "")
        return "" if number else f"no number an SMS can reach ({why})"
    if how in ("letter", "lrar"):
        _, problems = postal.address_lines(d.name, d.contact, tuple(d.address))
        return "; ".join(problems)
    return postal.lre_refusal(how, d.kind, d.email, getattr(d, "consent_lre", None), as_of) or ""


def send(root: Path, repo: Any, outgoing: list[Outgoing], as_of: dt.date, out_dir: Path,
         server: smtp.Server | None = None, record: Callable[..., tuple[bool, list[str]]] | None = None,
         transport: bool = True) -> Report:
    """Hand each ready step over and record what went out in one commit (also when stopped half-way).

    `transport=False` (`record --due sent`): nothing is handed over, every ready step is recorded as sent."""
    from ..history.record import record_batch

    record = record or record_batch
    report = Report(outgoing)
    ready = [o for o in outgoing if not o.problem]
    report.problems += [f"{o.case_id} {o.step}: not sent: {o.problem}" for o in outgoing if o.problem]
    try:
        if not transport:
            for o in ready:
                o.sent = True   # posted or handed over by hand: no reference of ours
            return report
        emails = [o for o in ready if o.channel == "email"]
        if emails:
            _send_emails(emails, server, report)
        report.written += _batches(repo, [o for o in ready if o.channel != "email"], as_of, out_dir, report)
    finally:
        _record(root, report, as_of, record)
    return report


def _send_emails(emails: list[Outgoing], server: smtp.Server | None, report: Report) -> None:
    if server is None:
        report.problems.append("no SMTP server (--smtp or DOSSIER_SMTP_URL): no email sent")
        return
    try:
        with smtp.Connection(server) as conn:
            for o in emails:
                outcome = conn.send(o.files[0].data)
                if outcome.sent:
                    o.sent, o.reference = True, outcome.message_id
                    if outcome.reason:
                        report.problems.append(f"{o.case_id} {o.step}: sent, but refused for {outcome.reason}")
                else:
                    report.problems.append(f"{o.case_id} {o.step}: not sent: the server refused it ({outcome.reason})")
    except smtp.SmtpError as exc:
        report.problems.append(f"{exc}; the emails not marked sent were not sent")


def _batches(repo: Any, items: list[Outgoing], as_of: dt.date, out_dir: Path, report: Report) -> list[Path]:
    """The postal batch (letters, LRAR, LRE) and the SMS batch written into `out_dir`; their steps count as sent."""
    cases = {c.id: c for c in repo.cases}
    letters, texts = [], []
    for o in items:
        case, ref = cases[o.case_id], postal.reference(o.case_id, o.step, o.day)
        if o.channel == "sms":
            number, _ = sms.e164(case.debtor.phone or "")
            sender = sms.sender_id(repo.project.creditor_of(case).name)
            texts.append((o, sms.Sms(ref, number or "", o.files[0].data.decode("utf-8").strip(), sender)))
            continue
        creditor = repo.project.creditor_of(case)
        lines, _ = postal.address_lines(case.debtor.name, case.debtor.contact, tuple(case.debtor.address))
        report.notes += [f"{o.case_id} {o.step}: {line}: the provider may cut it" for line in postal.long_lines(lines)]
        sender, _ = postal.address_lines(creditor.name, None, tuple(creditor.address))
        f = o.files[0]
        letters.append((o, postal.Postal(ref, o.case_id, o.step, o.day, o.channel, f.path.rsplit("/", 1)[-1], f.data,
                                         f.sha256, lines, case.debtor.email, sender, _pages(f.data))))
    written: list[Path] = []
    try:
        if letters:
            written += postal.write_batch(out_dir / "courrier", [p for _, p in letters], as_of)
        if texts:
            folder = out_dir / "sms"
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in (("sms.csv", sms.batch_csv([s for _, s in texts])),
                               ("sms.json", sms.batch_json([s for _, s in texts], as_of))):
                (folder / name).write_bytes(data)
                written.append(folder / name)
    except OSError as exc:
        report.problems.append(f"{out_dir}: the batch could not be written ({exc}); letters and SMS not sent")
        return written
    for o, p in letters + texts:
        o.sent, o.reference = True, p.reference
    return written


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") if pdf.startswith(b"%PDF") else 0


def _record(root: Path, report: Report, as_of: dt.date, record: Callable[..., tuple[bool, list[str]]]) -> None:
    done = [o for o in report.outgoing if o.sent]
    if not done:
        return
    batch: dict[str, list[dict]] = {}
    files: dict[str, bytes] = {}
    for o in done:
        batch.setdefault(o.case_id, []).append(archive.sent_event(o.step, o.day, o.files, channel=o.channel,
                                                                  reference=o.reference or None))
        files.update(archive.files_of(o.files))
    subject = f"send: {len(done)} document{'s' if len(done) > 1 else ''} sent on {as_of.isoformat()}"
    ok, lines = record(root, batch, files=files, subject=subject)
    if ok:
        report.recorded = lines
    else:
        report.problems += [f"SENT BUT NOT RECORDED: {line}" for line in lines]
        report.problems.append("record these steps by hand (dossier record ID sent STEP --date …): they went out")
