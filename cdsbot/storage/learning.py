"""Learning from real questions, usage statistics, and a person's own data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdsbot.storage.base import iso
from cdsbot.storage.notices import NoticeStorage


@dataclass(frozen=True)
class Review:
    """A question to review: 'u<id>' an unanswered one (with how often it was asked),
    'v<id>' an answer rated 👎 (with the entry it got)."""

    key: str
    question: str
    count: int
    entry_id: str | None = None


class LearningStorage(NoticeStorage):
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

    def add_downvote(self, entry_id: str, question: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO downvotes (entry_id, question, created_at) "
                            "VALUES (?, ?, ?)", [entry_id, question[:500], iso(self.clock())])

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
            "ORDER BY id DESC LIMIT ?", [limit]).fetchall()
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

    def forget(self, user_id: int, chat_id: int, what: str) -> int:
        """Delete a person's subscription or ratings (reports and audit are records: kept)."""
        with self.db.atomic():
            if what == "subscription":
                cur = self.db.execute("DELETE FROM subscribers WHERE chat_id = ?", [chat_id])
                self.db.execute("DELETE FROM outbox WHERE chat_id = ? AND state = 'pending'",
                                [chat_id])
            elif what == "ratings":
                cur = self.db.execute("DELETE FROM ratings WHERE user_id = ?", [user_id])
            else:
                raise ValueError(what)
            self.audit(user_id, chat_id, "privacy.delete", what, rows=cur.rowcount)
            return cur.rowcount
