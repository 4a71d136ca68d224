"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd): it keeps every message's exact bytes."""
from __future__ import annotations

import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)     # recipients answered 550
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Ok: queued"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``with Server() as s:`` — s.url (smtp+insecure://127.0.0.1:PORT), s.handler.messages."""

    def __init__(self, refuse: set[str] | None = None, password: str | None = None):
        self.handler = Handler(refuse or set())
        self.port = free_port()
        self.url = f"smtp+insecure://127.0.0.1:{self.port}"
        kw = {}
        if password is not None:
            def check(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)   # handled=False: the server answers 235 or 535
            kw = dict(authenticator=check, auth_require_tls=False, auth_required=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kw)

    def __enter__(self) -> "Server":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
