"""Officials: one-line /baocao, confirm/cancel, /sua, /rutlai, /tiendo, invites, reminders (the
step-by-step /baocao is in report_dialog)."""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.error import TelegramError

from cdsbot import charts, strings, vietnamese
from cdsbot.handlers.buttons import DIALOG, FIX, PENDING, PROGRESS, WITHDRAW
from cdsbot.handlers.common import (
    BotData,
    Context,
    actor,
    button,
    edit_or_send,
    keyboard,
    send_html,
    user_errors,
)
from cdsbot.knowledge import KnowledgeBase
from cdsbot.officials import reporting
from cdsbot.officials.office import Office, Progress
from cdsbot.officials.reporting import ReportError
from cdsbot.permissions import Actor
from cdsbot.storage import OperationalError, Pending, Report

log = logging.getLogger("cdsbot")


async def refresh_commands(bot: Bot, svc: BotData, user_id: int) -> None:
    """The person's own command menu (per-chat scope): citizens' commands plus their role's."""
    level = svc.levels[user_id] = await svc.run(svc.office.command_level, user_id)
    scope = BotCommandScopeChat(user_id)
    if level == "citizen":
        await bot.delete_my_commands(scope=scope)
        return
    commands = list(strings.citizen.COMMANDS_VI) + list(strings.office.OFFICIAL_COMMANDS)
    if level == "admin":
        commands += list(strings.office.ADMIN_COMMANDS)
    await bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)


async def _show_pending(update: Update, context: Context,
                        pending: Pending, before: str = "") -> None:
    """The card of a report waiting for ✅ (`before`: HTML said above it)."""
    svc = context.bot_data
    old = await svc.run(svc.storage.reports.report, pending.supersedes) \
        if pending.supersedes else None
    elsewhere = await svc.run(svc.office.same_period_elsewhere, pending)
    markup = keyboard([[(strings.office.CONFIRM, PENDING.make("ok", pending.id)),
                        (strings.office.CANCEL, PENDING.make("no", pending.id))]])
    card = strings.office.pending(svc.assistant.kb, pending, old, elsewhere)
    await send_html(update, context, f"{before}\n\n{card}" if before else card, markup)


async def _propose(update: Update, context: Context, args: list[str],
                   correction: bool = False) -> bool:
    """Hold a one-line report for ✅; True when it was refused but kept as a draft (a period
    already reported, a jump that needs a reason): the official's next message may carry on
    (report_dialog.dialog_one_line)."""
    svc = context.bot_data
    message = update.effective_message
    assert message is not None
    try:
        pending = await svc.run(svc.office.propose, actor(update), message.message_id, args,
                                correction=correction)
    except reporting.AlreadyReported as exc:
        # the typed value is kept: “Sửa số liệu kỳ này” continues with only the reason to give
        draft = exc.draft
        if draft is None:
            raise
        ind = svc.assistant.kb.indicators[draft.indicator_id]
        context.user_data["draft"] = {
            "units": [draft.unit_id], "choices": [draft.unit_id],
            "indicator": draft.indicator_id, "unit": draft.unit_id, "period": draft.period,
            "value": reporting.show_value(ind, draft.value).rstrip("%"),
            "old": reporting.show_value(ind, exc.existing_value), "step": "exists"}
        await send_html(update, context, strings.office.one_line_exists(str(exc)),
                        keyboard([[(strings.office.FIX, DIALOG.make("fix"))]]))
        return True
    except reporting.NeedsReason as exc:
        # a jump, or a correction typed without its reason: the value is kept and the next
        # message may be the reason
        draft = getattr(exc, "draft", None)
        if draft is None:
            raise
        ind = svc.assistant.kb.indicators[draft.indicator_id]
        context.user_data["draft"] = {
            "units": [draft.unit_id], "choices": [draft.unit_id],
            "indicator": draft.indicator_id, "unit": draft.unit_id, "period": draft.period,
            "value": reporting.show_value(ind, draft.value).rstrip("%"), "step": "reason",
            "correction": correction}
        then = (strings.office.CORRECTION_REASON_NEXT if correction
                else strings.office.ONE_LINE_REASON)
        await send_html(update, context, strings.citizen.esc(str(exc)) + "\n" + then,
                        keyboard([[(strings.office.GIVE_REASON, DIALOG.make("why"))]]))
        return True
    if pending is not None:  # None: the same message delivered again, already handled
        await _show_pending(update, context, pending)
    return False


@user_errors
async def report(update: Update, context: Context) -> bool:
    """/baocao <indicator> <value> [unit] [period] [note]: validate, then ask to confirm;
    True when a refusal kept the report as a draft (see _propose)."""
    return await _propose(update, context, list(context.args or []))


@user_errors
async def correct(update: Update, context: Context) -> bool:
    """/sua <indicator> <value> [unit] [period] <reason>: a new value that supersedes; with
    fewer words, the reports one may correct as buttons (no id to type). True when the
    correction was kept waiting for its reason (see _propose)."""
    svc = context.bot_data
    args = list(context.args or [])
    if len(args) >= 2 and args[0].lower() in svc.assistant.kb.indicators:
        return await _propose(update, context, args, correction=True)
    reports = await svc.run(svc.office.correctable, actor(update))
    typed = ""
    if args:
        try:
            vietnamese.parse_number(args[0])
            typed = args[0]
        except vietnamese.NumberError:
            typed = ""
    context.user_data["fix_value"] = typed
    kb = svc.assistant.kb
    rows = _fix_rows(kb, reports)
    await send_html(update, context, strings.office.fix_choices(kb, reports, typed),
                    keyboard(rows))
    return False


def _fix_rows(kb: KnowledgeBase, reports: list[Report]) -> list[list[tuple[str, str]]]:
    """One ✏️ button per report (its period, value and indicator): no id to type."""
    return [[(strings.office.label(strings.office.report_button(kb, r)), FIX.make("fix", r.id))]
            for r in reports]


def _saved_buttons(report_id: int) -> InlineKeyboardMarkup | None:
    return keyboard([[(strings.office.EDIT, FIX.make("fix", report_id)),
                      (strings.office.WITHDRAW, WITHDRAW.make("wd", report_id))]])


def _confirm(office: Office, who: Actor, pending_id: int
             ) -> tuple[Report, Progress, bool]:
    """Confirm a pending report: the report stored, its own progress against the target (not
    the indicator's latest, which may be another period's or unit's), and whether it will be
    announced as reaching the target (once it can no longer be withdrawn)."""
    _, stored = office.confirm(who, pending_id)
    return (stored, Progress(office.kb.indicators[stored.indicator_id], stored),
            office.storage.notices.unsent(stored.id) is not None)


@user_errors
@button(PENDING)
async def decide(update: Update, context: Context, query: CallbackQuery,
                 fields: tuple[str, ...]) -> None:
    """✅ / ✖ under a pending report: the presser is re-checked on every press. A refusal is
    an alert and a message saying what to do."""
    assert query.message is not None
    svc = context.bot_data
    action, pending_id = fields[0], int(fields[1])
    try:
        if action == "ok":
            stored, progress_, announced = await svc.run(_confirm, svc.office, actor(update),
                                                         pending_id)
            text_ = strings.office.saved(svc.assistant.kb, stored, progress_, announced)
            markup = _saved_buttons(stored.id)
        else:
            await svc.run(svc.office.cancel, actor(update), pending_id)
            text_, markup = strings.office.CANCELLED, None
    except ReportError as exc:
        closed = await svc.run(svc.office.card_closed, pending_id)  # (before the one answer)
        await query.answer(str(exc)[:190], show_alert=True)
        if closed:  # its ✅ can do nothing now
            with contextlib.suppress(TelegramError):
                await query.edit_message_reply_markup(None)
        if str(exc) not in (strings.office.ALREADY_HANDLED, *strings.office.CARD_CLOSED.values()):
            # (a double tap, a closed card: the alert says it)
            # a refusal of the person (a revoked role) is not answered with "/baocao again"
            after = "" if isinstance(exc, reporting.NotAuthorised) else \
                "\n" + strings.office.AFTER_REFUSAL
            await send_html(update, context, strings.citizen.esc(str(exc)) + after)
        return
    await query.answer()
    await edit_or_send(update, context, text_, markup)


async def cancel_open_cards(update: Update, context: Context) -> bool:
    """/huy or "hủy" with no dialog open: the person's reports waiting for ✅ here are
    cancelled (a Telegram trial: "/huy" said there was nothing to stop, and ✅ then saved).
    False when there was none."""
    svc = context.bot_data
    if update.effective_user is None or update.effective_chat is None:
        return False
    done = await svc.run(svc.office.cancel_open, actor(update))
    if done:
        await send_html(update, context, strings.office.cancelled_open(len(done)))
    return bool(done)


async def retype_open_card(update: Update, context: Context) -> bool:
    """"à nhầm, 58,5 chứ" (or "nhầm, quý 2 chứ") with a report card waiting for ✅: the
    card's report with that value (or period), in a new card (a staff trial: it was "outside
    what I know"). False when the message says neither again, or no card is open here."""
    svc = context.bot_data
    message = update.effective_message
    if message is None or not message.text or update.effective_user is None:
        return False
    if not reporting.may_retype(message.text):
        return False
    if update.edited_message is not None:
        # an edit of the message that replaced a card: its card can no longer be confirmed, as
        # for an edited /baocao (a review: the edit was taken for a redelivery, and ✅ saved
        # the value before it)
        chat = update.effective_chat
        voided = await svc.run(svc.storage.reports.void_pending_message,
                               update.effective_user.id, chat.id if chat else 0,
                               message.message_id)
        if voided:
            await send_html(update, context, strings.chat.EDITED_REPORT)
        return bool(voided)
    try:
        done = await svc.run(svc.office.retype_open, actor(update), message.message_id,
                             message.text)
    except reporting.ReportError as exc:  # refused: the card stays as it was
        await send_html(update, context, str(exc) if getattr(exc, "html", False) else
                        strings.citizen.esc(str(exc)) + "\n" + strings.office.RETYPE_REFUSED)
        return True
    if done is None:
        return False
    card, new = done
    if new is not None:  # None: the same message delivered again, already handled
        ind = svc.assistant.kb.indicators[card.indicator_id]
        await _show_pending(update, context, new,
                            strings.office.retyped(reporting.show_value(ind, card.value)))
    return True


@user_errors
async def withdraw(update: Update, context: Context) -> None:
    """/rutlai: which report would be withdrawn and what becomes current, then ask."""
    await _ask_withdraw(update, context, None)


async def _ask_withdraw(update: Update, context: Context,
                        report_id: int | None) -> None:
    svc = context.bot_data
    report, restored = await svc.run(svc.office.withdrawable, actor(update), report_id)
    markup = keyboard([[(strings.office.WITHDRAW_YES, WITHDRAW.make("wdok", report.id)),
                        (strings.office.KEEP, WITHDRAW.make("keep", report.id))]])
    await send_html(update, context,
                    strings.office.withdraw_question(svc.assistant.kb, report, restored), markup)


def _withdraw(office: Office, who: Actor, report_id: int) -> tuple[Report, Report | None]:
    """Withdraw a report: it, and the value current again (if any)."""
    gone = office.withdraw(who, report_id)
    return gone, office.superseded(gone)


@user_errors
@button(WITHDRAW)
async def withdraw_button(update: Update, context: Context, query: CallbackQuery,
                          fields: tuple[str, ...]) -> None:
    """↩️ Rút lại (bc:wd) asks; bc:wdok withdraws; bc:keep leaves it. Refusals are messages."""
    svc = context.bot_data
    await query.answer()
    action, report_id = fields[0], int(fields[1])
    try:
        if action == "wd":
            await _ask_withdraw(update, context, report_id)
        elif action == "wdok":
            gone, restored = await svc.run(_withdraw, svc.office, actor(update), report_id)
            await edit_or_send(update, context,
                               strings.office.withdrawn(svc.assistant.kb, gone, restored))
        else:
            await edit_or_send(update, context, strings.office.KEPT)
    except ReportError as exc:
        await send_html(update, context, strings.citizen.esc(str(exc)))


@user_errors
async def progress(update: Update, context: Context) -> None:
    """/tiendo [tên chỉ tiêu|năm|tatca|bieudo]: an official's unit first; a name search; an
    earlier plan by its year; a chart."""
    svc = context.bot_data
    raw = " ".join(context.args or []).strip()
    folded = vietnamese.normalise(raw)
    kb = svc.assistant.kb
    plan = svc.office.plan()
    if folded in ("bieudo", "bieu do", "chart"):
        title = strings.stats.progress_title(plan.year)  # not "năm 2022" over a 2026 plan
        png = await charts.progress_chart(await svc.run(svc.office.progress), title)
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_photo(chat.id, png, caption=strings.office.CHART_CAPTION)
        return
    year = re.fullmatch(r"(?:nam |ke hoach )?(\d{4})", folded)
    if year and kb.plan_of_year(int(year[1])):
        old = kb.plan_of_year(int(year[1]))
        assert old is not None
        await send_html(update, context, strings.office.overview(
            kb, await svc.run(svc.office.progress, old), old, plan))
        return
    if raw and folded not in ("tatca", "tat ca", "all"):
        if raw.lower() in kb.indicators:
            await _history(update, context, raw.lower())
            return
        found = reporting.find_indicators(kb, raw)
        if len(found) == 1:
            await _history(update, context, found[0].id)
            return
        rows = [[(strings.office.label(i.name), PROGRESS.make(i.id))] for i in found]
        await send_html(update, context, strings.office.search_results(raw, found),
                        keyboard(rows))
        return
    here = actor(update)
    reports, unit, mine, every = await svc.run(_figures, svc.office, here, not folded)
    if unit is not None:
        rows = _fix_rows(kb, [r for r in reports if r.indicator_id in plan.indicator_ids])
        await send_html(update, context, strings.office.unit_overview(
            kb, unit, mine, every, plan), keyboard(rows))
        return
    await send_html(update, context, strings.office.overview(kb, every, plan, plan))


def _figures(office: Office, here: Actor, own: bool
             ) -> tuple[list[Report], str | None, list[Progress], list[Progress]]:
    """/tiendo's figures: for an official in a private chat (`own`), their reports, their
    first unit and its progress; everyone: the plan's progress."""
    who = office.who(here.user_id)
    if not (own and here.private and who.units):
        return [], None, [], office.progress()
    unit = who.units[0]
    return office.own_reports(who), unit, office.unit_progress(unit), office.progress()


async def _history(update: Update, context: Context, ind_id: str) -> None:
    """One indicator's reports; an official gets ✏️ buttons for their units' values."""
    svc = context.bot_data
    kb = svc.assistant.kb
    here = actor(update)
    (ind, every, per_unit), who = await svc.run(
        lambda: (svc.office.history(ind_id), svc.office.who(here.user_id)))
    mine = [p.report for p in per_unit if p.report and here.private and (
        who.admin or p.report.unit_id in who.units)]
    rows = _fix_rows(kb, mine)
    staff = here.private and (who.admin or bool(who.units))  # notes are for colleagues
    await send_html(update, context, strings.office.history(kb, ind, every, per_unit, staff),
                    keyboard(rows[:6]))


@user_errors
@button(PROGRESS)
async def progress_button(update: Update, context: Context, query: CallbackQuery,
                          fields: tuple[str, ...]) -> None:
    """tdo:<indicator>: one indicator's progress, chosen from a name search."""
    if fields[0] not in context.bot_data.assistant.kb.indicators:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    await _history(update, context, fields[0])


@user_errors
async def accept_invite(update: Update, context: Context) -> None:
    """/start inv_<code>: bind the person to the invite's unit, once."""
    svc = context.bot_data
    here = actor(update)
    code = (context.args or [""])[0].removeprefix("inv_")
    role = await svc.run(svc.office.accept, here, code)
    await remember_name(update, context, fresh=True)
    await refresh_commands(context.bot, svc, here.user_id)
    unit = strings.office.unit_label(svc.assistant.kb, role.unit_id)
    await send_html(update, context,
                    strings.office.WELCOME_OFFICIAL.format(unit=strings.citizen.esc(unit)))


async def role_help(update: Update, context: Context) -> str:
    """The HTML block /start and /trogiup add for an official or an admin (private chats)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return ""
    svc = context.bot_data
    office = svc.office
    level, who = await svc.run(lambda: (office.command_level(user.id), office.who(user.id)))
    return strings.office.role_help(svc.assistant.kb, level, who.units, office.today())


async def remember_name(update: Update, context: Context,
                        fresh: bool = False) -> None:
    """Before the other handlers (group -2): keep the first name and username of people with
    a role, so administrators read names, not ids. Cached: the database is written when a
    name is first seen or changes (`fresh`: right after a grant)."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    seen = context.bot_data.names_seen
    name = (user.first_name or "", user.username or "")
    if seen.get(user.id) == name and not fresh:
        return
    svc = context.bot_data
    try:
        level = await svc.run(_remember, svc.office, user.id, name)
    except OperationalError as exc:  # the database is busy: next contact tries again
        log.warning("name of %s not refreshed: %s", user.id, exc)
        return
    if len(seen) > 50_000:
        seen.clear()
        svc.levels.clear()
    seen[user.id], svc.levels[user.id] = name, level


def _remember(office: Office, user_id: int, name: tuple[str, str]) -> str:
    """Keep the name of a person with a role; their command level."""
    level = office.command_level(user_id)
    office.storage.people.remember(user_id, *name, has_role=level != "citizen")
    return level


async def remind(context: Context) -> None:
    """Repeating job: officials with no report yet for the closing period get one reminder."""
    svc = context.bot_data
    for due in await svc.run(svc.office.due_reminders):
        if await svc.run(svc.storage.reports.claim_reminder, due.key, due.user_id):
            await context.bot.send_message(
                due.user_id, strings.office.reminder(svc.assistant.kb, due.unit_id,
                                                   due.period_label, due.indicator_ids))
