"""The pipeline, readable in one screen: load → validate → compute → render → publish.

A build with any error writes nothing. Output is staged in a sibling folder
and swapped in by renames, so an interrupted build never leaves a half-written
site, and the same commit and as-of date give byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .law import ledger
from .ladder import guardrails, scenario
from .records.errors import Issue, Source, has_errors, sort_issues, warning
from .records.guard import failure_issue
from .records.i18n import _, ngettext
from .law import rates
from .records.journal import after_today
from .records.load import load_repository
from .records.model import Case, Project, Repository
from .ladder.result import CaseResult, compute_checked


def commit_of(root: Path) -> str | None:
    """`history.commit_of`, imported when a build asks: GitPython takes 0.3 s to import, and `show` never needs it."""
    from .history.history import commit_of as head_commit

    return head_commit(root)


@dataclass(frozen=True)
class BuildResult:
    issues: tuple[Issue, ...]
    failed: bool
    cases: int = 0
    files: int = 0


def load_and_compute(root: Path, as_of: dt.date) -> tuple[Repository | None, list["CaseResult"], list[Issue]]:
    """Load, validate and compute every case once; no repository comes back when there is an error."""
    repo, issues = load_repository(Path(root))
    if repo is None:
        return None, [], sort_issues(issues)
    issues += guardrails.validate_scenarios(repo.project)
    _tables, rate_issues = rates.load_tables(repo.project)
    issues += rate_issues
    from .documents import render   # Jinja and Markdown: imported by the commands that check the templates only

    issues += render.check_templates(Path(root))  # templates/: confined, UTF-8, valid Jinja
    issues += rates.unconfirmed_issues(repo.project, as_of)
    if any(i.code == "scenario-days" and i.severity == "error" for i in issues):
        return None, [], sort_issues(issues)   # day counts that overflow every date: each case would only repeat it
    results, failures = compute_checked(repo, as_of)
    issues += failures
    for result in results:
        issues += result.issues
    if has_errors(issues):
        return None, [], sort_issues(issues)
    return repo, results, sort_issues(issues)


def load_one(root: Path, wanted: str, as_of: dt.date) -> tuple[Repository | None, CaseResult | None, list[Issue], str]:
    """`dossier show`: the project and the one case `wanted` (an id or a unique prefix of one), computed.

    Only that case file is loaded; the check across cases that concerns it (its invoice numbers
    used in another case file) reads the others as bytes, and loads only those that name one of its
    numbers. Returns (repository, result, issues, why): `why` says why no case was found."""
    from .records.caseids import resolve_case_id
    from .records.config import load_project
    from .records.load import _load_case, _read, case_files, duplicate_numbers

    root = Path(root)
    project, issues = load_project(root)
    if project is None:
        return None, None, sort_issues(issues), ""
    paths, _ = case_files(root)
    by_id = {rel.split("/")[1].removesuffix(".yaml"): rel for rel in paths}
    found, why = resolve_case_id(by_id, wanted, str(root / "cases"))
    if found is None:
        return None, None, [], why
    text, read_issues = _read(root, by_id[found])
    issues += read_issues
    loaded = _load_case(text, by_id[found], project, root) if text is not None else None
    if loaded is not None:
        issues += loaded.issues
        numbers = list(loaded.numbers)
        wanted_numbers = [ref.number.encode("utf-8") for ref in loaded.numbers]
        for rel in paths:
            if rel == by_id[found] or not wanted_numbers:
                continue
            try:
                with open(os.path.join(root, rel), "rb") as fh:   # not pathlib: 10 000 files, a third faster
                    data = fh.read()
            except OSError:
                continue
            if any(n in data for n in wanted_numbers):
                other_text, _ = _read(root, rel)
                if other_text is not None:
                    numbers += _load_case(other_text, rel, project, root).numbers
        issues += [i for i in duplicate_numbers(numbers) if i.source.path == by_id[found]]
    issues += guardrails.validate_scenarios(project)
    issues += rates.load_tables(project)[1]
    if loaded is None or loaded.case is None or has_errors(issues):
        return None, None, sort_issues(issues), ""
    repo = Repository(project=project, cases=(loaded.case,))
    results, failures = compute_checked(repo, as_of)
    issues += failures + [i for r in results for i in r.issues]
    if has_errors(issues):
        return None, None, sort_issues(issues), ""
    return repo, results[0], sort_issues(issues), ""


def check_repository(root: Path, as_of: dt.date, today: dt.date | None = None) -> tuple[Repository | None, list[Issue]]:
    """`dossier check`: build's verdict without writing anything.

    Every case is computed, then every document, email and site page rendered in
    memory (no PDF) and linted, so that a template or data error fails `check`
    exactly as it fails `build --no-pdf`.
    """
    repo, results, issues = load_and_compute(root, as_of)
    if repo is None:
        return None, issues
    issues = sort_issues(list(issues) + render_check(repo, results, as_of, Path(root).resolve())
                         + (after_today(repo.cases, today) if today else []))   # the real date, not the as-of
    return (None if has_errors(issues) else repo), issues


def render_check(repo: Repository, results: list[CaseResult], as_of: dt.date, root: Path) -> list[Issue]:
    """The issues `build --no-pdf` would find while rendering, with every page kept in memory."""
    from .documents import writing

    issues, docs_by_case = writing.render_documents(repo.project, results, as_of, root)
    if has_errors(issues):
        return issues
    issues += _bundle_issues(repo, results, docs_by_case, as_of, root, pdf=False)
    all_docs = [d for case_id in sorted(docs_by_case) for d in docs_by_case[case_id]]
    _pages, site_issues = _site(repo, results, as_of, root / ".dossier-check-unwritten", root, pdf=False, documents=all_docs,
                           commit=None, sink=lambda rel, data: None, git_history=False)
    return issues + site_issues


def _site(repo: Repository, results: list[CaseResult], as_of: dt.date, out: Path, root: Path, **options) -> tuple[int, list[Issue]]:
    """site.write_site, whose failure in a part common to every case (index, agenda, exports) is an error at dossier.yaml."""
    from .site import site

    try:
        return site.write_site(repo, results, as_of, out, root, **options)
    except Exception as exc:   # noqa: BLE001 — never a traceback; the case pages report their own failures
        return 0, [failure_issue(Source(repo.project.source.path or "dossier.yaml", 1, 1), None, _("render the site"), exc)]


def case_text(result: CaseResult, project: Project | None = None) -> str:
    """`dossier show ID`: the statement as a terminal table, then the next actions; with `project`, the ladder and why."""
    from .records.i18n import language
    from .records.labels import CHANNEL_LABELS, STATUS_LABELS
    from .records.labels_en import say

    lines = [_("{case} — {debtor} — status: {status}", case=result.case.id, debtor=result.case.debtor.name,
               status=say(STATUS_LABELS, result.ladder.status)), ""]
    if project is not None:
        choice = project.scenario_choice(result.case)
        chosen_by = choice.chosen_by   # the French of the JSON; in English, the same said in English
        if language() == "en":
            from .records.routing import rule_label_en

            chosen_by = choice.why + (f": {rule_label_en(choice.rule)}" if choice.by == "routing" and choice.rule else "")
        lines[1:1] = [_("scenario: {name} ({chosen_by})", name=choice.name, chosen_by=chosen_by)]
    lines.append(ledger.format_text(result.statement))
    actions = scenario.to_json(result.ladder)
    nxt = result.next_action
    if nxt is not None:   # the one next action (ladder/next_action.py), as `due`, `status` and the site name it
        lines += ["", _("Next action: {due}  {channel}  {step} ({wording})", due=nxt.due.isoformat(),
                        channel=say(CHANNEL_LABELS, nxt.channel), step=nxt.step, wording=nxt.said)
                  + (ngettext(", replaces {n} earlier step overdue", ", replaces {n} earlier steps overdue", nxt.earlier) if nxt.earlier else "")]
    if actions:
        lines += ["", _("Next actions:")]
        channels = [say(CHANNEL_LABELS, a["channel"]) for a in actions]
        width = max(11, *(len(c) + 1 for c in channels))
        lines += [f"  {a['due']}  {c:<{width}}{a['step']}" for a, c in zip(actions, channels)]
    warnings = [i for i in result.issues if i.severity == "warning"]
    if warnings:
        lines += ["", _("Warnings:")] + [f"  {w}" for w in sort_issues(warnings)]
    return "\n".join(lines)


def status_text(results: list[CaseResult]) -> str:
    """`dossier status`: one line per case (ladder/status.py)."""
    from .ladder.status import status_row, status_table

    return status_table([status_row(r) for r in results])


def build_site(root: Path, out: Path, as_of: dt.date, pdf: bool = True, cache: Path | None = None,
               jobs: int | None = None, today: dt.date | None = None, shard: tuple[int, int] | None = None) -> BuildResult:
    """Check, compute, render into a staging folder, then publish it as `out` in one swap.

    `cache`: a folder where rendered PDFs are kept by content hash, so that a
    rebuild lays out only the documents whose inputs changed (cache.py), and each
    case's rendered documents, so that an unchanged case is not rendered again (case_cache.py).
    `jobs`: worker processes for the PDFs (default: one per CPU). `today` (the real date): events
    dated after it are warned of, as `check` does; build and check report the same warnings.
    `shard` (K, N): only the documents, bundles and case pages of the cases of shard K of N, and a
    shard manifest; `dossier merge` assembles the shards (shards.py).
    """
    from .site.outdir import check_out, remove_leftovers

    refused = check_out(root, out)  # before anything is read or written: `out` will be replaced whole
    if refused is not None:
        return BuildResult((refused,), failed=True)
    root, out = Path(root).resolve(), Path(out).resolve()
    repo, results, issues = load_and_compute(root, as_of)
    if repo is None:
        return BuildResult(tuple(issues), failed=True)
    commit = commit_of(root)  # read before the staging folder exists: it would count as a change
    remove_leftovers(out)  # staging and old folders of killed builds
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if pdf:   # WeasyPrint (0.5 s to import) only when a PDF is rendered
        from .documents import pdf as pdfmod

        pdfmod.use_cache(cache)
    try:
        files, render_issues = _render(repo, results, as_of, staging, root, pdf, commit, jobs or os.cpu_count() or 1,
                                       cached=_case_cache(cache, repo, as_of, root), shard=shard)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if pdf:
            pdfmod.use_cache(None)
    issues = sort_issues(list(issues) + list(render_issues) + (after_today(repo.cases, today) if today else []))
    if has_errors(render_issues):
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(tuple(issues), failed=True)
    refused = _publish(staging, out, root)
    if refused is not None:
        return BuildResult(tuple(sort_issues(issues + [refused])), failed=True)
    return BuildResult(tuple(issues), failed=False, cases=len(results), files=files)


def _case_cache(folder: Path | None, repo: Repository, as_of: dt.date, root: Path):
    """The per-case cache of rendered documents in `folder` (documents/case_cache.py), or None (no folder, or unusable)."""
    if folder is None:
        return None
    from .documents.cache import ContentCache, usable
    from .documents.case_cache import CaseCache

    if usable(Path(folder)) is not None:
        return None
    try:
        return CaseCache(ContentCache(Path(folder)), repo.project, as_of, root)
    except OSError:   # a templates/ file that cannot be read: no cache (render_documents reports the file)
        return None


def _render(repo: Repository, results: list[CaseResult], as_of: dt.date, staging: Path, root: Path,
            pdf: bool, commit: str | None, jobs: int = 2, cached=None,
            shard: tuple[int, int] | None = None) -> tuple[int, list[Issue]]:
    """Documents (linted first), court bundles, site pages, manifest: all into `staging`.

    `cached`: a case_cache.CaseCache, whence an unchanged case's documents come. On a terminal, a progress line.
    With `shard`, the documents, bundles and case pages of that shard's cases only, and its shard manifest."""
    from . import shards
    from .documents import writing
    from .history import log_cache
    from .history.manifest import write_manifest
    from .records import progress

    every, results = results, shards.own(results, shard)

    provenance = f"dossier {__version__}; commit {commit or 'none (not in Git)'}; as-of {as_of.isoformat()}"
    written, issues, docs_by_case = writing.build_documents(repo.project, results, as_of, staging, root, pdf=pdf,
                                                              processes=jobs, provenance=provenance, cached=cached,
                                                              progress=progress.line(_("documents"), len(results)))
    if has_errors(issues):
        return 0, issues
    bundle_files, bundle_issues = _bundles(repo, results, docs_by_case, as_of, staging, root, jobs) if pdf else \
        (0, _bundle_issues(repo, results, docs_by_case, as_of, root, pdf=False))   # not written, but warned of as by check
    issues += bundle_issues
    all_docs = [d for case_id in sorted(docs_by_case) for d in docs_by_case[case_id]]
    by_case = {r.case.id: [i for i in bundle_issues if i.source.path == r.case.path] for r in results}
    pages, site_issues = _site(repo, every, as_of, staging, root, pdf=pdf, documents=all_docs, commit=commit,
                               case_issues=by_case, keep=shards.keep(results, shard), timelines=log_cache.beside(cached))
    issues += site_issues
    if shard is None:
        write_manifest(staging, root, as_of, pdf=pdf, commit=commit)
    else:
        shards.write_shard_manifest(staging, root, as_of, pdf, commit, shard, results, docs_by_case)
    return len(written) + bundle_files + pages + 1, issues


def _bundle_issues(repo: Repository, results: list[CaseResult], docs_by_case: dict, as_of: dt.date, root: Path,
                   pdf: bool = False, pdfs_of=lambda case_id: {}, made_out=None, jobs: int = 1) -> list[Issue]:
    """The court bundle of every case whose court step is due or done, made (HTML only unless `pdf`); its issues.

    `made_out(case, bundle)` receives each bundle made (build writes it); one case's failure is an error at its file.
    `jobs` above 1: one case per task in that many worker processes (forked: they share the inputs, and each
    keeps its own font configuration, as the documents' PDF workers do); the issues come back in case order.
    """
    from functools import partial

    from .court import bundle

    due = [r for r in results if bundle.refusal(r.case, r.statement, r.ladder) is None]   # else: the site says why
    one = partial(_bundle_of, repo, docs_by_case, as_of, root, pdf, pdfs_of, made_out)
    if jobs <= 1 or len(due) <= 1:
        return [i for r in due for i in one(r)]
    import multiprocessing

    from .documents import pdf as pdfmod

    global _BUNDLE_TASK
    _BUNDLE_TASK = (one, due)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(due)), initializer=pdfmod._warm) as pool:
            found = pool.map(_bundle_task, range(len(due)), chunksize=1)
    finally:
        _BUNDLE_TASK = None
    return [i for issues in found for i in issues]


_BUNDLE_TASK = None   # (the function, the cases) that the forked bundle workers read


def _bundle_task(index: int) -> list[Issue]:
    one, due = _BUNDLE_TASK
    return one(due[index])


def _bundle_of(repo: Repository, docs_by_case: dict, as_of: dt.date, root: Path, pdf: bool, pdfs_of, made_out,
               r: CaseResult) -> list[Issue]:
    """One case's court bundle, made and given to `made_out`; its issues (see _bundle_issues)."""
    from .court import bundle

    try:
        made = bundle.build_bundle(r.case, repo.project, r.statement, r.ladder, as_of, root,
                                   documents=docs_by_case.get(r.case.id, ()), document_pdfs=pdfs_of(r.case.id), pdf=pdf)
    except Exception as exc:   # noqa: BLE001 — one case's bundle never stops the others
        return [failure_issue(Source(r.case.path, 1, 1), r.case.id, _("build the court bundle"), exc)]
    if isinstance(made, bundle.Refusal):
        return [warning(r.case.source, _("case {case}: no court bundle: {why}", case=r.case.id, why=made.message), "bundle",
                        fr=f"Pas de dossier d’injonction de payer\u00a0: {made.motif}")] + \
            [i for i in made.issues if i.severity == "warning"]
    if made_out is not None:
        made_out(r.case, made)
    return list(made.issues)


def _bundles(repo: Repository, results: list[CaseResult], docs_by_case: dict, as_of: dt.date, staging: Path,
             root: Path, jobs: int = 1) -> tuple[int, list[Issue]]:
    """The injonction de payer bundle of every case whose court step is due or done, written under `staging`.

    Each case's bundle is written by the process that made it (a worker, with `jobs` above 1): counted from the folders."""
    from .court import bundle_files

    def pdfs_of(case_id: str) -> dict[str, bytes]:
        return {p.stem: p.read_bytes() for p in sorted((staging / "cases" / case_id).glob("*.pdf"))}

    def write(case: Case, made: "bundle_files.Bundle") -> None:
        bundle_files.write_bundle(made, staging / "cases" / case.id / "injonction")

    issues = _bundle_issues(repo, results, docs_by_case, as_of, root, pdf=True, pdfs_of=pdfs_of, made_out=write, jobs=jobs)
    written = sum(1 for r in results for p in (staging / "cases" / r.case.id / "injonction").rglob("*") if p.is_file())
    return written, issues


def _publish(staging: Path, out: Path, root: Path) -> Issue | None:
    """Replace `out` by `staging` with renames: the old site stays whole until the new one is.

    `out` is checked again just before the swap (it may have changed during the build): what is
    replaced must be missing, an empty folder or a site dossier built; else `staging` is removed,
    `out` is left alone, and the refusal comes back.
    """
    from .site.outdir import check_out, is_dossier_site

    refused = check_out(root, out)
    if refused is not None:
        shutil.rmtree(staging, ignore_errors=True)
        return refused
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.is_dir() and not old.is_symlink():
        if is_dossier_site(old):
            shutil.rmtree(old)
        else:
            old.rmdir()  # an empty folder; raises rather than remove anything else
    return None
