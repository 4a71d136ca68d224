"""Records: YAML to immutable records with positions; the project file; errors as values; field readers; French names of values."""
