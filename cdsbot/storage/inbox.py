"""The durable inbox: every update is stored before Telegram is told it arrived, marked done
once handled; after a crash the unfinished ones are handled again.

It lives in a file of its own next to the database (`cdsbot.db` -> `cdsbot.inbox.db`), used
from one thread of its own: a lock on the main database (a backup, an admin command) never
stops updates from coming in, and nothing here runs on the event loop. Updates are stored as
the JSON Telegram sent; the update_id is the key, so a redelivery is recognised and dropped.
WAL with synchronous=FULL: an update is on disk before its receipt is acknowledged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cdsbot.storage.base import Database, connect, iso, utcnow

KEEP_DONE = dt.timedelta(days=2)  # handled updates are kept this long to drop redeliveries


def inbox_path(db: Path | str) -> Path:
    db = Path(db)
    return db.with_name(db.stem + ".inbox" + (db.suffix or ".db"))


class Inbox:
    """The inbox table. Not thread-safe: use it from one thread (see storage.base.Worker)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(connect(self.path))
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS inbox (update_id INTEGER PRIMARY KEY, body TEXT NOT "
            "NULL, received_at TEXT NOT NULL, done_at TEXT)")
        self.db.execute("CREATE INDEX IF NOT EXISTS inbox_open ON inbox (done_at)")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, update_id: int, body: dict) -> bool:
        """Store one update (committed, fsync'd) before it is acknowledged; False when it was
        stored before (a redelivery: it is handled, or being handled, already). An id handled
        longer ago than KEEP_DONE is a new update: after a week without updates Telegram picks
        the next id at random, and it may be one seen long ago."""
        return self.add_many([body], [update_id])[0]

    def add_many(self, bodies: list[dict], update_ids: list[int] | None = None) -> list[bool]:
        """`add` for a whole getUpdates batch in one commit (one fsync, not one per update);
        for each update, True when it is new. The ids are the bodies' own by default."""
        now = utcnow()
        recent = iso(now - KEEP_DONE)
        ids = update_ids or [int(body["update_id"]) for body in bodies]
        fresh = []
        with self.db.atomic():
            for update_id, body in zip(ids, bodies, strict=True):
                seen = self.db.execute("SELECT done_at FROM inbox WHERE update_id = ?",
                                       [update_id]).fetchone()
                if seen is not None and (seen[0] is None or seen[0] >= recent):
                    fresh.append(False)
                    continue
                self.db.execute(
                    "INSERT OR REPLACE INTO inbox (update_id, body, received_at, done_at) "
                    "VALUES (?, ?, ?, NULL)",
                    [update_id, json.dumps(body, ensure_ascii=False), iso(now)])
                fresh.append(True)
        return fresh

    def done(self, update_ids: list[int]) -> None:
        """Mark handled updates; now and then forget those handled long ago."""
        now = utcnow()
        with self.db.atomic():
            self.db.conn.executemany("UPDATE inbox SET done_at = ? WHERE update_id = ?",
                                     [(iso(now), u) for u in update_ids])
            if update_ids and update_ids[0] % 500 == 0:
                self.db.execute("DELETE FROM inbox WHERE done_at < ?", [iso(now - KEEP_DONE)])

    def unfinished(self) -> list[dict]:
        """Updates stored but not handled (a crash came between), oldest first."""
        rows = self.db.execute(
            "SELECT body FROM inbox WHERE done_at IS NULL ORDER BY update_id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def counts(self) -> tuple[int, int]:
        """(handled, not handled yet)."""
        row = self.db.execute("SELECT COALESCE(SUM(done_at IS NOT NULL), 0), "
                              "COALESCE(SUM(done_at IS NULL), 0) FROM inbox").fetchone()
        return int(row[0]), int(row[1])
