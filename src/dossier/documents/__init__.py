"""Documents: templates to HTML (Jinja, Markdown), PDF (WeasyPrint), email, SMS, call sheets; the lint; the PDF cache."""
