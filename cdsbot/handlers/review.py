"""Admins improve the bot: /tailai (reload), /chuatraloi (review questions), /thongke (usage).
Everyone: /dulieucuatoi (what is stored about me; delete it)."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from cdsbot import charts, stats, strings, vietnamese
from cdsbot.handlers.common import (
    Services,
    button_data,
    edit_or_send,
    keyboard,
    send_html,
    services,
    user_errors,
)
from cdsbot.handlers.official import _ids
from cdsbot.officials.reporting import ReportError

REVIEW_CHOICES = 3


@user_errors
async def reload_knowledge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tailai: validate and switch to the edited knowledge base, or keep the last good one."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "reload")
    problems = await svc.reload_off_loop()  # the index is built off the event loop
    svc.storage.record(user_id, chat_id, "reload", "knowledge", "ok" if not problems
                       else "invalid", problems=len(problems))
    await send_html(update, context, strings.citizen.reload_result(svc.assistant.kb, problems))


SEARCH = 0  # the review search's one state: the admin types words of an entry


@user_errors
async def review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chuatraloi: frequent unanswered questions as typed (masked) – citizens' first, then
    officials' and admins' apart – and 👎 answers, each to attach (with a search over all
    entries, a confirmation and an undo) or dismiss."""
    svc = services(context)
    svc.office.require_admin(*_ids(update), "review")
    items = svc.storage.review_items()
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
            rows.append([(f"{n}. Gắn vào mục…", f"cr:a:{item.key}"),
                         (f"{n}. Bỏ qua", f"cr:d:{item.key}")])
    await send_html(update, context, "\n".join(lines), keyboard(rows))


def _entry_rows(svc: Services, key: str, entry_ids: list[str]) -> list[list[tuple[str, str]]]:
    return [[(strings.office.label(svc.assistant.kb.entries[e].title), f"cr:p:{key}:{e}")]
            for e in entry_ids if e in svc.assistant.kb.entries]


def search_entries(svc: Services, words: str, limit: int = 8) -> list[str]:
    """Entries whose title or phrasings hold every word typed (accents optional), then the
    answer engine's ranking: a search over all entries, not only the engine's guesses."""
    folded = vietnamese.normalise(words).split()
    if not folded:
        return []
    found = []
    for entry in svc.assistant.kb.entries.values():
        hay = " ".join(vietnamese.normalise(p) for p in (entry.title, *entry.phrasings)).split()
        if all(w in hay for w in folded):
            found.append(entry.id)
    ranked = [e for e, _ in svc.assistant.index.rank(words, limit)]
    return list(dict.fromkeys(found[:limit] + ranked))[:limit]


@user_errors
async def review_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cr:a offers entries, cr:p asks to confirm one, cr:e attaches, cr:u undoes it, cr:d
    dismisses, cr:ud undoes a dismissal."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"cr:(a|d|e|p|u|ud):([uv]\d{1,12})(?::([a-z0-9-]{1,41}))?")
    if match is None:
        return
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "review")
    action, key, entry_id = match[1], match[2], match[3]
    item = svc.storage.review_item_typed(key)
    if item is None:
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    kb = svc.assistant.kb
    if action == "a":
        ranked = svc.assistant.index.rank(item.question, REVIEW_CHOICES + 1)
        ids = [e for e, _ in ranked if e != item.entry_id][:REVIEW_CHOICES]
        rows = [*_entry_rows(svc, key, ids), [(strings.office.REVIEW_SEARCH, f"cr:s:{key}")]]
        await send_html(update, context, strings.office.review_pick(item.typed), keyboard(rows))
    elif action == "p" and entry_id in kb.entries:
        await send_html(update, context, strings.office.review_confirm(
            item.typed, kb.entries[entry_id].title), keyboard([
                [(strings.office.REVIEW_ATTACH, f"cr:e:{key}:{entry_id}")],
                [(strings.office.REVIEW_OTHER, f"cr:a:{key}")]]))
    elif action == "e" and entry_id in kb.entries:
        svc.storage.attach(key, item.question, entry_id, user_id, chat_id)
        svc.relearn()
        await edit_or_send(update, context, strings.citizen.review_attached(
            item.typed, kb.entries[entry_id].title),
            keyboard([[(strings.office.UNDO, f"cr:u:{key}:{entry_id}")]]))
    elif action == "u" and entry_id in kb.entries:
        svc.storage.detach(key, item.question, entry_id, user_id, chat_id)
        svc.relearn()
        await edit_or_send(update, context, strings.office.review_undone(item.typed))
    elif action == "d":
        svc.storage.dismiss(key, item.question, user_id, chat_id)
        await send_html(update, context, f"Đã bỏ qua “{html.escape(item.typed)}”.",
                        keyboard([[(strings.office.UNDO, f"cr:ud:{key}")]]))
    elif action == "ud":
        svc.storage.undismiss(key, item.question, user_id, chat_id)
        await edit_or_send(update, context, strings.office.review_undone(item.typed))
    else:
        await send_html(update, context, strings.citizen.EXPIRED_BUTTON)


async def search_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """🔎 Tìm mục khác: the admin's next words search every entry."""
    query = update.callback_query
    assert query is not None
    match = await button_data(update, r"cr:s:([uv]\d{1,12})")
    if match is None:
        return ConversationHandler.END
    svc = services(context)
    try:
        svc.office.require_admin(*_ids(update), "review")
    except ReportError as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data["review_key"] = match[1]
    await send_html(update, context, strings.office.REVIEW_SEARCH_ASK)
    return SEARCH


async def search_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The words typed: matching entries as buttons (then confirm); none: ask again."""
    svc = services(context)
    message = update.effective_message
    words = (message.text or "").strip() if message else ""
    key = context.user_data.get("review_key", "")
    if svc.storage.review_item_typed(key) is None:
        await send_html(update, context, strings.citizen.EXPIRED_BUTTON)
        return ConversationHandler.END
    found = search_entries(svc, words)
    if not found:
        await send_html(update, context, strings.office.review_no_match(words))
        return SEARCH
    await send_html(update, context, strings.office.REVIEW_FOUND, keyboard(_entry_rows(
        svc, key, found)))
    return ConversationHandler.END


async def search_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data.pop("review_key", None)
    await send_html(update, context, "Đã dừng tìm mục.")
    return ConversationHandler.END


@user_errors
async def usage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: the last seven days, and the weekly chart."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "stats")
    gathered = stats.gather(svc.storage, svc.today())
    await send_html(update, context, html.escape(stats.render(gathered, svc.assistant.kb)))
    await context.bot.send_photo(chat_id, await charts.drawn(stats.weekly_png, gathered),
                                 caption="Câu hỏi mỗi ngày trong 7 ngày qua.")


async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dulieucuatoi: what is stored about me, with buttons to delete what may be deleted."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    data = svc.storage.my_data(user_id, chat_id)
    rows = []
    if data["subscription"] is not None and private:  # a group's is its admins' (/huytheodoi)
        rows.append([(strings.citizen.FORGET_SUBSCRIPTION, "pv:subscription")])
    if data["ratings"]:
        rows.append([(strings.citizen.FORGET_RATINGS, "pv:ratings")])
    await send_html(update, context, strings.citizen.my_data(data), keyboard(rows))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """pv:subscription / pv:ratings: delete the presser's own data (only their own)."""
    query = update.callback_query
    assert query is not None
    what = (query.data or "").removeprefix("pv:")
    if what not in ("subscription", "ratings"):
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    if what == "subscription" and not private:
        svc.storage.record(user_id, chat_id, "subscription", "forget", "denied")
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    rows = svc.storage.forget(user_id, chat_id, what, svc.owner(user_id))
    if what == "ratings":  # and the questions behind this chat's answers, kept in memory
        asked = context.application.bot_data.get("asked", {})
        for key in [k for k in asked if k[0] == chat_id]:
            del asked[key]
    await query.answer(strings.citizen.FORGOTTEN if rows else strings.citizen.NOTHING_TO_FORGET)
    await edit_or_send(update, context, strings.citizen.my_data(svc.storage.my_data(user_id,
                                                                                    chat_id)))
