"""The exhibits of an injonction de payer bundle: the pieces of the case (invoices, contract, documents as sent) collected, labelled, numbered and laid out as PDF."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from . import pdfmerge
from ..records.errors import Issue, Source, error, warning
from ..records.labels import CHANNEL_FORMAL as _CHANNEL_FORMAL
from ..records.labels import EVENT_PIECE_LABELS
from ..records.labels import EXHIBIT_CONTRACT_LABELS as CONTRACT_LABELS
from ..records.labels import EXHIBIT_STEP_LABELS as STEP_LABELS
from ..records.model import Case, Event
from ..law import disputes
from ..law.money import date_long, euros
from ..records.i18n import _

WRITTEN = ("email", "letter", "lrar")
# The exhibit titles name a registered letter as the CPC does (art. 667, 670): « avec demande d’avis de réception ».
CHANNEL_FORMAL = {**_CHANNEL_FORMAL, "lrar": "lettre recommandée avec demande d’avis de réception"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Exhibit:
    """One numbered exhibit (pièce): its title in the list, its file name, its stamped PDF."""

    number: int
    title: str
    kind: str                  # mandate | kbis | contract | invoice | reminder | formal_notice | receipt | other
    name: str                  # file stem, "02-facture-F2026-031"
    date: dt.date | None
    origin: str                # repository-relative path, or "document:<name>" when regenerated
    pdf: bytes
    pages: int

    @property
    def file(self) -> str:
        return f"pieces/{self.name}.pdf"


# --- exhibits ------------------------------------------------------------------------------------------


_PIECE_WORDS = (("bon-de-commande", "Bon de commande"), ("bdc", "Bon de commande"), ("bc-", "Bon de commande"), ("devis", "Devis"),
                ("cgv", "Conditions générales de vente"), ("contrat", "Contrat"), ("avenant", "Avenant"),
                ("livraison", "Bon de livraison"), ("bl-", "Bon de livraison"), ("pv", "Procès-verbal de réception"))


def _piece_label(rel: str) -> str | None:
    """A label from a contract piece's file name, when a contract has several pieces."""
    stem = Path(rel).stem.lower().replace("_", "-")
    return next((label for word, label in _PIECE_WORDS if stem.startswith(word)), None)


def _piece_number(rel: str) -> str | None:
    """The document's number from its file name: ``devis-2026-058.pdf`` → ``2026-058`` (none if the name has none)."""
    stem = Path(rel).stem.lower().replace("_", "-")
    word = next((w for w, _unused in _PIECE_WORDS if stem.startswith(w)), None)
    if word is None:
        return None
    m = re.match(r"-?(\d+(?:-\d+)*)(?:-|$)", stem[len(word):])
    if m is None or re.fullmatch(r"(19|20)\d\d", m.group(1)):
        return None     # no number, or a year alone (« cgv-2026 »)
    return m.group(1)


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "piece"


@dataclass
class _Collector:
    case: Case
    repo_root: Path
    date: dt.date
    issues: list[Issue] = field(default_factory=list)
    pdf: bool = True   # False (`dossier check`): pieces are checked, images and documents not laid out
    # (kind, title, date, origin, pdf bytes, file slug)
    items: list[tuple[str, str, dt.date | None, str, bytes, str]] = field(default_factory=list)

    def file(self, rel: str, kind: str, title: str, day: dt.date | None, source: Source, slug: str) -> None:
        path = self.repo_root / rel
        try:
            inside = path.resolve().is_relative_to(self.repo_root.resolve())
        except OSError:
            inside = False
        if not inside or not path.is_file():
            return   # court.check_pieces_on_disk reports it
        data = path.read_bytes()
        if path.suffix.lower() in IMAGE_SUFFIXES:
            if not self.pdf:
                self.items.append((kind, title, day, rel, b"", slug))
                return
            data = _image_pdf(path, self.repo_root, self.date)
        elif path.suffix.lower() != ".pdf":
            self.issues.append(error(source, _("{rel}: exhibits must be PDF, JPEG or PNG files", rel=rel), code="piece-format",
                                     fr=f"{rel}\u00a0: les pièces doivent être des fichiers PDF, JPEG ou PNG."))
            return
        why = pdfmerge.check(data)
        if why:
            self.issues.append(error(source, f"{rel}: {why}", code="piece-unreadable",
                                     fr=f"{rel}\u00a0: pièce illisible ou endommagée ({why})."))
            return
        self.items.append((kind, title, day, rel, data, slug))


def _image_pdf(path: Path, repo_root: Path, day: dt.date) -> bytes:
    from ..documents import pdf

    html = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>@page { size: A4; margin: 12mm }'
            ' img { max-width: 100%; max-height: 270mm; display: block; margin: 0 auto }</style></head><body>'
            f'<img src="{path.resolve().as_uri()}" alt=""></body></html>')
    return pdf.html_to_pdf(html, path.parent, repo_root, day)


def _document_pdf(doc: Any, repo_root: Path, ready_pdfs: Mapping[str, bytes]) -> bytes:
    ready = ready_pdfs.get(getattr(doc, "name", "")) or getattr(doc, "pdf", None)
    if isinstance(ready, (bytes, bytearray)) and ready:
        return bytes(ready)
    from ..documents import pdf

    base = repo_root / getattr(doc, "base_dir", "") if getattr(doc, "base_dir", "") else repo_root
    return pdf.html_to_pdf(doc.html, base, repo_root, doc.date)


def _collect(case: Case, ladder: Any, documents: Sequence[Any], repo_root: Path, date: dt.date,
             ready_pdfs: Mapping[str, bytes], pdf: bool = True, parties: Sequence[Any] = ()) -> _Collector:
    col = _Collector(case, repo_root, date, pdf=pdf)
    for p in parties:   # the firm's mandate, the debtor's Kbis (readiness.party_pieces): first, as a clerk reads
        col.file(p.piece, p.kind, p.title, p.date, p.source, p.slug)
    contract = case.contract
    if contract and contract.kind in CONTRACT_LABELS:
        label = CONTRACT_LABELS[contract.kind]
        for rel in contract.pieces:
            own = _piece_label(rel) if len(contract.pieces) > 1 else None
            dated = contract.date is not None and (own is None or own == label)   # the date is the contract's
            number = _piece_number(rel)
            title = ((own or label) + (f" n°\u00a0{number}" if number else "")
                     + (f" du {date_long(contract.date)}" if dated else ""))
            col.file(rel, "contract", title, contract.date, contract.source, _slug(own or label))
    aside = disputes.set_aside_on(disputes.of_case(case, date), date)   # disputed invoices: not claimed, not exhibited
    for inv in sorted(case.invoices, key=lambda i: (i.date, i.number)):
        if inv.piece and inv.due <= date and inv.number not in aside:
            col.file(inv.piece, "invoice", f"Facture n°\u00a0{inv.number} du {date_long(inv.date)}, {euros(inv.amount)} TTC, "
                                           f"échéance le {date_long(inv.due)}", inv.date, inv.source, "facture-" + _slug(inv.number))
    by_step = {}
    for doc in documents:
        if (getattr(doc, "case_id", case.id) == case.id and getattr(doc, "step_id", None)
                and getattr(doc, "state", "sent") == "sent"):
            by_step.setdefault(doc.step_id, doc)
    done = [s for s in getattr(ladder, "steps", ()) if s.state == "done" and s.event is not None
            and s.event.type == "sent" and s.step.channel in WRITTEN]
    for st in sorted(done, key=lambda s: (s.event.date, s.step.id)):
        ev: Event = st.event
        formal = courts_is_formal(st.step)
        label = STEP_LABELS.get(st.step.id, "Mise en demeure" if formal else "Relance")
        title = f"{label} du {date_long(ev.date)} ({CHANNEL_FORMAL.get(st.step.channel, st.step.channel)}"
        title += f", n°\u00a0{ev.tracking})" if ev.tracking else ")"
        doc = by_step.get(st.step.id)
        kept, problems = _archived(ev, repo_root, pdf)
        if kept is not None:   # what left, as archived when it was sent: never rendered again
            col.items.append(("formal_notice" if formal else "reminder", title, ev.date, kept[0], kept[1],
                              f"{_slug(st.step.id)}-{ev.date.isoformat()}"))
        elif doc is None:
            col.issues.append(warning(ev.source, _("events: the {id} sent on {date} has no "
                                                   "regenerated document: attach a copy of what was sent", id=st.step.id, date=ev.date.isoformat()),
                                      code="exhibit-missing-document",
                                      fr=f"{label} du {date_long(ev.date)}\u00a0: aucun document régénéré\u00a0; "
                                         "joindre une copie de ce qui a été envoyé."))
        else:
            col.issues.append(unarchived_issue(case, ev, st.step.id, label, problems))
            col.items.append(("formal_notice" if formal else "reminder", title, ev.date,
                              f"document:{getattr(doc, 'name', st.step.id)}",
                              _document_pdf(doc, repo_root, ready_pdfs) if pdf else b"",
                              f"{_slug(st.step.id)}-{ev.date.isoformat()}"))
        if ev.piece:
            received = f", signé le {date_long(ev.received)}" if ev.received else ""
            col.file(ev.piece, "receipt", f"Avis de réception de la {label.lower()} du {date_long(ev.date)}{received}",
                     ev.received or ev.date, ev.source, f"avis-de-reception-{(ev.received or ev.date).isoformat()}")
    for ev in case.events:
        if ev.type in EVENT_PIECE_LABELS and ev.piece and ev.date <= date:
            col.file(ev.piece, "other", f"{EVENT_PIECE_LABELS[ev.type]} du {date_long(ev.date)}", ev.date, ev.source,
                     f"{_slug(EVENT_PIECE_LABELS[ev.type])}-{ev.date.isoformat()}")
    return col


def _archived(ev: Event, repo_root: Path, pdf: bool) -> tuple[tuple[str, bytes] | None, list[str]]:
    """The exhibit of a step sent from its archive ((origin, PDF bytes): the letter's PDF, or the email as sent
    laid out with its headers), or None and why not (nothing archived: no reason; a file missing or altered)."""
    from ..documents import sent_files

    if not ev.files:
        return None, []
    kept, problems = sent_files.read(ev.files, repo_root)
    if problems:
        return None, problems
    letter = next((f.path for f in ev.files if f.path.lower().endswith(".pdf")), None)
    if letter is not None:
        return (letter, kept[".pdf"]), []
    eml = next((f.path for f in ev.files if f.path.lower().endswith(".eml")), None)
    if eml is not None:
        from .email_exhibit import email_pdf

        return (eml, email_pdf(kept[".eml"], ev.date, repo_root) if pdf else b""), []
    return None, [f"{ev.files[0].path}: neither a letter (PDF) nor an email (.eml)"]


def unarchived_issue(case: Case, ev: Event, step: str, label: str, problems: Sequence[str] = ()) -> Issue:
    """The warning that a step sent has no trusted archive: its exhibit is regenerated, not the copy that left."""
    day = ev.date.isoformat()
    if problems:
        return warning(ev.source, _("events: the {step} sent on {day}: {problems}: its exhibit is the document "
                                  "regenerated by dossier, not what was sent; restore the archived file (dossier verify)", step=step, day=day, problems='; '.join(problems)),
                       code="exhibit-archive-untrusted",
                       fr=f"{label} du {date_long(ev.date)} : la copie archivée de l’envoi est manquante ou "
                          "modifiée ; la pièce produite est le document régénéré, non l’original envoyé.")
    return warning(ev.source, _("events: the {step} sent on {day} was not archived when sent: its exhibit is the document "
                              "regenerated by dossier, not a copy of what left; run `dossier archive {case}`", step=step, day=day, case=case.id),
                   code="exhibit-not-archived",
                   fr=f"{label} du {date_long(ev.date)} : aucune copie archivée de l’envoi ; la pièce produite "
                      f"est le document régénéré, non l’original envoyé (dossier archive {case.id}).")


def courts_is_formal(step: Any) -> bool:
    return bool(getattr(step, "formal_notice", False)) or step.id == "mise_en_demeure"


def _number(col: _Collector) -> list[Exhibit]:
    out = []
    for n, (kind, title, day, origin, data, slug) in enumerate(col.items, 1):
        if not col.pdf:   # check: the list of exhibits is rendered, nothing is stamped (a document's pages unknown: 0)
            out.append(Exhibit(n, title, kind, f"{n:02d}-{slug.lower()}", day, origin, b"",
                               pdfmerge.page_count(data) if data else 0))
            continue
        stamped = pdfmerge.stamp(data, f"Pièce n°\u00a0{n}")
        out.append(Exhibit(n, title, kind, f"{n:02d}-{slug.lower()}", day, origin, stamped,
                           pdfmerge.page_count(stamped)))
    return out
