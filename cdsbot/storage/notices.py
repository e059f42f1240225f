"""Notices (`storage.notices`): subscribers, notifications with their outbox, announcement
drafts.

A notification is written once under a unique key together with one outbox row per recipient,
in one transaction, before anything is sent. The courier then moves each row
pending -> sending -> sent | blocked | failed, one committed step at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdsbot.storage.base import Repository, iso

DRAFT_VALID = dt.timedelta(minutes=30)  # an announcement draft can be sent this long
TOPICS = ("milestones", "achievements", "announcements")
KIND_TOPIC = {"milestone": "milestones", "achievement": "achievements",
              "announcement": "announcements"}


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    user_id: int | None
    milestones: bool
    achievements: bool
    announcements: bool
    district: str | None
    active: bool

    @property
    def any_topic(self) -> bool:
        return self.milestones or self.achievements or self.announcements


@dataclass(frozen=True)
class OutboxRow:
    id: int
    notification_id: int
    chat_id: int
    state: str
    attempts: int
    kind: str
    title: str
    body: str
    urgent: bool
    subscribed: bool = True  # a subscriber's notice: /huytheodoi stops it (the footer says so)


@dataclass(frozen=True)
class Delivery:
    notification_id: int
    key: str
    title: str
    report_chat: int | None
    counts: dict[str, int]


class Notices(Repository):
    # --- subscriptions --------------------------------------------------------------------------

    def subscription(self, chat_id: int) -> Subscription | None:
        row = self.db.execute(
            "SELECT chat_id, user_id, milestones, achievements, announcements, district, active "
            "FROM subscribers WHERE chat_id = ?", [chat_id]).fetchone()
        if row is None:
            return None
        return Subscription(row[0], row[1], bool(row[2]), bool(row[3]), bool(row[4]), row[5],
                            bool(row[6]))

    def subscribe(self, chat_id: int, user_id: int | None) -> Subscription:
        """Start (or restart) a subscription; a new one has every topic on."""
        now = iso(self.clock())
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO subscribers (chat_id, user_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET active = 1, "
                "blocked_at = NULL, updated_at = excluded.updated_at",
                [chat_id, user_id, now, now])
            found = self.subscription(chat_id)
            if found is not None and not found.any_topic:
                self.db.execute("UPDATE subscribers SET milestones = 1, achievements = 1, "
                                "announcements = 1 WHERE chat_id = ?", [chat_id])
        found = self.subscription(chat_id)
        assert found is not None
        return found

    def set_topic(self, chat_id: int, topic: str, on: bool) -> Subscription | None:
        if topic not in TOPICS:
            raise ValueError(topic)
        with self.db.atomic():
            self.db.execute(f"UPDATE subscribers SET {topic} = ?, updated_at = ? "
                            "WHERE chat_id = ?", [int(on), iso(self.clock()), chat_id])
            if not on:
                self._drop_queued(chat_id, [k for k, t in KIND_TOPIC.items() if t == topic])
        return self.subscription(chat_id)

    def _drop_queued(self, chat_id: int, kinds: list[str]) -> None:
        """Inside a transaction: the copies of these kinds not yet sent to a chat that no longer
        wants them (those being sent right now go out)."""
        self.db.execute(
            "DELETE FROM outbox WHERE chat_id = ? AND state = 'pending' AND notification_id IN "
            f"(SELECT id FROM notifications WHERE kind IN ({', '.join('?' * len(kinds))}))",
            [chat_id, *kinds])

    def set_district(self, chat_id: int, district: str | None) -> Subscription | None:
        with self.db.atomic():
            self.db.execute("UPDATE subscribers SET district = ?, updated_at = ? "
                            "WHERE chat_id = ?", [district, iso(self.clock()), chat_id])
        return self.subscription(chat_id)

    def unsubscribe(self, chat_id: int) -> bool:
        """Stop every notice to a chat, those already queued for it included."""
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE subscribers SET active = 0, updated_at = ? WHERE chat_id = ? AND "
                "active = 1", [iso(self.clock()), chat_id])
            self._drop_queued(chat_id, list(KIND_TOPIC))
            return bool(cur.rowcount)

    def reactivate(self, chat_id: int) -> bool:
        """A person who had blocked the bot came back with /start."""
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE subscribers SET active = 1, blocked_at = NULL, updated_at = ? "
                "WHERE chat_id = ? AND blocked_at IS NOT NULL", [iso(self.clock()), chat_id])
            return bool(cur.rowcount)

    def recipients(self, kind: str, district: str | None = None) -> list[int]:
        """Active subscribers of the kind's topic; a district filter applies to achievements
        of a district (subscribers of another district are skipped)."""
        topic = KIND_TOPIC[kind]
        sql = f"SELECT chat_id FROM subscribers WHERE active = 1 AND {topic} = 1"
        args: list[object] = []
        if district:
            sql += " AND (district IS NULL OR district = ?)"
            args.append(district)
        return [r[0] for r in self.db.execute(sql + " ORDER BY chat_id", args).fetchall()]

    def subscriber_counts(self) -> dict[str, int]:
        """Active subscribers in all ('active') and per topic."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(active), 0), COALESCE(SUM(active AND milestones), 0), "
            "COALESCE(SUM(active AND achievements), 0), "
            "COALESCE(SUM(active AND announcements), 0) FROM subscribers").fetchone()
        return dict(zip(("active", *TOPICS), map(int, row), strict=True))

    # --- notifications and the outbox -----------------------------------------------------------

    def queue(self, key: str, kind: str, title: str, body: str, *, urgent: bool = False,
              district: str | None = None, report_chat: int | None = None,
              chats: list[int] | None = None, report_id: int | None = None,
              hold: dt.timedelta = dt.timedelta(0)) -> int | None:
        """Inside a transaction: the notification and its outbox rows (to `chats`, by default
        the kind's subscribers), due after `hold`; None if the key exists. `report_id`: the
        report an achievement comes from (`drop_unsent`). A personal notice (a role granted
        or revoked, an invite used) goes at once, quiet hours or not: they are for the
        subscribers' notices."""
        now = self.clock()
        urgent = urgent or kind not in KIND_TOPIC
        cur = self.db.execute(
            "INSERT INTO notifications (key, kind, title, body, created_at, urgent, unit_id, "
            "report_chat, report_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING",
            [key, kind, title, body, iso(now), int(urgent), district, report_chat, report_id])
        if not cur.rowcount:
            return None
        nid = cur.lastrowid
        chats = self.recipients(kind, district) if chats is None else sorted(set(chats))
        self.db.conn.executemany(
            "INSERT INTO outbox (notification_id, chat_id, next_at) VALUES (?, ?, ?)",
            [(nid, chat, iso(now + hold)) for chat in chats])
        return len(chats)

    _UNSENT = ("SELECT n.key FROM notifications n WHERE {} = ? AND NOT EXISTS (SELECT 1 FROM "
               "outbox o WHERE o.notification_id = n.id AND o.state != 'pending')")

    def unsent(self, report_id: int) -> str | None:
        """The key of the notice that report gave rise to, while no copy of it has been sent
        or is being sent; None otherwise."""
        row = self.db.execute(self._UNSENT.format("n.report_id"), [report_id]).fetchone()
        return row[0] if row else None

    def drop_unsent(self, report_id: int) -> str | None:
        """Inside a transaction: delete the notice a withdrawn or corrected report gave rise
        to, if none of it went out, so that its key is free for the value that stands; returns
        the key dropped."""
        key = self.unsent(report_id)
        return key if key is not None and self.drop_unsent_key(key) else None

    def drop_unsent_key(self, key: str) -> bool:
        """Inside a transaction: delete the notification with this key if no copy of it has
        gone out (also a correction's notice to the reporter, when the correction is withdrawn
        within its hold); True if it was dropped."""
        if self.db.execute(self._UNSENT.format("n.key"), [key]).fetchone() is None:
            return False
        self.db.execute("DELETE FROM outbox WHERE notification_id = (SELECT id FROM "
                        "notifications WHERE key = ?)", [key])
        self.db.execute("DELETE FROM notifications WHERE key = ?", [key])
        return True

    def notify(self, key: str, kind: str, title: str, body: str, **options: object
               ) -> int | None:
        """Write a notification once; returns its recipient count, None if already written."""
        with self.db.atomic():
            return self.queue(key, kind, title, body, **options)  # type: ignore[arg-type]

    def written(self, key: str) -> bool:
        """True when a notification with this key was written (and not dropped)."""
        return self.db.execute("SELECT 1 FROM notifications WHERE key = ?",
                               [key]).fetchone() is not None

    def announced(self, key: str, unit_id: str) -> bool:
        """True when a notification with this key was written for this unit (its district)."""
        return self.db.execute("SELECT 1 FROM notifications WHERE key = ? AND unit_id = ?",
                               [key, unit_id]).fetchone() is not None

    def notifications(self) -> list[tuple[str, str, str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT key, kind, title, body FROM notifications ORDER BY id").fetchall()]

    def claim(self, now: dt.datetime, non_urgent: bool, skip: tuple[int, ...] = (),
              limit: int = 1) -> list[OutboxRow]:
        """Up to `limit` rows due (oldest first), each marked 'sending' before the send, in one
        committed transaction. After a crash, rows left 'sending' are due again. `skip`: rows
        being sent right now (the courier keeps several in flight)."""
        rows: list[OutboxRow] = []
        with self.db.atomic():
            while len(rows) < limit:
                row = self.db.execute(
                    "SELECT o.id, o.notification_id, o.chat_id, o.state, o.attempts, n.kind, "
                    "n.title, n.body, n.urgent, EXISTS (SELECT 1 FROM subscribers s WHERE "
                    "s.chat_id = o.chat_id AND s.active = 1) FROM outbox o JOIN notifications n "
                    "ON n.id = o.notification_id WHERE o.state IN ('pending', 'sending') AND "
                    "o.next_at <= ? AND (? OR n.urgent = 1) "
                    f"AND o.id NOT IN ({', '.join('?' * (len(skip) + len(rows)))}) "
                    "ORDER BY o.next_at, o.id LIMIT 1",
                    [iso(now), int(non_urgent), *skip, *(r.id for r in rows)]).fetchone()
                if row is None:
                    break
                self.db.execute("UPDATE outbox SET state = 'sending' WHERE id = ?", [row[0]])
                rows.append(OutboxRow(*row[:8], bool(row[8]),
                                      subscribed=bool(row[9]) and row[5] in KIND_TOPIC))
        return rows

    def mark_sent(self, sent: list[tuple[int, int | None]]) -> None:
        """(outbox row, Telegram message id) of rows sent, in one transaction."""
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?, error = NULL "
                "WHERE id = ?", [(iso(self.clock()), message_id, row_id)
                                 for row_id, message_id in sent])

    def mark_retry(self, row_id: int, error: str, when: dt.datetime, count: bool = True) -> None:
        """Back to pending, due at `when`; `count` adds an attempt (not for RetryAfter)."""
        with self.db.atomic():
            self.db.execute("UPDATE outbox SET state = 'pending', attempts = attempts + ?, "
                            "error = ?, next_at = ? WHERE id = ?",
                            [int(count), error[:300], iso(when), row_id])

    def mark_failed(self, row_id: int, error: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
                            "error = ? WHERE id = ?", [error[:300], row_id])

    def mark_blocked(self, row_id: int, chat_id: int) -> None:
        """The person blocked the bot: this row and every pending one for the chat stop, and
        the subscriber becomes inactive until they /start again."""
        now = iso(self.clock())
        with self.db.atomic():
            self.db.execute("UPDATE outbox SET state = 'blocked', error = 'Forbidden' "
                            "WHERE chat_id = ? AND (id = ? OR state IN ('pending', 'sending'))",
                            [chat_id, row_id])
            self.db.execute("UPDATE subscribers SET active = 0, blocked_at = ? "
                            "WHERE chat_id = ?", [now, chat_id])

    def migrate_chat(self, row_id: int, old: int, new: int) -> None:
        """A group became a supergroup: the subscription and pending rows move to the new id."""
        with self.db.atomic():
            self.db.execute("UPDATE OR IGNORE subscribers SET chat_id = ? WHERE chat_id = ?",
                            [new, old])
            self.db.execute("UPDATE OR IGNORE outbox SET chat_id = ?, state = 'pending' "
                            "WHERE chat_id = ? AND state IN ('pending', 'sending')", [new, old])
            self.db.execute("UPDATE outbox SET state = 'failed', error = 'chat migrated' "
                            "WHERE id = ? AND chat_id = ?", [row_id, old])

    def delivery(self) -> list[Delivery]:
        """Outbox counts by state for every notification, newest first."""
        rows = self.db.execute(
            "SELECT n.id, n.key, n.title, n.report_chat, o.state, COUNT(o.id) FROM "
            "notifications n LEFT JOIN outbox o ON o.notification_id = n.id "
            "GROUP BY n.id, o.state ORDER BY n.id DESC").fetchall()
        out: dict[int, Delivery] = {}
        for nid, key, title, report_chat, state, count in rows:
            d = out.setdefault(nid, Delivery(nid, key, title, report_chat, {}))
            if state:
                d.counts[state] = count
        return list(out.values())

    def outbox_backlog(self) -> tuple[int, str | None, int]:
        """(messages waiting, the earliest time one was due, messages that failed for good)."""
        waiting, oldest = self.db.execute(
            "SELECT COUNT(*), MIN(next_at) FROM outbox WHERE state IN ('pending', 'sending')"
        ).fetchone()
        failed = self.db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'failed'"
                                 ).fetchone()[0]
        return int(waiting), oldest, int(failed)

    def delivery_counts(self) -> dict[str, int]:
        """Outbox rows by state (pending, sending, sent, blocked, failed), all notifications."""
        return dict(self.db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"
                                    ).fetchall())

    def finished_reports(self) -> list[Delivery]:
        """Announcements whose delivery ended and whose admin has not been told yet."""
        waiting = {r[0] for r in self.db.execute(
            "SELECT id FROM notifications WHERE report_chat IS NOT NULL AND reported_at IS "
            "NULL").fetchall()}
        return [d for d in self.delivery() if d.notification_id in waiting
                and not (d.counts.get("pending") or d.counts.get("sending"))]

    def mark_reported(self, notification_id: int) -> bool:
        with self.db.atomic():
            cur = self.db.execute("UPDATE notifications SET reported_at = ? WHERE id = ? AND "
                                  "reported_at IS NULL", [iso(self.clock()), notification_id])
            return bool(cur.rowcount)

    # --- announcement drafts --------------------------------------------------------------------

    def create_draft(self, admin_id: int, chat_id: int, text: str) -> int:
        with self.db.atomic():
            cur = self.db.execute("INSERT INTO drafts (admin_id, chat_id, text, created_at) "
                                  "VALUES (?, ?, ?, ?)", [admin_id, chat_id, text,
                                                          iso(self.clock())])
            return int(cur.lastrowid)

    def draft(self, draft_id: int) -> tuple[int, int, str, str] | None:
        row = self.db.execute("SELECT admin_id, chat_id, text, state FROM drafts WHERE id = ?",
                              [draft_id]).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    def send_draft(self, draft_id: int, actor: int, title: str, urgent: bool,
                   chats: list[int] | None = None, audience: str = "subscribers"
                   ) -> int | None:
        """Draft -> notification + outbox (to `chats`, by default the subscribers) + audit, in
        one transaction; None if already done."""
        with self.db.atomic():
            cur = self.db.execute("UPDATE drafts SET state = 'sent' WHERE id = ? AND "
                                  "state = 'draft'", [draft_id])
            if not cur.rowcount:
                return None
            _, chat_id, text, _ = self.draft(draft_id)  # type: ignore[misc]
            count = self.queue(f"announcement:{draft_id}", "announcement", title, text,
                               urgent=urgent, report_chat=chat_id, chats=chats)
            self.storage.people.audit(actor, chat_id, "announce", str(draft_id), recipients=count,
                                      urgent=urgent, audience=audience)
            return count

    def cancel_draft(self, draft_id: int, actor: int) -> bool:
        with self.db.atomic():
            cur = self.db.execute("UPDATE drafts SET state = 'cancelled' WHERE id = ? AND "
                                  "state = 'draft'", [draft_id])
            if cur.rowcount:
                self.storage.people.audit(actor, None, "announce.cancel", str(draft_id))
            return bool(cur.rowcount)

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
                self.storage.people.audit(actor, None, "announce.expire", str(draft_id))
        return ids
