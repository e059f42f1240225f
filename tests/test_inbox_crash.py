"""A process killed with SIGKILL while updates are being handled, started again, answers every
one of them (polling and webhook): 0 lost, no count doubled; a reply is repeated only for an
update whose reply was already on its way at the kill."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from cdsbot.storage import Storage
from cdsbot.storage.inbox import Inbox, inbox_path
from tests.fake_telegram import TOKEN, BotApiError
from tests.harness import KNOWLEDGE, ROOT, clean_env

USERS = list(range(40_001, 40_011))  # ten citizens, one question each
QUESTION = "vneid có mất phí không"
SECRET = "crash-test-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(tmp_path, tg, port: int | None):
    env = clean_env(tmp_path, **{"TELEGRAM_BOT_TOKEN": TOKEN,
                                 "TELEGRAM_API_BASE_URL": tg.base_url,
                                 "CDSBOT_KNOWLEDGE": str(KNOWLEDGE),
                                 "CDSBOT_WEBHOOK_SECRET": SECRET})
    args = ["run"] if port is None else [
        "run", "--webhook", f"http://127.0.0.1:{port}/hook", "--port", str(port)]
    return subprocess.Popen([sys.executable, str(ROOT / "bot.py"), *args], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def _answers(tg) -> Counter:
    return Counter(m["chat"]["id"] for m in tg.sent
                   if m["chat"]["id"] in USERS and m.get("method") == "sendmessage")


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_sigkill_with_updates_in_flight_then_restart_loses_nothing(tmp_path, tg, mode):
    port = _free_port() if mode == "webhook" else None
    tg.delay = 0.15  # every call takes a round trip: the kill finds updates mid-way
    first = _start(tmp_path, tg, port)
    on_the_way: set[int] = set()  # chats whose reply was on its way at the kill
    killed, lock = threading.Event(), threading.Lock()

    def kill_at_the_first_reply(params):
        chat = int(params["chat_id"])
        if chat not in USERS:
            return
        with lock:
            if not killed.is_set():
                os.kill(first.pid, signal.SIGKILL)
                killed.set()
                raise BotApiError(500, "Internal Server Error")  # never delivered
            on_the_way.add(chat)  # sent before the kill, arriving now: delivered

    tg.before_send = kill_at_the_first_reply
    if mode == "polling":
        for user in USERS:
            tg.send_text(user, QUESTION)
        undelivered: list[dict] = []
    else:
        tg.wait(lambda: tg.webhook_url, timeout=30)
        undelivered = []
        for user in USERS:  # Telegram repeats a delivery that got no 200
            update = tg.message_update(user, QUESTION)
            try:
                ok = tg.post_webhook(tg.webhook_url, update, SECRET) == 200
            except OSError:
                ok = False
            if not ok:
                undelivered.append(update)
    assert first.wait(timeout=60) == -signal.SIGKILL
    time.sleep(10 * tg.delay)  # requests sent before the kill are still on the wire
    tg.before_send = None
    before = _answers(tg)
    assert len(before) < len(USERS)  # killed with questions still unanswered
    with Inbox(inbox_path(tmp_path / "cdsbot.db")) as inbox:
        assert len(inbox.unfinished()) > 0  # stored, not handled

    tg.delay = 0.0
    tg.webhook_url = ""
    second = _start(tmp_path, tg, port)
    try:
        if mode == "webhook":
            tg.wait(lambda: tg.webhook_url, timeout=30)
            for update in undelivered:
                assert tg.post_webhook(tg.webhook_url, update, SECRET) == 200
        tg.wait(lambda: set(_answers(tg)) == set(USERS), timeout=60)
        tg.wait(lambda: not tg.updates, timeout=10)
    finally:
        second.send_signal(signal.SIGTERM)
        _, stderr = second.communicate(timeout=30)
    assert second.returncode == 0, stderr[-2000:]
    answers = _answers(tg)
    repeated = {chat for chat, n in answers.items() if n > 1}
    assert set(answers) == set(USERS) and set(answers.values()) <= {1, 2}
    assert repeated <= on_the_way, (repeated, on_the_way)
    storage = Storage(tmp_path / "cdsbot.db")
    try:
        counted = storage.learning.question_stats(storage.clock().date())
        assert sum(n for *_, n in counted) == len(USERS)  # each question counted once
    finally:
        storage.close()
    with Inbox(inbox_path(tmp_path / "cdsbot.db")) as inbox:
        assert inbox.counts() == (len(USERS), 0)
