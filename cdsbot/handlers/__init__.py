"""THE ordered list of handlers: (group, handler). Lower groups run first."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from cdsbot.handlers import citizen
from cdsbot.handlers.common import flood_guard

MENUS = {"muctieu": ("muctieu", "goals"), "dichvu": ("dichvu", "services"),
         "moc": ("moc", "milestones"), "lienhe": ("lienhe", "contact"),
         "kehoach": ("kehoach", "plan")}

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


def handlers() -> list[tuple[int, BaseHandler]]:
    text = filters.TEXT & ~filters.COMMAND
    out: list[tuple[int, BaseHandler]] = [
        (-1, TypeHandler(Update, flood_guard)),
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
    ]
    return out
