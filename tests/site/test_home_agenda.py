"""The home page's agenda links the documents of each row's own step."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dossier.build import build_site


def test_the_overdue_declaration_of_claim_links_its_document(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, dt.date(2026, 11, 24), pdf=False).failed
    home = (out / "index.html").read_text(encoding="utf-8")
    overdue = home[home.index('<h3 class="agenda-overdue">'):home.index('<h3 class="agenda-today">')]
    row = next(m.group(0) for m in re.finditer(r"<tr>.*?</tr>", overdue, re.S) if "2026-023-agencements-perrin" in m.group(0))
    assert ('<td><a href="cases/2026-023-agencements-perrin/declaration-creance.html">HTML</a> · '
            '<a href="cases/2026-023-agencements-perrin/declaration-creance.txt">texte</a></td>') in row
    assert (out / "cases" / "2026-023-agencements-perrin" / "declaration-creance.html").is_file()
