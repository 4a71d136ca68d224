"""render.py: the sandboxed templates, Markdown bodies, plain text and the small French filters."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from dossier.documents import render
from dossier.documents.htmltext import html_to_text


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
    assert html_to_text(html) == (
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


# --------------------------------------------------------------------------- confinement (issue 11)


def _repo(tmp_path, files: dict[str, str | bytes]):
    """A repository folder with these files under templates/."""
    root = tmp_path / "repo"
    (root / "templates").mkdir(parents=True)
    for name, content in files.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _failure(work) -> str:
    with pytest.raises(render.TemplateFailure) as info:
        work()
    assert info.value.issue.fr and info.value.issue.code == "template"
    return str(info.value.issue)


def test_an_override_symlinked_to_a_file_outside_templates_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD=hunter2", encoding="utf-8")
    root = _repo(tmp_path, {"ok.md": "{% include 'sms.txt' %}"})
    (root / "templates" / "sms.txt").symlink_to(secret)
    refused = ("templates/sms.txt: refused: leads outside the templates/ folder (symbolic link); "
               "a template must be a file inside templates/")
    assert _failure(lambda: render.render_text("sms.txt", {}, str(root))) == refused
    assert _failure(lambda: render.render("ok.md", {}, str(root))) == refused
    assert _failure(lambda: render.has_template("sms.txt", str(root))) == refused
    assert [str(i) for i in render.check_templates(root)] == [refused]


def test_a_templates_folder_symlinked_outside_the_repository_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sms.txt").write_text("{{ sender.short }}", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "templates").symlink_to(elsewhere)
    refused = ("templates: templates/ is a symbolic link that leads outside the repository; "
               "template overrides must be files inside the repository")
    assert _failure(lambda: render.render_text("sms.txt", {"sender": {"short": "AM"}}, str(root))) == refused
    assert [str(i) for i in render.check_templates(root)] == [refused]


def test_a_symlink_inside_templates_is_followed_and_dot_dot_never_leaves_the_folder(tmp_path):
    (tmp_path / "secret.md").write_text("SECRET", encoding="utf-8")
    root = _repo(tmp_path, {"base.txt": "base {{ n }}", "up.md": "{% include '../secret.md' %}"})
    (root / "templates" / "sms.txt").symlink_to("base.txt")
    assert render.render_text("sms.txt", {"n": 1}, str(root)) == "base 1"
    assert not render.has_template("../secret.md", str(root))
    with pytest.raises(render.TemplateFailure) as info:
        render.render("../secret.md", {}, str(root))
    assert info.value.missing == "../secret.md"
    assert _failure(lambda: render.render("up.md", {}, str(root))) == (
        "templates/up.md:1: template '../secret.md' not found (looked in templates/ and the built-in templates)")
    assert render.check_templates(root) == []


# --------------------------------------------------------------------------- failures as located values


@pytest.mark.parametrize("files, name, expected", [
    ({"mise-en-demeure.md": "Madame,\n\nNous\n{{ 1 / 0 }}\n"}, "mise-en-demeure.md",
     "templates/mise-en-demeure.md:4: template error: division by zero"),
    ({"a.md": "{{ x }}\n{% if %}\n"}, "a.md",
     "templates/a.md:2: template syntax error: Expected an expression, got 'end of statement block'"),
    ({"a.md": "un\n{{ debteur.nom }}"}, "a.md", "templates/a.md:2: template error: 'debteur' is undefined"),
    ({"a.md": "\n\n{{ ''.__class__.__mro__ }}"}, "a.md",
     "templates/a.md:3: template error: access to attribute '__class__' of 'str' object is unsafe."),
    ({"a.md": "{{ none_value|de }}"}, "a.md", "templates/a.md:1: template error: 'NoneType' object is not subscriptable"),
    ({"a.md": "x\n{% include 'a.md' %}"}, "a.md",
     "templates/a.md:2: template error: templates include or extend each other without end"),
    ({"a.md": "x\n\n{% extends 'a.md' %}"}, "a.md",
     "templates/a.md:3: template error: templates include or extend each other without end"),
    ({"a.md": "x\n{% include 'absent.md' %}"}, "a.md",
     "templates/a.md:2: template 'absent.md' not found (looked in templates/ and the built-in templates)"),
    ({"a.md": b"Madame,\n\nMerci \xe9t\xe9\n"}, "a.md",
     "templates/a.md:3: template is not valid UTF-8 (byte 15, 0xe9); save it as UTF-8"),
    ({"a.md": "{% include 'partials/factures.md' %}"}, "a.md",
     "dossier/templates/partials/factures.md:4: template error: 'creditor' is undefined"),
])
def test_every_template_error_is_a_failure_located_in_the_template(tmp_path, files, name, expected):
    root = _repo(tmp_path, files)
    assert _failure(lambda: render.render(name, {"none_value": None}, str(root))) == expected
    assert _failure(lambda: render.render_markdown(name, {"none_value": None}, str(root))) == expected
    assert _failure(lambda: render.module(name, {"none_value": None}, str(root))) == expected


def test_plain_text_templates_fail_the_same_way(tmp_path):
    root = _repo(tmp_path, {"sms.txt": "Rappel\n{{ 10 // 0 }}"})
    assert _failure(lambda: render.render_text("sms.txt", {}, str(root))) == (
        "templates/sms.txt:2: template error: integer division or modulo by zero")


def test_a_missing_top_level_template_says_which_name_was_asked_for(tmp_path):
    with pytest.raises(render.TemplateFailure) as info:
        render.render("relance-maison.md", {}, str(tmp_path))
    assert info.value.missing == "relance-maison.md"
    assert info.value.issue.message == "template 'relance-maison.md' not found (looked in templates/ and the built-in templates)"


def test_check_templates_reports_every_broken_file_without_rendering(tmp_path):
    root = _repo(tmp_path, {
        "relance-ferme.md": "ok {{ 1 / 0 }}",  # a runtime error: only rendering finds it
        "mise-en-demeure.md": "Madame,\n{% for x in %}\n",
        "partials/montants.md": b"\xff\xfe",
        "sms.txt": "{{ sender.short }}",
        "logo.png": b"\x89PNG\r\n\x1a\n\xff",
        ".relance-ferme.md.swp": b"\xff{% if",
    })
    (root / "templates" / "letter.css").symlink_to("/etc/passwd")
    assert [str(i) for i in render.check_templates(root)] == [
        "templates/letter.css: refused: leads outside the templates/ folder (symbolic link); a template must be a file inside templates/",
        "templates/mise-en-demeure.md:2: template syntax error: Expected an expression, got 'end of statement block'",
        "templates/partials/montants.md:1: template is not valid UTF-8 (byte 0, 0xff); save it as UTF-8",
    ]
    assert render.check_templates(tmp_path / "nothing-here") == []


# --------------------------------------------------------------------------- Markdown escaping of data


ATTACKS = ["[x](javascript:alert(1))", "![](http://tracker.example/px.png)", "<http://x.example>", "*gras* _souligné_",
           "`code`", "a | b", "\\[y](http://y.example)", "<img src=x>", "**fort**"]
LINE_STARTS = ["# titre", "1. premier", "12) douze", "- tiret", "+ plus", "> citation", "    code", "===", "---"]


@pytest.mark.parametrize("value", ATTACKS + LINE_STARTS)
def test_a_data_value_makes_no_markdown_structure_at_a_line_start_or_inline(tmp_path, value):
    root = _repo(tmp_path, {"a.md": "Objet\n{{ v }}\n\n{{ v }} et **{{ v }}** [lien](https://ok.example)\n\n| A | B |\n|---|---|\n| {{ v }} | z |\n"})
    html = render.render_markdown("a.md", {"v": value}, str(root))
    assert html.count("<a ") == 1 and '<a href="https://ok.example">lien</a>' in html  # the template's own link only
    for tag in ("<img", "<em>", "<code>", "<h1>", "<h2>", "<ol>", "<ul>", "<li>", "<blockquote>", "<pre>", "<hr"):
        assert tag not in html, (tag, html)
    assert html.count("<strong>") == 1 and html.count("<td>") == 2 and html.count("<p>") == 2
    assert html_to_text(html).count(value.strip()) == 4, html_to_text(html)


def test_filters_and_join_of_data_are_escaped_too_but_markup_built_by_templates_is_not(tmp_path):
    root = _repo(tmp_path, {"a.md": "{{ name|de }} / {{ name|capitalize_first }} / {{ lines|join(', ') }} / "
                                     "{{ people|join(', ', attribute='n') }}\n{% set s %}**{{ name }}**{% endset %}{{ s }}\n"})
    html = render.render_markdown("a.md", {"name": "*x* [a](b)", "lines": ["[c](d)", "e_f_"], "people": [{"n": "`g`"}]}, str(root))
    assert html == ("<p>de &#42;x&#42; &#91;a&#93;(b) / &#42;x&#42; &#91;a&#93;(b) / &#91;c&#93;(d), e&#95;f&#95; / &#96;g&#96;\n"
                    "<strong>&#42;x&#42; &#91;a&#93;(b)</strong></p>")


def test_html_templates_are_not_markdown_escaped(tmp_path):
    root = _repo(tmp_path, {"page.html": "<p>{{ v }}</p>"})
    assert render.render("page.html", {"v": "a_b *c* [d]"}, str(root)) == "<p>a_b *c* [d]</p>"


def test_objects_print_escaped_and_numbers_dates_and_markup_unchanged(tmp_path):
    root = _repo(tmp_path, {"a.md": "{{ items }} {{ n }} {{ d }} {{ amount }} {{ m }} {{ nothing }}\n"})
    html = render.render_markdown("a.md", {"items": ["[a](b)"], "n": 12, "d": dt.date(2026, 1, 2), "amount": Decimal("-5.10"),
                                           "m": render.Markup("<b>ok</b>"), "nothing": None}, str(root))
    assert html == "<p>&#91;&#39;&#91;a&#93;(b)&#39;&#93; 12 2026-01-02 -5.10 <b>ok</b> None</p>"
