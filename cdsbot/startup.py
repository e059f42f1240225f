"""Start-up, shared by the command line and the bot: exit codes, the one-line failure, and
the database opened and checked. Here rather than in cli, which imports app to run the bot, so
that app need not import cli back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cdsbot import strings
from cdsbot.storage import DatabaseError, Storage

# Exit codes (docs/OPERATIONS.md; systemd's RestartPreventExitStatus lists 1 2 3 5).
EXIT_OK = 0  # done, or stopped by SIGINT/SIGTERM
EXIT_INVALID = 1  # the knowledge base (or what a command checked) is invalid
EXIT_USAGE = 2  # bad arguments or settings: no token, no webhook secret, a bad variable
EXIT_TOKEN = 3  # Telegram rejected the token
EXIT_NETWORK = 4  # Telegram unreachable at start, webhook port busy (worth a restart)
EXIT_DATABASE = 5  # the database cannot be created, opened, read or written


class StartupError(Exception):
    """A start-up failure: `line` is the one line for stderr, `code` the exit code."""

    def __init__(self, code: int, line: str) -> None:
        super().__init__(line)
        self.code, self.line = code, line


def _db_problem(path: Path, exc: BaseException) -> str:
    """What is wrong with the database file, in one line the operator can act on."""
    message = str(exc).lower()
    if path.is_dir():
        why = strings.cli.DB_IS_FOLDER
    elif isinstance(exc, OSError):
        why = strings.cli.db_no_folder(path.parent, exc.strerror or exc)
    elif "not a database" in message or "malformed" in message or "corrupt" in message:
        why = strings.cli.DB_CORRUPT
    elif "readonly" in message or "read-only" in message or "unable to open" in message:
        why = strings.cli.DB_READ_ONLY
    else:
        why = strings.cli.db_sqlite(exc)
    return strings.cli.db_unusable(path, why)


def open_storage(path: Path) -> Storage:
    """The database, checked readable and writable; raises StartupError (exit 5)."""
    storage = None
    try:
        storage = Storage(path)
        storage.check_usable()
        return storage
    except (OSError, DatabaseError) as exc:
        if storage is not None:
            storage.close()
        raise StartupError(EXIT_DATABASE, _db_problem(path, exc)) from exc


def kb_problem_line(problems: Sequence[str]) -> str:
    """An invalid knowledge base in one line: the first problem and how to see them all."""
    first = problems[0] if problems else "?"
    return strings.cli.kb_invalid_line(first, max(0, len(problems) - 1))
