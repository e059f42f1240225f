"""Run the real Application in a thread of its own (as in production) against FakeTelegram."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes


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
