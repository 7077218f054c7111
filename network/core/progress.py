"""Progress bars of the long management commands (tqdm), on stderr: off at
``--verbosity 0`` and when stderr is not a terminal (cron's mail, a log, the tests), so
that what the commands print stays as it was."""

import sys

from tqdm import tqdm


def progress_bar(iterable=None, *, verbosity=1, total=None, unit="it"):
    """A bar over ``iterable`` (or, without one, ``total`` steps moved by ``.update(n)``);
    it vanishes when done."""
    return tqdm(iterable, total=total, unit=unit, file=sys.stderr, leave=False,
                dynamic_ncols=True, disable=None if verbosity else True)


def write_beside(write, message):
    """``write(message)`` on a terminal that shows a bar, which moves out of its way."""
    with tqdm.external_write_mode():
        write(message)
