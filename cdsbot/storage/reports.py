"""Officials' reports (`storage.reports`): pending and confirmed reports, sent reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdsbot.events import Achievement
from cdsbot.storage.base import Repository, iso

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


def corrected_key(report_id: int) -> str:
    """The key of the notice to an official whose value this report corrected."""
    return f"corrected:{report_id}"


class StaleReport(Exception):
    """Another value was stored for the same indicator, unit and period meanwhile."""

    def __init__(self, current: Report | None) -> None:
        super().__init__("stale report")
        self.current = current


class Reports(Repository):
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

    def pending_of_message(self, chat_id: int, message_id: int) -> Pending | None:
        """The report a message made to wait for ✅ (any state), if any."""
        row = self.db.execute(
            f"SELECT {PENDING_COLUMNS} FROM pending_reports WHERE chat_id = ? AND "
            "message_id = ?", [chat_id, message_id]).fetchone()
        return Pending(*row) if row else None

    def last_pending(self, user_id: int, chat_id: int) -> Pending | None:
        """The person's latest report card in this chat, whatever became of it."""
        row = self.db.execute(
            f"SELECT {PENDING_COLUMNS} FROM pending_reports WHERE user_id = ? AND chat_id = ? "
            "ORDER BY id DESC LIMIT 1", [user_id, chat_id]).fetchone()
        return Pending(*row) if row else None

    def open_pending(self, user_id: int, chat_id: int, now: dt.datetime) -> list[Pending]:
        """The person's reports in this chat still waiting for ✅ (not expired)."""
        rows = self.db.execute(
            f"SELECT {PENDING_COLUMNS} FROM pending_reports WHERE user_id = ? AND chat_id = ? "
            "AND state = 'pending' AND expires_at > ? ORDER BY id",
            [user_id, chat_id, iso(now)]).fetchall()
        return [Pending(*r) for r in rows]

    def set_pending_state(self, pending: Pending, state: str, actor: int,
                          action: str) -> bool:
        """pending -> cancelled | expired, with its audit row; False if no longer pending."""
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE pending_reports SET state = ? WHERE id = ? AND state = 'pending'",
                [state, pending.id])
            if cur.rowcount:
                self.storage.people.audit(actor, pending.chat_id, action, pending.indicator_id,
                                          unit=pending.unit_id, period=pending.period,
                                          value=pending.value)
            return bool(cur.rowcount)

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
                self.storage.people.audit(user_id, chat_id, "report.edited", indicator_id,
                                          pending=pending_id)
            return len(rows)

    def confirm(self, pending: Pending, actor: int, notice: Achievement | None = None,
                hold: dt.timedelta = dt.timedelta(0),
                told: tuple[str, str] | None = None) -> Report | None:
        """Store a pending report: report row, superseded row, audit row and, if given, the
        achievement notice with its outbox rows, held for `hold` (while the report may still
        be withdrawn), and `told` (title, body) to the reporter of the value it corrects (the
        caller gives it when that is someone else) -- all in one transaction. A notice of the
        value it corrects that has not gone out is dropped.

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
                # the one it was proposed against (with its reason), never another. The card
                # expires, audited, in this same transaction: a second one could meet a lock
                # after this one had written, and could then not be run again.
                self.db.execute("UPDATE pending_reports SET state = 'expired' WHERE id = ?",
                                [pending.id])
                self.storage.people.audit(actor, pending.chat_id, "report.stale",
                                          pending.indicator_id, unit=pending.unit_id,
                                          period=pending.period, value=pending.value)
                stale = StaleReport(old)
            else:
                stale = None
                report = self._store(pending, old, actor, notice, hold, now, told)
        if stale is not None:
            raise stale
        return report

    def _store(self, pending: Pending, old: Report | None, actor: int,
               notice: Achievement | None, hold: dt.timedelta, now: str,
               told: tuple[str, str] | None = None) -> Report | None:
        """confirm's writes, inside its transaction: the report replaces `old`."""
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
        dropped = self.storage.notices.drop_unsent(old.id) if old else None
        self.storage.people.audit(actor, pending.chat_id,
                                  "report.correct" if old else "report",
                                  pending.indicator_id, unit=pending.unit_id,
                                  period=pending.period,
                                  old=old.value if old else None, new=pending.value,
                                  message=pending.message_id,
                                  **{"reason" if old else "note": pending.note or None},
                                  **({"notice_dropped": dropped} if dropped else {}))
        if notice is not None and report is not None:
            self.storage.notices.queue(notice.key, notice.kind, notice.title, notice.body,
                                       district=notice.district, report_id=report.id,
                                       hold=hold)
        if told is not None and old is not None and report is not None:
            # held while the correction may be withdrawn, and dropped then (a review: she was
            # told of a correction that no longer stood)
            self.storage.notices.queue(corrected_key(report.id), "corrected", *told,
                                       chats=[old.reporter_id], hold=hold)
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

    def find(self, indicator_id: str | None = None, status: str | None = "active",
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
            # its achievement notice, held while it may be withdrawn, never goes out, nor its
            # notice to the reporter of the value it had corrected
            dropped = self.storage.notices.drop_unsent(report.id)
            self.storage.notices.drop_unsent_key(corrected_key(report.id))
            self.storage.people.audit(actor, chat_id, "report.withdraw", report.indicator_id,
                                      unit=report.unit_id, period=report.period,
                                      value=report.value,
                                      **({"notice_dropped": dropped} if dropped else {}))
            return report

    def withdraw_last(self, user_id: int, chat_id: int, within: dt.timedelta) -> Report | None:
        """Withdraw the user's newest active report if it is younger than `within`."""
        found = self.last_withdrawable(user_id, within)
        return self.withdraw(found.id, user_id, chat_id) if found else None

    def active_counts(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """(unit, indicator, active reports) for the pairs with the most reports."""
        return [tuple(r) for r in self.db.execute(
            "SELECT unit_id, indicator_id, COUNT(*) FROM reports WHERE status = 'active' "
            "GROUP BY unit_id, indicator_id ORDER BY 3 DESC LIMIT ?", [limit]).fetchall()]

    # --- reminders ------------------------------------------------------------------------------

    def claim_reminder(self, key: str, user_id: int) -> bool:
        """Record a reminder before sending it; False if it was already sent (at most once)."""
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO reminders (key, user_id, sent_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING", [key, user_id, iso(self.clock())])
            return bool(cur.rowcount)
