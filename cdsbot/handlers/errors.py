"""The one error handler: log first, tell the user, tell the operators."""

from __future__ import annotations

import html
import logging

from telegram import Update

from cdsbot import strings
from cdsbot.handlers.common import Context
from cdsbot.storage import Busy

log = logging.getLogger("cdsbot")


async def error(update: object, context: Context) -> None:
    """Log the error with the update's id, apologise to the user, notify CDSBOT_OPS_CHAT."""
    update_id = update.update_id if isinstance(update, Update) else None
    busy = isinstance(context.error, Busy)  # another process held the database: try again
    if busy:
        log.warning("update %s: the database stayed locked; the person was asked to retry",
                    update_id)
    else:
        log.error("update %s failed: %r", update_id, context.error, exc_info=context.error)
    said = strings.chat.BUSY if busy else strings.citizen.ERROR
    if isinstance(update, Update):
        if update.callback_query is not None:
            try:
                await update.callback_query.answer(said, show_alert=True)
            except Exception:
                log.warning("could not answer the callback query of update %s", update_id)
        elif update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, said)
    ops_chat = context.bot_data.settings.ops_chat
    if ops_chat is not None and not busy:
        name = type(context.error).__name__
        await context.bot.send_message(ops_chat, strings.chat.OPS_ERROR.format(
            update_id=update_id, name=html.escape(name),
            detail=html.escape(str(context.error))[:500]))
