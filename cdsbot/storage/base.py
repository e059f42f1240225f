"""The connection, the migrations, and what every area of the database stands on.

One connection in autocommit mode; every write that belongs together runs inside
`db.atomic()`; WAL with synchronous=FULL so a commit is durable when it returns. Each area
(people, notices, learning, reports) is a `Repository` on the connection of the `Storage` that
holds it (see cdsbot.storage).

Off the event loop: `Worker` runs database work in a thread of its own with its own connection
(a lock held by another process stalls that thread, not the bot), and `Counters` writes the
question statistics in batches from a thread, with relaxed durability (synchronous=NORMAL: a
power cut may lose the last second of counts; reports, audit and the outbox stay FULL).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import sqlite_utils

if TYPE_CHECKING:
    from cdsbot.storage import Storage

Clock = Callable[[], dt.datetime]
S = TypeVar("S")
R = TypeVar("R")
log = logging.getLogger("cdsbot.storage")
# The Telegram update being handled (set by the update processor): a count made while handling
# an update that is handled again after a crash is counted once.
current_update: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "current_update", default=None)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


# Applied in the order defined, each once, each in one transaction with the record of it
# (sqlite-utils' Migrations, table _sqlite_migrations, set "cdsbot"). A name never changes: it
# is what an existing database remembers.
MIGRATIONS = sqlite_utils.Migrations("cdsbot")


@MIGRATIONS(name="001_questions_and_ratings")
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


@MIGRATIONS(name="002_officials")
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


@MIGRATIONS(name="003_notifications")
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


@MIGRATIONS(name="004_learning")
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


@MIGRATIONS(name="005_people")
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


@MIGRATIONS(name="005_privacy")
def _m005_privacy(db: sqlite_utils.Database) -> None:
    """Answers the bot sent (what a rating button may rate); 👎 questions with a day, not a
    time, and an owner tag for deletion; ratings with a day only (no joinable timestamps)."""
    _script(db, """
    CREATE TABLE answers (
        chat_id INTEGER NOT NULL, message_id INTEGER NOT NULL, entry_id TEXT NOT NULL,
        day TEXT NOT NULL, PRIMARY KEY (chat_id, message_id));
    CREATE INDEX answers_day ON answers (day);
    ALTER TABLE downvotes ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    UPDATE downvotes SET created_at = substr(created_at, 1, 10);
    UPDATE ratings SET created_at = substr(created_at, 1, 10)
    """)


@MIGRATIONS(name="006_notice_report")
def _m006_notice_report(db: sqlite_utils.Database) -> None:
    """An achievement notice names the report that reached the target: withdrawn (or
    corrected) before it went out, the notice goes with it."""
    _script(db, "ALTER TABLE notifications ADD COLUMN report_id INTEGER")




BUSY_TIMEOUT = 5.0  # seconds a connection waits for another's write lock before "locked"


def connect(path: Path | str, synchronous: str = "FULL") -> sqlite3.Connection:
    """A connection in autocommit mode, WAL, with the given durability."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin
    (BEGIN IMMEDIATE). Several connections write to the file (the bot's, the courier's, the
    counters'); a deferred transaction that reads and then writes could not wait for the lock
    when another connection committed meanwhile (SQLITE_BUSY at once, busy_timeout or not)."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():  # a savepoint
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise


class Worker(Generic[S]):
    """One thread that owns one storage object (its own connection): `await worker(fn)` runs
    `fn(storage)` there. Calls run one at a time, in order."""

    def __init__(self, open_: Callable[[], S], name: str = "db") -> None:
        self.executor = ThreadPoolExecutor(1, thread_name_prefix=name)
        self.storage: S = self.executor.submit(open_).result()

    async def __call__(self, fn: Callable[[S], R]) -> R:
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, self.storage)

    def close(self) -> None:
        closer = getattr(self.storage, "close", None)
        if closer is not None:
            self.executor.submit(closer).result()
        self.executor.shutdown(wait=True)


class Counters:
    """Question statistics, unanswered questions and which entry each answer message showed,
    written in batches by a thread of its own with synchronous=NORMAL (no fsync per
    question). `add` and `add_answer` never wait for the database; `flush` waits until
    everything added so far is committed."""

    BATCH_WAIT = 0.2  # seconds the writer gathers counts before one transaction

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.queue: queue.Queue[tuple | threading.Event | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="counters", daemon=True)
        self.thread.start()

    def add(self, day: dt.date, status: str, entry_id: str | None, unanswered: str | None,
            at: str, typed: str = "", asker: str = "citizen") -> None:
        self.queue.put((day.isoformat(), status, entry_id or "", unanswered, at,
                        current_update.get(), typed, asker))

    def add_answer(self, chat_id: int, message_id: int, entry_id: str, day: str) -> None:
        self.queue.put(("answer", chat_id, message_id, entry_id, day))

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait (at most `timeout`) until everything added so far is committed; whether it
        is."""
        if not self.thread.is_alive():
            return True
        done = threading.Event()
        self.queue.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join(30)

    def _run(self) -> None:
        conn = connect(self.path, "NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS counted_updates (update_id INTEGER PRIMARY "
                     "KEY, day TEXT NOT NULL)")  # updates whose question is counted
        try:
            stop = False
            while not stop:
                items = [self.queue.get()]
                until = time.monotonic() + self.BATCH_WAIT
                try:  # gather what arrives in the next moment: one commit for all of it
                    while items[-1] is not None and not isinstance(items[-1], threading.Event):
                        items.append(self.queue.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    pass
                stop = items[-1] is None
                self._write(conn, [i for i in items if isinstance(i, tuple)])
                for item in items:
                    if isinstance(item, threading.Event):
                        item.set()
        finally:
            conn.close()

    @staticmethod
    def _write(conn: sqlite3.Connection, items: list[tuple]) -> None:
        if not items:
            return
        answers = [i[1:] for i in items if i[0] == "answer"]
        rows = [i for i in items if i[0] != "answer"]
        for attempt in range(10):  # a lock held elsewhere: wait (in this thread), then again
            try:
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany(
                        "INSERT INTO answers (chat_id, message_id, entry_id, day) VALUES "
                        "(?, ?, ?, ?) ON CONFLICT (chat_id, message_id) DO UPDATE SET "
                        "entry_id = excluded.entry_id", answers)
                    if not rows:
                        return
                    fresh = [r for r in rows if r[5] is None or conn.execute(
                        "INSERT OR IGNORE INTO counted_updates VALUES (?, ?)",
                        [r[5], r[0]]).rowcount]
                    if rows[0][5] is not None and rows[0][5] % 1000 == 0:
                        conn.execute("DELETE FROM counted_updates WHERE day < ?", [
                            (dt.date.fromisoformat(rows[0][0]) - dt.timedelta(7)).isoformat()])
                    counts: dict[tuple[str, str, str], int] = {}
                    for day, status, entry_id, *_ in fresh:
                        key = (day, status, entry_id)
                        counts[key] = counts.get(key, 0) + 1
                    conn.executemany(
                        "INSERT INTO question_stats (day, status, entry_id, n) VALUES "
                        "(?, ?, ?, ?) ON CONFLICT (day, status, entry_id) DO UPDATE SET "
                        "n = n + excluded.n", [(*k, n) for k, n in counts.items()])
                    conn.executemany(
                        "INSERT INTO unanswered (question, status, created_at, typed, asker) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(q[:500], status, at, typed, asker)
                         for _, status, _, q, at, _, typed, asker in fresh if q])
                return
            except sqlite3.OperationalError as exc:
                log.warning("counters not written yet (attempt %d): %s", attempt + 1, exc)
        log.error("%d question counts lost: the database stayed locked", len(rows))


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; safe to run any number of times. Returns the
    names applied."""
    _adopt_own_record(db)
    pending = [m.name for m in MIGRATIONS.pending(db)]
    MIGRATIONS.apply(db)
    return pending


def _adopt_own_record(db: sqlite_utils.Database) -> None:
    """A database from before sqlite-utils' Migrations kept the names it had applied in a table
    `migrations` of its own: they are recorded as applied, then that table goes."""
    if not db["migrations"].exists():
        return
    with db.atomic():
        MIGRATIONS.ensure_migrations_table(db)
        db.execute(
            f"INSERT INTO {MIGRATIONS.migrations_table} (migration_set, name, applied_at) "
            "SELECT ?, name, applied_at FROM migrations WHERE true "
            "ON CONFLICT (migration_set, name) DO NOTHING", [MIGRATIONS.name])
        db.execute("DROP TABLE migrations")


class Repository:
    """One area of the database (its tables and the rules on them), on the connection and
    the clock of the `Storage` that holds it; an area reaches another through `storage`."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    @property
    def db(self) -> Database:
        return self.storage.db

    @property
    def clock(self) -> Clock:
        return self.storage.clock
