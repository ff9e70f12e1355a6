"""The one exception root of wins-md and the source-located error."""

from __future__ import annotations

import click


class WinsError(click.ClickException):
    """A problem that stops a command; the CLI prints it as ``Error: message``."""

    exit_code = 1


class UsageProblem(WinsError):
    """A command was called with values it cannot use (exit code 2)."""

    exit_code = 2


class SourceError(WinsError):
    """A problem located in a user's file: ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(f"{path}:{line}: {message}")


def did_you_mean(word: str, choices: list[str]) -> str:
    """A ``(did you mean 'x'?)`` hint for a misspelt name, or an empty string."""
    import difflib  # only when a name is misspelt: every command imports this module

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
