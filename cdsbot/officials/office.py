"""Officials and administrators, without Telegram: who may do what, reports, invites, progress.

Every method that writes is one storage transaction with its audit row; every denial is audited
too. Handlers (and the CLI) call one method and render the result with texts_office.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cdsbot import vietnamese
from cdsbot.knowledge import Indicator, KnowledgeBase, PlanYear
from cdsbot.officials import reporting
from cdsbot.officials.reporting import NotAuthorised, Period, ReportError
from cdsbot.storage import Invite, InviteError, Pending, Report, Role, StaleReport, Storage

PENDING_VALID = dt.timedelta(minutes=30)  # an unconfirmed report expires
WITHDRAW_WITHIN = dt.timedelta(minutes=10)
INVITE_VALID = dt.timedelta(hours=48)
INVITE_TRIES = 5  # failed invite codes a person may try ...
INVITE_WINDOW = dt.timedelta(hours=1)  # ... within this window


class UnitChoice(ReportError):
    """/moi with a unit name that matches none or several units."""

    def __init__(self, given: str, choices: list[str]) -> None:
        if choices:
            message = f"Có {len(choices)} đơn vị khớp “{given[:40]}”; hãy chọn."
        else:
            message = (f"Không có đơn vị nào khớp “{given[:40]}”. Gõ tên đơn vị, ví dụ "
                       "“/moi Đồ Sơn”, hoặc thêm đơn vị vào knowledge/units.yaml.")
        super().__init__(message)
        self.choices = choices


@dataclass(frozen=True)
class Who:
    user_id: int
    admin: bool
    units: tuple[str, ...]  # units the person reports for as an official

    @property
    def official(self) -> bool:
        return bool(self.units)


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    report: Report | None

    @property
    def percent(self) -> float | None:
        if self.report is None:
            return None
        return reporting.percent_of_target(self.indicator, self.report.value)

    @property
    def reached(self) -> bool:
        return self.report is not None and reporting.reached(self.indicator, self.report.value)


@dataclass(frozen=True)
class DueReminder:
    key: str  # unique: at most one reminder per official, unit, period and window
    user_id: int
    unit_id: str
    period_label: str
    indicator_ids: list[str]


def period_of(key: str) -> Period:
    return reporting.parse_period(key)


def latest(reports: list[Report]) -> Report | None:
    """The report of the most recent period (the newest one when periods tie)."""
    if not reports:
        return None
    return max(reports, key=lambda r: (period_of(r.period).sort_key, r.id))


class Office:
    def __init__(self, kb: KnowledgeBase, storage: Storage, admins: tuple[int, ...] = (),
                 tz: str = "Asia/Ho_Chi_Minh",
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.kb = kb
        self.storage = storage
        self.admins = frozenset(admins) - reporting.SPECIAL_IDS
        self.tz = ZoneInfo(tz)
        self.clock = clock or storage.clock

    def now(self) -> dt.datetime:
        return self.clock().astimezone(self.tz)

    def today(self) -> dt.date:
        return self.now().date()

    # --- who may do what ------------------------------------------------------------------------

    def who(self, user_id: int) -> Who:
        if user_id in reporting.SPECIAL_IDS:
            return Who(user_id, False, ())
        roles = self.storage.people.active_roles(user_id)
        admin = user_id in self.admins or any(r.role == "admin" for r in roles)
        units = tuple(r.unit_id for r in roles if r.role == "official" and r.unit_id)
        return Who(user_id, admin, units)

    def require(self, user_id: int, chat_id: int, private: bool, action: str, *,
                admin: bool = False, target: str = "") -> Who:
        """The person, if they may do `action` here; otherwise audit the denial and raise."""
        who = self.who(user_id)
        if user_id in reporting.SPECIAL_IDS:
            reason = "Tài khoản ẩn danh hoặc kênh không có quyền; hãy dùng tài khoản cá nhân."
        elif not private:
            reason = "Lệnh này chỉ dùng trong tin nhắn riêng với bot."
        elif admin and not who.admin:
            reason = "Lệnh này chỉ dành cho quản trị viên."
        elif not admin and not (who.admin or who.official):
            reason = ("Bạn chưa được cấp quyền báo cáo. Hãy xin quản trị viên (cơ quan phụ trách "
                      "chuyển đổi số của thành phố) một lời mời.")
        else:
            return who
        self.storage.people.record(user_id, chat_id, action, target, "denied", reason=reason)
        raise NotAuthorised(reason)

    def units_for(self, who: Who) -> list[str]:
        if who.admin:
            return [u.id for u in self.kb.units_on(self.today())] + [
                u for u in who.units if u in self.kb.units and
                not self.kb.units[u].exists_on(self.today())]
        return list(who.units)

    def plan(self) -> PlanYear:
        """The plan in force today: reporting, reminders and progress follow it."""
        return self.kb.plan_in_force(self.today())

    def reportable(self, who: Who) -> list[Indicator]:
        """The indicators of the plan in force the person's units report."""
        return reporting.reportable(self.kb, self.units_for(who),
                                    self.kb.indicators_of(self.plan()))

    def command_level(self, user_id: int) -> str:
        """'admin', 'official' or 'citizen': which command menu the person should see."""
        who = self.who(user_id)
        return "admin" if who.admin else "official" if who.official else "citizen"

    # --- reports --------------------------------------------------------------------------------

    def propose(self, user_id: int, chat_id: int, message_id: int, private: bool,
                args: list[str], *, correction: bool = False) -> Pending | None:
        """Validate a one-line report and hold it for confirmation; None if this message
        already has one (redelivery). Raises ReportError with the message for the official."""
        action = "report.correct" if correction else "report"
        who = self.require(user_id, chat_id, private, action)
        return self._audited(user_id, chat_id, action, " ".join(args[:1]), lambda: (
            reporting.parse_report(self.kb, args, self.units_for(who), self.today(),
                                   note_required=correction)), message_id, correction)

    def propose_parts(self, user_id: int, chat_id: int, message_id: int, private: bool,
                      parts: dict[str, str], *, correction: bool = False) -> Pending | None:
        """The same for the step-by-step dialog: `parts` holds indicator, unit, period,
        value and note as the official chose or typed them."""
        action = "report.correct" if correction else "report"
        who = self.require(user_id, chat_id, private, action)
        return self._audited(user_id, chat_id, action, parts.get("indicator", ""), lambda: (
            reporting.build_draft(self.kb, parts.get("indicator", ""), parts.get("value", ""),
                                  parts.get("unit", ""), parts.get("period", ""),
                                  parts.get("note", ""), self.units_for(who), self.today(),
                                  note_required=correction)), message_id, correction)

    def _audited(self, user_id: int, chat_id: int, action: str, target: str,
                 parse: Callable[[], reporting.Draft], message_id: int,
                 correction: bool) -> Pending | None:
        parsed: reporting.Draft | None = None
        try:
            draft = parsed = parse()
            ind = self.kb.indicators[draft.indicator_id]
            existing = self.storage.reports.active_report(draft.indicator_id, draft.unit_id,
                                                          draft.period)
            if correction and existing is None:
                raise ReportError("Chưa có số liệu nào cho chỉ tiêu, đơn vị và kỳ này để sửa; "
                                  "hãy dùng /baocao.")
            if not correction and existing is not None:
                raise reporting.AlreadyReported(
                    f"Đã có số liệu {reporting.show_value(ind, existing.value)} cho "
                    f"{ind.name} – {self.unit_name(draft.unit_id)}, "
                    f"{period_of(draft.period).label}.", existing.value, draft)
            previous = existing.value if existing else self.previous_value(
                draft.indicator_id, draft.unit_id, draft.period)
            if not correction:
                reporting.check_change(ind, draft.value, previous, draft.note)
        except NotAuthorised as exc:
            self.storage.people.record(user_id, chat_id, action, target, "denied", reason=str(exc))
            raise
        except ReportError as exc:
            self.storage.people.record(user_id, chat_id, action, target, "invalid",
                                       error=str(exc)[:200])
            if exc.draft is None:
                exc.draft = parsed  # what was typed, for the fix's buttons
            raise
        return self.storage.reports.create_pending(
            user_id, chat_id, message_id, draft.indicator_id, draft.unit_id, draft.period,
            draft.value, draft.note, existing.id if existing else None, PENDING_VALID)

    def check_value(self, indicator_id: str, unit_id: str, period: str, raw: str) -> float:
        """The dialog's value step: the value, or NeedsReason when it falls (cumulative) or
        jumps by more than half against the unit's previous period; InvalidValue if not one."""
        ind = self.kb.indicators[indicator_id]
        value = reporting.parse_value(ind, raw)
        reporting.check_change(ind, value, self.previous_value(indicator_id, unit_id, period),
                               "")
        return value

    def current(self, indicator_id: str, unit_id: str, period: str) -> Report | None:
        """The active value of one indicator, unit and period."""
        return self.storage.reports.active_report(indicator_id, unit_id, period)

    def previous_value(self, indicator_id: str, unit_id: str, period: str) -> float | None:
        """The unit's latest active value for an earlier period."""
        end = period_of(period).sort_key
        earlier = [r for r in self.storage.reports.find(indicator_id, unit_id=unit_id)
                   if period_of(r.period).sort_key < end]
        found = latest(earlier)
        return found.value if found else None

    def _own_pending(self, pending_id: int, user_id: int, chat_id: int, action: str) -> Pending:
        pending = self.storage.reports.pending(pending_id)
        if pending is None:
            raise ReportError("Báo cáo này không còn. Hãy gửi lại /baocao.")
        if pending.user_id != user_id:
            self.storage.people.record(user_id, chat_id, action, pending.indicator_id, "denied",
                                       reason="not the reporter", pending=pending_id)
            raise NotAuthorised("Chỉ người gửi báo cáo mới xác nhận hoặc hủy được.")
        if pending.state != "pending":
            raise ReportError("Báo cáo này đã được xử lý rồi.")
        if pending.expires_at <= self.clock().astimezone(dt.UTC).isoformat(timespec="seconds"):
            self.storage.reports.set_pending_state(pending, "expired", user_id, "report.expire")
            raise ReportError("Báo cáo đã hết hạn xác nhận (30 phút). Hãy gửi lại /baocao.")
        return pending

    def confirm(self, pending_id: int, user_id: int, chat_id: int, private: bool
                ) -> tuple[Pending, Report]:
        """The presser confirms: re-check rights, store report + audit (+ achievement)."""
        pending = self._own_pending(pending_id, user_id, chat_id, "report.confirm")
        who = self.require(user_id, chat_id, private, "report.confirm",
                           target=pending.indicator_id)
        if not who.admin and pending.unit_id not in who.units:
            reason = f"Bạn không còn phụ trách đơn vị “{pending.unit_id}”."
            self.storage.people.record(user_id, chat_id, "report.confirm", pending.indicator_id,
                                       "denied", reason=reason)
            raise NotAuthorised(reason)
        ind = self.kb.indicators[pending.indicator_id]
        notification = None
        already = self.progress_of(ind).reached
        if reporting.reached(ind, pending.value) and not already:
            period = period_of(pending.period)
            unit = self.kb.units.get(pending.unit_id)
            body = f"Theo báo cáo của {self.unit_name(pending.unit_id)} kỳ {period.label}"
            if ind.unit != "bool":
                body += (f": {reporting.show_value(ind, pending.value)} (mục tiêu "
                         f"{reporting.show_value(ind, float(ind.target))})")
            notification = {
                "key": f"achievement:{ind.id}", "kind": "achievement",
                "title": f"Đạt mục tiêu: {ind.name}", "body": body + ".",
                "district": unit.id if unit and unit.level == "district" else None,
            }
        try:
            report = self.storage.reports.confirm(pending, user_id, notification)
        except StaleReport as exc:
            self.storage.reports.set_pending_state(pending, "expired", user_id, "report.stale")
            now = (f"đã có số liệu {reporting.show_value(ind, exc.current.value)}"
                   if exc.current else "số liệu đã bị rút lại")
            raise ReportError(f"Trong lúc chờ xác nhận, {now} cho kỳ này. Báo cáo không được "
                              "lưu; nếu cần thay, dùng /sua kèm lý do.") from exc
        if report is None:
            raise ReportError("Báo cáo này đã được xử lý rồi.")
        return pending, report

    def cancel(self, pending_id: int, user_id: int, chat_id: int, private: bool) -> Pending:
        pending = self._own_pending(pending_id, user_id, chat_id, "report.cancel")
        self.require(user_id, chat_id, private, "report.cancel", target=pending.indicator_id)
        self.storage.reports.set_pending_state(pending, "cancelled", user_id, "report.cancel")
        return pending

    def correction_target(self, report_id: int, user_id: int, chat_id: int, private: bool
                          ) -> tuple[Report, Who]:
        """A report the person may correct (✏️ Sửa): active, of one of their units."""
        who = self.require(user_id, chat_id, private, "report.correct", target=str(report_id))
        report = self.storage.reports.report(report_id)
        if report is None or report.status != "active":
            raise ReportError("Số liệu này đã được sửa hoặc rút lại; gõ /tiendo để xem số hiện "
                              "hành và sửa từ đó.")
        if not who.admin and report.unit_id not in who.units:
            self.storage.people.record(user_id, chat_id, "report.correct", str(report_id),
                                       "denied", reason="not their unit")
            raise NotAuthorised("Bạn không phụ trách đơn vị của báo cáo này.")
        return report, who

    def withdrawable(self, user_id: int, chat_id: int, private: bool,
                     report_id: int | None = None) -> tuple[Report, Report | None]:
        """The report /rutlai (or ↩️ under a saved report) would withdraw, and the value that
        becomes current after it (the one it corrected), asked before anything changes."""
        self.require(user_id, chat_id, private, "report.withdraw")
        if report_id is None:
            report = self.storage.reports.last_withdrawable(user_id, WITHDRAW_WITHIN)
            if report is None:
                raise ReportError("Không có báo cáo nào của bạn trong 10 phút qua để rút lại. "
                                  "Muốn thay một số đã lưu, gõ /tiendo rồi bấm “✏️ Sửa”.")
        else:
            report = self._own_report(report_id, user_id)
        restored = self.storage.reports.report(report.supersedes) if report.supersedes else None
        return report, restored

    def _own_report(self, report_id: int, user_id: int) -> Report:
        report = self.storage.reports.report(report_id)
        if report is None or report.status != "active":
            raise ReportError("Báo cáo này đã được sửa hoặc rút lại rồi.")
        if report.reporter_id != user_id:
            self.storage.people.record(user_id, None, "report.withdraw", str(report_id), "denied",
                                       reason="not the reporter")
            raise NotAuthorised("Chỉ người gửi báo cáo mới rút lại được.")
        since = (self.clock() - WITHDRAW_WITHIN).astimezone(dt.UTC).isoformat(
            timespec="seconds")
        if report.created_at < since:
            raise ReportError("Đã quá 10 phút nên không rút lại được; hãy bấm “✏️ Sửa” để "
                              "thay số này (kèm lý do).")
        return report

    def withdraw(self, user_id: int, chat_id: int, private: bool,
                 report_id: int | None = None) -> Report:
        """Withdraw (after the person confirmed); the newest one when no id is given."""
        self.require(user_id, chat_id, private, "report.withdraw")
        if report_id is None:
            report = self.storage.reports.withdraw_last(user_id, chat_id, WITHDRAW_WITHIN)
            if report is None:
                raise ReportError("Không có báo cáo nào của bạn trong 10 phút qua để rút lại.")
            return report
        self._own_report(report_id, user_id)
        gone = self.storage.reports.withdraw(report_id, user_id, chat_id)
        if gone is None:
            raise ReportError("Báo cáo này đã được rút lại rồi.")
        return gone

    def own_reports(self, who: Who, limit: int = 6) -> list[Report]:
        """The newest active reports of the person's units (for ✏️ Sửa buttons)."""
        units = set(self.units_for(who))
        found = [r for r in self.storage.reports.find() if r.unit_id in units
                 and r.indicator_id in self.kb.indicators]
        return sorted(found, key=lambda r: r.id, reverse=True)[:limit]

    # --- invites and roles ----------------------------------------------------------------------

    def find_units(self, given: str) -> list[str]:
        """Units matching what an admin typed: an id, a name or part of one, with or without
        accents ("Đồ Sơn", "do son", "quan-do-son"); the best first."""
        given = given.strip()
        if given in self.kb.units:
            return [given]
        words = vietnamese.normalise(given).split()
        if not words:
            return []
        hits = []
        for unit in self.kb.units_on(self.today()):
            names = [unit.name, unit.id.replace("-", " "), *unit.aliases]
            folded = [vietnamese.normalise(n) for n in names]
            if any(" ".join(words) == f for f in folded):
                return [unit.id]
            if all(any(w in f.split() for f in folded) for w in words):
                hits.append(unit.id)
        return hits

    def invite(self, user_id: int, chat_id: int, private: bool, given: str) -> Invite:
        """A single-use invite for the unit `given` names; ReportError (with the candidates
        in `.choices`) when it names none or several."""
        self.require(user_id, chat_id, private, "invite", admin=True, target=given[:40])
        found = self.find_units(given)
        if len(found) != 1:
            raise UnitChoice(given, found)
        return self.storage.people.create_invite(secrets.token_urlsafe(12), "official", found[0],
                                                 user_id, chat_id, INVITE_VALID)

    def revoke_invite(self, user_id: int, chat_id: int, private: bool, code: str) -> Invite:
        self.require(user_id, chat_id, private, "invite.revoke", admin=True)
        gone = self.storage.people.revoke_invite(code, user_id, chat_id)
        if gone is None:
            raise ReportError("Lời mời này đã được dùng hoặc đã bị hủy.")
        return gone

    def accept(self, user_id: int, chat_id: int, private: bool, code: str) -> Role:
        """Use an invite; every failed try is audited, and after INVITE_TRIES failures in
        INVITE_WINDOW a person may not try again until the window has passed."""
        if user_id in reporting.SPECIAL_IDS or not private:
            self.storage.people.record(user_id, chat_id, "invite.use", code[:40], "denied")
            raise NotAuthorised("Hãy mở lời mời trong tin nhắn riêng với bot.")
        if self.storage.people.recent_audit(user_id, "invite.use", "invalid",
                                            INVITE_WINDOW) >= INVITE_TRIES:
            self.storage.people.record(user_id, chat_id, "invite.use", code[:40], "denied",
                                       reason="too many tries")
            raise NotAuthorised("Bạn đã thử quá nhiều lời mời sai. Hãy chờ một giờ, hoặc xin "
                                "quản trị viên gửi lại đúng đường dẫn.")
        try:
            return self.storage.people.use_invite(code, user_id, chat_id)
        except InviteError as exc:
            self.storage.people.record(user_id, chat_id, "invite.use", code[:40], "invalid",
                                       error=str(exc))
            raise

    def roles(self, user_id: int, chat_id: int, private: bool) -> tuple[list[Role],
                                                                       list[Invite]]:
        self.require(user_id, chat_id, private, "roles.list", admin=True)
        return self.storage.people.active_roles(), self.storage.people.open_invites()

    def revoke(self, user_id: int, chat_id: int, private: bool, role_id: int) -> Role:
        self.require(user_id, chat_id, private, "revoke", admin=True, target=str(role_id))
        role = self.storage.people.revoke_role(role_id, user_id, "chat")
        if role is None:
            raise ReportError("Quyền này đã được thu hồi trước đó.")
        return role

    def audit_log(self, user_id: int, chat_id: int, private: bool, limit: int = 20) -> list:
        self.require(user_id, chat_id, private, "audit.read", admin=True)
        return self.storage.people.audit_entries(limit)

    def require_admin(self, user_id: int, chat_id: int, private: bool, action: str) -> Who:
        return self.require(user_id, chat_id, private, action, admin=True)

    # --- questions ---------------------------------------------------------------------------

    # --- announcements -------------------------------------------------------------------------

    def audience(self, name: str) -> list[int]:
        """Chats an announcement goes to: 'subscribers', 'officials' (everyone with a role,
        admins included, in their private chat) or 'everyone' (both)."""
        subscribers = self.storage.notices.recipients("announcement")
        officials = sorted({r.user_id for r in self.storage.people.active_roles()} | self.admins)
        if name == "officials":
            return officials
        if name == "everyone":
            return sorted(set(subscribers) | set(officials))
        return subscribers

    # --- progress -------------------------------------------------------------------------------

    def unit_name(self, unit_id: str) -> str:
        unit = self.kb.units.get(unit_id)
        return unit.name if unit else unit_id

    def progress_of(self, ind: Indicator) -> Progress:
        return Progress(ind, latest(self.storage.reports.find(ind.id)))

    def progress(self, plan: PlanYear | None = None) -> list[Progress]:
        """Each indicator of a plan (the one in force by default) with its latest value."""
        active = self.storage.reports.find()
        by_ind: dict[str, list[Report]] = {}
        for r in active:
            by_ind.setdefault(r.indicator_id, []).append(r)
        return [Progress(ind, latest(by_ind.get(ind.id, []))) for ind in
                self.kb.indicators_of(plan or self.plan())]

    def unit_progress(self, unit_id: str) -> list[Progress]:
        """The unit's own indicators of the plan in force, each with the unit's latest."""
        unit = self.kb.units.get(unit_id)
        if unit is None:
            return []
        return [Progress(ind, latest(self.storage.reports.find(ind.id, unit_id=unit_id)))
                for ind in self.kb.indicators_of(self.plan())
                if reporting.may_report(ind, unit.level)]

    def history(self, indicator_id: str) -> tuple[Indicator, list[Report], list[Progress]]:
        """Every report of an indicator (corrections included) and each unit's latest."""
        ind = self.kb.indicators.get(indicator_id)
        if ind is None:
            raise reporting.UnknownIndicator(indicator_id,
                                             reporting.suggest_indicators(self.kb, indicator_id))
        every = self.storage.reports.find(indicator_id, status=None)
        active = [r for r in every if r.status == "active"]
        units = sorted({r.unit_id for r in active})
        per_unit = [Progress(ind, latest([r for r in active if r.unit_id == u])) for u in units]
        return ind, every, per_unit

    # --- reminders ------------------------------------------------------------------------------

    def due_reminders(self) -> list[DueReminder]:
        """What to remind now, computed from the knowledge base and the database at each tick.

        Windows: [close - d, close - next smaller d) for each configured d (days before the
        quarter closes), from the configured local time on. A missed tick or a restart inside a
        window still reminds once; keys make it at most once.
        """
        now = self.now()
        today = now.date()
        settings = self.kb.reminders
        quarter = Period(today.year, quarter=(today.month - 1) // 3 + 1)
        days_left = (quarter.end - today).days
        windows = [d for d in settings.days_before if days_left <= d]
        if not windows or (days_left == min(windows) and now.time() < settings.at):
            return []
        window = min(windows)
        due = []
        for role in self.storage.people.active_roles():
            if (role.role != "official" or role.unit_id not in self.kb.units
                    or not self.kb.units[role.unit_id].exists_on(today)):
                continue  # a unit merged away reports no more
            level = self.kb.units[role.unit_id].level
            missing = [i.id for i in self.kb.indicators_of(self.plan())
                       if i.year == today.year and reporting.may_report(i, level)
                       and self.storage.reports.active_report(i.id, role.unit_id,
                                                              quarter.key) is None]
            if missing:
                due.append(DueReminder(
                    f"remind:{role.user_id}:{role.unit_id}:{quarter.key}:{window}",
                    role.user_id, role.unit_id, quarter.label, missing))
        return due
