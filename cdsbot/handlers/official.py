"""Officials: /baocao (one line or guided), confirm/cancel, /sua, /rutlai, /tiendo, invites."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes, ConversationHandler

from cdsbot import charts, reporting, texts, texts_office
from cdsbot.handlers.common import (
    button_data,
    edit_or_send,
    keyboard,
    send_html,
    services,
    user_errors,
)
from cdsbot.office import Office
from cdsbot.reporting import ReportError

IND, UNIT, PERIOD, VALUE, NOTE = range(5)


def _ids(update: Update) -> tuple[int, int, bool]:
    """(user id, chat id, private chat?) of an update."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return user.id, chat.id, chat.type == ChatType.PRIVATE


async def refresh_commands(bot: Bot, office: Office, user_id: int) -> None:
    """The person's own command menu (per-chat scope): citizens' commands plus their role's."""
    level = office.command_level(user_id)
    scope = BotCommandScopeChat(user_id)
    if level == "citizen":
        await bot.delete_my_commands(scope=scope)
        return
    commands = list(texts.COMMANDS_VI) + list(texts_office.OFFICIAL_COMMANDS)
    if level == "admin":
        commands += list(texts_office.ADMIN_COMMANDS)
    await bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)


async def _propose(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str],
                   correction: bool = False, message_id: int | None = None) -> None:
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    message = update.effective_message
    assert message is not None
    pending = svc.office.propose(user_id, chat_id, message_id or message.message_id,
                                 private, args, correction=correction)
    if pending is None:  # the same message delivered again: it is already being handled
        return
    old = svc.storage.report(pending.supersedes) if pending.supersedes else None
    markup = keyboard([[(texts_office.CONFIRM, f"bc:ok:{pending.id}"),
                        (texts_office.CANCEL, f"bc:no:{pending.id}")]])
    await send_html(update, context, texts_office.pending(svc.assistant.kb, pending, old),
                    markup)


@user_errors
async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/baocao <indicator> <value> [unit] [period] [note]: validate, then ask to confirm."""
    await _propose(update, context, list(context.args or []))


@user_errors
async def correct(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sua <indicator> <value> [unit] [period] <reason>: a new value that supersedes."""
    if not context.args:
        await send_html(update, context, "Cách viết: <code>/sua &lt;mã chỉ tiêu&gt; &lt;giá trị "
                        "mới&gt; [mã đơn vị] [kỳ] &lt;lý do&gt;</code>")
        return
    await _propose(update, context, list(context.args), correction=True)


@user_errors
async def decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """✅ / ✖ under a pending report: the presser is re-checked on every press."""
    query = update.callback_query
    assert query is not None and query.message is not None
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    match = await button_data(update, r"bc:(ok|no):(\d{1,18})")
    if match is None:
        return
    action, pending_id = match[1], int(match[2])
    if action == "ok":
        _, stored = svc.office.confirm(pending_id, user_id, chat_id, private)
        ind = svc.assistant.kb.indicators[stored.indicator_id]
        text = texts_office.saved(svc.assistant.kb, stored, svc.office.progress_of(ind))
    else:
        svc.office.cancel(pending_id, user_id, chat_id, private)
        text = texts_office.CANCELLED
    await query.answer()
    await edit_or_send(update, context, text)


@user_errors
async def withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/rutlai: withdraw one's last report within 10 minutes."""
    svc = services(context)
    gone = svc.office.withdraw(*_ids(update))
    await send_html(update, context, texts_office.withdrawn(svc.assistant.kb, gone))


@user_errors
async def progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tiendo [indicator|bieudo]: progress for everyone, in text or as a chart."""
    svc = services(context)
    arg = (context.args or [""])[0].lower()
    kb = svc.assistant.kb
    if arg in ("bieudo", "biểu đồ", "chart"):
        png = await charts.progress_chart(svc.office.progress())  # off the loop, cached
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_photo(chat.id, png, caption=texts_office.CHART_CAPTION)
        return
    if arg:
        ind, every, per_unit = svc.office.history(arg)
        await send_html(update, context, texts_office.history(kb, ind, every, per_unit))
        return
    await send_html(update, context, texts_office.overview(kb, svc.office.progress()))


@user_errors
async def accept_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start inv_<code>: bind the person to the invite's unit, once."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    code = (context.args or [""])[0].removeprefix("inv_")
    role = svc.office.accept(user_id, chat_id, private, code)
    await refresh_commands(context.bot, svc.office, user_id)
    unit = texts_office.unit_label(svc.assistant.kb, role.unit_id)
    await send_html(update, context, texts_office.WELCOME_OFFICIAL.format(unit=texts.esc(unit)))


# --- the guided dialog (/baocao alone) --------------------------------------------------------


async def dialog_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/baocao alone: indicator buttons (only those the official may report)."""
    svc = services(context)
    try:
        who = svc.office.require(*_ids(update), "report")
    except ReportError as exc:  # the dialog must end, not stay in its state
        await send_html(update, context, texts.esc(str(exc)))
        return ConversationHandler.END
    inds = svc.office.reportable(who)
    if not inds:
        await send_html(update, context, texts_office.DIALOG_NOTHING)
        return ConversationHandler.END
    context.user_data["draft"] = {"units": svc.office.units_for(who)}
    rows = [[(texts.esc(i.name)[:60], f"g:i:{i.id}")] for i in inds]
    await send_html(update, context, texts_office.DIALOG_INDICATOR, keyboard(rows))
    return IND


def _draft(context: ContextTypes.DEFAULT_TYPE) -> dict:
    return context.user_data.setdefault("draft", {})


async def dialog_indicator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    assert query is not None
    svc = services(context)
    draft = _draft(context)
    ind_id = (query.data or "")[4:]
    ind = svc.assistant.kb.indicators.get(ind_id)
    units = [u for u in draft.get("units", []) if ind and
             reporting.may_report(ind, svc.assistant.kb.units[u].level)]
    await query.answer()
    if ind is None or not units:
        await send_html(update, context, texts.EXPIRED_BUTTON)
        return IND
    draft["indicator"] = ind_id
    if len(units) == 1:
        draft["unit"] = units[0]
        return await _ask_period(update, context)
    rows = [[(texts_office.unit_label(svc.assistant.kb, u)[:60], f"g:u:{u}")] for u in units]
    await send_html(update, context, texts_office.DIALOG_UNIT, keyboard(rows))
    return UNIT


async def dialog_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    assert query is not None
    draft = _draft(context)
    unit = (query.data or "")[4:]
    await query.answer()
    if unit not in draft.get("units", []):
        await send_html(update, context, texts.EXPIRED_BUTTON)
        return UNIT
    draft["unit"] = unit
    return await _ask_period(update, context)


async def _ask_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    ind = svc.assistant.kb.indicators[_draft(context)["indicator"]]
    current = reporting.default_period(ind, svc.office.today())
    options = [current.key] + ([str(ind.year)] if current.key != str(ind.year) else [])
    await send_html(update, context, texts_office.DIALOG_PERIOD,
                    keyboard([[(reporting.parse_period(k).label, f"g:p:{k}") for k in options]]))
    return PERIOD


@user_errors
async def dialog_period(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    query = update.callback_query
    if query is not None:
        await query.answer()
        raw = (query.data or "")[4:]
    else:
        raw = (update.effective_message.text or "").strip() if update.effective_message else ""
    ind = svc.assistant.kb.indicators[_draft(context)["indicator"]]
    period = reporting.parse_period(raw)  # a ReportError is the reply; the step repeats
    reporting.check_period(ind, period, svc.office.today())
    _draft(context)["period"] = period.key
    unit = "phần trăm, ví dụ 52,5" if ind.unit == "percent" else (
        "có hoặc không" if ind.unit == "bool" else "số nguyên")
    await send_html(update, context, f"Giá trị {texts.esc(period.label)} ({unit})?")
    return VALUE


@user_errors
async def dialog_value(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    raw = (update.effective_message.text or "").strip() if update.effective_message else ""
    ind = svc.assistant.kb.indicators[_draft(context)["indicator"]]
    reporting.parse_value(ind, raw)  # a ReportError is the reply; the step repeats
    _draft(context)["value"] = raw.replace(" ", "")
    await send_html(update, context, texts_office.DIALOG_NOTE,
                    keyboard([[(texts_office.SKIP, "g:n")]]))
    return NOTE


@user_errors
async def dialog_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    note = ""
    if update.callback_query is not None:
        await update.callback_query.answer()
    elif update.effective_message is not None:
        note = (update.effective_message.text or "").strip()
    draft = context.user_data.pop("draft", {})
    args = [draft["indicator"], draft["value"], draft["unit"], draft["period"], *note.split()]
    message = update.effective_message
    await _propose(update, context, args, message_id=message.message_id if message else None)
    return ConversationHandler.END


async def dialog_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/huy: stop the dialog at any step."""
    context.user_data.pop("draft", None)
    await send_html(update, context, texts_office.DIALOG_CANCELLED)
    return ConversationHandler.END


async def dialog_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.user_data.pop("draft", None)
    await send_html(update, context, texts_office.DIALOG_TIMEOUT)


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy outside a dialog."""
    await send_html(update, context, "Không có báo cáo nào đang nhập.")


async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeating job: officials with no report yet for the closing period get one reminder."""
    svc = services(context)
    for due in svc.office.due_reminders():
        if svc.storage.claim_reminder(due.key, due.user_id):
            await context.bot.send_message(
                due.user_id, texts_office.reminder(svc.assistant.kb, due.unit_id,
                                                   due.period_label, due.indicator_ids))
