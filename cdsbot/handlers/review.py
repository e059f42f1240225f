"""Admins improve the bot: /tailai (reload), /chuatraloi (review questions), /thongke (usage).
Everyone: /dulieucuatoi (what is stored about me; delete it)."""

from __future__ import annotations

import html

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from cdsbot import charts, stats, strings
from cdsbot.handlers.buttons import FORGET, REVIEW, REVIEW_SEARCH
from cdsbot.handlers.common import (
    BotData,
    Context,
    actor,
    button,
    edit_or_send,
    keyboard,
    pressed,
    send_html,
    user_errors,
)
from cdsbot.officials.reporting import ReportError


@user_errors
async def reload_knowledge(update: Update, context: Context) -> None:
    """/tailai: validate and switch to the edited knowledge base, or keep the last good one."""
    svc = context.bot_data
    problems = await svc.office.reload(actor(update), svc.run)  # the index: off the loop too
    await send_html(update, context, strings.citizen.reload_result(svc.assistant.kb, problems))


SEARCH = 0  # the review search's one state: the admin types words of an entry


@user_errors
async def review(update: Update, context: Context) -> None:
    """/chuatraloi: frequent unanswered questions as typed (masked) – citizens' first, then
    officials' and admins' apart – and 👎 answers, each to attach (with a search over all
    entries, a confirmation and an undo) or dismiss."""
    svc = context.bot_data
    items = await svc.run(svc.office.review_items, actor(update))
    if not items:
        await send_html(update, context, strings.citizen.REVIEW_EMPTY)
        return
    kb = svc.assistant.kb
    citizens = [i for i in items if i.asker == "citizen"]
    staff = [i for i in items if i.asker != "citizen"]
    lines, rows = [strings.citizen.REVIEW_TITLE], []
    for title, group in ((None, citizens), (strings.office.REVIEW_STAFF, staff)):
        if title and group:
            lines.append(title)
        for item in group:
            n = len(rows) + 1
            got = kb.entries.get(item.entry_id or "")
            lines.append(strings.office.review_line(n, item, got.title if got else None))
            rows.append([(strings.office.review_attach_button(n), REVIEW.make("a", item.key)),
                         (strings.office.review_dismiss_button(n), REVIEW.make("d", item.key))])
    await send_html(update, context, "\n".join(lines), keyboard(rows))


def _entry_rows(svc: BotData, key: str, entry_ids: list[str]) -> list[list[tuple[str, str]]]:
    return [[(strings.office.label(svc.assistant.kb.entries[e].title),
              REVIEW.make("p", key, e))] for e in entry_ids if e in svc.assistant.kb.entries]


@user_errors
@button(REVIEW)
async def review_button(update: Update, context: Context, query: CallbackQuery,
                        fields: tuple[str, ...]) -> None:
    """cr:a offers entries, cr:p asks to confirm one, cr:e attaches, cr:u undoes it, cr:d
    dismisses, cr:ud undoes a dismissal."""
    svc = context.bot_data
    action, key, entry_id = fields
    who = actor(update)
    item = await svc.run(svc.office.review_item, who, key)
    await query.answer()
    kb = svc.assistant.kb
    if action == "a":
        rows = [*_entry_rows(svc, key, svc.office.review_choices(item)),
                [(strings.office.REVIEW_SEARCH, REVIEW_SEARCH.make("s", key))]]
        await send_html(update, context, strings.office.review_pick(item.typed), keyboard(rows))
    elif action == "p" and entry_id in kb.entries:
        await send_html(update, context, strings.office.review_confirm(
            item.typed, kb.entries[entry_id].title), keyboard([
                [(strings.office.REVIEW_ATTACH, REVIEW.make("e", key, entry_id))],
                [(strings.office.REVIEW_OTHER, REVIEW.make("a", key))]]))
    elif action == "e" and entry_id in kb.entries:
        await svc.run(svc.office.attach, who, item, entry_id)
        await edit_or_send(update, context, strings.citizen.review_attached(
            item.typed, kb.entries[entry_id].title),
            keyboard([[(strings.office.UNDO, REVIEW.make("u", key, entry_id))]]))
    elif action == "u" and entry_id in kb.entries:
        await svc.run(svc.office.attach, who, item, entry_id, undo=True)
        await edit_or_send(update, context, strings.office.review_undone(item.typed))
    elif action == "d":
        await svc.run(svc.office.dismiss, who, item)
        await send_html(update, context, strings.office.review_dismissed(item.typed),
                        keyboard([[(strings.office.UNDO, REVIEW.make("ud", key))]]))
    elif action == "ud":
        await svc.run(svc.office.dismiss, who, item, undo=True)
        await edit_or_send(update, context, strings.office.review_undone(item.typed))
    else:
        await send_html(update, context, strings.citizen.EXPIRED_BUTTON)


@user_errors
async def search_start(update: Update, context: Context) -> int:
    """🔎 Tìm mục khác: the admin's next words search every entry."""
    query = update.callback_query
    assert query is not None
    fields = await pressed(update, REVIEW_SEARCH)
    if fields is None:
        return ConversationHandler.END
    svc = context.bot_data
    try:
        item = await svc.run(svc.office.review_item, actor(update), fields[1])
    except ReportError as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data["review_key"] = item.key
    await send_html(update, context, strings.office.REVIEW_SEARCH_ASK)
    return SEARCH


@user_errors
async def search_text(update: Update, context: Context) -> int:
    """The words typed: matching entries as buttons (then confirm); none: ask again."""
    svc = context.bot_data
    message = update.effective_message
    words = (message.text or "").strip() if message else ""
    try:
        item = await svc.run(svc.office.review_item, actor(update),
                             context.user_data.get("review_key", ""))
    except ReportError as exc:
        await send_html(update, context, strings.citizen.esc(str(exc)))
        return ConversationHandler.END
    found = svc.office.search_entries(words)
    if not found:
        await send_html(update, context, strings.office.review_no_match(words))
        return SEARCH
    await send_html(update, context, strings.office.REVIEW_FOUND, keyboard(_entry_rows(
        svc, item.key, found)))
    return ConversationHandler.END


async def search_cancel(update: Update, context: Context) -> int:
    context.user_data.pop("review_key", None)
    await send_html(update, context, strings.office.REVIEW_SEARCH_STOPPED)
    return ConversationHandler.END


@user_errors
async def usage(update: Update, context: Context) -> None:
    """/thongke: the last seven days, and the weekly chart."""
    svc = context.bot_data
    who = actor(update)
    gathered = await svc.run(svc.office.usage, who)
    await send_html(update, context, html.escape(stats.render(gathered, svc.assistant.kb)))
    await context.bot.send_photo(who.chat_id, await charts.drawn(stats.weekly_png, gathered),
                                 caption=strings.chat.usage_caption(stats.DAYS))


@user_errors
async def my_data(update: Update, context: Context) -> None:
    """/dulieucuatoi: what is stored about me, with buttons to delete what may be deleted."""
    svc = context.bot_data
    who = actor(update)
    data = await svc.run(svc.storage.learning.my_data, who.user_id, who.chat_id)
    await send_html(update, context, strings.citizen.my_data(data),
                    _forget_buttons(data, who.private))


def _forget_buttons(data: dict, private: bool) -> InlineKeyboardMarkup | None:
    """A delete button for each kind of data still stored (a group's subscription is its
    admins' to end)."""
    rows = []
    if data["subscription"] is not None and private:
        rows.append([(strings.citizen.FORGET_SUBSCRIPTION, FORGET.make("subscription"))])
    if data["ratings"]:
        rows.append([(strings.citizen.FORGET_RATINGS, FORGET.make("ratings"))])
    return keyboard(rows)


@user_errors
@button(FORGET)
async def forget(update: Update, context: Context, query: CallbackQuery,
                 fields: tuple[str, ...]) -> None:
    """pv:subscription / pv:ratings: delete the presser's own data (only their own)."""
    svc = context.bot_data
    who = actor(update)
    rows, data = await svc.run(lambda: (svc.office.forget(who, fields[0]),
                                        svc.storage.learning.my_data(who.user_id, who.chat_id)))
    await query.answer(strings.citizen.FORGOTTEN if rows else strings.citizen.NOTHING_TO_FORGET)
    # what is left keeps its button (a trial: the ratings' went with the subscription's)
    await edit_or_send(update, context, strings.citizen.my_data(data),
                       _forget_buttons(data, who.private))
