"""render.py: the sandboxed templates, Markdown bodies, plain text and the small French filters."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from dossier import render


def test_filters_write_french_amounts_dates_and_elisions():
    env = render.environment(None)
    tpl = env.from_string("{{ a|euros }} | {{ d|date_long }} | {{ 2|nombre }} {{ 12|nombre }} | {{ 'Atelier Martin'|de }} / {{ 'Dupont'|de }} / {{ 'Éts Roux'|de }}")
    out = tpl.render(a=Decimal("1234.5"), d=dt.date(2026, 11, 1))
    assert out == "1\u202f234,50\u00a0€ | 1er\u00a0novembre\u00a02026 | deux 12 | d’Atelier Martin / de Dupont / d’Éts Roux"


def test_values_are_escaped_in_html_and_markdown_but_not_in_sms_text():
    ctx = {"name": "Dupont & <Fils>"}
    assert render.environment(None).from_string("{{ name }}").render(**ctx) == "Dupont &amp; &lt;Fils&gt;"
    assert render.text_environment(None).from_string("{{ name }}").render(**ctx) == "Dupont & <Fils>"


def test_strict_undefined_and_sandbox():
    env = render.environment(None)
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__ }}").render()


def test_repository_templates_override_builtin_ones_by_name(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "sms.txt").write_text("Rappel {{ sender.short }}", encoding="utf-8")
    assert render.render_text("sms.txt", {"sender": {"short": "AM"}}, str(tmp_path)) == "Rappel AM"
    assert render.has_template("relance-ferme.md", str(tmp_path))
    assert not render.has_template("absent.md", str(tmp_path))


def test_markdown_body_keeps_raw_html_tables():
    html = render.markdown_to_html("Bonjour,\n\n<table><tr><td>a</td></tr>\n\n<tr><td>b</td></tr></table>\n\nMerci **beaucoup**.")
    assert "<table><tr><td>a</td></tr>" in html and "<p>Merci <strong>beaucoup</strong>.</p>" in html


def test_html_to_text_gives_paragraphs_lines_and_cells():
    html = ("<html><head><title>T</title><style>p{color:red}</style></head><body>"
            "<div>Atelier</div><div>Lyon</div><p>Objet&nbsp;: relance</p>"
            "<table><tr><th>Facture</th><th>Montant</th></tr><tr><td>F1</td><td>10,00 €</td></tr></table>"
            "<ul><li>un</li><li>deux</li></ul></body></html>")
    assert render.html_to_text(html) == (
        "Atelier\nLyon\n\nObjet\u00a0: relance\n\nFacture | Montant\nF1 | 10,00 €\n\n- un\n- deux\n"
    )


def test_an_override_added_after_first_use_takes_effect(tmp_path):
    ctx = {"sender": {"short": "AM", "phone": None}, "owing": [], "st": None, "deadline": None}
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "sms.txt").write_text("un", encoding="utf-8")
    assert render.render_text("sms.txt", ctx, str(tmp_path)) == "un"
    (tmp_path / "templates" / "sms.txt").unlink()
    (tmp_path / "templates" / "sms.txt").write_text("deux {{ sender.short }}", encoding="utf-8")
    import os

    os.utime(tmp_path / "templates" / "sms.txt", ns=(1, 1))
    assert render.render_text("sms.txt", ctx, str(tmp_path)) == "deux AM"
