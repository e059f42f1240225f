"""Administrators: /moi (invites), /quyen (roles, revoke), /nhatky (audit), /xuat (CSV),
/thongbao (announcements). Each parses, calls one Office method (which checks the right and
audits), and replies."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from cdsbot import exports, strings
from cdsbot.handlers.buttons import ANNOUNCE, INVITE, ROLES
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
from cdsbot.handlers.official import refresh_commands
from cdsbot.notices import schedule
from cdsbot.officials.office import AUDIENCES, UnitChoice
from cdsbot.permissions import Actor
from cdsbot.storage import Invite


@user_errors
async def invite(update: Update, context: Context) -> None:
    """/moi <tên hoặc mã đơn vị>: a single-use, expiring deep link that makes its opener an
    official; a name matching several units (or none) offers buttons."""
    svc = context.bot_data
    try:
        inv = await svc.run(svc.office.invite, actor(update), " ".join(context.args or []))
    except UnitChoice as exc:
        rows = [[(strings.office.label(strings.office.unit_label(svc.assistant.kb, u)),
                  INVITE.make("mi", u))] for u in exc.choices[:8]]
        await send_html(update, context, strings.citizen.esc(str(exc)), keyboard(rows))
        return
    await _send_invite(update, context, inv)


async def _send_invite(update: Update, context: Context, inv: Invite) -> None:
    svc = context.bot_data
    link = f"https://t.me/{context.bot.username}?start=inv_{inv.code}"
    await send_html(update, context, strings.office.invite(inv, link, svc.assistant.kb,
                                                           svc.office.tz))


@user_errors
@button(INVITE)
async def invite_button(update: Update, context: Context, query: CallbackQuery,
                        fields: tuple[str, ...]) -> None:
    """q:mi:<unit>: the unit chosen among several that matched /moi's words."""
    svc = context.bot_data
    inv = await svc.run(svc.office.invite, actor(update), fields[1])
    await query.answer()
    await _send_invite(update, context, inv)


async def _roles_view(svc: BotData, who: Actor, viewed: bool = True
                      ) -> tuple[str, InlineKeyboardMarkup | None]:
    """/quyen's message: active roles and open invites, with a revoke button for each."""
    (active, invites), names = await svc.run(
        lambda: (svc.office.roles(who, viewed), svc.storage.people.names()))
    kb = svc.assistant.kb
    t = strings.office
    rows = [[(t.label(t.revoke_button(kb, r, names)), ROLES.make("rv", r.id))] for r in active]
    rows += [[(t.label(t.invite_revoke_button(kb, i, svc.office.tz)), ROLES.make("ri", i.code))]
             for i in invites]
    text = strings.office.roles(kb, active, invites, sorted(svc.office.admins), names,
                                svc.office.tz)
    return text, keyboard(rows)


@user_errors
async def roles(update: Update, context: Context) -> None:
    """/quyen: active roles and open invites, with a revoke button for each."""
    svc = context.bot_data
    await send_html(update, context, *await _roles_view(svc, actor(update)))


@user_errors
@button(ROLES)
async def revoke(update: Update, context: Context, query: CallbackQuery,
                 fields: tuple[str, ...]) -> None:
    """The revoke buttons: an unused invite is cancelled; a role is asked about first
    (q:rv), then revoked (q:rvok) or kept (q:rvno). The presser must still be an admin."""
    svc = context.bot_data
    what, key = fields
    kb = svc.assistant.kb
    if what == "ri":
        gone = await svc.run(svc.office.revoke_invite, actor(update), key)
        await query.answer(strings.office.INVITE_REVOKED)
        await send_html(update, context, strings.office.invite_revoked(kb, gone))
        await edit_or_send(update, context, *await _roles_view(svc, actor(update), False))
        return
    if what == "rvno":
        await query.answer()
        await edit_or_send(update, context, strings.office.ROLE_KEPT)
        return
    if not (key.isascii() and key.isdigit()):
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return
    here = actor(update)
    if what == "rv":  # ask first: one tap revoked a role, an admin's own included
        role, names = await svc.run(lambda: (svc.office.revoke_question(here, int(key)),
                                             svc.storage.people.names()))
        await query.answer()
        own = role.user_id == here.user_id and role.role == "admin"
        markup = keyboard([[(strings.office.REVOKE_YES, ROLES.make("rvok", role.id)),
                            (strings.office.REVOKE_NO, ROLES.make("rvno", role.id))]])
        await send_html(update, context, strings.office.revoke_question(
            kb, role, names, own, here.user_id in svc.office.admins), markup)
        return
    role, names = await svc.run(lambda: (svc.office.revoke(here, int(key)),
                                         svc.storage.people.names()))
    await query.answer(strings.office.role_revoked(role.user_id, names))
    await refresh_commands(context.bot, svc, role.user_id)
    await edit_or_send(update, context, strings.office.revoked_done(kb, role, names))


@user_errors
async def audit_log(update: Update, context: Context) -> None:
    """/nhatky [N | user id | @username]: the latest audit entries (N of them, or one
    person's), in words and local time."""
    svc = context.bot_data
    given = " ".join(context.args or [])
    (entries, person), names = await svc.run(lambda: (svc.office.audit_log(actor(update), given),
                                                      svc.storage.people.names()))
    await send_html(update, context, strings.office.audit(
        entries, svc.assistant.kb, names, svc.office.tz, person))


@user_errors
async def export(update: Update, context: Context) -> None:
    """/xuat [reports|audit|units|indicators|phrasings, or the file's name: nhatky…]: a CSV
    (YAML) file, the reports by default; an unknown kind gets the usage line, no file."""
    who = actor(update)
    svc = context.bot_data
    kind, data = await svc.run(svc.office.export, who, " ".join(context.args or []))
    name = (f"{exports.FILE_NAMES.get(kind, kind)}-{svc.office.today().isoformat()}."
            f"{'yaml' if kind == 'phrasings' else 'csv'}")
    await context.bot.send_document(who.chat_id, data, filename=name,
                                    caption=strings.office.export_caption(kind))


AUDIENCE_CODES = dict(zip("soa", AUDIENCES, strict=True))  # the code a button carries


async def _announce_view(svc: BotData, draft_id: int, text: str, audience: str
                         ) -> tuple[str, InlineKeyboardMarkup | None]:
    """The preview for one audience, with the send buttons for it and the other audiences."""
    counts = await svc.run(lambda: {code: len(svc.office.audience(name))
                                    for code, name in AUDIENCE_CODES.items()})
    rows = [[(strings.citizen.ANNOUNCE_SEND, ANNOUNCE.make("ok", draft_id, audience)),
             (strings.citizen.ANNOUNCE_URGENT, ANNOUNCE.make("now", draft_id, audience))],
            [(strings.office.audience_button(AUDIENCE_CODES[c], counts[c], c == audience),
              ANNOUNCE.make("a", draft_id, c)) for c in AUDIENCE_CODES],
            [(strings.citizen.ANNOUNCE_CANCEL, ANNOUNCE.make("no", draft_id))]]
    when = schedule.delivery_time(svc.office.now(), svc.assistant.kb.notices, False)
    return (strings.office.announce_preview(text, counts[audience], AUDIENCE_CODES[audience],
                                            when), keyboard(rows))


@user_errors
async def announce(update: Update, context: Context) -> None:
    """/thongbao <text>: a preview with the audience (subscribers, officials, everyone) and
    the number of recipients, then ✅ / ⚡ / ✖."""
    svc = context.bot_data
    message = update.effective_message
    text = (message.text or "").partition(" ")[2].strip() if message else ""
    draft = await svc.run(svc.office.draft_announcement, actor(update), text)
    await send_html(update, context, *await _announce_view(svc, draft, text, "s"))


@user_errors
@button(ANNOUNCE)
async def announce_decide(update: Update, context: Context, query: CallbackQuery,
                          fields: tuple[str, ...]) -> None:
    """The preview's buttons: ✅ / ⚡ send, ✖ cancels, an audience shows its preview."""
    svc = context.bot_data
    action, draft_id, audience = fields[0], int(fields[1]), fields[2] or "s"
    if action == "a":
        draft = await svc.run(svc.office.announcement, actor(update), draft_id)
        await query.answer()
        if draft is None or draft[3] != "draft":
            await send_html(update, context, strings.office.ANNOUNCE_DONE)
            return
        await edit_or_send(update, context,
                           *await _announce_view(svc, draft_id, draft[2], audience))
        return
    if action == "no":
        await svc.run(svc.office.cancel_announcement, actor(update), draft_id)
        await query.answer()
        await edit_or_send(update, context, strings.office.ANNOUNCE_CANCELLED)
        return
    urgent = action == "now"
    count = await svc.run(svc.office.send_announcement, actor(update), draft_id,
                          AUDIENCE_CODES[audience], urgent)
    await query.answer()
    when = schedule.delivery_time(svc.office.now(), svc.assistant.kb.notices, urgent)
    await edit_or_send(update, context, strings.office.announce_queued(
        count, AUDIENCE_CODES[audience], when, svc.assistant.kb.notices))
    if svc.courier is not None:
        svc.courier.wake.set()
