"""Writing the documents of every case: HTML and text, PDF for letters, .eml for emails; rendered in memory for `check`, linted before anything is written.

Above documents.py: it asks it for each case's documents (`documents_for`) and the lint for its findings."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Callable, Iterable

from ..records.files import write_atomic
from ..records.errors import Issue, Source, error, warning
from ..records.guard import failure_issue
from ..records.model import Project
from . import sent_files
from .document import Document
from .documents import documents_for
from ..records.i18n import _


def write_documents(docs: Iterable[Document], out_dir: str | Path, repo_root: str | Path, pdf: bool = True,
                    processes: int = 2, provenance: str | None = None) -> tuple[list[Path], list[Issue]]:
    """Write each document under ``out_dir/cases/<id>/``: .html and .txt, .pdf (letters), .eml (emails).

    Files are written atomically (temporary file, then rename). Returns the
    paths written and the issues met (refused URLs, missing invoice pieces).
    `provenance` (the tool, commit and as-of date of the build) goes into each
    written HTML file as a ``<meta name="generator">``; the PDFs are laid out
    without it, so that a new commit does not invalidate the PDF cache, and the
    site's manifest ties every file to the commit.
    """
    from . import mail

    out_dir, repo_root = Path(out_dir), Path(repo_root)
    docs = sorted(docs, key=lambda d: (d.case_id, d.name))
    written: list[Path] = []
    pdfs: dict[tuple[str, str], bytes] = {}
    kept, issues = sent_files.outputs(docs, repo_root, letters=pdf)   # a document sent and archived: its files as they left, never rendered again
    if pdf:
        from . import pdf as pdfmod

        jobs = [pdfmod.PdfJob(f"{d.case_id}/{d.name}", d.html, str(repo_root / d.base_dir), str(repo_root), d.date)
                for d in docs if d.kind != "sms" and d.html and (d.case_id, d.name) not in kept]
        for job_name, data, warnings in pdfmod.render_many(jobs, processes=processes):
            case_id, _unused, name = job_name.partition("/")
            pdfs[(case_id, name)] = data
            doc = next(d for d in docs if d.case_id == case_id and d.name == name)
            issues += [Issue(doc.source, _("case {case_id}, document {name}: {message}", case_id=case_id, name=name, message=w.message), w.severity, w.code, w.fr) for w in warnings]
    for d in docs:
        folder = out_dir / "cases" / d.case_id
        written.append(write_atomic(folder / f"{d.name}.html", _with_provenance(d.html, provenance).encode("utf-8")))
        if (d.case_id, d.name) in kept:
            files = {".txt": d.text.encode("utf-8"), **kept[(d.case_id, d.name)]}
            written += [write_atomic(folder / f"{d.name}{suffix}", files[suffix]) for suffix in sorted(files)
                        if pdf or suffix != ".pdf"]
            continue
        written.append(write_atomic(folder / f"{d.name}.txt", d.text.encode("utf-8")))
        data = pdfs.get((d.case_id, d.name))
        if data is not None:
            written.append(write_atomic(folder / f"{d.name}.pdf", data))
        if d.kind == "email" and d.email is not None:
            pieces, missing = _read_pieces(d, repo_root)
            issues += missing
            try:
                eml = mail.build_eml(d, letter_pdf=data, pieces=pieces)
            except mail.MailError as exc:   # render_documents refused it already; never a traceback here
                issues.append(error(d.source, _("case {case_id}, document {name}: {exc}", case_id=d.case_id, name=d.name, exc=exc), "mail"))
                continue
            written.append(write_atomic(folder / f"{d.name}.eml", eml))
    return written, issues


def _with_provenance(html: str, provenance: str | None) -> str:
    if not provenance:
        return html
    from markupsafe import escape

    meta = f'<meta name="generator" content="{escape(provenance)}">'
    return html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{meta}', 1)


def _read_pieces(doc: Document, repo_root: Path) -> tuple[list[tuple[str, bytes]], list[Issue]]:
    pieces, issues = [], []
    root = repo_root.resolve()
    for rel in doc.attachments:
        path = (repo_root / rel).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            issues.append(warning(doc.source, _("case {case_id}, document {name}: invoice piece {rel!r} not found, not attached", case_id=doc.case_id, name=doc.name, rel=rel), "piece",
                                  fr=f"Pièce {rel} introuvable\u00a0: la facture n’est pas jointe au courriel."))
            continue
        pieces.append((path.name, path.read_bytes()))
    return pieces, issues


def digest(doc: Document) -> str:
    """A content hash of a document's rendered inputs, for incremental builds."""
    return hashlib.sha256(doc.html.encode("utf-8")).hexdigest()


def render_documents(project: Project, results: Iterable[Any], as_of: dt.date, repo_root: str | Path,
                     cached: Any = None, progress: Callable[[int], None] | None = None
                     ) -> tuple[list[Issue], dict[str, list[Document]]]:
    """Every case's documents rendered in memory and linted, each email's .eml assembled (without its PDF).

    What `dossier check` runs and what `build` runs before writing anything, so
    both give the same verdict. A case whose documents raise becomes an error at
    its file; the other cases are still rendered and reported.
    `cached` (a case_cache.CaseCache): an unchanged case's documents and issues are taken from it, and a
    rendered case's kept in it. `progress(n)` is told after each case (n: cases done).
    """
    from . import lint, mail
    from .parties import party_issues

    by_case: dict[str, list[Document]] = {}
    issues: list[Issue] = []
    for done, r in enumerate(results, start=1):
        hit = cached.get(r) if cached is not None else None
        if hit is not None:
            by_case[r.case.id], found = hit
            issues += found
            if progress is not None:
                progress(done)
            continue
        found = []
        try:
            docs = documents_for(r.case, project, r.statement, r.ladder, as_of, repo_root)
            by_case[r.case.id] = docs
            for d in docs:
                found += d.issues
                found += mail.eml_issues(d)
            found += lint.lint_documents([d for d in docs if d.html or d.text], r.case, project, r.statement, r.ladder)
            found += party_issues(docs, r.case, project)
            if cached is not None:
                cached.put(r, docs, found)
        except Exception as exc:   # noqa: BLE001 — one case never stops the others
            by_case.setdefault(r.case.id, [])
            found.append(failure_issue(Source(r.case.path, 1, 1), r.case.id, _("render its documents"), exc))
        issues += found
        if progress is not None:
            progress(done)
    return issues, by_case


def build_documents(project: Project, results: Iterable[Any], as_of: dt.date, out_dir: str | Path,
                    repo_root: str | Path, pdf: bool = True, processes: int = 2, provenance: str | None = None,
                    cached: Any = None, progress: Callable[[int], None] | None = None
                    ) -> tuple[list[Path], list[Issue], dict[str, list[Document]]]:
    """What `dossier build` calls: every case's documents, linted, then written under ``out_dir/cases/<id>/``.

    `results` are objects with ``case``, ``statement`` and ``ladder`` (build.CaseResult).
    Returns (paths written, issues, documents by case id). Nothing is written when
    a template fails or a lint rule finds an error: the issues say why.
    `cached` and `progress`: as for `render_documents`.
    """
    from ..records.errors import has_errors

    issues, by_case = render_documents(project, results, as_of, repo_root, cached=cached, progress=progress)
    if has_errors(issues):
        return [], issues, by_case
    written, more = write_documents([d for docs in by_case.values() for d in docs], out_dir, repo_root,
                                    pdf=pdf, processes=processes, provenance=provenance)
    return written, issues + more, by_case
