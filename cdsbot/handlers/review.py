"""Admins improve the bot: /tailai (reload), /chuatraloi (review questions), /thongke (usage).
Everyone: /dulieucuatoi (what is stored about me; delete it)."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes

from cdsbot import charts, stats, texts
from cdsbot.handlers.common import (
    button_data,
    edit_or_send,
    keyboard,
    send_html,
    services,
    short,
    user_errors,
)
from cdsbot.handlers.official import _ids

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
    await send_html(update, context, texts.reload_result(svc.assistant.kb, problems))


@user_errors
async def review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chuatraloi: frequent unanswered questions and 👎 answers, each to attach or dismiss."""
    svc = services(context)
    svc.office.require_admin(*_ids(update), "review")
    items = svc.storage.to_review()
    if not items:
        await send_html(update, context, texts.REVIEW_EMPTY)
        return
    lines, rows = [texts.REVIEW_TITLE], []
    for n, item in enumerate(items, 1):
        got = (f" — đã trả lời bằng “{html.escape(svc.assistant.kb.entries[item.entry_id].title)}"
               "” 👎" if item.entry_id in svc.assistant.kb.entries else "")
        lines.append(f"{n}. “{html.escape(item.question)}” ({item.count} lần){got}")
        rows.append([(f"{n}. Gắn vào mục…", f"cr:a:{item.key}"),
                     (f"{n}. Bỏ qua", f"cr:d:{item.key}")])
    await send_html(update, context, "\n".join(lines), keyboard(rows))


@user_errors
async def review_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cr:a:<key> offers entries, cr:e:<key>:<entry> attaches, cr:d:<key> dismisses."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"cr:(a|d|e):([uv]\d{1,12})(?::([a-z0-9-]{1,41}))?")
    if match is None:
        return
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "review")
    action, key, entry_id = match[1], match[2], match[3]
    item = svc.storage.review_item(key)
    if item is None:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    if action == "a":
        ranked = svc.assistant.index.rank(item.question, REVIEW_CHOICES + 1)
        ids = [e for e, _ in ranked if e != item.entry_id][:REVIEW_CHOICES]
        rows = [[(short(svc.assistant.kb.entries[e].title), f"cr:e:{key}:{e}")] for e in ids]
        await send_html(update, context, texts.review_pick(item.question), keyboard(rows))
    elif action == "e" and entry_id in svc.assistant.kb.entries:
        svc.storage.attach(key, item.question, entry_id, user_id, chat_id)
        svc.relearn()
        await edit_or_send(update, context, texts.review_attached(
            item.question, svc.assistant.kb.entries[entry_id].title))
    elif action == "d":
        svc.storage.dismiss(key, item.question, user_id, chat_id)
        await send_html(update, context, f"Đã bỏ qua “{html.escape(item.question)}”.")


@user_errors
async def usage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: the last seven days, and the weekly chart."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "stats")
    gathered = stats.gather(svc.storage, svc.today())
    await send_html(update, context, html.escape(stats.render(gathered, svc.assistant.kb)))
    await context.bot.send_photo(chat_id, await charts.in_thread(stats.weekly_png, gathered),
                                 caption="Câu hỏi mỗi ngày trong 7 ngày qua.")


async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dulieucuatoi: what is stored about me, with buttons to delete what may be deleted."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    data = svc.storage.my_data(user_id, chat_id)
    rows = []
    if data["subscription"] is not None and private:  # a group's is its admins' (/huytheodoi)
        rows.append([(texts.FORGET_SUBSCRIPTION, "pv:subscription")])
    if data["ratings"]:
        rows.append([(texts.FORGET_RATINGS, "pv:ratings")])
    await send_html(update, context, texts.my_data(data), keyboard(rows))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """pv:subscription / pv:ratings: delete the presser's own data (only their own)."""
    query = update.callback_query
    assert query is not None
    what = (query.data or "").removeprefix("pv:")
    if what not in ("subscription", "ratings"):
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    if what == "subscription" and not private:
        svc.storage.record(user_id, chat_id, "subscription", "forget", "denied")
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    rows = svc.storage.forget(user_id, chat_id, what, svc.owner(user_id))
    if what == "ratings":  # and the questions behind this chat's answers, kept in memory
        asked = context.application.bot_data.get("asked", {})
        for key in [k for k in asked if k[0] == chat_id]:
            del asked[key]
    await query.answer(texts.FORGOTTEN if rows else texts.NOTHING_TO_FORGET)
    await edit_or_send(update, context, texts.my_data(svc.storage.my_data(user_id, chat_id)))
