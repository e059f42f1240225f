"""Administrators: /moi (invites), /quyen (roles, revoke), /nhatky (audit), /xuat (CSV)."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from cdsbot import exports, strings
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
from cdsbot.notices import schedule
from cdsbot.officials.office import UnitChoice
from cdsbot.storage import Invite, Role


@user_errors
async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi <tên hoặc mã đơn vị>: a single-use, expiring deep link that makes its opener an
    official; a name matching several units (or none) offers buttons."""
    svc = services(context)
    given = " ".join(context.args or [])
    if not given.strip():
        svc.office.require_admin(*_ids(update), "invite")
        await send_html(update, context, strings.office.INVITE_USAGE)
        return
    try:
        inv = svc.office.invite(*_ids(update), given)
    except UnitChoice as exc:
        rows = [[(strings.office.label(strings.office.unit_label(svc.assistant.kb, u)),
                  f"q:mi:{u}")] for u in exc.choices[:8]]
        await send_html(update, context, strings.citizen.esc(str(exc)), keyboard(rows))
        return
    await _send_invite(update, context, inv)


async def _send_invite(update: Update, context: ContextTypes.DEFAULT_TYPE, inv: Invite) -> None:
    svc = services(context)
    link = f"https://t.me/{context.bot.username}?start=inv_{inv.code}"
    await send_html(update, context, strings.office.invite(inv, link, svc.assistant.kb,
                                                         svc.office.tz))


@user_errors
async def invite_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """q:mi:<unit>: the unit chosen among several that matched /moi's words."""
    query = update.callback_query
    assert query is not None
    match = await button_data(update, r"q:mi:([a-z0-9-]{1,60})")
    if match is None:
        return
    inv = services(context).office.invite(*_ids(update), match[1])
    await query.answer()
    await _send_invite(update, context, inv)


def _roles_view(svc: Services, active: list[Role], invites: list[Invite]
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    kb = svc.assistant.kb
    names = svc.storage.people.names()
    t = strings.office
    rows = [[(t.label(f"Thu hồi: {t.person(r.user_id, names)} – "
                      f"{t.unit_label(kb, r.unit_id) if r.unit_id else 'quản trị'}"),
              f"q:rv:{r.id}")] for r in active]
    rows += [[(t.label(f"Hủy lời mời: {t.unit_label(kb, i.unit_id)}, hết hạn "
                       f"{t.local_time(i.expires_at, svc.office.tz)}"), f"q:ri:{i.code}")]
             for i in invites]
    text = strings.office.roles(kb, active, invites, sorted(svc.office.admins), names,
                              svc.office.tz)
    return text, keyboard(rows)


@user_errors
async def roles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quyen: active roles and open invites, with a revoke button for each."""
    svc = services(context)
    active, invites = svc.office.roles(*_ids(update))
    await send_html(update, context, *_roles_view(svc, active, invites))


@user_errors
async def revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The revoke buttons (a role, an unused invite): the presser must still be an admin."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"q:(rv|ri):([\w-]{1,40})")
    if match is None:
        return
    if match[1] == "ri":
        gone = svc.office.revoke_invite(*_ids(update), match[2])
        await query.answer("Đã hủy lời mời.")
        await send_html(update, context, strings.office.invite_revoked(svc.assistant.kb, gone))
    else:
        if not match[2].isdigit():
            await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
            return
        role = svc.office.revoke(*_ids(update), int(match[2]))
        name = strings.office.person(role.user_id, svc.storage.people.names())
        await query.answer(f"Đã thu hồi quyền của {name}."[:190])
        await refresh_commands(context.bot, svc.office, role.user_id)
    text, markup = _roles_view(svc, svc.storage.people.active_roles(),
                               svc.storage.people.open_invites())
    await edit_or_send(update, context, text, markup)


@user_errors
async def audit_log(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nhatky: the latest audit entries, in words and local time."""
    svc = services(context)
    entries = svc.office.audit_log(*_ids(update))
    await send_html(update, context, strings.office.audit(
        entries, svc.assistant.kb, svc.storage.people.names(), svc.office.tz))


@user_errors
async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xuat: every confirmed report as a CSV file."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "export")
    data = exports.reports(svc.storage).encode("utf-8-sig")  # Excel opens it with accents
    svc.storage.people.record(user_id, chat_id, "export", "reports", bytes=len(data))
    name = f"baocao-{dt.date.today().isoformat()}.csv"
    await context.bot.send_document(chat_id, data, filename=name,
                                    caption="Các báo cáo đã xác nhận (CSV, UTF-8).")


AUDIENCES = {"s": "subscribers", "o": "officials", "a": "everyone"}


def _announce_view(svc: Services, draft_id: int, text: str, audience: str
                   ) -> tuple[str, InlineKeyboardMarkup | None]:
    """The preview for one audience, with the send buttons for it and the other audiences."""
    counts = {code: len(svc.office.audience(name)) for code, name in AUDIENCES.items()}
    rows = [[(strings.citizen.ANNOUNCE_SEND, f"tb:ok:{draft_id}:{audience}"),
             (strings.citizen.ANNOUNCE_URGENT, f"tb:now:{draft_id}:{audience}")],
            [(strings.office.audience_button(AUDIENCES[c], counts[c], c == audience),
              f"tb:a:{draft_id}:{c}") for c in AUDIENCES],
            [(strings.citizen.ANNOUNCE_CANCEL, f"tb:no:{draft_id}")]]
    when = schedule.delivery_time(svc.office.now(), svc.assistant.kb.notices, False)
    return (strings.office.announce_preview(text, counts[audience], AUDIENCES[audience], when),
            keyboard(rows))


@user_errors
async def announce(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongbao <text>: a preview with the audience (subscribers, officials, everyone) and
    the number of recipients, then ✅ / ⚡ / ✖."""
    svc = services(context)
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "announce")
    message = update.effective_message
    text = (message.text or "").partition(" ")[2].strip() if message else ""
    if not text:
        await send_html(update, context, strings.citizen.ANNOUNCE_USAGE)
        return
    if len(text.encode("utf-16-le")) // 2 > 3500:  # Telegram counts UTF-16 units
        await send_html(update, context, "Thông báo dài quá 3500 ký tự (biểu tượng cảm xúc "
                        "tính 2 ký tự); hãy rút gọn.")
        return
    draft = svc.storage.notices.create_draft(user_id, chat_id, text)
    await send_html(update, context, *_announce_view(svc, draft, text, "s"))


@user_errors
async def announce_decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The preview's buttons: the presser must still be an admin."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    match = await button_data(update, r"tb:(ok|now|no|a):(\d{1,18})(?::([soa]))?")
    if match is None:
        return
    user_id, chat_id, private = _ids(update)
    svc.office.require_admin(user_id, chat_id, private, "announce")
    draft_id, audience = int(match[2]), match[3] or "s"
    expired = draft_id in svc.storage.notices.expire_drafts(user_id)
    draft = svc.storage.notices.draft(draft_id)
    if expired or (draft is not None and draft[3] == "cancelled" and match[1] != "no"):
        await query.answer("Bản nháp đã hết hạn (30 phút) hoặc đã hủy; hãy gõ lại /thongbao.",
                           show_alert=True)
        return
    if match[1] == "a":
        await query.answer()
        if draft is None or draft[3] != "draft":
            await send_html(update, context, "Thông báo này đã được gửi hoặc hủy rồi.")
            return
        await edit_or_send(update, context, *_announce_view(svc, draft_id, draft[2], audience))
        return
    if match[1] == "no":
        if not svc.storage.notices.cancel_draft(draft_id, user_id):
            svc.storage.people.record(user_id, chat_id, "announce.cancel", str(draft_id),
                                      "invalid", state=draft[3] if draft else "missing")
            await query.answer("Thông báo này đã được gửi đi (hoặc đã hủy) nên không hủy được."
                               if draft and draft[3] == "sent" else strings.citizen.EXPIRED_BUTTON,
                               show_alert=True)
            return
        await query.answer()
        await edit_or_send(update, context, "✖ Đã hủy thông báo.")
        return
    urgent = match[1] == "now"
    count = svc.storage.notices.send_draft(draft_id, user_id, strings.citizen.ANNOUNCE_TITLE,
                                           urgent=urgent,
                                           chats=svc.office.audience(AUDIENCES[audience]),
                                           audience=AUDIENCES[audience])
    if count is None:
        await query.answer("Thông báo này đã được xử lý rồi.", show_alert=True)
        return
    await query.answer()
    when = schedule.delivery_time(svc.office.now(), svc.assistant.kb.notices, urgent)
    await edit_or_send(update, context, strings.office.announce_queued(
        count, AUDIENCES[audience], when, svc.assistant.kb.notices))
    courier = context.application.bot_data.get("courier")
    if courier is not None:
        courier.wake.set()
