"""The connection, the migrations, and the citizens' data: questions and ratings.

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


def iso(moment: dt.datetime) -> str:
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


def _script(db: sqlite_utils.Database, sql: str) -> None:
    """Run `;`-separated statements inside the current transaction (executescript would
    commit it first)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _m002_officials(db: sqlite_utils.Database) -> None:
    _script(db, """
    CREATE TABLE roles (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, role TEXT NOT NULL
            CHECK (role IN ('admin', 'official')),
        unit_id TEXT, granted_by INTEGER, granted_via TEXT NOT NULL, granted_at TEXT NOT NULL,
        revoked_by INTEGER, revoked_at TEXT);
    CREATE INDEX roles_user ON roles (user_id);
    CREATE TABLE invites (
        code TEXT PRIMARY KEY, role TEXT NOT NULL, unit_id TEXT, created_by INTEGER NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_by INTEGER, used_at TEXT,
        revoked_at TEXT);
    CREATE TABLE pending_reports (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL, indicator_id TEXT NOT NULL, unit_id TEXT NOT NULL,
        period TEXT NOT NULL, value REAL NOT NULL, note TEXT NOT NULL DEFAULT '',
        supersedes INTEGER, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired')),
        UNIQUE (chat_id, message_id));
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY, indicator_id TEXT NOT NULL, unit_id TEXT NOT NULL,
        period TEXT NOT NULL, value REAL NOT NULL, note TEXT NOT NULL DEFAULT '',
        reporter_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, message_id INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'superseded', 'withdrawn')),
        supersedes INTEGER REFERENCES reports (id), changed_at TEXT,
        UNIQUE (chat_id, message_id));
    CREATE INDEX reports_key ON reports (indicator_id, unit_id, period, status);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_id INTEGER, chat_id INTEGER,
        action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'invalid')),
        detail TEXT NOT NULL DEFAULT '');
    CREATE TABLE notifications (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE reminders (key TEXT PRIMARY KEY, user_id INTEGER NOT NULL, sent_at TEXT NOT NULL);
    """)


def _m003_notifications(db: sqlite_utils.Database) -> None:
    _script(db, """
    CREATE TABLE subscribers (
        chat_id INTEGER PRIMARY KEY, user_id INTEGER, milestones INTEGER NOT NULL DEFAULT 1,
        achievements INTEGER NOT NULL DEFAULT 1, announcements INTEGER NOT NULL DEFAULT 1,
        district TEXT, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, blocked_at TEXT);
    ALTER TABLE notifications ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE notifications ADD COLUMN unit_id TEXT;
    ALTER TABLE notifications ADD COLUMN report_chat INTEGER;
    ALTER TABLE notifications ADD COLUMN reported_at TEXT;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY, notification_id INTEGER NOT NULL REFERENCES notifications (id),
        chat_id INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'sent', 'blocked', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT NOT NULL, error TEXT,
        sent_at TEXT, message_id INTEGER, UNIQUE (notification_id, chat_id));
    CREATE INDEX outbox_due ON outbox (state, next_at);
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY, admin_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        text TEXT NOT NULL, created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sent', 'cancelled')));
    """)


def _m004_learning(db: sqlite_utils.Database) -> None:
    _script(db, """
    CREATE TABLE phrasings (
        id INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, phrasing TEXT NOT NULL,
        added_by INTEGER, created_at TEXT NOT NULL, UNIQUE (entry_id, phrasing));
    CREATE TABLE downvotes (
        id INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, question TEXT NOT NULL,
        created_at TEXT NOT NULL, reviewed_at TEXT);
    CREATE TABLE dismissed (question TEXT PRIMARY KEY, by INTEGER, at TEXT NOT NULL);
    CREATE TABLE question_stats (
        day TEXT NOT NULL, status TEXT NOT NULL, entry_id TEXT NOT NULL DEFAULT '',
        n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, status, entry_id))
    """)


def _m005_people(db: sqlite_utils.Database) -> None:
    """Names of people with a role (first name, username), refreshed when they write; an
    unanswered question as typed (masked) and who asked it (citizen, official, admin)."""
    _script(db, """
    CREATE TABLE people (
        user_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL DEFAULT '',
        username TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL);
    ALTER TABLE unanswered ADD COLUMN typed TEXT NOT NULL DEFAULT '';
    ALTER TABLE unanswered ADD COLUMN asker TEXT NOT NULL DEFAULT 'citizen'
    """)


# (name, function): applied in order, each once, each in its own transaction.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_questions_and_ratings", _m001_questions_and_ratings),
    ("002_officials", _m002_officials),
    ("003_notifications", _m003_notifications),
    ("004_learning", _m004_learning),
    ("005_people", _m005_people),
]


class BaseStorage:
    """The connection and the citizens' tables. Not thread-safe: one thread (the bot's loop)."""

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

    def backup(self, target: Path) -> str:
        """A consistent copy of the live database (VACUUM INTO), checked with
        PRAGMA integrity_check; returns the check's answer ('ok' when sound)."""
        target = Path(target)
        if target.exists():
            raise FileExistsError(f"{target} đã tồn tại; chọn tên khác để không ghi đè.")
        target.parent.mkdir(parents=True, exist_ok=True)
        self.db.execute("VACUUM INTO ?", [str(target)])
        check = sqlite3.connect(str(target))
        try:
            return str(check.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            check.close()

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
                                [name, iso(self.clock())])
            applied.append(name)
        return applied

    # --- questions the bot could not answer (no user id: privacy) -----------------------------

    def log_question(self, normalised: str, status: str) -> None:
        """Store an unanswered (or only suggested) question's normalised text, without who."""
        with self.db.atomic():
            self.db["unanswered"].insert(
                {"question": normalised[:500], "status": status,
                 "created_at": iso(self.clock())}
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
                [user_id, chat_id, message_id, entry_id, value, iso(self.clock())],
            )
        return True

    def ratings(self, entry_id: str) -> tuple[int, int]:
        """(👍 count, 👎 count) for one entry."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) FROM ratings "
            "WHERE entry_id = ?", [entry_id],
        ).fetchone()
        return int(row[0]), int(row[1])
