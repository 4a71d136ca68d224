"""The build's progress line: on a terminal only, never in CI nor into a pipe."""
from __future__ import annotations

import io

from dossier.records import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_line_rewritten_then_ended():
    out = Terminal()
    tell = progress.line("documents", 4, stream=out, environ={})
    for done in (1, 2, 2, 3, 4):
        tell(done)
    assert out.getvalue() == ("\rdocuments: 1/4 (25%)\rdocuments: 2/4 (50%)\rdocuments: 3/4 (75%)"
                              "\rdocuments: 4/4 (100%)\n")


def test_in_french_the_colon_and_the_percent_sign_follow_a_no_break_space():
    from dossier.records.i18n import set_language

    set_language("fr")
    out = Terminal()
    progress.line("documents", 2, stream=out, environ={})(1)
    assert out.getvalue() == "\rdocuments\u00a0: 1/2 (50\u00a0%)"


def test_nothing_into_a_pipe_a_file_or_under_ci():
    assert progress.line("documents", 10, stream=io.StringIO(), environ={}) is None
    assert progress.line("documents", 10, stream=Terminal(), environ={"CI": "true"}) is None
    assert progress.line("documents", 0, stream=Terminal(), environ={}) is None
    assert progress.wanted(Terminal(), {"CI": ""}) is True
