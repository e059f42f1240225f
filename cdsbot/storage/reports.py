"""Pending and confirmed reports, the notification queue, sent reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdsbot.events import Achievement
from cdsbot.storage.base import iso
from cdsbot.storage.learning import LearningStorage

REPORT_COLUMNS = ("id, indicator_id, unit_id, period, value, note, reporter_id, chat_id, "
                  "message_id, created_at, status, supersedes, changed_at")
PENDING_COLUMNS = ("id, user_id, chat_id, message_id, indicator_id, unit_id, period, value, "
                   "note, supersedes, created_at, expires_at, state")


@dataclass(frozen=True)
class Report:
    id: int
    indicator_id: str
    unit_id: str
    period: str
    value: float
    note: str
    reporter_id: int
    chat_id: int
    message_id: int
    created_at: str
    status: str  # active | superseded | withdrawn
    supersedes: int | None
    changed_at: str | None


@dataclass(frozen=True)
class Pending:
    id: int
    user_id: int
    chat_id: int
    message_id: int
    indicator_id: str
    unit_id: str
    period: str
    value: float
    note: str
    supersedes: int | None
    created_at: str
    expires_at: str
    state: str  # pending | confirmed | cancelled | expired


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


class StaleReport(Exception):
    """Another value was stored for the same indicator, unit and period meanwhile."""

    def __init__(self, current: Report | None) -> None:
        super().__init__("stale report")
        self.current = current


class Storage(LearningStorage):
    """The bot's database (see cdsbot.storage)."""

    # --- pending reports ------------------------------------------------------------------------

    def create_pending(self, user_id: int, chat_id: int, message_id: int, indicator_id: str,
                       unit_id: str, period: str, value: float, note: str,
                       supersedes: int | None, valid: dt.timedelta) -> Pending | None:
        """A report waiting for confirmation; None when this message already has one
        (the same Telegram message delivered twice)."""
        now = self.clock()
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO pending_reports (user_id, chat_id, message_id, indicator_id, "
                "unit_id, period, value, note, supersedes, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (chat_id, message_id) DO NOTHING",
                [user_id, chat_id, message_id, indicator_id, unit_id, period, value, note,
                 supersedes, iso(now), iso(now + valid)])
            if not cur.rowcount:
                return None
            return self.pending(cur.lastrowid)

    def pending(self, pending_id: int) -> Pending | None:
        row = self.db.execute(f"SELECT {PENDING_COLUMNS} FROM pending_reports WHERE id = ?",
                              [pending_id]).fetchone()
        return Pending(*row) if row else None

    def set_pending_state(self, pending: Pending, state: str, actor: int,
                          action: str) -> bool:
        """pending -> cancelled | expired, with its audit row; False if no longer pending."""
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE pending_reports SET state = ? WHERE id = ? AND state = 'pending'",
                [state, pending.id])
            if cur.rowcount:
                self.audit(actor, pending.chat_id, action, pending.indicator_id,
                           unit=pending.unit_id, period=pending.period, value=pending.value)
            return bool(cur.rowcount)

    def confirm(self, pending: Pending, actor: int,
                notice: Achievement | None = None) -> Report | None:
        """Store a pending report: report row, superseded row, audit row and, if given, the
        achievement notice with its outbox rows -- all in one transaction.

        None when the pending report was no longer pending (a second press)."""
        now = iso(self.clock())
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE pending_reports SET state = 'confirmed' WHERE id = ? AND "
                "state = 'pending'", [pending.id])
            if not cur.rowcount:
                return None
            old = self.active_report(pending.indicator_id, pending.unit_id, pending.period)
            if (old.id if old else None) != pending.supersedes:
                # the value changed while this one waited: a new value only ever replaces
                # the one it was proposed against (with its reason), never another
                raise StaleReport(old)
            if old is not None:
                self.db.execute(
                    "UPDATE reports SET status = 'superseded', changed_at = ? WHERE id = ?",
                    [now, old.id])
            cur = self.db.execute(
                "INSERT INTO reports (indicator_id, unit_id, period, value, note, reporter_id, "
                "chat_id, message_id, created_at, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)",
                [pending.indicator_id, pending.unit_id, pending.period, pending.value,
                 pending.note, pending.user_id, pending.chat_id, pending.message_id, now,
                 old.id if old else None])
            report = self.report(cur.lastrowid)
            self.audit(actor, pending.chat_id, "report.correct" if old else "report",
                       pending.indicator_id, unit=pending.unit_id, period=pending.period,
                       old=old.value if old else None, new=pending.value,
                       message=pending.message_id, reason=pending.note or None)
            if notice is not None:
                self._notify(notice.key, notice.kind, notice.title, notice.body,
                             district=notice.district)
        return report

    # --- confirmed reports ----------------------------------------------------------------------

    def report(self, report_id: int) -> Report | None:
        row = self.db.execute(f"SELECT {REPORT_COLUMNS} FROM reports WHERE id = ?",
                              [report_id]).fetchone()
        return Report(*row) if row else None

    def active_report(self, indicator_id: str, unit_id: str, period: str) -> Report | None:
        row = self.db.execute(
            f"SELECT {REPORT_COLUMNS} FROM reports WHERE indicator_id = ? AND unit_id = ? AND "
            "period = ? AND status = 'active'", [indicator_id, unit_id, period]).fetchone()
        return Report(*row) if row else None

    def reports(self, indicator_id: str | None = None, status: str | None = "active",
                unit_id: str | None = None) -> list[Report]:
        """Reports, oldest first; filters are optional."""
        sql, args = f"SELECT {REPORT_COLUMNS} FROM reports WHERE 1", []
        for column, value in (("indicator_id", indicator_id), ("status", status),
                              ("unit_id", unit_id)):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        return [Report(*r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]

    def last_withdrawable(self, user_id: int, within: dt.timedelta) -> Report | None:
        """The user's newest active report younger than `within`."""
        row = self.db.execute(
            f"SELECT {REPORT_COLUMNS} FROM reports WHERE reporter_id = ? AND "
            "status = 'active' AND created_at >= ? ORDER BY id DESC LIMIT 1",
            [user_id, iso(self.clock() - within)]).fetchone()
        return Report(*row) if row else None

    def withdraw(self, report_id: int, actor: int, chat_id: int) -> Report | None:
        """Withdraw one active report (the value it corrected, if any, is active again), with
        its audit row; None if it is no longer active (a second press)."""
        with self.db.atomic():
            report = self.report(report_id)
            if report is None or report.status != "active":
                return None
            self.db.execute(
                "UPDATE reports SET status = 'withdrawn', changed_at = ? WHERE id = ? AND "
                "status = 'active'", [iso(self.clock()), report.id])
            if report.supersedes:  # the corrected value comes back
                self.db.execute("UPDATE reports SET status = 'active', changed_at = ? "
                                "WHERE id = ?", [iso(self.clock()), report.supersedes])
            self.audit(actor, chat_id, "report.withdraw", report.indicator_id,
                       unit=report.unit_id, period=report.period, value=report.value)
            return report

    def withdraw_last(self, user_id: int, chat_id: int, within: dt.timedelta) -> Report | None:
        """Withdraw the user's newest active report if it is younger than `within`."""
        found = self.last_withdrawable(user_id, within)
        return self.withdraw(found.id, user_id, chat_id) if found else None

    # --- questions to review (as typed, by who asked) ----------------------------------------

    def review_items(self, limit: int = 10) -> list[ReviewItem]:
        """Frequent unanswered questions not yet dismissed or attached (citizens' and staff's
        apart, by `asker`), then 👎 answers nobody reviewed."""
        self.flush_counts()  # questions asked a moment ago are in the next batch
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
                self.audit(by, chat_id, "phrasing.detach", entry_id, question=question)
            return bool(cur.rowcount)

    def undismiss(self, key: str, question: str, by: int, chat_id: int) -> bool:
        with self.db.atomic():
            cur = self.db.execute("DELETE FROM dismissed WHERE question = ?", [question])
            if key.startswith("v"):
                self.db.execute("UPDATE downvotes SET reviewed_at = NULL WHERE question = ?",
                                [question])
            if cur.rowcount:
                self.audit(by, chat_id, "phrasing.undismiss", "", question=question)
            return bool(cur.rowcount)

    # --- reminders ------------------------------------------------------------------------------

    def claim_reminder(self, key: str, user_id: int) -> bool:
        """Record a reminder before sending it; False if it was already sent (at most once)."""
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO reminders (key, user_id, sent_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING", [key, user_id, iso(self.clock())])
            return bool(cur.rowcount)
