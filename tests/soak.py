"""The soak run: many mixed updates from many users through the real Application and the
fake server (the production build_application: flood guard on, SQLite on disk, the courier
running; the shipped knowledge base). The mix: questions, menus and commands, button presses
(answers, menus, ratings), inline queries, subscriptions, official reports with their ✅
confirmation, an announcement now and then. Driven by tests/test_soak_short.py (short) and
bench/soak.py (long); it lives here so that tests never import bench/."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from cdsbot.app import build_application
from cdsbot.assistant import Assistant
from cdsbot.config import Settings
from cdsbot.live import Live
from cdsbot.officials.office import Office
from cdsbot.storage import Storage
from tests.fake_telegram import BOT_USER, TOKEN, FakeTelegram
from tests.harness import ROOT, BotThread

COMMANDS = ["/start", "/muctieu", "/dichvu", "/moc", "/lienhe", "/kehoach", "/trogiup",
            "/tiendo", "/tiendo ho-so-mang-huyen", "/dulieucuatoi"]
ENTRIES = ["vneid-phi", "cap-quang-ho-gia-dinh", "kh-la-gi", "dvc-muc-do-4", "ho-so-mang-huyen"]
ADMIN = 1


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak(n_updates: int, n_users: int, workdir: Path, seed: int = 3) -> dict[str, object]:
    rng = random.Random(seed)
    lines = (ROOT / "bench" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    questions = [x.split("\t")[3] for x in lines if x and not x.startswith("#")]
    users = list(range(100_000, 100_000 + n_users))
    officials = users[:max(1, n_users // 20)]
    assistant = Assistant.load(ROOT / "knowledge")
    with FakeTelegram() as tg:
        settings = Settings(token=TOKEN, api_base_url=tg.base_url, db=workdir / "soak.db",
                            knowledge=ROOT / "knowledge", admins=(ADMIN,))
        storage = Storage(settings.db)
        for official in officials:
            storage.people.grant(official, "official", "quan-do-son", None, "cli")
        live = Live(settings.knowledge, assistant, storage)
        office = Office(live, storage, settings.admins, settings.tz)
        app = build_application(settings, office, rate_limit=False)
        bot = BotThread(app).start_polling()
        tg.idle_waiters.append(bot.wait_idle)
        pressed: set[int] = set()
        acknowledged = [0]
        warm_rss = 0.0
        started = time.monotonic()
        try:
            for i in range(n_updates):
                user = rng.choice(users)
                r = rng.random()
                if r < 0.45:
                    tg.send_text(user, rng.choice(questions))
                elif r < 0.65:
                    tg.send_text(user, rng.choice(COMMANDS))
                elif r < 0.78:
                    data = rng.choice([f"e:{rng.choice(ENTRIES)}", "m:muctieu", "m:moc",
                                       f"r:{rng.choice(ENTRIES)}:{rng.choice(['1', '-1'])}",
                                       "td:start", "td:t:announcements", "x:tampered"])
                    message = {"message_id": 1, "date": 0, "from": BOT_USER, "text": "…",
                               "chat": {"id": user, "type": "private"}}
                    tg.press(user, message, data)
                elif r < 0.86:
                    tg.inline_query(user, rng.choice(questions)[:40])
                elif r < 0.90:
                    tg.send_text(user, rng.choice(["/theodoi", "/huytheodoi"]))
                elif r < 0.999:
                    official = rng.choice(officials)
                    tg.send_text(official, f"/baocao ho-so-mang-huyen {rng.randint(10, 90)} "
                                           f"2022-Q{rng.randint(1, 4)} số liệu thử")
                else:
                    tg.send_text(ADMIN, f"/thongbao Thông báo thử số {i}")
                if i % 200 == 199:  # let the bot catch up, and confirm what awaits ✅
                    _catch_up(tg, pressed, acknowledged)
                if i == n_updates // 5:
                    warm_rss = rss_mib()
            _catch_up(tg, pressed, acknowledged)
            _catch_up(tg, pressed, acknowledged)  # the confirmations of the last prompts
            elapsed = time.monotonic() - started
            end_rss = rss_mib()
        finally:
            bot.stop()
        _count_and_trim(tg, acknowledged)
        stored = len(storage.reports.find(status=None))
        storage.close()
    return {"updates": n_updates, "users": n_users, "seconds": elapsed,
            "errors": len(bot.errors), "error_samples": bot.errors[:3], "warm_rss": warm_rss,
            "end_rss": end_rss, "growth": (end_rss - warm_rss) / warm_rss if warm_rss else 0.0,
            "acknowledged": acknowledged[0], "stored": stored}


def _count_and_trim(tg: FakeTelegram, acknowledged: list[int]) -> None:
    """Count the confirmations the bot acknowledged, then drop the fake server's history (it
    lives in this process: kept, it would be counted as the bot's memory)."""
    with tg.cond:
        done = [m for m in tg.sent if m.get("edited")
                and re.match("✅ Đã (lưu|sửa)", m.get("text", ""))]
        acknowledged[0] += len(done)
        tg.sent = [m for m in tg.sent if not m.get("edited")
                   and "bc:ok:" in str(m.get("reply_markup"))]
        tg.calls.clear()
        tg.callback_answers.clear()
        tg.inline_answers.clear()


def _catch_up(tg: FakeTelegram, pressed: set[int], acknowledged: list[int]) -> None:
    tg.settle(timeout=120)  # every update so far handled (chats are handled concurrently)
    _count_and_trim(tg, acknowledged)
    with tg.cond:
        prompts = [m for m in tg.sent if m["message_id"] not in pressed
                   and "bc:ok:" in str(m.get("reply_markup"))]
    for prompt in prompts:
        pressed.add(prompt["message_id"])
        ok = prompt["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        tg.press(prompt["chat"]["id"], prompt, ok)
