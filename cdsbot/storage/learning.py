"""Learning from real questions, usage statistics, and a person's own data."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from cdsbot import privacy
from cdsbot.storage.base import MIGRATIONS, _script, iso
from cdsbot.storage.notices import NoticeStorage


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


# Registered here (storage/learning.py owns the privacy tables); applied by name, once.
if all(name != "005_privacy" for name, _ in MIGRATIONS):
    MIGRATIONS.append(("005_privacy", _m005_privacy))

DRAFT_VALID = dt.timedelta(minutes=30)
RATEABLE_DAYS = 30  # an answer's 👍/👎 buttons work this long (then the binding is deleted)


@dataclass(frozen=True)
class Review:
    """A question to review: 'u<id>' an unanswered one (with how often it was asked),
    'v<id>' an answer rated 👎 (with the entry it got)."""

    key: str
    question: str
    count: int
    entry_id: str | None = None


class LearningStorage(NoticeStorage):
    # --- health ---------------------------------------------------------------------------------

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

    # --- statistics (no text, no user) ----------------------------------------------------------

    def count_question(self, day: dt.date, status: str, entry_id: str | None) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO question_stats (day, status, entry_id, n) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (day, status, entry_id) DO UPDATE SET n = n + 1",
                [day.isoformat(), status, entry_id or ""])

    def question_stats(self, since: dt.date) -> list[tuple[str, str, str, int]]:
        self.flush_counts()
        return [tuple(r) for r in self.db.execute(
            "SELECT day, status, entry_id, n FROM question_stats WHERE day >= ? "
            "ORDER BY day", [since.isoformat()]).fetchall()]

    def counts(self, sql: str, args: list[object] | None = None) -> list[tuple]:
        """A read-only aggregate for the statistics (SELECT only)."""
        if not sql.lstrip().upper().startswith("SELECT"):
            raise ValueError("counts() runs SELECT statements only")
        return [tuple(r) for r in self.db.execute(sql, args or []).fetchall()]

    # --- learning -------------------------------------------------------------------------------

    # --- answers and their ratings (privacy: no time of day, no link to a question) ---------

    def _day(self) -> str:
        return self.clock().astimezone(dt.UTC).date().isoformat()

    def remember_answer(self, chat_id: int, message_id: int, entry_id: str) -> None:
        """The bot sent `entry_id` as an answer in this message: its 👍/👎 may be pressed.
        Written with the question counts, off the event loop (never waits for a lock)."""
        if str(self.path) == ":memory:":
            with self.db.atomic():
                self.db.execute("INSERT INTO answers (chat_id, message_id, entry_id, day) "
                                "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, message_id) DO UPDATE "
                                "SET entry_id = excluded.entry_id",
                                [chat_id, message_id, entry_id, self._day()])
            return
        self._counter_thread().add_answer(chat_id, message_id, entry_id, self._day())

    def answer_entry(self, chat_id: int, message_id: int) -> str | None:
        row = self.db.execute("SELECT entry_id FROM answers WHERE chat_id = ? AND "
                              "message_id = ?", [chat_id, message_id]).fetchone()
        return row[0] if row else None

    def rate_answer(self, user_id: int, chat_id: int, message_id: int, entry_id: str,
                    value: int) -> bool | None:
        """One person's 👍 (1) or 👎 (-1) of an answer the bot really sent with this entry;
        None when the message is no such answer (a forged or stale button). True when new or
        changed. Stored with the day only."""
        self.flush_counts()  # answers sent a moment ago are in the next batch
        if value not in (1, -1):
            raise ValueError("rating must be 1 or -1")
        with self.db.atomic():
            if self.answer_entry(chat_id, message_id) != entry_id:
                return None
            row = self.db.execute(
                "SELECT value FROM ratings WHERE user_id=? AND chat_id=? AND message_id=?",
                [user_id, chat_id, message_id]).fetchone()
            if row and row[0] == value:
                return False
            self.db.execute(
                "INSERT INTO ratings (user_id, chat_id, message_id, entry_id, value, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, chat_id, message_id)"
                " DO UPDATE SET value=excluded.value",
                [user_id, chat_id, message_id, entry_id, value, self._day()])
        return True

    def add_downvote(self, entry_id: str, question: str, owner: str = "") -> None:
        """A 👎 answer's question for the review: masked, with the day only and a random id
        (neither a time nor an insertion order to join with the rating), and the owner's
        one-way tag (privacy.owner_tag) so that "delete my data" can remove it."""
        stored = privacy.storable(question)
        if not stored:
            return
        with self.db.atomic():
            self.db.execute("INSERT INTO downvotes (id, entry_id, question, created_at, owner) "
                            "VALUES (?, ?, ?, ?, ?)", [secrets.randbelow(2**62) + 1, entry_id,
                                                       stored, self._day(), owner])

    # --- retention -------------------------------------------------------------------------------

    def purge_questions(self, keep_days: int) -> dict[str, int]:
        """Delete stored question texts (unanswered, 👎, dismissed) older than `keep_days`, and
        answer bindings older than RATEABLE_DAYS (or `keep_days` if shorter); returns the rows
        deleted per table."""
        self.flush_counts()  # answers sent a moment ago are in the next batch
        now = self.clock().astimezone(dt.UTC)
        cutoff = now - dt.timedelta(days=keep_days)
        day, moment = cutoff.date().isoformat(), iso(cutoff)
        rateable = (now - dt.timedelta(days=min(keep_days, RATEABLE_DAYS))).date().isoformat()
        gone = {}
        with self.db.atomic():
            for table, column, limit in (("unanswered", "created_at", moment),
                                         ("downvotes", "created_at", day),
                                         ("dismissed", "at", moment),
                                         ("answers", "day", rateable)):
                cur = self.db.execute(f"DELETE FROM {table} WHERE {column} < ?", [limit])
                gone[table] = cur.rowcount
            if any(gone.values()):
                self.audit(None, None, "privacy.retention", str(keep_days), **gone)
        return gone

    def outbox_backlog(self) -> tuple[int, str | None, int]:
        """(messages waiting, the earliest time one was due, messages that failed for good)."""
        waiting, oldest = self.db.execute(
            "SELECT COUNT(*), MIN(next_at) FROM outbox WHERE state IN ('pending', 'sending')"
        ).fetchone()
        failed = self.db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'failed'"
                                 ).fetchone()[0]
        return int(waiting), oldest, int(failed)

    # --- abuse guards ----------------------------------------------------------------------------

    def recent_audit(self, actor_id: int, action: str, outcome: str,
                     within: dt.timedelta) -> int:
        """How many `action` rows with `outcome` this person caused in the last `within`."""
        since = iso(self.clock() - within)
        return int(self.db.execute(
            "SELECT COUNT(*) FROM audit WHERE actor_id = ? AND action = ? AND outcome = ? AND "
            "at >= ?", [actor_id, action, outcome, since]).fetchone()[0])

    def expire_drafts(self, actor: int, valid: dt.timedelta = DRAFT_VALID) -> list[int]:
        """Announcement drafts older than `valid` can no longer be sent (audited)."""
        cutoff = iso(self.clock() - valid)
        with self.db.atomic():
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM drafts WHERE state = 'draft' AND created_at < ?",
                [cutoff]).fetchall()]
            for draft_id in ids:
                self.db.execute("UPDATE drafts SET state = 'cancelled' WHERE id = ?",
                                [draft_id])
                self.audit(actor, None, "announce.expire", str(draft_id))
        return ids

    def void_pending_message(self, user_id: int, chat_id: int, message_id: int) -> int:
        """The official edited the message of a pending report: the old value may no longer
        be confirmed (audited as report.edited); returns how many were voided."""
        with self.db.atomic():
            rows = self.db.execute(
                "SELECT id, indicator_id FROM pending_reports WHERE chat_id = ? AND "
                "message_id = ? AND user_id = ? AND state = 'pending'",
                [chat_id, message_id, user_id]).fetchall()
            for pending_id, indicator_id in rows:
                self.db.execute("UPDATE pending_reports SET state = 'cancelled' WHERE id = ?",
                                [pending_id])
                self.audit(user_id, chat_id, "report.edited", indicator_id, pending=pending_id)
            return len(rows)

    def to_review(self, limit: int = 10) -> list[Review]:
        """The most frequent unanswered questions (not dismissed, not attached yet), then
        answers rated 👎 that nobody reviewed."""
        self.flush_counts()
        rows = self.db.execute(
            "SELECT MIN(u.id), u.question, COUNT(*) AS n FROM unanswered u "
            "WHERE u.question NOT IN (SELECT question FROM dismissed) "
            "AND u.question NOT IN (SELECT phrasing FROM phrasings) "
            "GROUP BY u.question ORDER BY n DESC, MIN(u.id) LIMIT ?", [limit]).fetchall()
        out = [Review(f"u{i}", q, n) for i, q, n in rows]
        votes = self.db.execute(
            "SELECT id, question, entry_id FROM downvotes WHERE reviewed_at IS NULL "
            "ORDER BY created_at DESC, id LIMIT ?", [limit]).fetchall()
        out += [Review(f"v{i}", q, 1, e) for i, q, e in votes]
        return out

    def review_item(self, key: str) -> Review | None:
        kind, num = key[:1], key[1:]
        if not num.isdigit():
            return None
        if kind == "u":
            row = self.db.execute("SELECT id, question FROM unanswered WHERE id = ?",
                                  [int(num)]).fetchone()
            return Review(key, row[1], 1) if row else None
        if kind == "v":
            row = self.db.execute("SELECT id, question, entry_id FROM downvotes WHERE id = ?",
                                  [int(num)]).fetchone()
            return Review(key, row[1], 1, row[2]) if row else None
        return None

    def attach(self, key: str, question: str, entry_id: str, by: int, chat_id: int) -> bool:
        """Add the question as a phrasing of an entry (used at once by the answer engine)."""
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO phrasings (entry_id, phrasing, added_by, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (entry_id, phrasing) DO NOTHING",
                [entry_id, question, by, iso(self.clock())])
            self._reviewed(key, question)
            self.audit(by, chat_id, "phrasing.attach", entry_id, question=question)
            return bool(cur.rowcount)

    def dismiss(self, key: str, question: str, by: int, chat_id: int) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO dismissed (question, by, at) VALUES (?, ?, ?) "
                            "ON CONFLICT (question) DO NOTHING",
                            [question, by, iso(self.clock())])
            self._reviewed(key, question)
            self.audit(by, chat_id, "phrasing.dismiss", "", question=question)

    def _reviewed(self, key: str, question: str) -> None:
        if key.startswith("v"):
            self.db.execute("UPDATE downvotes SET reviewed_at = ? WHERE question = ?",
                            [iso(self.clock()), question])

    def phrasings(self) -> list[tuple[str, str]]:
        """(entry id, phrasing) attached by admins, oldest first."""
        return [tuple(r) for r in self.db.execute(
            "SELECT entry_id, phrasing FROM phrasings ORDER BY id").fetchall()]

    # --- a person's own data --------------------------------------------------------------------

    def my_data(self, user_id: int, chat_id: int) -> dict[str, object]:
        sub = self.subscription(chat_id)
        ratings = self.db.execute("SELECT COUNT(*) FROM ratings WHERE user_id = ?",
                                  [user_id]).fetchone()[0]
        reports = self.db.execute("SELECT COUNT(*) FROM reports WHERE reporter_id = ?",
                                  [user_id]).fetchone()[0]
        audit = self.db.execute("SELECT COUNT(*) FROM audit WHERE actor_id = ?",
                                [user_id]).fetchone()[0]
        return {"subscription": sub, "ratings": ratings, "roles": self.active_roles(user_id),
                "reports": reports, "audit": audit}

    def forget(self, user_id: int, chat_id: int, what: str, owner: str = "") -> int:
        """Delete what can be tied to a person (reports and audit are records: kept).

        "subscription": the chat's subscription and every delivery row of it (what it was
        sent). "ratings": the person's ratings, the 👎 questions tagged with `owner`
        (privacy.owner_tag) and the answers the bot sent in the person's private chat.
        """
        self.flush_counts()  # answers sent a moment ago are in the next batch
        with self.db.atomic():
            if what == "subscription":
                cur = self.db.execute("DELETE FROM subscribers WHERE chat_id = ?", [chat_id])
                self.db.execute("DELETE FROM outbox WHERE chat_id = ? AND state != 'sending'",
                                [chat_id])
                rows = cur.rowcount
            elif what == "ratings":
                rows = self.db.execute("DELETE FROM ratings WHERE user_id = ?",
                                       [user_id]).rowcount
                if owner:
                    rows += self.db.execute("DELETE FROM downvotes WHERE owner = ?",
                                            [owner]).rowcount
                self.db.execute("DELETE FROM answers WHERE chat_id = ?", [user_id])
            else:
                raise ValueError(what)
            self.audit(user_id, chat_id, "privacy.delete", what, rows=rows)
            return rows
