"""Benchmark at scale: the `dossier` commands on a generated portfolio, each in its own process.

    .venv/bin/python bench/bench_scale.py --claims 1000 [--commits 3] [--jobs 2] [--pdf-claims 20] [--keep DIR]

Makes a portfolio with `portfolio.py` (seeded; --commits 0: no Git), then runs,
each as a fresh `dossier` process timed with its peak memory (ru_maxrss):
- `build --no-pdf` cold (no cache), then with `--cache` cold, no-op (its
  output compared byte for byte with the build without cache), and after one
  claim was changed and committed (compared too when BENCH_CHECK_EDITED is set);
- `show ID`, `status`, `due`;
- with --pdf-claims K > 0, on a portfolio of K claims: the documents/s of
  `build` (PDFs, one process per job) beside the raw WeasyPrint ceiling on the
  very HTML documents that build renders (`pdf.render_many` over them, the same
  worker count, no cache), and their ratio.
Nothing here is a test: figures go to docs/performance.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import portfolio  # noqa: E402

AS_OF = "2026-11-24"


def run(label: str, args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run `dossier ARGS` in a new process: (wall seconds, CPU seconds, peak MB); prints one line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-m", "dossier.cli", *args], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, code, usage = os.wait4(child.pid, 0)   # this child's own CPU and peak memory
        child.returncode = os.waitstatus_to_exitcode(code)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    wall = time.perf_counter() - start
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    status = "" if child.returncode == 0 else f"  (exit {child.returncode}: {stderr.strip().splitlines()[-1:]})"
    print(f"  {label:<34} {wall:8.2f} s wall {cpu:8.2f} s CPU {peak:8.0f} MB peak{status}", flush=True)
    return wall, cpu, peak


def same(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    def files(d: Path) -> dict[str, bytes]:
        return {p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}
    return files(a) == files(b)


def edit_one(repo: Path, git: bool) -> None:
    """Change one claim (a call added to its journal) and commit it."""
    case = sorted((repo / "cases").glob("*.yaml"))[0]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.rstrip("\n") + "\n  - {date: 2026-11-20, type: call, outcome: promise}\n", encoding="utf-8")
    if git:
        subprocess.run(["git", "-C", str(repo), "commit", "-qam", "un appel"], check=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "B",
                            "GIT_COMMITTER_EMAIL": "b@x", "GIT_AUTHOR_DATE": "2026-11-21T10:00:00+01:00",
                            "GIT_COMMITTER_DATE": "2026-11-21T10:00:00+01:00"})


def scale(tmp: Path, claims: int, commits: int, jobs: int) -> None:
    repo = portfolio.write(tmp / "claims", claims, commits, seed=18, git=commits > 0)
    print(f"{claims} claims, {commits} commits each, as of {AS_OF}, jobs={jobs}")
    site, cache = str(tmp / "site"), str(tmp / "cache")
    common = ["--as-of", AS_OF, "--no-pdf", "--out", site]
    run("build --no-pdf (no cache)", ["build", "--as-of", AS_OF, "--no-pdf", "--out", str(tmp / "cold")], repo)
    run("build --no-pdf --cache: cold", ["build", *common, "--cache", cache], repo)
    run("build --no-pdf --cache: no-op", ["build", *common, "--cache", cache], repo)
    print(f"  no-op output byte-identical to the build without cache: {same(tmp / 'cold', tmp / 'site')}")
    edit_one(repo, commits > 0)
    run("build --no-pdf --cache: one changed", ["build", *common, "--cache", cache], repo)
    if os.environ.get("BENCH_CHECK_EDITED"):   # one more cold build (minutes at 1 000 claims), to compare
        run("build --no-pdf (no cache), edited", ["build", "--as-of", AS_OF, "--no-pdf", "--out", str(tmp / "cold")], repo)
        print(f"  one-changed output byte-identical to the build without cache: {same(tmp / 'cold', tmp / 'site')}")
    some = sorted((repo / "cases").glob("*.yaml"))[len(list((repo / "cases").glob("*.yaml"))) // 2].stem
    run("show ID", ["show", some, "--as-of", AS_OF], repo)
    run("status", ["status", "--as-of", AS_OF], repo)
    run("due", ["due", "--as-of", AS_OF], repo)


def ceiling(tmp: Path, claims: int, jobs: int) -> None:
    """`build`'s documents/s beside WeasyPrint's on the same HTML, same workers."""
    from dossier import build
    from dossier.documents import pdf as pdfmod
    from dossier.documents import writing

    repo = portfolio.write(tmp / "pdfclaims", claims, 0, seed=18, git=False)
    for sent in sorted(repo.glob("cases/**/envoyes")):   # every document laid out by both sides, none copied from an archive
        shutil.rmtree(sent)
    as_of = dt.date.fromisoformat(AS_OF)
    loaded, results, _ = build.load_and_compute(repo, as_of)
    _, by_case = writing.render_documents(loaded.project, results, as_of, repo)
    docs = [d for k in sorted(by_case) for d in by_case[k] if d.kind != "sms" and d.html]
    jobs_ = [pdfmod.PdfJob(f"{d.case_id}/{d.name}", d.html, str(repo / d.base_dir), str(repo), d.date) for d in docs]
    start = time.perf_counter()
    pdfmod.render_many(jobs_, processes=jobs)
    raw = time.perf_counter() - start
    start = time.perf_counter()
    result = build.build_site(repo, tmp / "pdfsite", as_of, pdf=True, jobs=jobs)
    whole = time.perf_counter() - start
    pdfs = len(list((tmp / "pdfsite" / "cases").rglob("*.pdf")))
    print(f"{claims} claims, {len(docs)} letters and e-mails as PDF, {pdfs} PDF files in the site (bundles included), "
          f"jobs={jobs}, failed={result.failed}")
    print(f"  raw WeasyPrint (render_many)          {raw:8.2f} s  {len(docs) / raw:6.1f} documents/s")
    print(f"  dossier build (everything)           {whole:8.2f} s  {len(docs) / whole:6.1f} documents/s"
          f"  = {100 * raw / whole:.0f} % of the ceiling (a lower bound: the build also lays out"
          f" {pdfs - len(docs)} court papers and merges the bundles)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdf-claims", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder (emptied) and keep it.")
    args = parser.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="dossier-bench-"))
    if args.keep and tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        if args.claims:
            scale(tmp, args.claims, args.commits, args.jobs)
        if args.pdf_claims:
            ceiling(tmp, args.pdf_claims, args.jobs)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
