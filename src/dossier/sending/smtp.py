"""Emails through an SMTP server: the archived .eml handed over byte for byte (the only module that talks to smtplib).

The server: ``--smtp smtp://host:587`` (STARTTLS) or ``smtps://host:465`` (TLS from the first byte), else the
environment variable ``DOSSIER_SMTP_URL``. The credentials: ``DOSSIER_SMTP_USER`` and ``DOSSIER_SMTP_PASSWORD``,
or a credentials file named by ``DOSSIER_SMTP_CREDENTIALS`` (two lines: user, password) that must lie outside the
claims repository; never in ``dossier.yaml`` nor in the URL (a URL is printed, pasted, logged).
``smtp+insecure://host:port`` is plain SMTP with no TLS at all: for a test server on 127.0.0.1 only.

Each message is one SMTP transaction: the envelope sender is the From address, the recipients the To
(and Cc) addresses; what the server acknowledges is sent, what it refuses (a recipient, the data) is not,
and its reply is the reason. A failure to connect or to log in leaves every message unsent.
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

SCHEMES = {"smtp": 587, "smtps": 465, "smtp+insecure": 25}
TIMEOUT = 60


class SmtpError(ValueError):
    """A configuration no message can be sent with; its text says which and why."""


@dataclass(frozen=True)
class Server:
    scheme: str
    host: str
    port: int
    user: str | None = None
    password: str | None = None

    def __str__(self) -> str:   # never the password
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}"


@dataclass(frozen=True)
class Outcome:
    sent: bool
    message_id: str           # the Message-ID of the .eml (what the journal records as the reference)
    reason: str = ""          # the server's refusal, when not sent


def server_from(url: str | None, env: Mapping[str, str] = os.environ, repo_root: Path | None = None) -> Server:
    """The server of ``--smtp URL`` or of DOSSIER_SMTP_URL, with its credentials; SmtpError when none or wrong."""
    url = url or env.get("DOSSIER_SMTP_URL")
    if not url:
        raise SmtpError("no SMTP server: give --smtp smtp://host:587 (STARTTLS) or smtps://host:465, "
                        "or set DOSSIER_SMTP_URL")
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise SmtpError(f"{url!r}: expected smtp://host:port (STARTTLS) or smtps://host:port (TLS)")
    if parts.password is not None:
        raise SmtpError("the SMTP password must not be written in the URL: set DOSSIER_SMTP_PASSWORD "
                        "or DOSSIER_SMTP_CREDENTIALS (a file outside the repository)")
    if not parts.hostname:
        raise SmtpError(f"{url!r}: no host")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise SmtpError(f"{url!r}: the port is not a number") from None
    user, password = _credentials(env, repo_root)
    return Server(parts.scheme, parts.hostname, port, parts.username or user, password)


def _credentials(env: Mapping[str, str], repo_root: Path | None) -> tuple[str | None, str | None]:
    if env.get("DOSSIER_SMTP_PASSWORD"):
        return env.get("DOSSIER_SMTP_USER"), env["DOSSIER_SMTP_PASSWORD"]
    name = env.get("DOSSIER_SMTP_CREDENTIALS")
    if not name:
        return env.get("DOSSIER_SMTP_USER"), None
    path = Path(name).expanduser().resolve()
    if repo_root is not None and path.is_relative_to(Path(repo_root).resolve()):
        raise SmtpError(f"{name}: the SMTP credentials file lies inside the claims repository; keep it outside "
                        "(a password must never be committed)")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SmtpError(f"{name}: the SMTP credentials file cannot be read ({exc.strerror})") from None
    if len(lines) < 2 or not lines[0].strip():
        raise SmtpError(f"{name}: expected two lines, the user then the password")
    return lines[0].strip(), lines[1]


def envelope(eml: bytes) -> tuple[str, list[str], str]:
    """(envelope sender, recipients, Message-ID) read from the .eml's own headers."""
    msg = message_from_bytes(eml, policy=policy.SMTP)
    sender = parseaddr(str(msg.get("From", "")))[1]
    to = [a for _, a in getaddresses([str(v) for v in msg.get_all("To", []) + msg.get_all("Cc", [])]) if a]
    return sender, to, str(msg.get("Message-ID", "")).strip()


class Connection:
    """One session with the server (a context manager); `send` hands over one .eml."""

    def __init__(self, server: Server):
        self.server = server
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Connection":
        s = self.server
        try:
            if s.scheme == "smtps":
                self.smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=ssl.create_default_context())
            else:
                self.smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
                if s.scheme == "smtp":
                    self.smtp.starttls(context=ssl.create_default_context())
            if s.user and s.password:
                self.smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise SmtpError(f"{s}: authentication refused ({_reply(exc.smtp_code, exc.smtp_error)})") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise SmtpError(f"{s}: cannot open an SMTP session ({_one_line(exc)})") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
        self._close()

    def _close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def send(self, eml: bytes) -> Outcome:
        """Hand `eml` over as it is; sent only when the server accepted it for every recipient."""
        sender, to, mid = envelope(eml)
        if not sender or not to:
            return Outcome(False, mid, "the message has no From or no To address")
        assert self.smtp is not None, "send() outside a `with Connection(...)` block"
        try:
            refused = self.smtp.sendmail(sender, to, eml)
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome(False, mid, "; ".join(f"{a}: {_reply(c, m)}" for a, (c, m) in exc.recipients.items()))
        except smtplib.SMTPSenderRefused as exc:
            return Outcome(False, mid, f"{exc.sender}: {_reply(exc.smtp_code, exc.smtp_error)}")
        except smtplib.SMTPResponseException as exc:
            return Outcome(False, mid, _reply(exc.smtp_code, exc.smtp_error))
        except (smtplib.SMTPException, OSError) as exc:   # the session is lost: whether this one left is unknown
            raise SmtpError(f"{self.server}: the connection was lost while sending {mid} ({_one_line(exc)})") from None
        if refused:   # accepted for some recipients only: it left, and the refusals are said
            return Outcome(True, mid, "; ".join(f"{a}: {_reply(c, m)}" for a, (c, m) in refused.items()))
        return Outcome(True, mid)


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
