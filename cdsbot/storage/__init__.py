"""The only package that speaks SQL. `Storage` is the database: one connection (WAL +
synchronous=FULL), the migrations, and one repository per area on that connection:

    storage.people    roles, invites, names, the audit log         (storage/people.py)
    storage.notices   subscribers, notifications and their outbox, (storage/notices.py)
                      announcement drafts
    storage.learning  questions, answers and their ratings, review, (storage/learning.py)
                      usage statistics, a person's own data
    storage.reports   officials' pending and confirmed reports,    (storage/reports.py)
                      reminders

The durable inbox lives in a file of its own (storage/inbox.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cdsbot import strings
from cdsbot.storage.base import Clock, Counters, Database, connect, migrate, utcnow
from cdsbot.storage.learning import Learning, ReviewItem
from cdsbot.storage.notices import Delivery, Notices, OutboxRow, Subscription
from cdsbot.storage.people import AuditEntry, Invite, InviteError, People, Role
from cdsbot.storage.reports import Pending, Report, Reports, StaleReport
from cdsbot.storage.thread import Busy, DatabaseThread, impatient

__all__ = ["AuditEntry", "Busy", "Clock", "DatabaseError", "DatabaseThread", "Delivery",
           "Invite", "InviteError", "OperationalError", "OutboxRow", "Pending", "Report",
           "ReviewItem", "Role",
           "StaleReport", "Storage", "Subscription", "utcnow"]

# What a caller outside this package catches (it never imports sqlite3): any database error;
# an operational one (mostly: locked by another connection for longer than busy_timeout).
DatabaseError = sqlite3.Error
OperationalError = sqlite3.OperationalError


class Storage:
    """The bot's database. Not thread-safe: one thread at a time (the bot's: its database
    thread, storage.thread.DatabaseThread); another thread opens its own with `reopen` (see
    storage.base.Worker)."""

    def __init__(self, path: Path | str, clock: Clock = utcnow) -> None:
        self.path = Path(path)  # a file: the counters' thread opens it too
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(connect(path))
        self.clock = clock
        self._counters: Counters | None = None
        self.migrate()
        self.people = People(self)
        self.notices = Notices(self)
        self.learning = Learning(self)
        self.reports = Reports(self)

    def close(self) -> None:
        if self._counters is not None:
            self._counters.close()
        self.db.close()

    def reopen(self) -> Storage:
        """Another storage object on the same file (for another thread)."""
        return type(self)(self.path, clock=self.clock)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; safe to run any number of times."""
        return migrate(self.db)

    def counters(self) -> Counters:
        """The thread that writes question counts and answer bindings in batches."""
        if self._counters is None:
            self._counters = Counters(self.path)
        return self._counters

    def flush_counts(self) -> None:
        """Wait until every count made so far is committed. In the bot's database thread
        (storage.thread) only a moment: then a count not yet written is "locked", and the
        call is run again a little later."""
        if self._counters is None:
            return
        quick = getattr(impatient, "on", False)
        if not self._counters.flush(0.1 if quick else 2.0) and quick:
            raise OperationalError("database is locked: the counts are not written yet")

    def backup(self, target: Path) -> str:
        """A consistent copy of the live database (VACUUM INTO), checked with
        PRAGMA integrity_check; returns the check's answer ('ok' when sound)."""
        target = Path(target)
        if target.exists():
            raise FileExistsError(strings.cli.backup_exists(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.db.execute("VACUUM INTO ?", [str(target)])
        check = sqlite3.connect(str(target))
        try:
            return str(check.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            check.close()

    def check_usable(self) -> None:
        """Raise sqlite3.Error unless the database reads back sound and takes a write: run at
        start so that a truncated or read-only file stops the bot with one clear line instead
        of failing every update."""
        result = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({result})")
        with self.db.atomic():  # a real write (the header's user_version), then kept as it was
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            self.db.execute(f"PRAGMA user_version = {int(version) + 1}")
            self.db.execute(f"PRAGMA user_version = {int(version)}")

