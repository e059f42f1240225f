"""The fake Bot API in a process of its own, for the benchmarks: Telegram is another machine.
In the bot's process, the server's request threads compete with the bot for the interpreter lock
(a burst of updates then measures the lock, not the bot), and the moment a message arrives is
taken by a thread that waits for the bot's lock. `Remote(delay, jitter)` starts it; commands go
through a pipe (`serve`).
"""

from __future__ import annotations

import multiprocessing
import time

from tests.fake_telegram import FakeTelegram


class Meter(FakeTelegram):
    """FakeTelegram that records when each update is handed over and first answered."""

    def __init__(self, delay: float = 0.0, jitter: float = 0.0) -> None:
        super().__init__(delay=delay, jitter=jitter)
        self.handed: dict[int, float] = {}
        self.first_reply: dict[str, float] = {}

    def _get_updates(self, offset: int, timeout: float, limit: int) -> list[dict]:
        batch = super()._get_updates(offset, timeout, limit)
        now = time.perf_counter()
        for u in batch:
            self.handed.setdefault(u["update_id"], now)
        return batch

    def _dispatch(self, method: str, p: dict) -> object:
        result = super()._dispatch(method, p)
        name = method.lower()
        key = None
        if name in ("sendmessage", "sendphoto"):
            key = f"chat:{p['chat_id']}"
        elif name == "answercallbackquery":
            key = f"cb:{p['callback_query_id']}"
        elif name == "answerinlinequery":
            key = f"iq:{p['inline_query_id']}"
        if key:
            with self.cond:
                self.first_reply.setdefault(key, time.perf_counter())
        return result


def serve(conn, delay: float, jitter: float) -> None:
    """Run the fake in this process, driven through `conn` until "stop"."""
    with Meter(delay, jitter) as tg:
        conn.send(tg.base_url)
        while True:
            command, arg = conn.recv()
            if command == "push":
                conn.send([tg._push(dict(u)) for u in arg])
            elif command == "forget":
                tg.first_reply.pop(arg, None)
                conn.send(None)
            elif command == "wait":  # -> {key: first reply}, {update_id: handed over}
                tg.wait(lambda keys=arg: all(k in tg.first_reply for k in keys), timeout=600)
                conn.send(({k: tg.first_reply[k] for k in arg}, dict(tg.handed)))
            elif command == "sends":  # -> every sendMessage: [arrived, chat], and chats sent to
                conn.send({"calls": [[c.at, int(c.params["chat_id"])]
                                     for c in tg.calls_of("sendMessage")],
                           "sent": [m["chat"]["id"] for m in tg.sent]})
            else:
                conn.send(None)
                return


class Remote:
    """The parent's end of `serve` (perf_counter is the system's monotonic clock: the same in
    both processes, and only the server's readings are used)."""

    def __init__(self, delay: float, jitter: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, delay, jitter), daemon=True)
        self.process.start()
        self.base_url = self.conn.recv()

    def __call__(self, command: str, arg: object = None) -> object:
        self.conn.send((command, arg))
        return self.conn.recv()

    def close(self) -> None:
        self("stop")
        self.process.join(10)
