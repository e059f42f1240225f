"""build_application(): the whole Telegram bot in one place; run(): polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
from urllib.parse import urlparse

from telegram import Bot, BotCommand, BotCommandScopeDefault, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

from cdsbot import charts, knowledge, offload, strings, webhook
from cdsbot.config import Settings
from cdsbot.connections import ShardedRequest
from cdsbot.handlers import DIALOG_TIMEOUT, handlers, official
from cdsbot.handlers.common import CONTEXT_TYPES, Context, FloodGuard
from cdsbot.handlers.errors import error
from cdsbot.live import Live
from cdsbot.notices import schedule
from cdsbot.notices.courier import IN_FLIGHT, Courier
from cdsbot.officials.office import Office
from cdsbot.pipeline import MAX_CONCURRENT, ChatOrder, InboxQueue, Intake, StoringRequest
from cdsbot.startup import (
    EXIT_INVALID,
    EXIT_NETWORK,
    EXIT_TOKEN,
    EXIT_USAGE,
    StartupError,
    kb_problem_line,
    open_storage,
)
from cdsbot.storage import OperationalError, Storage
from cdsbot.storage.inbox import inbox_path

log = logging.getLogger("cdsbot")


class RedactToken(logging.Filter):
    """Removes the bot token from every log record (URLs in library messages carry it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(settings.token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


TIMEOUT = 10.0  # seconds for every Telegram call (connect, write, read, pool); never unbounded
REMINDER_INTERVAL = 3600  # seconds between reminder checks
NOTIFY_INTERVAL = 60  # seconds between milestone checks


async def notify_tick(context: Context) -> None:
    """Repeating job: write the milestone notifications that are due (each key once)."""
    svc = context.bot_data
    courier = svc.courier
    assert courier is not None
    due = schedule.due(svc.office.now(), svc.assistant.kb)
    if not due:
        return

    def write(storage: Storage) -> int:
        return sum(storage.notices.notify(d.key, d.kind, d.title, d.body) is not None for d in due)

    if await courier.run_db(write):  # in the courier's database thread, not on the loop
        courier.wake.set()


RETENTION_INTERVAL = 6 * 3600  # seconds between retention runs


async def retention(context: Context) -> None:
    """Repeating job: delete stored question texts older than CDSBOT_RETENTION_DAYS."""
    svc = context.bot_data
    courier = svc.courier
    assert courier is not None
    days = svc.settings.retention_days
    try:  # in the courier's database thread: a lock held elsewhere stalls nothing here
        gone = await courier.run_db(lambda storage: storage.learning.purge_questions(days))
    except OperationalError as exc:  # locked for long: the next run catches up
        log.warning("retention postponed: %s", exc)
        return
    if any(gone.values()):
        log.info("retention: deleted %s", gone)


async def _post_init(app: Application) -> None:
    """Command menus: Vietnamese by default, English for users whose language is English;
    officials and admins get their own (per-chat scope)."""
    scope = BotCommandScopeDefault()
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in strings.citizen.COMMANDS_VI],
                                  scope=scope)
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in strings.citizen.COMMANDS_EN],
                                  scope=scope, language_code="en")
    svc = app.bot_data
    svc.intake.open()
    await svc.intake.recover(app.bot, app.update_queue)  # handled first, before anything new
    courier = Courier(app.bot, svc.storage, svc.live.notices, svc.office.now, svc.pacer,
                      send_timeout=svc.send_timeout)
    svc.courier = courier
    courier.start()
    try:  # SIGHUP reloads the knowledge base (validated first), as /tailai does
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, _on_sighup, app)
    except (NotImplementedError, RuntimeError, ValueError):  # not on this platform or thread
        log.info("SIGHUP reload is not available here; use /tailai")
    office = svc.office
    roles = await svc.run(office.storage.people.active_roles)
    for user_id in sorted({r.user_id for r in roles} | set(office.admins)):
        try:
            await official.refresh_commands(app.bot, svc, user_id)
        except TelegramError as exc:  # e.g. someone who never opened the bot
            log.warning("could not set the command menu of %s: %s", user_id, exc)


def _on_sighup(app: Application) -> None:
    app.create_task(_reload(app), name="sighup-reload")


async def _reload(app: Application) -> None:
    svc = app.bot_data
    problems = await svc.live.reload(await svc.run(svc.live.phrasings))
    if problems:
        log.error("SIGHUP: knowledge/ has %d problems; still serving the last good one:\n%s",
                  len(problems), "\n".join(problems))
    else:
        log.info("SIGHUP: knowledge base reloaded (%d entries)", len(svc.assistant.kb.entries))
    if svc.settings.ops_chat is not None:
        await app.bot.send_message(svc.settings.ops_chat,
                                   strings.citizen.reload_result(svc.assistant.kb, problems))


async def _post_stop(app: Application) -> None:
    if app.bot_data.courier is not None:
        await app.bot_data.courier.stop()
    await app.bot_data.intake.close()
    await charts.stop()
    await asyncio.to_thread(app.bot_data.db.close)


def build_application(settings: Settings, office: Office, *, rate_limit: bool = True,
                      flood: FloodGuard | None = None, dialog_timeout: float = DIALOG_TIMEOUT,
                      pacer: schedule.Pacer | None = None,
                      send_timeout: float | None = None,
                      concurrency: int = MAX_CONCURRENT) -> Application:
    """The whole bot: settings, the core (the office, which holds the live knowledge base and
    the storage), defaults, the inbox and per-chat ordered concurrency, handlers in order, one
    error handler."""
    intake = Intake(inbox_path(settings.db))
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.replace("/bot", "/file/bot"))
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .get_updates_request(StoringRequest(HTTPXRequest(connection_pool_size=2), intake))
        .update_queue(InboxQueue(intake))
        .concurrent_updates(ChatOrder(intake, concurrency))
        .request(ShardedRequest(concurrency + 2 * IN_FLIGHT, pool_timeout=TIMEOUT,
                                read_timeout=TIMEOUT, write_timeout=TIMEOUT,
                                connect_timeout=TIMEOUT))
        .context_types(CONTEXT_TYPES)
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))
    webhook.limit_body_size()  # before any webhook server exists: bodies over 1 MB refused
    app = builder.build()
    app.bot_data.serve(settings, office, flood or FloodGuard(), intake)
    app.bot_data.pacer, app.bot_data.send_timeout = pacer, send_timeout
    for group, handler in handlers(dialog_timeout):
        app.add_handler(handler, group=group)
    app.add_error_handler(error)
    if app.job_queue is not None:
        app.job_queue.run_repeating(official.remind, interval=REMINDER_INTERVAL, first=30,
                                    name="reminders", job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(notify_tick, interval=NOTIFY_INTERVAL, first=5,
                                    name="notify", job_kwargs={"misfire_grace_time": None})
        app.job_queue.run_repeating(retention, interval=RETENTION_INTERVAL, first=1,
                                    name="retention", job_kwargs={"misfire_grace_time": None})
    return app


async def _check_token(settings: Settings) -> None:
    """One getMe before starting: a rejected token or an unreachable Telegram is one clear
    line (StartupError), not a retry traceback."""
    try:
        async with Bot(settings.token, base_url=settings.api_base_url):
            return
    except InvalidToken as exc:
        raise StartupError(EXIT_TOKEN, strings.citizen.INVALID_TOKEN) from exc
    except NetworkError:  # TimedOut is a NetworkError too
        host = urlparse(settings.api_base_url).netloc or settings.api_base_url
        raise StartupError(EXIT_NETWORK, strings.cli.no_network(host)) from None


def _check_port(listen: str, port: int) -> None:
    """The webhook's address can be listened on (before anything starts): else one line."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in listen else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tornado does
            probe.bind((listen, port))
    except OSError as exc:
        raise StartupError(EXIT_NETWORK, strings.cli.port_unavailable(
            listen, port, exc.strerror or exc)) from None


def run(settings: Settings, webhook: str | None = None, listen: str = "127.0.0.1",
        port: int = 8443) -> int:
    """Run until SIGINT/SIGTERM, then return 0. A start-up failure raises StartupError (one
    line, its exit code: see cdsbot.startup)."""
    configure_logging(settings)
    try:
        kb = knowledge.load(settings.knowledge)  # a bad one stops us before the network
    except knowledge.KnowledgeError as exc:
        raise StartupError(EXIT_INVALID, kb_problem_line(exc.problems)) from None
    if webhook and not settings.webhook_secret:
        raise StartupError(EXIT_USAGE, strings.citizen.NO_WEBHOOK_SECRET)
    if webhook:
        _check_port(listen, port)
    storage = open_storage(settings.db)
    try:
        asyncio.run(_check_token(settings))
    except StartupError:
        storage.close()
        raise
    live = Live.load(settings.knowledge, storage, kb)  # with what admins taught it
    office = Office(live, storage, settings.admins, settings.tz, owner_key=settings.token)
    app = build_application(settings, office)
    offload.settle()  # the knowledge base and its index: no full collection walks them again
    try:
        if webhook:
            app.run_webhook(listen=listen, port=port, url_path=urlparse(webhook).path.lstrip("/"),
                            webhook_url=webhook, secret_token=settings.webhook_secret,
                            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    except InvalidToken:
        raise StartupError(EXIT_TOKEN, strings.citizen.INVALID_TOKEN) from None
    except NetworkError:  # lost between the token check and the start
        host = urlparse(settings.api_base_url).netloc or settings.api_base_url
        raise StartupError(EXIT_NETWORK, strings.cli.no_network(host)) from None
    except OSError as exc:  # the webhook's port: in use, or not ours to open
        raise StartupError(EXIT_NETWORK, strings.cli.port_unavailable(
            listen, port, exc.strerror or exc)) from None
    finally:
        storage.close()
    return 0
