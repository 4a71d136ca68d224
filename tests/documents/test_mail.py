"""mail.py: an email step is a .eml any client sends: text + HTML, the letter and the invoice attached, same bytes twice."""
from __future__ import annotations

import email
from email import policy

from dossier.documents import mail, writing
from documents_helpers import FIXTURES, docs_of


def eml_of(tmp_path, pdf=True):
    root = FIXTURES / "repo"
    _, _, docs = docs_of(root, "2026-014-dupont")
    doc = docs["01-relance-informelle"]
    written, issues = writing.write_documents([doc], tmp_path / "site", root, pdf=pdf, processes=1)
    return doc, (tmp_path / "site" / "cases" / "2026-014-dupont" / "01-relance-informelle.eml").read_bytes(), issues


def test_eml_headers_parts_and_attachments(tmp_path):
    doc, data, issues = eml_of(tmp_path)
    assert issues == []
    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg["From"] == "Atelier Martin SAS <compta@atelier-martin.fr>"
    assert msg["To"] == "Dupont Rénovation SARL <compta@dupont-renovation.fr>"
    assert msg["Subject"] == "Rappel d’échéance — facture n°\u00a0F2026-031"
    assert msg["Date"] == "Mon, 09 Mar 2026 09:00:00 +0100"
    assert msg["Message-ID"] == "<20260309.01-relance-informelle.2026-014-dupont@atelier-martin.fr>"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "nous n’avons pas encore reçu le règlement de notre facture n°\u00a0F2026-031 du 1er\u00a0février\u00a02026" in text
    assert "IBAN\u00a0: FR76 3000 4000 0312 3456 7890 143" in text
    assert "<strong>" not in text and "<p>" in html
    names = [(p.get_filename(), p.get_content_type()) for p in msg.iter_attachments()]
    assert names == [("01-relance-informelle.pdf", "application/pdf"), ("F2026-031.pdf", "application/pdf")]
    letter = next(msg.iter_attachments()).get_content()
    assert letter.startswith(b"%PDF-")


def test_two_builds_write_the_same_eml_bytes(tmp_path):
    _, one, _ = eml_of(tmp_path / "a")
    _, two, _ = eml_of(tmp_path / "b")
    assert one == two
    assert b"=_dossier_" in one


def test_summer_dates_carry_the_paris_summer_offset():
    import datetime as dt

    assert mail.mail_date(dt.date(2026, 7, 1)) == "Wed, 01 Jul 2026 09:00:00 +0200"


def _with_email(doc, **changes):
    from dataclasses import replace

    return replace(doc, email=replace(doc.email, **changes))


def test_an_accented_domain_is_idna_encoded(tmp_path):
    doc, _, _ = eml_of(tmp_path, pdf=False)
    msg = email.message_from_bytes(mail.build_eml(_with_email(doc, to_email="compta@dupont-rénovation.fr")), policy=policy.default)
    assert msg["To"] == "Dupont Rénovation SARL <compta@xn--dupont-rnovation-iqb.fr>"
    assert mail.eml_issues(_with_email(doc, to_email="compta@dupont-rénovation.fr")) == []


def test_an_accented_local_part_is_an_error_at_the_document():
    root = FIXTURES / "repo"
    _, _, docs = docs_of(root, "2026-014-dupont")
    bad = _with_email(docs["01-relance-informelle"], to_email="comptabilité@dupont.fr")
    [issue] = mail.eml_issues(bad)
    assert issue.severity == "error" and issue.source == bad.source
    assert issue.message == ("case 2026-014-dupont, document 01-relance-informelle: the debtor's email: the part before @ of "
                             "'comptabilité@dupont.fr' must be ASCII (accents are not deliverable there)")


def test_line_breaks_in_names_and_subject_stay_on_one_header_line(tmp_path):
    doc, _, _ = eml_of(tmp_path, pdf=False)
    odd = _with_email(doc, to_name="Dupont\nRénovation", sender_name="Atelier\r\nBcc: spy@example.org", subject="Rappel\nBcc: x@y.z")
    data = mail.build_eml(odd)
    head = data.split(b"\r\n\r\n", 1)[0]
    msg = email.message_from_bytes(data, policy=policy.default)
    assert b"\nBcc:" not in head and msg["Bcc"] is None
    assert msg["To"] == "Dupont Rénovation <compta@dupont-renovation.fr>"
    assert msg["Subject"] == "Rappel Bcc: x@y.z"
