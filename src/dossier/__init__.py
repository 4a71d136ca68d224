"""dossier: amicable recovery of unpaid invoices under French law."""

__version__ = "0.1.0"
