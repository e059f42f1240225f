"""THE ordered list of handlers: (group, handler). Lower groups run first."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from cdsbot.assistant import MENU_ALIASES
from cdsbot.handlers import admin, citizen, official, report_dialog, review, subscriber
from cdsbot.handlers import buttons as b
from cdsbot.handlers.common import flood_guard, other_content, unknown_command

DIALOG_TIMEOUT = 600  # seconds a guided report may sit idle

# each browsable menu's command and its English aliases (/trogiup has its own handler)
MENUS = {menu: (menu, *sorted(a for a, m in MENU_ALIASES.items() if m == menu))
         for menu in ("muctieu", "dichvu", "moc", "lienhe", "kehoach")}

class _AddressedToBot(filters.MessageFilter):
    """A group message that mentions this bot or replies to one of its messages.

    In groups the bot answers only commands, mentions of it and replies to it.
    """

    def filter(self, message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        return bool(bot.username) and f"@{bot.username}".lower() in (message.text or "").lower()


def report_conversation(timeout: float) -> ConversationHandler:
    """/baocao alone (or ✏️ Sửa): one state where every text and `g:` button is handled by the
    draft's current step; “hủy”, ✖ or /huy stop it. The one-line /baocao enters it too when
    a refusal keeps the report (the next message may be its reason)."""
    text = filters.TEXT & ~filters.COMMAND
    # Tracking per user and chat (not per message) is what we want; PTB warns about it anyway.
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
    return ConversationHandler(
        entry_points=[CommandHandler("baocao", report_dialog.dialog_start, has_args=False),
                      CommandHandler("baocao", report_dialog.dialog_one_line, has_args=True),
                      # (only "/sua <indicator id> …": "/sua 45" lists what to correct, and
                      # must not end a dialog in progress)
                      CommandHandler("sua", report_dialog.dialog_correct_one_line,
                                     filters.Regex(r"^/sua(?:@\w+)?\s+[A-Za-z]\w*-")),
                      CallbackQueryHandler(report_dialog.dialog_fix_start, pattern=b.FIX.pattern),
                      CallbackQueryHandler(report_dialog.dialog_fix_start,
                                           pattern=b.DIALOG.only("fix", "why"))],
        states={
            report_dialog.DIALOG: [
                CallbackQueryHandler(report_dialog.dialog_button, pattern=b.DIALOG.pattern),
                CallbackQueryHandler(report_dialog.dialog_button, pattern=b.FIX.pattern),
                MessageHandler(text, report_dialog.dialog_text)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, report_dialog.dialog_timeout)],
        },
        fallbacks=[CommandHandler("huy", report_dialog.dialog_cancel)],
        conversation_timeout=timeout, allow_reentry=True, name="baocao",
    )


def review_search(timeout: float) -> ConversationHandler:
    """🔎 Tìm mục khác under /chuatraloi: the admin's next text searches every entry."""
    return ConversationHandler(
        entry_points=[CallbackQueryHandler(review.search_start,
                                           pattern=b.REVIEW_SEARCH.pattern)],
        states={review.SEARCH: [MessageHandler(filters.TEXT & ~filters.COMMAND,
                                               review.search_text)]},
        fallbacks=[CommandHandler("huy", review.search_cancel)],
        conversation_timeout=timeout, allow_reentry=True, name="review_search",
    )


def handlers(dialog_timeout: float = DIALOG_TIMEOUT) -> list[tuple[int, BaseHandler]]:
    text = filters.TEXT & ~filters.COMMAND
    out: list[tuple[int, BaseHandler]] = [
        (-2, TypeHandler(Update, official.remember_name)),
        (-1, TypeHandler(Update, flood_guard)),
        (0, report_conversation(dialog_timeout)),
        (0, review_search(dialog_timeout)),
        (0, CommandHandler("sua", official.correct)),
        (0, CommandHandler("rutlai", official.withdraw)),
        (0, CommandHandler("huy", report_dialog.nothing_to_cancel)),
        (0, CommandHandler("tiendo", official.progress)),
        (0, CommandHandler("moi", admin.invite)),
        (0, CommandHandler("quyen", admin.roles)),
        (0, CommandHandler("nhatky", admin.audit_log)),
        (0, CommandHandler("xuat", admin.export)),
        (0, CallbackQueryHandler(official.decide, pattern=b.PENDING.pattern)),
        (0, CallbackQueryHandler(official.withdraw_button, pattern=b.WITHDRAW.pattern)),
        (0, CallbackQueryHandler(report_dialog.stale_dialog_button, pattern=b.DIALOG.pattern)),
        (0, CallbackQueryHandler(official.progress_button, pattern=b.PROGRESS.pattern)),
        (0, CallbackQueryHandler(admin.revoke, pattern=b.ROLES.pattern)),
        (0, CallbackQueryHandler(admin.invite_button, pattern=b.INVITE.pattern)),
        (0, CommandHandler("theodoi", subscriber.subscribe)),
        (0, CommandHandler("huytheodoi", subscriber.unsubscribe)),
        (0, CallbackQueryHandler(subscriber.toggle, pattern=b.SUBSCRIBE.pattern)),
        (0, CallbackQueryHandler(subscriber.toggle, pattern=b.TOPICS.pattern)),
        (0, CommandHandler("thongbao", admin.announce)),
        (0, CommandHandler("tailai", review.reload_knowledge)),
        (0, CommandHandler("chuatraloi", review.review)),
        (0, CallbackQueryHandler(review.review_button, pattern=b.REVIEW.pattern)),
        (0, CommandHandler("thongke", review.usage)),
        (0, CommandHandler("dulieucuatoi", review.my_data)),
        (0, CallbackQueryHandler(review.forget, pattern=b.FORGET.pattern)),
        (0, CallbackQueryHandler(admin.announce_decide, pattern=b.ANNOUNCE.pattern)),
        (0, CommandHandler("start", official.accept_invite, filters.Regex(r"^/start inv_"))),
        (0, CommandHandler("start", citizen.start)),
        (0, CommandHandler(["trogiup", "help"], citizen.help_command)),
    ]
    out += [(0, CommandHandler(list(names), citizen.menu_command(menu)))
            for menu, names in MENUS.items()]
    out += [
        (0, MessageHandler(text & filters.ChatType.PRIVATE, citizen.question)),
        (0, MessageHandler(text & filters.ChatType.GROUPS & _AddressedToBot(), citizen.question)),
        (0, CallbackQueryHandler(citizen.button)),
        (0, InlineQueryHandler(citizen.inline)),
        # last: what no handler above took, in a private chat, still gets a short reply
        (0, MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command)),
        (0, MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL
                           & filters.UpdateType.MESSAGE, other_content)),
    ]
    return out
