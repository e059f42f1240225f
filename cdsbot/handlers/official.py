"""Officials: one-line /baocao, confirm/cancel, /sua, /rutlai, /tiendo, invites, reminders (the
step-by-step /baocao is in report_dialog)."""

from __future__ import annotations

import logging
import re

from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from cdsbot import charts, strings, vietnamese
from cdsbot.handlers.buttons import DIALOG, FIX, PENDING, PROGRESS, WITHDRAW
from cdsbot.handlers.common import (
    Context,
    actor,
    edit_or_send,
    keyboard,
    pressed,
    send_html,
    user_errors,
)
from cdsbot.knowledge import KnowledgeBase
from cdsbot.officials import reporting
from cdsbot.officials.office import Office
from cdsbot.officials.reporting import ReportError
from cdsbot.storage import OperationalError, Pending, Report

log = logging.getLogger("cdsbot")


async def refresh_commands(bot: Bot, office: Office, user_id: int) -> None:
    """The person's own command menu (per-chat scope): citizens' commands plus their role's."""
    level = office.command_level(user_id)
    scope = BotCommandScopeChat(user_id)
    if level == "citizen":
        await bot.delete_my_commands(scope=scope)
        return
    commands = list(strings.citizen.COMMANDS_VI) + list(strings.office.OFFICIAL_COMMANDS)
    if level == "admin":
        commands += list(strings.office.ADMIN_COMMANDS)
    await bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)


async def _show_pending(update: Update, context: Context,
                        pending: Pending) -> None:
    svc = context.bot_data
    old = svc.storage.reports.report(pending.supersedes) if pending.supersedes else None
    markup = keyboard([[(strings.office.CONFIRM, PENDING.make("ok", pending.id)),
                        (strings.office.CANCEL, PENDING.make("no", pending.id))]])
    await send_html(update, context, strings.office.pending(svc.assistant.kb, pending, old),
                    markup)


async def _propose(update: Update, context: Context, args: list[str],
                   correction: bool = False) -> None:
    svc = context.bot_data
    message = update.effective_message
    assert message is not None
    try:
        pending = svc.office.propose(actor(update), message.message_id, args,
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
            "old": reporting.show_value(ind, exc.existing_value)}
        await send_html(update, context, strings.office.one_line_exists(str(exc)),
                        keyboard([[(strings.office.FIX, DIALOG.make("fix"))]]))
        return
    except reporting.NeedsReason as exc:
        draft = getattr(exc, "draft", None)
        if correction or draft is None:
            raise
        ind = svc.assistant.kb.indicators[draft.indicator_id]
        context.user_data["draft"] = {
            "units": [draft.unit_id], "choices": [draft.unit_id],
            "indicator": draft.indicator_id, "unit": draft.unit_id, "period": draft.period,
            "value": reporting.show_value(ind, draft.value).rstrip("%")}
        await send_html(update, context,
                        strings.citizen.esc(str(exc)) + "\n" + strings.office.ONE_LINE_REASON,
                        keyboard([[(strings.office.GIVE_REASON, DIALOG.make("why"))]]))
        return
    if pending is None:  # the same message delivered again: it is already being handled
        return
    await _show_pending(update, context, pending)


@user_errors
async def report(update: Update, context: Context) -> None:
    """/baocao <indicator> <value> [unit] [period] [note]: validate, then ask to confirm."""
    await _propose(update, context, list(context.args or []))


@user_errors
async def correct(update: Update, context: Context) -> None:
    """/sua <indicator> <value> [unit] [period] <reason>: a new value that supersedes; with
    fewer words, the reports one may correct as buttons (no id to type)."""
    svc = context.bot_data
    args = list(context.args or [])
    if len(args) >= 2 and args[0].lower() in svc.assistant.kb.indicators:
        await _propose(update, context, args, correction=True)
        return
    reports = svc.office.correctable(actor(update))
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


def _fix_rows(kb: KnowledgeBase, reports: list[Report]) -> list[list[tuple[str, str]]]:
    """One ✏️ button per report (its period, value and indicator): no id to type."""
    return [[(strings.office.label(strings.office.report_button(kb, r)), FIX.make("fix", r.id))]
            for r in reports]


def _saved_buttons(report_id: int) -> InlineKeyboardMarkup | None:
    return keyboard([[(strings.office.EDIT, FIX.make("fix", report_id)),
                      (strings.office.WITHDRAW, WITHDRAW.make("wd", report_id))]])


async def decide(update: Update, context: Context) -> None:
    """✅ / ✖ under a pending report: the presser is re-checked on every press. A refusal is
    an alert and a message saying what to do."""
    query = update.callback_query
    assert query is not None and query.message is not None
    svc = context.bot_data
    fields = await pressed(update, PENDING)
    if fields is None:
        return
    action, pending_id = fields[0], int(fields[1])
    try:
        if action == "ok":
            _, stored = svc.office.confirm(actor(update), pending_id)
            ind = svc.assistant.kb.indicators[stored.indicator_id]
            text_ = strings.office.saved(svc.assistant.kb, stored, svc.office.progress_of(ind))
            markup = _saved_buttons(stored.id)
        else:
            svc.office.cancel(actor(update), pending_id)
            text_, markup = strings.office.CANCELLED, None
    except ReportError as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        if str(exc) != strings.office.ALREADY_HANDLED:  # a double tap needs no message
            await send_html(update, context, strings.citizen.esc(str(exc)) + "\n"
                            + strings.office.AFTER_REFUSAL)
        return
    await query.answer()
    await edit_or_send(update, context, text_, markup)


@user_errors
async def withdraw(update: Update, context: Context) -> None:
    """/rutlai: which report would be withdrawn and what becomes current, then ask."""
    await _ask_withdraw(update, context, None)


async def _ask_withdraw(update: Update, context: Context,
                        report_id: int | None) -> None:
    svc = context.bot_data
    report, restored = svc.office.withdrawable(actor(update), report_id)
    markup = keyboard([[(strings.office.WITHDRAW_YES, WITHDRAW.make("wdok", report.id)),
                        (strings.office.KEEP, WITHDRAW.make("keep", report.id))]])
    await send_html(update, context,
                    strings.office.withdraw_question(svc.assistant.kb, report, restored), markup)


async def withdraw_button(update: Update, context: Context) -> None:
    """↩️ Rút lại (bc:wd) asks; bc:wdok withdraws; bc:keep leaves it. Refusals are messages."""
    query = update.callback_query
    assert query is not None
    svc = context.bot_data
    fields = await pressed(update, WITHDRAW)
    if fields is None:
        return
    await query.answer()
    action, report_id = fields[0], int(fields[1])
    try:
        if action == "wd":
            await _ask_withdraw(update, context, report_id)
        elif action == "wdok":
            gone = svc.office.withdraw(actor(update), report_id)
            restored = svc.office.superseded(gone)
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
        png = await charts.progress_chart(svc.office.progress())  # off the loop, cached
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_photo(chat.id, png, caption=strings.office.CHART_CAPTION)
        return
    year = re.fullmatch(r"(?:nam |ke hoach )?(\d{4})", folded)
    if year and kb.plan_of_year(int(year[1])):
        old = kb.plan_of_year(int(year[1]))
        assert old is not None
        await send_html(update, context, strings.office.overview(
            kb, svc.office.progress(old), old, plan))
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
    who = svc.office.who(here.user_id)
    if here.private and who.units and not folded:
        unit = who.units[0]
        reports = [r for r in svc.office.own_reports(who)
                   if r.indicator_id in plan.indicator_ids]
        rows = _fix_rows(kb, reports)
        await send_html(update, context, strings.office.unit_overview(
            kb, unit, svc.office.unit_progress(unit), svc.office.progress(), plan),
            keyboard(rows))
        return
    await send_html(update, context, strings.office.overview(kb, svc.office.progress(), plan,
                                                           plan))


async def _history(update: Update, context: Context, ind_id: str) -> None:
    """One indicator's reports; an official gets ✏️ buttons for their units' values."""
    svc = context.bot_data
    kb = svc.assistant.kb
    ind, every, per_unit = svc.office.history(ind_id)
    here = actor(update)
    who = svc.office.who(here.user_id)
    mine = [p.report for p in per_unit if p.report and here.private and (
        who.admin or p.report.unit_id in who.units)]
    rows = _fix_rows(kb, mine)
    await send_html(update, context, strings.office.history(kb, ind, every, per_unit),
                    keyboard(rows[:6]))


async def progress_button(update: Update, context: Context) -> None:
    """tdo:<indicator>: one indicator's progress, chosen from a name search."""
    query = update.callback_query
    assert query is not None
    fields = await pressed(update, PROGRESS)
    if fields is None:
        return
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
    role = svc.office.accept(here, code)
    await remember_name(update, context, fresh=True)
    await refresh_commands(context.bot, svc.office, here.user_id)
    unit = strings.office.unit_label(svc.assistant.kb, role.unit_id)
    await send_html(update, context,
                    strings.office.WELCOME_OFFICIAL.format(unit=strings.citizen.esc(unit)))


def role_help(update: Update, context: Context) -> str:
    """The HTML block /start and /trogiup add for an official or an admin (private chats)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return ""
    svc = context.bot_data
    who = svc.office.who(user.id)
    return strings.office.role_help(svc.assistant.kb, svc.office.command_level(user.id),
                                  who.units)


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
        svc.storage.people.remember(user.id, *name,
                                    has_role=svc.office.command_level(user.id) != "citizen")
    except OperationalError as exc:  # the database is busy: next contact tries again
        log.warning("name of %s not refreshed: %s", user.id, exc)
        return
    if len(seen) > 50_000:
        seen.clear()
    seen[user.id] = name


async def remind(context: Context) -> None:
    """Repeating job: officials with no report yet for the closing period get one reminder."""
    svc = context.bot_data
    for due in svc.office.due_reminders():
        if svc.storage.reports.claim_reminder(due.key, due.user_id):
            await context.bot.send_message(
                due.user_id, strings.office.reminder(svc.assistant.kb, due.unit_id,
                                                   due.period_label, due.indicator_ids))
