"""The only module that speaks SQL: migrations, questions, ratings.

One connection in autocommit mode; every write that belongs together runs inside
`db.atomic()`; WAL with synchronous=FULL so a commit is durable when it returns.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _m001_questions_and_ratings(db: sqlite_utils.Database) -> None:
    db["unanswered"].create(
        {"id": int, "question": str, "status": str, "created_at": str}, pk="id",
    )
    db["unanswered"].create_index(["question"])
    db["ratings"].create(
        {"id": int, "user_id": int, "chat_id": int, "message_id": int, "entry_id": str,
         "value": int, "created_at": str}, pk="id",
    )
    db["ratings"].create_index(["user_id", "chat_id", "message_id"], unique=True)
    db["ratings"].create_index(["entry_id"])


# (name, function): applied in order, each once, each in its own transaction.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_questions_and_ratings", _m001_questions_and_ratings),
]


class Storage:
    """The bot's database. Not thread-safe: use it from the event loop's thread only."""

    def __init__(self, path: Path | str, clock: Clock = utcnow) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA foreign_keys=ON")
        self.db = sqlite_utils.Database(conn)
        self.clock = clock
        self.migrate()

    def close(self) -> None:
        self.db.close()

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; safe to run any number of times."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        done = {row[0] for row in self.db.execute("SELECT name FROM migrations").fetchall()}
        applied = []
        for name, migration in MIGRATIONS:
            if name in done:
                continue
            with self.db.atomic():
                migration(self.db)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)",
                                [name, _iso(self.clock())])
            applied.append(name)
        return applied

    # --- questions the bot could not answer (no user id: privacy) -----------------------------

    def log_question(self, normalised: str, status: str) -> None:
        """Store an unanswered (or only suggested) question's normalised text, without who."""
        with self.db.atomic():
            self.db["unanswered"].insert(
                {"question": normalised[:500], "status": status,
                 "created_at": _iso(self.clock())}
            )

    def top_unanswered(self, limit: int = 20) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT question, COUNT(*) AS n FROM unanswered GROUP BY question "
            "ORDER BY n DESC, MAX(created_at) DESC LIMIT ?", [limit]
        ).fetchall()
        return [(q, n) for q, n in rows]

    # --- 👍 / 👎 under answers -------------------------------------------------------------------

    def rate(self, user_id: int, chat_id: int, message_id: int, entry_id: str,
             value: int) -> bool:
        """Store one user's rating of one answer message; a second press changes it.

        Returns True when the rating is new or changed.
        """
        if value not in (1, -1):
            raise ValueError("rating must be 1 or -1")
        with self.db.atomic():
            row = self.db.execute(
                "SELECT value FROM ratings WHERE user_id=? AND chat_id=? AND message_id=?",
                [user_id, chat_id, message_id],
            ).fetchone()
            if row and row[0] == value:
                return False
            self.db.execute(
                "INSERT INTO ratings (user_id, chat_id, message_id, entry_id, value, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, chat_id, message_id)"
                " DO UPDATE SET value=excluded.value, created_at=excluded.created_at",
                [user_id, chat_id, message_id, entry_id, value, _iso(self.clock())],
            )
        return True

    def ratings(self, entry_id: str) -> tuple[int, int]:
        """(👍 count, 👎 count) for one entry."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) FROM ratings "
            "WHERE entry_id = ?", [entry_id],
        ).fetchone()
        return int(row[0]), int(row[1])
