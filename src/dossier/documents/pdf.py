"""HTML to PDF: the one module that imports WeasyPrint.

Why it looks like this:
- A letter's HTML may name images or stylesheets, and a dossier is user input:
  only ``file:`` URLs inside the claims repository (or this package's own
  templates and static files) are served. Everything else (``http(s):``,
  ``file:///etc/passwd``, ``../`` escapes, symlinks leaving the repository)
  gets nothing, and a warning Issue is recorded instead of a network or disk read.
- WeasyPrint costs ~0.5 s to import and most of the build time: one
  `FontConfiguration` per process, the letter's stylesheet parsed once per
  process (keyed by its text), and `render_many` keeps long-lived workers.
- PDF/A-3b, metadata dated by the as-of date: two builds give the same bytes.
  Without libharfbuzz-subset, WeasyPrint subsets fonts with fontTools, which
  stamps the clock into each font's ``head.modified`` unless
  ``SOURCE_DATE_EPOCH`` is set: `_render_pdf` sets it to midnight UTC of the
  document's date while it lays out, in whichever process renders.
- Those same bytes can be kept: with `use_cache(folder)`, a PDF whose HTML,
  date, base folder and read files are unchanged is taken from a content-hash
  cache (cache.py) instead of being laid out again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import __version__
from .cache import ContentCache, digest
from .cache import usable as cache_usable
from ..records.errors import Issue, Source, warning
from ..records.package import BUILTIN_TEMPLATES, STATIC
from ..records.i18n import _

PACKAGE_ROOTS = (BUILTIN_TEMPLATES, STATIC)
PDF_VARIANT = "pdf/a-3b"

# The first <style> block of a document is cut out and parsed once per process.
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)

_FONT_CONFIG: FontConfiguration | None = None
_CSS_CACHE: dict[str, CSS] = {}
# Added to multi-page documents only: a one-page letter carries no "Page 1/1".
PAGE_NUMBERS_CSS = (
    '@page { @bottom-right { content: "Page " counter(page) "/" counter(pages); white-space: nowrap; text-align: right; '
    'font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 7.5pt; color: #555; vertical-align: top; } }'
)


def font_config() -> FontConfiguration:
    """The process's one font configuration (fontconfig lookups are shared)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def _stylesheet(text: str) -> CSS:
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    css = _CSS_CACHE.get(key)
    if css is None:
        if len(_CSS_CACHE) > 32:
            _CSS_CACHE.clear()
        # A stylesheet may not fetch anything: @import and url() are refused alike.
        css = CSS(string=text, font_config=font_config(), url_fetcher=GuardedFetcher([]))
        _CSS_CACHE[key] = css
    return css


class GuardedFetcher(URLFetcher):
    """Serves ``file:`` URLs below the allowed roots only; records a warning for every refusal."""

    def __init__(self, roots: Sequence[Path], document: str = "document") -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.document = document
        self.warnings: list[Issue] = []
        self.served: list[Path] = []  # the files read: a cached PDF is valid while they are unchanged

    def _refuse(self, url: str, why: str) -> ValueError:
        shown = url if len(url) <= 120 else url[:117] + "..."
        self.warnings.append(
            warning(Source(self.document), _("resource {shown!r} not loaded: {why}", shown=shown, why=why), code="pdf-url",
                    fr=f"Ressource «\u00a0{shown}\u00a0» non chargée dans le PDF ({why}).")
        )
        return ValueError(why)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme.lower() != "file":
            raise self._refuse(url, f"{parsed.scheme or 'relative'} URLs are not fetched (no network)")
        if parsed.netloc not in ("", "localhost"):
            raise self._refuse(url, "remote file URLs are not fetched")
        path = Path(urllib.request.url2pathname(parsed.path))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "no such file") from None
        if not any(real.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "outside the claims repository")
        if not real.is_file():
            raise self._refuse(url, "not a file")
        self.served.append(real)
        return URLFetcherResponse(real.as_uri(), real.read_bytes())


@dataclass
class PdfResult:
    """The bytes of one PDF and the warnings raised while making it."""

    pdf: bytes
    warnings: list[Issue] = field(default_factory=list)
    served: list[Path] = field(default_factory=list)


def render_pdf(html: str, base_dir: Path, repo_root: Path, as_of: dt.date, name: str = "document") -> PdfResult:
    """Like `html_to_pdf`, but also return the warnings (refused URLs); from the cache when one is in use."""
    cache = _CACHE
    if cache is None:
        return _with_cache_warning(_render_pdf(html, base_dir, repo_root, as_of, name))
    key = _cache_key(html, base_dir, repo_root, as_of, name)
    hit = cache.get(key)
    if hit is not None:
        blob, meta = hit
        try:
            return PdfResult(blob, [_issue_from(w) for w in meta.get("warnings", [])])
        except (AttributeError, KeyError, TypeError, ValueError):
            pass   # metadata not written by `put`: laid out again, and the entry replaced
    result = _render_pdf(html, base_dir, repo_root, as_of, name)
    if not cache.put(key, result.pdf, {"warnings": [_issue_to(w) for w in result.warnings]}, reads=result.served):
        _cache_failed(cache.folder, cache.problem or "cannot be written")
    return _with_cache_warning(result)


def source_date_epoch(day: dt.date) -> str:
    """Midnight UTC of `day` in seconds since 1970: the one clock fontTools may read.

    Not before 1904-01-01, the origin of a font's dates (fontTools cannot write an earlier one)."""
    seconds = int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp())
    return str(max(seconds, _FONT_EPOCH))


_FONT_EPOCH = -2082844800   # 1904-01-01T00:00:00Z


@contextmanager
def fixed_clock(day: dt.date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to `day` for the duration, then restored (or removed) as it was."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(day)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _render_pdf(html: str, base_dir: Path, repo_root: Path, as_of: dt.date, name: str) -> PdfResult:
    with fixed_clock(as_of):
        return _lay_out(html, base_dir, repo_root, as_of, name)


def _lay_out(html: str, base_dir: Path, repo_root: Path, as_of: dt.date, name: str) -> PdfResult:
    fetcher = GuardedFetcher((Path(repo_root), *PACKAGE_ROOTS), document=name)
    stylesheets = []
    match = _STYLE_RE.search(html)
    if match:
        stylesheets.append(_stylesheet(match.group(1)))
        html = html[: match.start()] + html[match.end():]
    source = HTML(string=html, base_url=str(Path(base_dir).resolve()) + "/", url_fetcher=fetcher)
    document = source.render(font_config=font_config(), stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
    if len(document.pages) > 1:
        # Page numbers sit in the bottom margin: they never change the layout, so the count holds.
        stylesheets.append(_stylesheet(PAGE_NUMBERS_CSS))
        document = source.render(font_config=font_config(), stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
    stamp = f"{as_of.isoformat()}T00:00:00+00:00"
    document.metadata.created = stamp
    document.metadata.modified = stamp
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return PdfResult(pdf, fetcher.warnings, fetcher.served)


_CACHE: ContentCache | None = None
# A cache that cannot be used is said once per process, with the first PDF rendered without it.
_CACHE_WARNING: Issue | None = None


def use_cache(folder: Path | None) -> None:
    """Keep rendered PDFs in `folder` (None: no cache). Set before `render_many`: workers inherit it.

    A folder that cannot be written (a file, no permission) is no cache, and a warning, not an error."""
    global _CACHE, _CACHE_WARNING
    _CACHE, _CACHE_WARNING = None, None
    if folder:
        why = cache_usable(Path(folder))
        if why is None:
            _CACHE = ContentCache(Path(folder))
        else:
            _cache_failed(Path(folder), why)


def _cache_failed(folder: Path, why: str) -> None:
    """Stop using the cache in this process and keep the warning for the next result."""
    global _CACHE, _CACHE_WARNING
    _CACHE = None
    _CACHE_WARNING = warning(Source(str(folder)), _("PDF cache {folder}: cannot be used ({why}); PDFs are rendered without it", folder=folder, why=why),
                             code="pdf-cache", fr=f"Cache des PDF {folder} inutilisable ({why}) : les PDF sont produits sans lui.")


def _with_cache_warning(result: PdfResult) -> PdfResult:
    global _CACHE_WARNING
    if _CACHE_WARNING is not None:
        result.warnings.append(_CACHE_WARNING)
        _CACHE_WARNING = None
    return result


def _cache_key(html: str, base_dir: Path, repo_root: Path, as_of: dt.date, name: str) -> str:
    """Everything that decides a PDF's bytes: the HTML, its folder, its date, and the tools that lay it out."""
    import weasyprint

    base, root = Path(base_dir).resolve(), Path(repo_root).resolve()
    where = base.relative_to(root).as_posix() if base.is_relative_to(root) else str(base)
    # "fixed-clock": entries laid out before SOURCE_DATE_EPOCH was set (fonts dated by the clock) are not reused.
    return digest(["pdf", __version__, weasyprint.__version__, PDF_VARIANT, harfbuzz_subset_available(), "fixed-clock",
                   where, as_of.isoformat(), name, html])


def _issue_to(issue: Issue) -> dict:
    s = issue.source
    return {"path": s.path, "line": s.line, "col": s.col, "message": issue.message, "severity": issue.severity,
            "code": issue.code, "fr": issue.fr}


def _issue_from(d: dict) -> Issue:
    return Issue(Source(d["path"], d["line"], d["col"]), d["message"], d["severity"], d.get("code", ""), d.get("fr", ""))


@lru_cache(maxsize=1)
def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with libharfbuzz-subset (3x faster than the fontTools fallback)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def html_to_pdf(html: str, base_dir: Path, repo_root: Path, as_of: dt.date) -> bytes:
    """The PDF of `html`; relative URLs resolve against `base_dir`, only files under `repo_root` load."""
    result = render_pdf(html, base_dir, repo_root, as_of)
    last_warnings[:] = result.warnings
    return result.pdf


# The warnings of the last `html_to_pdf` call in this process (refused URLs).
last_warnings: list[Issue] = []


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: what `render_many` takes."""

    name: str
    html: str
    base_dir: str
    repo_root: str
    as_of: dt.date


def _run(job: PdfJob) -> tuple[str, bytes, list[Issue]]:
    result = render_pdf(job.html, Path(job.base_dir), Path(job.repo_root), job.as_of, job.name)
    return job.name, result.pdf, result.warnings


def _warm() -> None:
    """A worker starts with its own font configuration and stylesheet cache (not the parent's copies)."""
    global _FONT_CONFIG, _CACHE_WARNING
    _FONT_CONFIG = None
    _CACHE_WARNING = None   # the parent says it, once
    _CSS_CACHE.clear()
    font_config()


def render_many(jobs: Iterable[PdfJob], processes: int = 2) -> list[tuple[str, bytes, list[Issue]]]:
    """Render many PDFs in long-lived worker processes (one per core), results in job order."""
    jobs = list(jobs)
    if processes <= 1 or len(jobs) <= 1:
        return [_run(job) for job in jobs]
    import multiprocessing

    ctx = multiprocessing.get_context("fork") if hasattr(multiprocessing, "get_context") else multiprocessing
    with ctx.Pool(processes, initializer=_warm) as pool:
        results = pool.map(_run, jobs, chunksize=max(1, len(jobs) // (processes * 4)))
    _with_cache_warning(PdfResult(b"", results[0][2]))
    return results
