"""``dossier merge``: the shards of one build (shards.py) assembled into the site one machine would build.

It checks that the shards belong together, copies their files into a staging folder (a file found in two
shards must be byte-identical, and every file must still have the SHA-256 its shard's manifest gives),
computes every case again from the repository at the same commit, writes the portfolio pages from the
shards' records and the one manifest, and publishes the folder with the build's checks and swap
(site/outdir.py, build._publish).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

from . import __version__
from .build import BuildResult, _publish, _site, load_and_compute
from .records.errors import Issue, Source, error, has_errors, sort_issues
from .records.i18n import _
from .shards import SHARD, cases_issues, check_shards, read_shard


def _copy(shards: list[tuple[Path, dict]], staging: Path) -> tuple[int, list[Issue]]:
    """Every file of every shard into `staging`; a file in two shards must be the same bytes."""
    from .records.files import write_atomic

    issues: list[Issue] = []
    origin: dict[str, Path] = {}
    for folder, data in shards:
        for rel, sha in sorted(data["files"].items()):
            if not (folder / rel).resolve().is_relative_to(folder.resolve()):   # a link out of the shard
                issues.append(error(Source(str(folder / rel)), _("outside its shard folder (a symbolic link)"), "shard"))
                continue
            try:
                content = (folder / rel).read_bytes()
            except OSError as exc:
                issues.append(error(Source(str(folder / rel)), _("unreadable: {why}", why=exc.strerror or exc), "shard"))
                continue
            if hashlib.sha256(content).hexdigest() != sha:
                issues.append(error(Source(str(folder / rel)), _("changed since its shard was built (its SHA-256 is not "
                                                                 "the one in {folder}/manifest.json)", folder=folder), "shard"))
                continue
            if rel in origin:
                if (staging / rel).read_bytes() != content:
                    issues.append(error(Source(rel), _("differs between the shards {a} and {b}", a=origin[rel], b=folder),
                                        "shard"))
                continue
            origin[rel] = folder
            write_atomic(staging / rel, content)
    return len(origin), issues


def merge(root: Path, folders: list[Path], out: Path) -> BuildResult:
    """``dossier merge``: the shards of one build assembled into `out`, as one machine would have built it."""
    from .history.history import commit_of
    from .history.manifest import write_manifest
    from .site.outdir import check_out, remove_leftovers

    root, out = Path(root).resolve(), Path(out).resolve()
    folders = [Path(f).resolve() for f in folders]
    if any(f.is_relative_to(out) for f in folders):   # the swap would remove the shards
        return BuildResult((error(Source(f"--out {out}"), _("is or holds one of the shards: merge into another folder"),
                                  "out-refused"),), failed=True)
    refused = check_out(root, out)
    if refused is not None:
        return BuildResult((refused,), failed=True)
    shards, issues = [], []
    for folder in folders:
        data, problems = read_shard(folder)
        issues += problems
        if data is not None:
            shards.append((folder, data))
    if not issues:
        issues += check_shards(shards)
    if issues:
        return BuildResult(tuple(sort_issues(issues)), failed=True)
    first = shards[0][1]
    commit, as_of, pdf = first["commit"], dt.date.fromisoformat(first["as_of"]), first["pdf"]
    if first.get("version") != __version__:
        return BuildResult((error(Source(str(shards[0][0])), _("built by dossier {version}; this is dossier {ours}: merge with "
                                                               "the version that built the shards", version=first.get("version"),
                                                               ours=__version__), "shard"),), failed=True)
    here = commit_of(root)   # before the staging folder exists: it would count as a change
    if here != commit:
        return BuildResult((error(Source(str(root)), _("the repository is at commit {here}, the shards were built from {commit}: "
                                                       "merge in a checkout of the same commit", here=here or "none (not in Git)",
                                                       commit=commit or "none (not in Git)"), "shard"),), failed=True)
    repo, results, issues = load_and_compute(root, as_of)
    if repo is None:
        return BuildResult(tuple(issues), failed=True)
    problems = cases_issues(shards, [r.case.id for r in results])
    if problems:
        return BuildResult(tuple(sort_issues(issues + problems)), failed=True)
    remove_leftovers(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        copied, problems = _copy(shards, staging)
        files = {case_id: found for _folder, data in shards for case_id, found in data[SHARD]["files"].items()}
        if not problems:
            pages, problems = _site(repo, results, as_of, staging, root, pdf=pdf, documents=(), commit=commit,
                                    git_history=False, keep=lambda rel: not rel.startswith("cases/"), files=files)
        if has_errors(problems):
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(tuple(sort_issues(issues + problems)), failed=True)
        write_manifest(staging, root, as_of, pdf=pdf, commit=commit)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    refused = _publish(staging, out, root)
    if refused is not None:
        return BuildResult(tuple(sort_issues(issues + problems + [refused])), failed=True)
    return BuildResult(tuple(sort_issues(issues + problems)), failed=False, cases=len(results), files=copied + pages + 1)

