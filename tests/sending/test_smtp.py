"""sending/smtp.py against a real SMTP server on 127.0.0.1 (aiosmtpd): exact bytes, refusals reported."""
from __future__ import annotations

import pytest

from dossier.sending import smtp
from smtp_server import Server

EML = (b"From: Atelier Martin SAS <compta@atelier-martin.fr>\r\nTo: Jeanne Dupont <jeanne@example.fr>\r\n"
       b"Subject: Relance\r\nMessage-ID: <20260309.01-relance.2026-014-dupont@atelier-martin.fr>\r\n"
       b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
       b"Madame,\r\n.point en d\xc3\xa9but de ligne\r\n\r\nAtelier Martin SAS\r\n")


def test_the_server_receives_the_exact_bytes_and_the_message_id_is_returned():
    with Server() as s:
        with smtp.Connection(smtp.server_from(s.url, env={})) as conn:
            out = conn.send(EML)
    assert out == smtp.Outcome(True, "<20260309.01-relance.2026-014-dupont@atelier-martin.fr>")
    [got] = s.handler.messages
    assert (got.sender, got.recipients, got.data) == ("compta@atelier-martin.fr", ["jeanne@example.fr"], EML)


def test_a_refused_recipient_is_not_sent_and_the_server_says_why():
    with Server(refuse={"jeanne@example.fr"}) as s:
        with smtp.Connection(smtp.server_from(s.url, env={})) as conn:
            out = conn.send(EML)
    assert not out.sent
    assert out.reason == "jeanne@example.fr: 550 5.1.1 <jeanne@example.fr>: Recipient address rejected: User unknown"
    assert s.handler.messages == []


def test_an_authentication_failure_sends_nothing():
    with Server(password="right") as s:
        server = smtp.server_from(s.url, env={"DOSSIER_SMTP_USER": "louise", "DOSSIER_SMTP_PASSWORD": "wrong"})
        with pytest.raises(smtp.SmtpError, match=r"^smtp\+insecure://louise@127\.0\.0\.1:\d+: authentication refused \(535 "):
            with smtp.Connection(server) as conn:
                conn.send(EML)
        good = smtp.server_from(s.url, env={"DOSSIER_SMTP_USER": "louise", "DOSSIER_SMTP_PASSWORD": "right"})
        with smtp.Connection(good) as conn:
            assert conn.send(EML).sent
    assert [m.data for m in s.handler.messages] == [EML]


def test_the_server_and_its_credentials(tmp_path):
    assert smtp.server_from(None, env={"DOSSIER_SMTP_URL": "smtps://mail.example.fr"}) == smtp.Server("smtps", "mail.example.fr", 465)
    assert smtp.server_from("smtp://mail.example.fr", env={}).port == 587
    with pytest.raises(smtp.SmtpError, match="no SMTP server"):
        smtp.server_from(None, env={})
    with pytest.raises(smtp.SmtpError, match="must not be written in the URL"):
        smtp.server_from("smtp://louise:secret@mail.example.fr", env={})
    with pytest.raises(smtp.SmtpError, match="expected smtp://host:port"):
        smtp.server_from("http://mail.example.fr", env={})
    outside = tmp_path / "secret"
    outside.write_text("louise\ns3cret pass\n", encoding="utf-8")
    repo = tmp_path / "claims"
    repo.mkdir()
    server = smtp.server_from("smtp://mail.example.fr", env={"DOSSIER_SMTP_CREDENTIALS": str(outside)}, repo_root=repo)
    assert (server.user, server.password) == ("louise", "s3cret pass")
    assert "s3cret" not in str(server)
    inside = repo / "smtp.txt"
    inside.write_text("louise\nx\n", encoding="utf-8")
    with pytest.raises(smtp.SmtpError, match="inside the claims repository"):
        smtp.server_from("smtp://mail.example.fr", env={"DOSSIER_SMTP_CREDENTIALS": str(inside)}, repo_root=repo)
