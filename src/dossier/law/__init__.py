"""The law as data and pure functions: rate tables, prescription, legal calendar."""
