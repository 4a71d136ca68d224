"""`dossier import`: invoices from accounting exports and e-invoices, payments from bank statements (docs/import.md)."""
