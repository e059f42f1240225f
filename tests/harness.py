"""What the tests share (the benchmarks use it too; nothing here imports a test module or
bench/): paths, the command line run in this process or in a real one, the real Application
in a thread of its own (as in production) against FakeTelegram, and a conversation's steps."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from tests.fake_telegram import TOKEN

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SOURCES = ROOT.parent / "shared" / "sources"

# The officials' tests' people and clock.
ADMIN, OFFICIAL, CITIZEN = 9001, 9002, 9003
ICT = dt.timezone(dt.timedelta(hours=7))


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with no Telegram token and the database under tmp_path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "CDSBOT_"))}
    env.update({"CDSBOT_DB": str(tmp_path / "cdsbot.db"), "PYTHONIOENCODING": "utf-8"})
    env.update(extra)
    return env


def run_process(tmp_path: Path, *args: str, stdin: str = "", **env: str
                ) -> subprocess.CompletedProcess[str]:
    """`python bot.py ARGS` in a process of its own, from a working directory with no .env:
    for what only a real process shows (exit codes at start-up, the environment, imports)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=60,
        cwd=tmp_path, env=clean_env(tmp_path, **{"CDSBOT_KNOWLEDGE": str(KNOWLEDGE), **env}),
    )


@contextlib.contextmanager
def _environment(tmp_path: Path, env: dict[str, str]) -> Iterator[None]:
    """This process's environment and working directory as `run_process` gives the child."""
    saved, cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(clean_env(tmp_path, **{"CDSBOT_KNOWLEDGE": str(KNOWLEDGE), **env}))
    os.chdir(tmp_path)
    try:
        yield
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def run_cli(tmp_path: Path, *args: str, stdin: str = "", **env: str
            ) -> subprocess.CompletedProcess[str]:
    """`python bot.py ARGS` as `run_process` runs it, but through cli.main in this process
    (the same environment and working directory, stdin/stdout/stderr as strings)."""
    from cdsbot import cli

    out, err = io.StringIO(), io.StringIO()
    with _environment(tmp_path, env), contextlib.redirect_stderr(err):
        try:  # argparse writes its usage errors to sys.stderr and exits
            code = cli.main(list(args), io.StringIO(stdin), out, err)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["bot.py", *args], code, out.getvalue(), err.getvalue())


def log_question(storage: Any, question: str, status: str = "none") -> None:
    """An unanswered question as the bot records it (in the counters' batch), committed."""
    storage.learning.count_asked(storage.clock().date(), status, None, unanswered=question)
    storage.flush_counts()


def unanswered(storage: Any) -> list[tuple[str, int]]:
    """(question, how often asked) of the unanswered questions the editors will review."""
    return [(i.question, i.count) for i in storage.learning.review_items(1000)
            if i.key.startswith("u")]


def ratings(storage: Any, entry_id: str) -> tuple[int, int]:
    """(👍, 👎) of one entry, from the statistics' summary."""
    return next(((up, down) for e, up, down in storage.learning.rating_summary(10_000)
                 if e == entry_id), (0, 0))


class Clock:
    """A clock the test moves; both the storage and the office read it."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


def say(tg: Any, user: int, text: str, chat_id: int | None = None, **kw: Any) -> dict:
    """Send and return the bot's next message to that chat."""
    after = tg.last_message_id()
    tg.send_text(user, text, chat_id=chat_id, **kw)
    return tg.wait_for_message(chat_id or user, after=after + 1)


def buttons(msg: dict) -> list[str]:
    return [b["callback_data"] for row in (msg.get("reply_markup") or {})
            .get("inline_keyboard", []) for b in row]


def press(tg: Any, user: int, msg: dict, data: str) -> Any:
    """Press a button; return the callback answer the bot gave."""
    n = len(tg.callback_answers)
    tg.press(user, msg, data)
    return tg.wait(lambda: len(tg.callback_answers) > n and tg.callback_answers[n])


def pressed(tg: Any, user: int, msg: dict, data: str) -> dict:
    """Press a button and return the next message the bot sends to the user."""
    after = tg.last_message_id()
    press(tg, user, msg, data)
    return tg.wait_for_message(user, after=after)


def settle(tg: Any) -> None:
    """Until every update sent so far is handled (chats are handled concurrently)."""
    tg.settle()


def edited(tg: Any, msg: dict) -> dict:
    return tg.wait(lambda: [m for m in tg.messages_to(msg["chat"]["id"])
                            if m["message_id"] == msg["message_id"] and m.get("edited")])[0]


def export_rows(tmp_path: Path, kind: str = "reports") -> list[dict[str, str]]:
    res = run_cli(tmp_path, "export", kind)
    assert res.returncode == 0, res.stderr
    return list(csv.DictReader(io.StringIO(res.stdout)))


class BotThread:
    """Polling or webhook mode in a background event loop; collects every handler error."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.errors: list[BaseException] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                       name="bot-under-test")
        app.add_error_handler(self._collect)

    async def _collect(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            self.errors.append(context.error)

    def call(self, coro: Coroutine[Any, Any, Any], timeout: float = 20) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _start(self, updater: Coroutine[Any, Any, Any]) -> BotThread:
        """As run_polling / run_webhook do: initialize, post_init, start, then the updater."""
        self.thread.start()

        async def go() -> None:
            await self.app.initialize()
            if self.app.post_init:
                await self.app.post_init(self.app)
            await self.app.start()
            await updater

        self.call(go())
        return self

    def start_polling(self) -> BotThread:
        assert self.app.updater is not None
        return self._start(self.app.updater.start_polling(
            timeout=1, poll_interval=0, allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False))

    def start_webhook(self, port: int, url_path: str, secret: str) -> BotThread:
        assert self.app.updater is not None
        return self._start(self.app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path=url_path, secret_token=secret,
            webhook_url=f"http://127.0.0.1:{port}/{url_path}", drop_pending_updates=False,
            allowed_updates=Update.ALL_TYPES))

    def wait_idle(self, timeout: float = 20.0) -> None:
        """Until every update put into the application's queue has been handled."""
        if self.thread.is_alive():
            self.call(asyncio.wait_for(self.app.update_queue.join(), timeout), timeout + 1)

    def stop(self) -> None:
        if self.loop.is_closed():  # stopped already (by the test, before the fixture)
            return

        async def go() -> None:
            if self.app.updater and self.app.updater.running:
                await self.app.updater.stop()
            if self.app.running:
                await self.app.stop()
            if self.app.post_stop:  # as run_polling does
                await self.app.post_stop(self.app)
            await self.app.shutdown()

        try:
            self.call(go())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_bot(tmp_path, tg, *args, token=TOKEN, **env):
    environment = clean_env(tmp_path, **{"TELEGRAM_BOT_TOKEN": token,
                                         "TELEGRAM_API_BASE_URL": tg.base_url,
                                         "CDSBOT_KNOWLEDGE": str(KNOWLEDGE), **env})
    return subprocess.Popen([sys.executable, str(ROOT / "bot.py"), *args], cwd=tmp_path,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")


SECRET = "bi-mat-123"
WEBHOOK_USER = 6001  # who sends the first update to a webhook process


def start_webhook_process(tmp_path, tg, first_text: str) -> tuple[subprocess.Popen, int, str]:
    """`bot.py run --webhook` in a process of its own; returns once Telegram's first post
    (`first_text`, with the secret) got 200: the listener may come up just after setWebhook."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    proc = start_bot(tmp_path, tg, "run", "--webhook", url, "--port", str(port),
                  CDSBOT_WEBHOOK_SECRET=SECRET)
    tg.wait(lambda: tg.webhook_url == url, timeout=30)
    update = tg.message_update(WEBHOOK_USER, first_text)
    deadline = time.monotonic() + 20
    while True:
        try:
            status = tg.post_webhook(url, update, secret=SECRET)
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.2)
    assert status == 200
    return proc, port, url
