"""Officials and administrators, without Telegram: who may do what, reports, invites, progress,
and the administrators' tools (export, announcements, the review of questions, reload, usage).

Every method that needs a right starts with `require(actor, action)`, which reads the one table
of rules (cdsbot.permissions), audits a refusal and raises NotAuthorised. Every method that
writes is one storage transaction with its audit row. Handlers (and the CLI) call one method and
render the result with strings.office.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from cdsbot import exports, permissions, privacy, stats, strings, vietnamese
from cdsbot.events import (
    Achievement,
    Exported,
    Invalid,
    Refused,
    Reloaded,
    Viewed,
    achievement_key,
)
from cdsbot.knowledge import Indicator, KnowledgeBase, PlanYear, Unit
from cdsbot.live import Live
from cdsbot.officials import reporting
from cdsbot.officials.reporting import (
    PENDING_VALID,
    WITHDRAW_WITHIN,
    NotAuthorised,
    Period,
    ReportError,
)
from cdsbot.permissions import Actor
from cdsbot.storage import (
    AuditEntry,
    Invite,
    InviteError,
    Pending,
    Report,
    Role,
    Storage,
    Subscription,
)
from cdsbot.storage.learning import ReviewItem
from cdsbot.storage.notices import DRAFT_VALID, TOPICS
from cdsbot.storage.reports import StaleReport

INVITE_VALID = dt.timedelta(hours=48)
INVITE_TRIES = 5  # failed invite codes a person may try ...
INVITE_WINDOW = dt.timedelta(hours=1)  # ... within this window
ANNOUNCE_MAX = 3500  # UTF-16 units of an announcement (Telegram counts those)
AUDIENCES = ("subscribers", "officials", "everyone")
REVIEW_CHOICES = 3  # entries offered to attach a question to
AUDIT_SHOWN, AUDIT_MAX = 20, 100  # /nhatky's rows: by default, and at most
RETYPE_LATE = dt.timedelta(days=1)  # a card expired this long ago is still what "nhầm, …" fixes
AUDIT_COUNT_BELOW = 1000  # /nhatky N up to this is a count (no person's Telegram id is this low)


def _card_line(card: Pending, value: str, period: str = "", note: str = "") -> str:
    """The one-line command that would hold a card's report again, with this value (and
    period, note): what to send when the card cannot be changed in place."""
    command = "/sua" if card.supersedes is not None else "/baocao"
    return (f"{command} {card.indicator_id} {value} {card.unit_id} {period or card.period} "
            f"{note}").strip()


class UnitChoice(ReportError):
    """/moi with a unit name that matches none or several units."""

    def __init__(self, given: str, choices: list[str], example: str) -> None:
        super().__init__(strings.office.unit_choice(given, len(choices), example))
        self.choices = choices


class Usage(ReportError):
    """A command without what it needs: `str(exc)` is the usage line, in HTML."""

    html = True


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


Runner = Callable[..., Awaitable[Any]]  # `await run(fn, *args)`: fn(*args), somewhere


async def _directly(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class Office:
    def __init__(self, live: Live, storage: Storage, admins: tuple[int, ...] = (),
                 tz: str = "Asia/Ho_Chi_Minh",
                 clock: Callable[[], dt.datetime] | None = None,
                 owner_key: str = "cdsbot") -> None:
        """`owner_key` keys the one-way tags of people's 👎 questions (the bot's token)."""
        self.live = live
        self.storage = storage
        self.admins = frozenset(admins) - permissions.SPECIAL_IDS
        self.tz = ZoneInfo(tz)
        self.clock = clock or storage.clock
        self.owner_key = owner_key
        live.asker, live.today = self.command_level, self.today  # the books of questions

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base being served now."""
        return self.live.kb

    def now(self) -> dt.datetime:
        return self.clock().astimezone(self.tz)

    def today(self) -> dt.date:
        return self.now().date()

    # --- who may do what ------------------------------------------------------------------------

    def who(self, user_id: int) -> Who:
        if user_id in permissions.SPECIAL_IDS:
            return Who(user_id, False, ())
        roles = self.storage.people.active_roles(user_id)
        admin = user_id in self.admins or any(r.role == "admin" for r in roles)
        units = tuple(r.unit_id for r in roles if r.role == "official" and r.unit_id)
        return Who(user_id, admin, units)

    def require(self, actor: Actor, action: str, target: str = "") -> Who:
        """The person, if the rule of `action` (cdsbot.permissions.RULES) lets them do it
        here; otherwise audit the refusal and raise NotAuthorised with its reason."""
        who = self.who(actor.user_id)
        reason = permissions.refusal(permissions.RULES[action], actor, who.admin, who.official)
        if reason is None:
            return who
        self._deny(actor, action, target, self._was_revoked(actor.user_id, reason))
        raise AssertionError("unreachable")

    def _was_revoked(self, user_id: int, reason: str) -> str:
        """A refusal for want of a role the person had and lost says so (not "chưa được cấp
        quyền", as if they never had it)."""
        role = {strings.office.DENIED_OFFICIAL: "official",
                strings.office.DENIED_ADMIN: "admin"}.get(reason)
        lost = self.storage.people.last_revoked(user_id, role) if role else None
        if lost is None:
            return reason
        return strings.office.role_was_revoked(self.kb, lost, self.tz)

    def _deny(self, actor: Actor, action: str, target: str, reason: str,
              pending: int | None = None) -> None:
        """Audit a refusal and raise it (the rule's, or one about the object itself)."""
        self.storage.people.record(actor.user_id, actor.chat_id,
                                   Refused(target, of=action, reason=reason, pending=pending))
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

    def reportable_to(self, user_id: int) -> list[Indicator]:
        """`reportable` for a person by id (their roles are read from the database)."""
        return self.reportable(self.who(user_id))

    def command_level(self, user_id: int) -> str:
        """'admin', 'official' or 'citizen': which command menu the person should see."""
        who = self.who(user_id)
        return "admin" if who.admin else "official" if who.official else "citizen"

    # --- reports --------------------------------------------------------------------------------

    def start_report(self, actor: Actor) -> list[str]:
        """/baocao alone: the units the person reports for (ReportError: nothing to report)."""
        who = self.require(actor, "report")
        if not self.reportable(who):
            raise ReportError(strings.office.DIALOG_NOTHING)
        return self.units_for(who)

    def propose(self, actor: Actor, message_id: int, args: list[str], *,
                correction: bool = False) -> Pending | None:
        """Validate a one-line report and hold it for confirmation; None if this message
        already has one (redelivery). Raises ReportError with the message for the official."""
        action = "report.correct" if correction else "report"
        who = self.require(actor, action)
        return self._audited(actor, action, " ".join(args[:1]), lambda: (
            reporting.parse_report(self.kb, args, self.units_for(who), self.today(),
                                   note_required=correction)), message_id, correction)

    def propose_parts(self, actor: Actor, message_id: int, parts: dict[str, str], *,
                      correction: bool = False) -> Pending | None:
        """The same for the step-by-step dialog: `parts` holds indicator, unit, period,
        value and note as the official chose or typed them."""
        action = "report.correct" if correction else "report"
        who = self.require(actor, action)
        return self._audited(actor, action, parts.get("indicator", ""), lambda: (
            reporting.build_draft(self.kb, parts.get("indicator", ""), parts.get("value", ""),
                                  parts.get("unit", ""), parts.get("period", ""),
                                  parts.get("note", ""), self.units_for(who), self.today(),
                                  note_required=correction)), message_id, correction)

    def _audited(self, actor: Actor, action: str, target: str,
                 parse: Callable[[], reporting.Draft], message_id: int,
                 correction: bool) -> Pending | None:
        parsed: reporting.Draft | None = None
        try:
            try:
                draft = parsed = parse()
            except reporting.NeedsReason as exc:
                # a correction without its reason, of a period with no value: say that first
                # (asking the reason, then "nothing to correct", wastes a message)
                typed = exc.draft
                if correction and typed is not None and self.storage.reports.active_report(
                        typed.indicator_id, typed.unit_id, typed.period) is None:
                    raise ReportError(strings.office.NOTHING_TO_CORRECT) from exc
                raise
            ind = self.kb.indicators[draft.indicator_id]
            existing = self.storage.reports.active_report(draft.indicator_id, draft.unit_id,
                                                          draft.period)
            if correction and existing is None:
                raise ReportError(strings.office.NOTHING_TO_CORRECT)
            if correction and existing is not None and existing.value == draft.value:
                raise ReportError(strings.office.same_value(  # "Thay cho: 42,5%" for 42,5
                    reporting.show_value(ind, existing.value)))
            if not correction and existing is not None:
                raise reporting.AlreadyReported(strings.office.already_reported(
                    reporting.show_value(ind, existing.value), ind.name,
                    self.unit_name(draft.unit_id), period_of(draft.period).label),
                    existing.value, draft)
            previous = existing.value if existing else self.previous_value(
                draft.indicator_id, draft.unit_id, draft.period)
            if not correction:
                reporting.check_change(ind, draft.value, previous, draft.note)
        except NotAuthorised as exc:
            self._deny(actor, action, target, str(exc))
        except ReportError as exc:
            self.storage.people.record(actor.user_id, actor.chat_id,
                                       Invalid(target, of=action, error=str(exc)[:200]))
            if exc.draft is None:
                exc.draft = parsed  # what was typed, for the fix's buttons
            raise
        return self.storage.reports.create_pending(
            actor.user_id, actor.chat_id, message_id, draft.indicator_id, draft.unit_id,
            draft.period, draft.value, draft.note, existing.id if existing else None,
            PENDING_VALID)

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

    def _own_pending(self, actor: Actor, pending_id: int, action: str) -> Pending:
        pending = self.storage.reports.pending(pending_id)
        if pending is None:
            raise ReportError(strings.office.PENDING_GONE)
        if pending.user_id != actor.user_id:
            self._deny(actor, action, pending.indicator_id, strings.office.NOT_THE_REPORTER,
                       pending=pending_id)
        if pending.state != "pending":  # saved, or cancelled / expired / refused: say which
            raise ReportError(strings.office.CARD_CLOSED.get(pending.state,
                                                             strings.office.ALREADY_HANDLED))
        if pending.expires_at <= self.clock().astimezone(dt.UTC).isoformat(timespec="seconds"):
            self.storage.reports.set_pending_state(pending, "expired", actor.user_id,
                                                   "report.expire")
            raise ReportError(strings.office.pending_expired(PENDING_VALID))
        return pending

    def confirm(self, actor: Actor, pending_id: int) -> tuple[Pending, Report]:
        """The presser confirms: re-check rights, store report + audit (+ achievement)."""
        pending = self._own_pending(actor, pending_id, "report.confirm")
        who = self.require(actor, "report.confirm", target=pending.indicator_id)
        if not who.admin and pending.unit_id not in who.units:
            self._deny(actor, "report.confirm", pending.indicator_id,
                       strings.office.no_longer_unit(self.unit_name(pending.unit_id)))
        ind = self.kb.indicators.get(pending.indicator_id)
        if ind is None:  # taken out of the knowledge base by a reload while the card waited
            self.storage.reports.set_pending_state(pending, "expired", actor.user_id,
                                                   "report.expire")
            raise ReportError(strings.office.INDICATOR_GONE)
        notice = None
        # the reports whose latest period is the figure /tiendo shows: the unit's own for a
        # district's (commune's) target, reached by each, once; every unit's for the city's
        standing = [r for r in self.storage.reports.find(
            ind.id, unit_id=pending.unit_id if ind.per_unit else None)
            if r.id != pending.supersedes]
        # announced once: a figure dropping below the target and reaching it again is not
        # news a second time (a notice dropped before it went out, with the value it came
        # from corrected or withdrawn, was never announced)
        already = self.storage.notices.written(
            achievement_key(ind.id, pending.unit_id if ind.per_unit else None)) or (
            ind.per_unit and self.storage.notices.announced(
                achievement_key(ind.id), pending.unit_id))  # under the key of before (no unit)
        if pending.supersedes is not None and self.storage.notices.unsent(pending.supersedes):
            already = False  # the value corrected reached it, and its notice never went out
        # a late figure of an earlier period changes nothing shown (a trial: "đạt mục tiêu"
        # went out for Q1 while /tiendo showed Q4 short of it)
        shown = not any(period_of(r.period).sort_key > period_of(pending.period).sort_key
                        for r in standing)
        if shown and reporting.reached(ind, pending.value) and not already:
            unit = self.kb.units.get(pending.unit_id)
            notice = Achievement(*strings.office.achievement(
                ind, self.unit_name(pending.unit_id), period_of(pending.period).label,
                pending.value), indicator_id=ind.id,
                district=unit.id if unit and unit.level == "district" else None,
                unit_id=pending.unit_id if ind.per_unit else None)
        # an official whose value someone else (an administrator) corrects is told (a staff
        # trial: the reporter's 70 was superseded, and she never knew)
        old = (self.storage.reports.report(pending.supersedes)
               if pending.supersedes is not None else None)
        told = (strings.office.corrected_notice(self.kb, ind, pending.unit_id, pending.period,
                                                old.value, pending.value, pending.note)
                if old is not None and old.reporter_id != actor.user_id else None)
        try:
            report = self.storage.reports.confirm(pending, actor.user_id, notice,
                                                  hold=WITHDRAW_WITHIN, told=told)
        except StaleReport as exc:  # the card expired (audited) when found stale
            raise ReportError(strings.office.stale(
                reporting.show_value(ind, exc.current.value) if exc.current else None)) from exc
        if report is None:
            raise ReportError(strings.office.ALREADY_HANDLED)
        return pending, report

    def card_closed(self, pending_id: int) -> bool:
        """True when a card's report was cancelled or expired (refused as stale, voided by an
        edit): its ✅ / ✖ go. A saved one's card already shows the saved report's buttons."""
        pending = self.storage.reports.pending(pending_id)
        return pending is not None and pending.state in ("cancelled", "expired")

    def cancel(self, actor: Actor, pending_id: int) -> Pending:
        pending = self._own_pending(actor, pending_id, "report.cancel")
        self.require(actor, "report.cancel", target=pending.indicator_id)
        self.storage.reports.set_pending_state(pending, "cancelled", actor.user_id,
                                               "report.cancel")
        return pending

    def cancel_open(self, actor: Actor) -> list[Pending]:
        """/huy (or "hủy") with no dialog open: the person's reports waiting for ✅ in this
        chat are cancelled, as ✖ would (audited); the ones cancelled."""
        done = []
        for pending in self.storage.reports.open_pending(actor.user_id, actor.chat_id,
                                                         self.clock()):
            self.require(actor, "report.cancel", target=pending.indicator_id)
            if self.storage.reports.set_pending_state(pending, "cancelled", actor.user_id,
                                                      "report.cancel"):
                done.append(pending)
        return done

    def retype_open(self, actor: Actor, message_id: int,
                    said: str) -> tuple[Pending, Pending | None] | None:
        """"à nhầm, 58,5 chứ" (or "nhầm, quý 2 chứ") under the person's one report card
        waiting for ✅ here: that card is cancelled and its report, with this value (or
        period), held for ✅ in its place, in one transaction (a change refused leaves the
        card as it was). (the card replaced, the new one: None when this message was handled
        already, delivered again); None when there is no card open here, or the message says
        neither a value nor a period again. Several open: Usage (which one would it be?)."""
        done = self.storage.reports.pending_of_message(actor.chat_id, message_id)
        if done is not None:  # delivered again: the card it made stands (a staff trial: the
            return done, None  # second copy cancelled it, audited as the official's /huy)
        cards = self.storage.reports.open_pending(actor.user_id, actor.chat_id, self.clock())
        if not cards:
            self._retype_too_late(actor, said)
            return None
        if len(cards) > 1:
            raise Usage(strings.office.retype_which(len(cards)))
        card = cards[0]
        ind = self.kb.indicators.get(card.indicator_id)
        if ind is None:
            return None
        value = reporting.retyped_value(said)
        period = reporting.retyped_period(said, ind.year) if value is None else None
        if value is None and period is None:  # "nhầm rồi, quý 3 là 58,5": not read (a review:
            # it was "outside what I know", and what was typed lost)
            raise Usage(strings.office.retype_unread(_card_line(
                card, reporting.typed_value(ind, card.value))))
        correction = card.supersedes is not None
        parts = {"indicator": card.indicator_id, "unit": card.unit_id,
                 "period": period.key if period else card.period,
                 "value": value if value is not None else reporting.typed_value(ind, card.value),
                 "note": card.note}
        action = "report.correct" if correction else "report"
        self.require(actor, "report.cancel", target=card.indicator_id)
        self.require(actor, action)
        try:
            with self.storage.db.atomic():
                self.storage.reports.set_pending_state(card, "cancelled", actor.user_id,
                                                       "report.cancel")
                return card, self.propose_parts(actor, message_id, parts, correction=correction)
        except ReportError as exc:  # rolled back with the card: the refusal is kept all the same
            self.storage.people.record(actor.user_id, actor.chat_id, Refused(
                card.indicator_id, of=action, reason=str(exc)) if isinstance(
                exc, NotAuthorised) else Invalid(card.indicator_id, of=action,
                                                 error=str(exc)[:200]))
            if isinstance(exc, reporting.NeedsReason):  # a fall or a jump: the whole line to
                # send, with its reason (the reason sent next was read as a citizen's question)
                raise Usage(strings.office.retype_with_reason(
                    _card_line(card, parts["value"], parts["period"]))) from exc
            raise

    def _retype_too_late(self, actor: Actor, said: str) -> None:
        """A value said again for a card that expired unconfirmed within the last day: Usage
        with the line to send (it was "outside what I know": a review)."""
        card = self.storage.reports.last_pending(actor.user_id, actor.chat_id)
        if card is None or card.state not in ("pending", "expired"):
            return
        ended = dt.datetime.fromisoformat(card.expires_at)
        if not ended <= self.clock().astimezone(dt.UTC) <= ended + RETYPE_LATE:
            return
        ind = self.kb.indicators.get(card.indicator_id)
        value = reporting.retyped_value(said)
        if ind is None or value is None:
            return
        raise Usage(strings.office.retype_expired(_card_line(card, value, note=card.note)))

    def correctable(self, actor: Actor) -> list[Report]:
        """/sua with too few words: the reports the person may correct (✏️ buttons)."""
        return self.own_reports(self.require(actor, "report.correct"))

    def correction_target(self, actor: Actor, report_id: int) -> tuple[Report, Who]:
        """A report the person may correct (✏️ Sửa): active, of one of their units."""
        who = self.require(actor, "report.correct", target=str(report_id))
        report = self.storage.reports.report(report_id)
        if report is None or report.status != "active":
            raise ReportError(strings.office.CORRECTED_MEANWHILE)
        if not who.admin and report.unit_id not in who.units:
            self._deny(actor, "report.correct", str(report_id), strings.office.NOT_YOUR_UNIT)
        return report, who

    def withdrawable(self, actor: Actor, report_id: int | None = None
                     ) -> tuple[Report, Report | None]:
        """The report /rutlai (or ↩️ under a saved report) would withdraw, and the value that
        becomes current after it (the one it corrected), asked before anything changes."""
        self.require(actor, "report.withdraw")
        if report_id is None:
            report = self.storage.reports.last_withdrawable(actor.user_id, WITHDRAW_WITHIN)
            if report is None:
                raise ReportError(strings.office.nothing_to_withdraw(WITHDRAW_WITHIN, True))
        else:
            report = self._own_report(actor, report_id)
        return report, self.superseded(report)

    def superseded(self, report: Report) -> Report | None:
        """The value a report corrected (current again once it is withdrawn)."""
        return self.storage.reports.report(report.supersedes) if report.supersedes else None

    def _own_report(self, actor: Actor, report_id: int) -> Report:
        report = self.storage.reports.report(report_id)
        if report is None or report.status != "active":
            raise ReportError(strings.office.WITHDRAWN_ALREADY)
        if report.reporter_id != actor.user_id:
            self._deny(actor, "report.withdraw", str(report_id),
                       strings.office.ONLY_REPORTER_WITHDRAWS)
        since = (self.clock() - WITHDRAW_WITHIN).astimezone(dt.UTC).isoformat(
            timespec="seconds")
        if report.created_at < since:
            raise ReportError(strings.office.too_late_to_withdraw(WITHDRAW_WITHIN))
        return report

    def withdraw(self, actor: Actor, report_id: int | None = None) -> Report:
        """Withdraw (after the person confirmed); the newest one when no id is given."""
        self.require(actor, "report.withdraw")
        if report_id is None:
            report = self.storage.reports.withdraw_last(actor.user_id, actor.chat_id,
                                                        WITHDRAW_WITHIN)
            if report is None:
                raise ReportError(strings.office.nothing_to_withdraw(WITHDRAW_WITHIN, False))
            return report
        self._own_report(actor, report_id)
        gone = self.storage.reports.withdraw(report_id, actor.user_id, actor.chat_id)
        if gone is None:
            raise ReportError(strings.office.WITHDRAWN_BEFORE)
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
        return self._find_units(given, self.kb.units_on(self.today()))

    def _find_units(self, given: str, units: list[Unit]) -> list[str]:
        given = given.strip()
        if given in self.kb.units:
            return [given]
        words = vietnamese.normalise(given).split()
        if not words:
            return []
        hits = []
        for unit in units:
            names = [unit.name, unit.id.replace("-", " "), *unit.aliases]
            folded = [vietnamese.normalise(n) for n in names]
            if any(" ".join(words) == f for f in folded):
                return [unit.id]
            if all(any(w in f.split() for f in folded) for w in words):
                hits.append(unit.id)
        return hits

    def invite(self, actor: Actor, given: str) -> Invite:
        """A single-use invite for the unit `given` names; Usage when it names nothing,
        UnitChoice (the candidates in `.choices`) when it names none or several."""
        self.require(actor, "invite", target=given[:40])
        if not given.strip():
            raise Usage(strings.office.invite_usage(
                strings.office.invite_example(self.kb, self.today())))
        found = self.find_units(given) or self._find_units(given, list(self.kb.units.values()))
        gone = [self.kb.units[u] for u in found if not self.kb.units[u].exists_on(self.today())]
        if gone and len(gone) == len(found):  # "do son", "quan-do-son" after 30/6/2025
            self.storage.people.record(actor.user_id, actor.chat_id, Invalid(
                gone[0].id, of="invite", error=strings.office.UNIT_NOT_TODAY))
            raise ReportError(strings.office.unit_gone(gone, self.today()))
        if len(found) != 1:
            raise UnitChoice(given, found, strings.office.invite_example(self.kb, self.today()))
        if reporting.out_of_time(self.kb, found[0], self.kb.indicators_of(self.plan())):
            self.storage.people.record(actor.user_id, actor.chat_id, Invalid(
                found[0], of="invite", error=strings.office.UNIT_OUT_OF_PLAN))
            raise ReportError(strings.office.out_of_plan(self.kb.units[found[0]], self.plan()))
        return self.storage.people.create_invite(secrets.token_urlsafe(12), "official", found[0],
                                                 actor.user_id, actor.chat_id, INVITE_VALID)

    def revoke_invite(self, actor: Actor, code: str) -> Invite:
        self.require(actor, "invite.revoke")
        gone = self.storage.people.revoke_invite(code, actor.user_id, actor.chat_id)
        if gone is None:
            raise ReportError(strings.office.INVITE_GONE)
        return gone

    def accept(self, actor: Actor, code: str) -> Role:
        """Use an invite; every failed try is audited, and after INVITE_TRIES failures in
        INVITE_WINDOW a person may not try again until the window has passed. Whoever made
        the invite is told that it was used, and by whom."""
        self.require(actor, "invite.use", target=code[:40])
        if self.storage.people.recent_audit(actor.user_id, "invite.use", "invalid",
                                            INVITE_WINDOW) >= INVITE_TRIES:
            self._deny(actor, "invite.use", code[:40], strings.office.TOO_MANY_INVITE_TRIES)
        try:
            return self.storage.people.use_invite(
                code, actor.user_id, actor.chat_id,
                notice=lambda role: strings.office.invite_used(self.kb, role))
        except InviteError as exc:
            self.storage.people.record(actor.user_id, actor.chat_id,
                                       Invalid(code[:40], of="invite.use", error=str(exc)))
            raise

    def roles(self, actor: Actor, viewed: bool = True) -> tuple[list[Role], list[Invite]]:
        """/quyen: active roles and open invites (`viewed`: audited as a view; not when the
        list is only redrawn after a button under it)."""
        self.require(actor, "roles.list")
        found = self.storage.people.active_roles(), self.storage.people.open_invites()
        if viewed:
            self.storage.people.record(actor.user_id, actor.chat_id, Viewed(of="roles.list"))
        return found

    def revoke_question(self, actor: Actor, role_id: int) -> Role:
        """The role "Thu hồi: …" under /quyen would revoke, asked before anything changes."""
        self.require(actor, "revoke", target=str(role_id))
        role = self.storage.people.role(role_id)
        if role is None or role.revoked_at is not None:
            raise ReportError(strings.office.REVOKED_BEFORE)
        return role

    def revoke(self, actor: Actor, role_id: int) -> Role:
        self.require(actor, "revoke", target=str(role_id))
        role = self.storage.people.revoke_role(role_id, actor.user_id, "chat",
                                               notice=self.revoke_notice)
        if role is None:
            raise ReportError(strings.office.REVOKED_BEFORE)
        return role

    def revoke_notice(self, role: Role) -> tuple[str, str]:
        """(title, body) queued to a person whose role is revoked, as a grant is told."""
        return strings.office.revoke_notice(self.kb, role.role, role.unit_id)

    def audit_log(self, actor: Actor, given: str = "") -> tuple[list[AuditEntry], int | None]:
        """/nhatky [N | user id | @username]: the latest AUDIT_SHOWN entries, the latest N (at
        most AUDIT_MAX), or one person's; and whose (None: everyone's). Usage for anything
        else. The view itself is audited after the entries are read."""
        self.require(actor, "audit.read")
        limit, person = AUDIT_SHOWN, None
        given = given.strip()
        if given.isascii() and given.isdigit() and 0 < int(given) <= AUDIT_COUNT_BELOW:
            limit = min(int(given), AUDIT_MAX)  # "/nhatky 1000": a count, not user 1000
        elif given.isascii() and given.isdigit() and int(given) < 2**53:
            person, limit = int(given), AUDIT_MAX
        elif given.startswith("@") and len(given) > 1:
            person = next((uid for uid, (_, username) in self.storage.people.names().items()
                           if username.lower() == given[1:].lower()), None)
            if person is None:
                raise ReportError(strings.office.unknown_username(given[:40]))
            limit = AUDIT_MAX
        elif given:
            raise Usage(strings.office.audit_usage(AUDIT_SHOWN, AUDIT_MAX))
        entries = self.storage.people.audit_entries(limit, actor_id=person)
        self.storage.people.record(actor.user_id, actor.chat_id, Viewed(
            "" if person is None else str(person), of="audit.read"))
        return entries, person

    # --- administrators' tools ------------------------------------------------------------------

    def export(self, actor: Actor, kind: str = "") -> tuple[str, bytes]:
        """/xuat [kind]: the reports (by default), or another of exports.KINDS, as CSV (YAML
        for phrasings; UTF-8 with a BOM: Excel opens it with accents); the kind exported and
        its bytes. An unknown kind is Usage, listing the kinds; the export is audited."""
        self.require(actor, "export")
        found = exports.kind_of(vietnamese.normalise(kind))
        if found is None:
            raise Usage(strings.office.export_usage(exports.KINDS))
        kind = found
        data = exports.export(kind, self.kb, self.storage).encode("utf-8-sig")
        self.storage.people.record(actor.user_id, actor.chat_id, Exported(kind,
                                                                          bytes=len(data)))
        return kind, data

    async def reload(self, actor: Actor, db: Runner | None = None) -> list[str]:
        """/tailai: validate and serve the edited knowledge base, or keep the last good one;
        the problems (none when it was switched). Audited either way. `db` runs the database
        work (the bot's database thread; directly without one)."""
        run = db or _directly
        await run(self.require, actor, "reload")
        problems = await self.live.reload(await run(self.live.phrasings))
        await run(self.storage.people.record, actor.user_id, actor.chat_id,
                  Reloaded("knowledge", problems=len(problems)))
        return problems

    def usage(self, actor: Actor) -> stats.Stats:
        """/thongke: the last seven days."""
        self.require(actor, "stats")
        found = stats.gather(self.storage, self.today())
        self.storage.people.record(actor.user_id, actor.chat_id, Viewed(of="stats"))
        return found

    # --- announcements --------------------------------------------------------------------------

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

    def draft_announcement(self, actor: Actor, text: str) -> int:
        """/thongbao <text>: a draft to preview; Usage without text, ReportError if long."""
        self.require(actor, "announce")
        if not text:
            raise Usage(strings.citizen.ANNOUNCE_USAGE)
        if len(text.encode("utf-16-le")) // 2 > ANNOUNCE_MAX:  # Telegram counts UTF-16 units
            raise ReportError(strings.office.announcement_too_long(ANNOUNCE_MAX))
        return self.storage.notices.create_draft(actor.user_id, actor.chat_id, text)

    def announcement(self, actor: Actor, draft_id: int, cancelling: bool = False
                     ) -> tuple[int, int, str, str] | None:
        """A draft the admin presses a button under, expired ones expired first: None when
        it is gone; ReportError when it expired or was cancelled (unless `cancelling`)."""
        self.require(actor, "announce")
        expired = draft_id in self.storage.notices.expire_drafts(actor.user_id)
        draft = self.storage.notices.draft(draft_id)
        if expired or (draft is not None and draft[3] == "cancelled" and not cancelling):
            raise ReportError(strings.office.draft_expired(DRAFT_VALID))
        return draft

    def cancel_announcement(self, actor: Actor, draft_id: int) -> None:
        draft = self.announcement(actor, draft_id, cancelling=True)
        if not self.storage.notices.cancel_draft(draft_id, actor.user_id):
            self.storage.people.record(actor.user_id, actor.chat_id, Invalid(
                str(draft_id), of="announce.cancel", state=draft[3] if draft else "missing"))
            raise ReportError(strings.office.ANNOUNCE_SENT_ALREADY if draft and
                              draft[3] == "sent" else strings.citizen.EXPIRED_BUTTON)

    def send_announcement(self, actor: Actor, draft_id: int, audience: str,
                          urgent: bool) -> int:
        """Queue the draft to its audience (one outbox row per chat); how many chats."""
        self.announcement(actor, draft_id)
        count = self.storage.notices.send_draft(draft_id, actor.user_id,
                                                strings.citizen.ANNOUNCE_TITLE, urgent=urgent,
                                                chats=self.audience(audience), audience=audience)
        if count is None:
            raise ReportError(strings.office.ANNOUNCE_HANDLED)
        return count

    # --- the review of questions ----------------------------------------------------------------

    def review_items(self, actor: Actor) -> list[ReviewItem]:
        """/chuatraloi: the questions to review, citizens' first."""
        self.require(actor, "review")
        return self.storage.learning.review_items()

    def review_item(self, actor: Actor, key: str) -> ReviewItem:
        """One question under review (ReportError when it is gone)."""
        self.require(actor, "review")
        item = self.storage.learning.review_item_typed(key)
        if item is None:
            raise ReportError(strings.citizen.EXPIRED_BUTTON)
        return item

    def review_choices(self, item: ReviewItem) -> list[str]:
        """The entries the answer engine would offer for the question (not the one shown)."""
        ranked = self.live.assistant.index.rank(item.question, REVIEW_CHOICES + 1)
        return [e for e, _ in ranked if e != item.entry_id][:REVIEW_CHOICES]

    def search_entries(self, words: str, limit: int = 8) -> list[str]:
        """Entries whose title or phrasings hold every word typed (accents optional), then the
        answer engine's ranking: a search over all entries, not only the engine's guesses."""
        folded = vietnamese.normalise(words).split()
        if not folded:
            return []
        found = []
        for entry in self.kb.entries.values():
            hay = " ".join(vietnamese.normalise(p) for p in (entry.title, *entry.phrasings))
            words_of = hay.split()
            if all(w in words_of for w in folded):
                found.append(entry.id)
        ranked = [e for e, _ in self.live.assistant.index.rank(words, limit)]
        return list(dict.fromkeys(found[:limit] + ranked))[:limit]

    def attach(self, actor: Actor, item: ReviewItem, entry_id: str, undo: bool = False) -> None:
        """Teach the engine the question as a phrasing of the entry (or undo it); used at
        once."""
        self.require(actor, "review")
        change = self.storage.learning.detach if undo else self.storage.learning.attach
        change(item.key, item.question, entry_id, actor.user_id, actor.chat_id)
        self.live.relearn()

    def dismiss(self, actor: Actor, item: ReviewItem, undo: bool = False) -> None:
        self.require(actor, "review")
        change = self.storage.learning.undismiss if undo else self.storage.learning.dismiss
        change(item.key, item.question, actor.user_id, actor.chat_id)

    # --- everyone's own: subscriptions, ratings, personal data ----------------------------------

    def subscribe(self, actor: Actor, what: str = "subscribe") -> Subscription:
        self.require(actor, "subscription", target=what)
        return self.storage.notices.subscribe(actor.chat_id, actor.user_id)

    def unsubscribe(self, actor: Actor) -> bool:
        self.require(actor, "subscription", target="unsubscribe")
        return self.storage.notices.unsubscribe(actor.chat_id)

    def districts_for(self, sub: Subscription) -> list[Unit]:
        """The districts a subscriber may pick: those that exist today, and the one they follow
        even if it was merged away (so they can see it and leave it)."""
        today = self.today()
        return [u for u in self.kb.units.values() if u.level == "district"
                and (u.exists_on(today) or u.id == sub.district)]

    def change_subscription(self, actor: Actor, what: str, kind: str, value: str
                            ) -> Subscription:
        """td:t:<topic> toggles a topic, td:d:<district|-> picks a district."""
        self.require(actor, "subscription", target=what)
        sub = self.storage.notices.subscription(actor.chat_id)
        if sub is None or not sub.active:
            raise ReportError(strings.citizen.NOT_SUBSCRIBED)
        districts = {u.id for u in self.districts_for(sub)}
        changed: Subscription | None
        if kind == "t" and value in TOPICS:
            changed = self.storage.notices.set_topic(sub.chat_id, value, not getattr(sub, value))
        elif kind == "d" and (value == "-" or value in districts):
            changed = self.storage.notices.set_district(sub.chat_id,
                                                        None if value == "-" else value)
        else:
            raise ReportError(strings.citizen.EXPIRED_BUTTON)
        assert changed is not None
        return changed

    def rate(self, actor: Actor, message_id: int, entry_id: str, value: int) -> bool:
        """👍/👎 under an answer: only on an answer the bot sent with this entry in this very
        message (ReportError otherwise); False when it was rated so already. A 👎 keeps the
        question (the review shows it), tagged one-way with the person."""
        self.require(actor, "rate")
        changed = self.storage.learning.rate_answer(
            actor.user_id, actor.chat_id, message_id, entry_id, value,
            self.live.recall(actor.chat_id, message_id), self.owner(actor.user_id))
        if changed is None:  # not an answer the bot sent with this entry: forged or stale
            raise ReportError(strings.citizen.EXPIRED_BUTTON)
        return changed

    def forget(self, actor: Actor, what: str) -> int:
        """Delete the person's own subscription (in their private chat) or ratings (and the
        questions behind this chat's answers); how many rows went."""
        self.require(actor, "subscription.forget" if what == "subscription"
                     else "privacy.delete", target="forget")
        if what == "ratings":
            self.live.forget_questions(actor.chat_id)
        return self.storage.learning.forget(actor.user_id, actor.chat_id, what,
                                            self.owner(actor.user_id))

    def owner(self, user_id: int) -> str:
        """The person's one-way tag for their 👎 questions (keyed with the bot's token)."""
        return privacy.owner_tag(self.owner_key, user_id)

    # --- progress -------------------------------------------------------------------------------

    def unit_name(self, unit_id: str) -> str:
        unit = self.kb.units.get(unit_id)
        return unit.name if unit else unit_id

    def same_period_elsewhere(self, pending: Pending) -> list[Report]:
        """A city target's figures for the same period that other units reported: the one
        saved last is the city's figure /tiendo shows (a staff trial: two units' 32 % and 28 %
        for one quarter, neither reporter told of the other)."""
        ind = self.kb.indicators.get(pending.indicator_id)
        if ind is None or ind.per_unit:
            return []
        return [r for r in self.storage.reports.find(ind.id)
                if r.period == pending.period and r.unit_id != pending.unit_id]

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
