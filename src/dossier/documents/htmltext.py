"""HTML to plain text: what the lint reads and the text part of an email."""
from __future__ import annotations

# Paragraph-like blocks are separated by a blank line, line-like ones by a line break.
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "table", "section", "header", "footer", "main", "ul", "ol",
               "blockquote", "address", "article", "caption", "pre"}
_LINES = {"div", "br", "tr", "li"}
_BLOCKS = _PARAGRAPHS | _LINES


def html_to_text(html: str) -> str:
    """The readable text of an HTML document: what lint reads and the text part of an email.

    Blocks become lines, table cells are separated by " | ", <style>, <script>
    and <head> metadata are dropped, runs of blank space are collapsed.
    """
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0
            self.cell = False

        def newlines(self, n: int) -> None:
            """End the current line with at least `n` line breaks (blocks never stack blank lines)."""
            tail = "".join(self.out[-3:])
            have = len(tail) - len(tail.rstrip("\n"))
            if have < n:
                self.out.append("\n" * (n - have))

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script", "title"):
                self.skip += 1
            elif tag in ("td", "th"):
                if self.cell:
                    self.out.append(" | ")
                self.cell = True
            elif tag in _BLOCKS:
                self.newlines(2 if tag in _PARAGRAPHS else 1)
                if tag == "tr":
                    self.cell = False
            if tag == "li":
                self.out.append("- ")

        def handle_endtag(self, tag):
            if tag in ("style", "script", "title"):
                self.skip -= 1
            elif tag in _PARAGRAPHS:
                self.newlines(2)
            elif tag in _LINES and tag != "br":
                self.newlines(1)

        def handle_data(self, data):
            if not data.strip() and "\n" in data:
                return  # indentation between blocks, not text
            if not self.skip:
                self.out.append(" ".join(data.split("\n")))

    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "\n".join(_collapse(line) for line in "".join(parser.out).split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _collapse(line: str) -> str:
    """Collapse runs of ordinary spaces (not the no-break spaces of French typography)."""
    import re

    return re.sub(r" {2,}", " ", line).strip(" ")
