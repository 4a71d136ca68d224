"""Sending: what the agenda says is due, handed to an SMTP server, a postal or e-LRAR provider, an SMS provider (docs/sending.md)."""
