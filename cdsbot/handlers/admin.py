"""Administrators: /moi (invites), /quyen (roles, revoke), /nhatky (audit), /xuat (CSV)."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from cdsbot import exports, texts, texts_office
from cdsbot.handlers.common import (
    Services,
    button_data,
    edit_or_send,
    keyboard,
    send_html,
    services,
    user_errors,
)
from cdsbot.handlers.official import _ids, refresh_commands
from cdsbot.storage import Invite, Role


@user_errors
async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi <unit_id>: a single-use, expiring deep link that makes its opener an official."""
    svc = services(context)
    unit = (context.args or [""])[0]
    inv = svc.office.invite(*_ids(update), unit)
    link = f"https://t.me/{context.bot.username}?start=inv_{inv.code}"
    await send_html(update, context, texts_office.invite(inv, link, svc.assistant.kb))


def _roles_view(svc: Services, active: list[Role], invites: list[Invite]
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    kb = svc.assistant.kb
    rows = [[(f"Thu hồi {r.user_id} ({texts_office.unit_label(kb, r.unit_id)})"[:60],
              f"q:rv:{r.id}")] for r in active]
    text = texts_office.roles(kb, active, invites, sorted(svc.office.admins))
    return text, keyboard(rows)


@user_errors
async def roles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quyen: active roles and open invites, with a revoke button per role."""
    svc = services(context)
    active, invites = svc.office.roles(*_ids(update))
    await send_html(update, context, *_roles_view(svc, active, invites))


@user_errors
async def revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The revoke button: the presser must still be an admin."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"q:rv:(\d{1,18})")
    if match is None:
        return
    role = svc.office.revoke(*_ids(update), int(match[1]))
    await query.answer(f"Đã thu hồi quyền của {role.user_id}.")
    await refresh_commands(context.bot, svc.office, role.user_id)
    text, markup = _roles_view(svc, svc.storage.active_roles(), svc.storage.open_invites())
    await edit_or_send(update, context, text, markup)


@user_errors
async def audit_log(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nhatky: the latest audit entries."""
    svc = services(context)
    entries = svc.office.audit_log(*_ids(update))
    await send_html(update, context, texts_office.audit(entries))


@user_errors
async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xuat: every confirmed report as a CSV file."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "export")
    data = exports.reports(svc.storage).encode("utf-8-sig")  # Excel opens it with accents
    svc.storage.record(user_id, chat_id, "export", "reports", bytes=len(data))
    name = f"baocao-{dt.date.today().isoformat()}.csv"
    await context.bot.send_document(chat_id, data, filename=name,
                                    caption="Các báo cáo đã xác nhận (CSV, UTF-8).")


@user_errors
async def announce(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongbao <text>: a preview with the number of recipients, then ✅ / ⚡ / ✖."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "announce")
    message = update.effective_message
    text = (message.text or "").partition(" ")[2].strip() if message else ""
    if not text:
        await send_html(update, context, texts.ANNOUNCE_USAGE)
        return
    if len(text.encode("utf-16-le")) // 2 > 3500:  # Telegram counts UTF-16 units
        await send_html(update, context, "Thông báo dài quá 3500 ký tự (biểu tượng cảm xúc "
                        "tính 2 ký tự); hãy rút gọn.")
        return
    draft = svc.storage.create_draft(user_id, chat_id, text)
    count = len(svc.storage.recipients("announcement"))
    markup = keyboard([[(texts.ANNOUNCE_SEND, f"tb:ok:{draft}"),
                        (texts.ANNOUNCE_URGENT, f"tb:now:{draft}")],
                       [(texts.ANNOUNCE_CANCEL, f"tb:no:{draft}")]])
    await send_html(update, context, texts.announce_preview(text, count), markup)


@user_errors
async def announce_decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The preview's buttons: the presser must still be an admin."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"tb:(ok|now|no):(\d{1,18})")
    if match is None:
        return
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "announce")
    draft_id = int(match[2])
    expired = draft_id in svc.storage.expire_drafts(user_id)
    draft = svc.storage.draft(draft_id)
    if expired or (draft is not None and draft[3] == "cancelled" and match[1] != "no"):
        await query.answer("Bản nháp đã hết hạn (30 phút) hoặc đã hủy; hãy gõ lại /thongbao.",
                           show_alert=True)
        return
    if match[1] == "no":
        if not svc.storage.cancel_draft(draft_id, user_id):
            svc.storage.record(user_id, chat_id, "announce.cancel", str(draft_id), "invalid",
                               state=draft[3] if draft else "missing")
            await query.answer("Thông báo này đã được gửi đi (hoặc đã hủy) nên không hủy được."
                               if draft and draft[3] == "sent" else texts.EXPIRED_BUTTON,
                               show_alert=True)
            return
        await query.answer()
        await edit_or_send(update, context, "✖ Đã hủy thông báo.")
        return
    count = svc.storage.send_draft(draft_id, user_id, texts.ANNOUNCE_TITLE,
                                   urgent=match[1] == "now")
    if count is None:
        await query.answer("Thông báo này đã được xử lý rồi.", show_alert=True)
        return
    await query.answer()
    await edit_or_send(update, context, texts.announce_queued(count))
    courier = context.application.bot_data.get("courier")
    if courier is not None:
        courier.wake.set()
