"""Learning (`storage.learning`): the questions the bot could not answer, the answers it sent
and their 👍/👎, the editors' review, usage statistics, and a person's own data."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cdsbot import privacy
from cdsbot.storage.base import Repository, iso

RATEABLE_DAYS = 30  # an answer's 👍/👎 buttons work this long (then the binding is deleted)


@dataclass(frozen=True)
class ReviewItem:
    """A question to review: 'u<id>' unanswered (how often, as last typed, masked), 'v<id>'
    an answer rated 👎 (with the entry it got). `asker`: citizen | official | admin."""

    key: str
    question: str  # normalised: what the answer engine learns
    typed: str
    count: int
    entry_id: str | None = None
    asker: str = "citizen"


class Learning(Repository):
    # --- question statistics: batched off the event loop --------------------------------------

    def count_asked(self, day: dt.date, status: str, entry_id: str | None,
                    unanswered: str | None = None, typed: str = "",
                    asker: str = "citizen") -> None:
        """Count one question and keep an unanswered (or only suggested) one: normalised (to
        learn from), as typed with personal data already masked (to read), and the kind of
        person who asked (no user id). Written in the next batch, off the event loop: never
        waits for the database. Read with `question_stats` and `review_items`, which see every
        count made before them."""
        self.storage.counters().add(day, status, entry_id, unanswered, iso(self.clock()), typed,
                                   asker)

    # --- statistics (no text, no user) ----------------------------------------------------------

    def question_stats(self, since: dt.date) -> list[tuple[str, str, str, int]]:
        self.storage.flush_counts()
        return [tuple(r) for r in self.db.execute(
            "SELECT day, status, entry_id, n FROM question_stats WHERE day >= ? "
            "ORDER BY day", [since.isoformat()]).fetchall()]

    def rating_summary(self, limit: int = 5) -> list[tuple[str, int, int]]:
        """(entry id, 👍 count, 👎 count) of the entries with the most 👎, then the most rated."""
        return [(e, int(up), int(down)) for e, up, down in self.db.execute(
            "SELECT entry_id, SUM(value = 1), SUM(value = -1) FROM ratings GROUP BY entry_id "
            "ORDER BY SUM(value = -1) DESC, COUNT(*) DESC LIMIT ?", [limit]).fetchall()]

    # --- answers and their ratings (privacy: no time of day, no link to a question) ---------

    def _day(self) -> str:
        return self.clock().astimezone(dt.UTC).date().isoformat()

    def remember_answer(self, chat_id: int, message_id: int, entry_id: str) -> None:
        """The bot sent `entry_id` as an answer in this message: its 👍/👎 may be pressed.
        Written with the question counts, off the event loop (never waits for a lock)."""
        self.storage.counters().add_answer(chat_id, message_id, entry_id, self._day())

    def answer_entry(self, chat_id: int, message_id: int) -> str | None:
        row = self.db.execute("SELECT entry_id FROM answers WHERE chat_id = ? AND "
                              "message_id = ?", [chat_id, message_id]).fetchone()
        return row[0] if row else None

    def rate_answer(self, user_id: int, chat_id: int, message_id: int, entry_id: str,
                    value: int, question: str | None = None, owner: str = "") -> bool | None:
        """One person's 👍 (1) or 👎 (-1) of an answer the bot really sent with this entry;
        None when the message is no such answer (a forged or stale button). True when new or
        changed. Stored with the day only; a new 👎 keeps `question` for the review
        (add_downvote) in the same transaction."""
        self.storage.flush_counts()  # answers sent a moment ago are in the next batch
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
            if value < 0 and question:
                self.add_downvote(entry_id, question, owner)
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
        self.storage.flush_counts()  # answers sent a moment ago are in the next batch
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
                self.storage.people.audit(None, None, "privacy.retention", str(keep_days), **gone)
        return gone

    # --- the editors' review of questions ----------------------------------------------------

    def attach(self, key: str, question: str, entry_id: str, by: int, chat_id: int) -> bool:
        """Add the question as a phrasing of an entry (used at once by the answer engine)."""
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO phrasings (entry_id, phrasing, added_by, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (entry_id, phrasing) DO NOTHING",
                [entry_id, question, by, iso(self.clock())])
            self._reviewed(key, question)
            self.storage.people.audit(by, chat_id, "phrasing.attach", entry_id, question=question)
            return bool(cur.rowcount)

    def dismiss(self, key: str, question: str, by: int, chat_id: int) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO dismissed (question, by, at) VALUES (?, ?, ?) "
                            "ON CONFLICT (question) DO NOTHING",
                            [question, by, iso(self.clock())])
            self._reviewed(key, question)
            self.storage.people.audit(by, chat_id, "phrasing.dismiss", "", question=question)

    def _reviewed(self, key: str, question: str) -> None:
        if key.startswith("v"):
            self.db.execute("UPDATE downvotes SET reviewed_at = ? WHERE question = ?",
                            [iso(self.clock()), question])

    def review_items(self, limit: int = 10) -> list[ReviewItem]:
        """Frequent unanswered questions not yet dismissed or attached (citizens' and staff's
        apart, by `asker`), then 👎 answers nobody reviewed."""
        self.storage.flush_counts()  # questions asked a moment ago are in the next batch
        rows = self.db.execute(
            "SELECT MIN(u.id), u.question, COUNT(*) AS n, "
            "(SELECT typed FROM unanswered t WHERE t.question = u.question AND t.typed != '' "
            " ORDER BY t.id DESC LIMIT 1), "
            "CASE WHEN SUM(u.asker = 'citizen') > 0 THEN 'citizen' ELSE MAX(u.asker) END "
            "FROM unanswered u "
            "WHERE u.question NOT IN (SELECT question FROM dismissed) "
            "AND u.question NOT IN (SELECT phrasing FROM phrasings) "
            "GROUP BY u.question ORDER BY n DESC, MIN(u.id) LIMIT ?", [limit * 2]).fetchall()
        out = [ReviewItem(f"u{i}", q, typed or q, n, None, asker)
               for i, q, n, typed, asker in rows]
        votes = self.db.execute(
            "SELECT id, question, entry_id FROM downvotes WHERE reviewed_at IS NULL "
            "ORDER BY id DESC LIMIT ?", [limit]).fetchall()
        return out + [ReviewItem(f"v{i}", q, q, 1, e) for i, q, e in votes]

    def review_item_typed(self, key: str) -> ReviewItem | None:
        kind, num = key[:1], key[1:]
        if not num.isdigit():
            return None
        if kind == "u":
            row = self.db.execute(
                "SELECT u.question, (SELECT typed FROM unanswered t WHERE t.question = "
                "u.question AND t.typed != '' ORDER BY t.id DESC LIMIT 1), u.asker "
                "FROM unanswered u WHERE u.id = ?", [int(num)]).fetchone()
            return ReviewItem(key, row[0], row[1] or row[0], 1, None, row[2]) if row else None
        if kind == "v":
            row = self.db.execute("SELECT question, entry_id FROM downvotes WHERE id = ?",
                                  [int(num)]).fetchone()
            return ReviewItem(key, row[0], row[0], 1, row[1]) if row else None
        return None

    def detach(self, key: str, question: str, entry_id: str, by: int, chat_id: int) -> bool:
        """Undo an attach: the phrasing goes, the question is to review again."""
        with self.db.atomic():
            cur = self.db.execute("DELETE FROM phrasings WHERE entry_id = ? AND phrasing = ?",
                                  [entry_id, question])
            if key.startswith("v"):
                self.db.execute("UPDATE downvotes SET reviewed_at = NULL WHERE question = ?",
                                [question])
            if cur.rowcount:
                self.storage.people.audit(by, chat_id, "phrasing.detach", entry_id,
                                          question=question)
            return bool(cur.rowcount)

    def undismiss(self, key: str, question: str, by: int, chat_id: int) -> bool:
        with self.db.atomic():
            cur = self.db.execute("DELETE FROM dismissed WHERE question = ?", [question])
            if key.startswith("v"):
                self.db.execute("UPDATE downvotes SET reviewed_at = NULL WHERE question = ?",
                                [question])
            if cur.rowcount:
                self.storage.people.audit(by, chat_id, "phrasing.undismiss", "", question=question)
            return bool(cur.rowcount)

    def phrasings(self) -> list[tuple[str, str]]:
        """(entry id, phrasing) attached by admins, oldest first."""
        return [tuple(r) for r in self.db.execute(
            "SELECT entry_id, phrasing FROM phrasings ORDER BY id").fetchall()]

    # --- a person's own data --------------------------------------------------------------------

    def my_data(self, user_id: int, chat_id: int) -> dict[str, object]:
        sub = self.storage.notices.subscription(chat_id)
        ratings = self.db.execute("SELECT COUNT(*) FROM ratings WHERE user_id = ?",
                                  [user_id]).fetchone()[0]
        reports = self.db.execute("SELECT COUNT(*) FROM reports WHERE reporter_id = ?",
                                  [user_id]).fetchone()[0]
        audit = self.db.execute("SELECT COUNT(*) FROM audit WHERE actor_id = ?",
                                [user_id]).fetchone()[0]
        return {"subscription": sub, "ratings": ratings,
                "roles": self.storage.people.active_roles(user_id), "reports": reports,
                "audit": audit}

    def forget(self, user_id: int, chat_id: int, what: str, owner: str = "") -> int:
        """Delete what can be tied to a person (reports and audit are records: kept).

        "subscription": the chat's subscription and every delivery row of it (what it was
        sent). "ratings": the person's ratings, the 👎 questions tagged with `owner`
        (privacy.owner_tag) and the answers the bot sent in the person's private chat.
        """
        self.storage.flush_counts()  # answers sent a moment ago are in the next batch
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
            self.storage.people.audit(user_id, chat_id, "privacy.delete", what, rows=rows)
            return rows
