"""Benchmark: a whole `dossier build` of a portfolio made of copies of the demo.

    .venv/bin/python bench/bench_build.py [--copies K] [--processes P] [--no-pdf]

Copies the demo portfolio K times (16 cases each, invoice numbers renamed so
that they stay unique), then times each stage of the pipeline once: load and
compute, documents (HTML, PDF, e-mails), court bundles, site pages, and the
whole `build_site` with its staging and publishing; then the build again with
the PDF cache cold, warm, and after one case was edited. Prints seconds per
stage, documents per second and milliseconds per case.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dossier import build
from dossier.documents import writing
from dossier.site import site

AS_OF = dt.date(2026, 11, 24)
NUMBER = re.compile(r"(\b(?:number|invoice):\s*)([A-Z][\w-]*\d)")


def portfolio(dest: Path, copies: int) -> Path:
    """The demo portfolio `copies` times over, in `dest`."""
    shutil.copy2(ROOT / "dossier.yaml", dest / "dossier.yaml")
    shutil.copytree(ROOT / "cases" / "pieces", dest / "cases" / "pieces")
    for k in range(copies):
        for src in sorted((ROOT / "cases").iterdir()):
            if src.name == "pieces":
                continue
            if src.is_dir():  # a folder case: its pieces are beside it
                target = dest / "cases" / f"{src.name}-{k:03d}"
                shutil.copytree(src, target)
                file = target / "dossier.yaml"
            else:
                file = dest / "cases" / f"{src.stem}-{k:03d}.yaml"
                shutil.copy2(src, file)
            text = file.read_text(encoding="utf-8")
            file.write_text(NUMBER.sub(lambda m: f"{m.group(1)}K{k}-{m.group(2)}", text), encoding="utf-8")
    return dest


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<28} {seconds:8.2f} s")
    return out, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    pdf = not args.no_pdf
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "claims").mkdir()
        repo = portfolio(Path(tmp) / "claims", args.copies)
        print(f"portfolio: {args.copies} copies of the demo, as of {AS_OF}, pdf={pdf}, processes={args.processes}")
        (loaded, t_compute) = timed("load, validate, compute", build.load_and_compute, repo, AS_OF)
        repo_model, results, issues = loaded
        assert repo_model is not None, [str(i) for i in issues if i.severity == "error"][:5]
        n_cases = len(results)
        out = Path(tmp) / "stage"
        out.mkdir()
        (docs_out, t_docs) = timed("documents (lint, HTML, PDF)", writing.build_documents, repo_model.project, results,
                                   AS_OF, out, repo, pdf=pdf, processes=args.processes)
        written, _, by_case = docs_out
        n_docs = sum(len(v) for v in by_case.values())
        (bundles, t_bundles) = timed("court bundles", build._bundles, repo_model, results, by_case, AS_OF, out, repo,
                                       jobs=args.processes) if pdf else ((0, []), 0.0)
        all_docs = [d for k in sorted(by_case) for d in by_case[k]]
        (_, t_site) = timed("site pages and exports", site.write_site, repo_model, results, AS_OF, out, repo,
                            pdf=pdf, documents=all_docs, commit=None)
        (_, t_total) = timed("whole build_site", build.build_site, repo, Path(tmp) / "site", AS_OF, pdf=pdf)
        cache = Path(tmp) / "cache"
        (_, t_cold) = timed("build_site, cache cold", build.build_site, repo, Path(tmp) / "site", AS_OF, pdf=pdf, cache=cache)
        (_, t_warm) = timed("build_site, cache warm", build.build_site, repo, Path(tmp) / "site", AS_OF, pdf=pdf, cache=cache)
        one = sorted((repo / "cases").glob("*.yaml"))[0]
        one.write_text(one.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        text = one.read_text(encoding="utf-8").replace("amount: ", "amount: 1", 1)
        one.write_text(text, encoding="utf-8")
        (_, t_one) = timed("build_site, one case edited", build.build_site, repo, Path(tmp) / "site", AS_OF, pdf=pdf, cache=cache)
        print(f"cases: {n_cases}; documents: {n_docs} ({len(written)} files); bundles: {bundles[0]} files")
        print(f"per case: compute {1000 * t_compute / n_cases:.1f} ms, documents {1000 * t_docs / n_cases:.1f} ms, "
              f"bundles {1000 * t_bundles / n_cases:.1f} ms, site {1000 * t_site / n_cases:.1f} ms")
        print(f"documents per second: {n_docs / t_docs:.1f}; whole build: {1000 * t_total / n_cases:.1f} ms per case")
        print(f"with the cache: cold {t_cold:.2f} s, warm {t_warm:.2f} s, one case edited {t_one:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
