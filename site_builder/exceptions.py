"""The only exceptions: raised when the tool cannot run (exit 2). Problems in the data are
never raised; they are recorded (see model/problem.py)."""
from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2  # no error; an error in the data; the tool cannot run


class ConfigError(Exception):
    """The tool cannot run: configuration is missing or broken (exit 2)."""


class UsageError(Exception):
    """The command line asks for something impossible (exit 2)."""


class GitError(Exception):
    """git is missing or refused a command the check needs (`--changed-since`)."""
