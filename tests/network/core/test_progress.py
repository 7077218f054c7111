"""The long commands' progress bar: on a terminal only, never at --verbosity 0."""

import io

from network.core.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_draws_on_a_terminal(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)

    with progress_bar(total=4, unit="rows") as bar:
        bar.update(4)

    assert "0/4" in terminal.getvalue()  # drawn at once, then cleared when done


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)

    assert list(progress_bar(range(3))) == [0, 1, 2]
    assert stream.getvalue() == ""


def test_no_bar_at_verbosity_0(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)

    assert list(progress_bar(range(3), verbosity=0)) == [0, 1, 2]
    assert terminal.getvalue() == ""
