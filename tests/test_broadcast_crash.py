"""A process killed with SIGKILL in the middle of a broadcast, started again, delivers to every
subscriber exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter

from cdsbot.storage import Storage
from tests.fake_telegram import TOKEN, BotApiError
from tests.harness import KNOWLEDGE, ROOT, clean_env

CHATS = list(range(20_001, 20_121))  # 120 subscribers
TEXT = "Thông báo kiểm tra khôi phục sau sự cố"


def _start(tmp_path, tg):
    env = clean_env(tmp_path, **{"TELEGRAM_BOT_TOKEN": TOKEN,
                                 "TELEGRAM_API_BASE_URL": tg.base_url,
                                 "CDSBOT_KNOWLEDGE": str(KNOWLEDGE)})
    return subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "run"], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def test_sigkill_mid_broadcast_then_restart_delivers_exactly_once(tmp_path, tg):
    storage = Storage(tmp_path / "cdsbot.db")
    for chat in CHATS:
        storage.notices.subscribe(chat, chat)
    assert storage.notices.notify("announcement:crash-test", "announcement", "Kiểm tra", TEXT,
                                  urgent=True) == len(CHATS)
    storage.close()

    first = _start(tmp_path, tg)
    seen = []

    def kill_on_the_40th(params):
        if TEXT in str(params.get("text", "")):
            seen.append(params["chat_id"])
            if len(seen) == 40:
                os.kill(first.pid, signal.SIGKILL)
                raise BotApiError(500, "Internal Server Error")  # never delivered

    tg.before_send = kill_on_the_40th
    assert first.wait(timeout=60) == -signal.SIGKILL
    tg.before_send = None
    delivered_before = Counter(m["chat"]["id"] for m in tg.sent if TEXT in m.get("text", ""))
    assert 35 <= len(delivered_before) <= 39 and set(delivered_before.values()) == {1}

    second = _start(tmp_path, tg)
    try:
        tg.wait(lambda: len({m["chat"]["id"] for m in tg.sent
                             if TEXT in m.get("text", "")}) == len(CHATS), timeout=60)
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=30)
    assert second.returncode == 0
    delivered = Counter(m["chat"]["id"] for m in tg.sent if TEXT in m.get("text", ""))
    assert sorted(delivered) == CHATS and set(delivered.values()) == {1}
    storage = Storage(tmp_path / "cdsbot.db")
    try:
        assert storage.notices.delivery()[0].counts == {"sent": len(CHATS)}
    finally:
        storage.close()
