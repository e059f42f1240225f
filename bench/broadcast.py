"""Broadcast benchmark: the real courier draining 10 000 outbox rows to the fake Bot API.

    python bench/broadcast.py [--subscribers 10000] [--skip-paced]

Pacing on (production): the largest number of messages the fake server received in any
one-second window, and the total time (targets: <= 25 and under 7 minutes).
Pacing off: the bot's own sending overhead, messages per second, same code path.
The courier, Storage (SQLite on disk, WAL + synchronous=FULL: each row is committed twice) and
python-telegram-bot's Bot are the production ones; only the Bot API server is the fake.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import Defaults, ExtBot  # noqa: E402

from cdsbot import knowledge, notify  # noqa: E402
from cdsbot.courier import Courier  # noqa: E402
from cdsbot.storage import Storage  # noqa: E402
from tests.fake_telegram import TOKEN, FakeTelegram  # noqa: E402


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    return max((bisect.bisect_right(times, t + window) - i for i, t in enumerate(times)),
               default=0)


async def run(n: int, paced: bool, workdir: Path) -> dict[str, float]:
    kb = knowledge.load(ROOT / "knowledge")
    storage = Storage(workdir / f"broadcast-{paced}.db")
    with storage.db.atomic():
        storage.db.conn.executemany(
            "INSERT INTO subscribers (chat_id, user_id, created_at, updated_at) "
            "VALUES (?, ?, '', '')", [(c, c) for c in range(1, n + 1)])
    storage.notify(f"announcement:bench-{paced}", "announcement", "Kiểm tra",
                   "Thông báo thử nghiệm tốc độ gửi.", urgent=True)
    pacer = notify.Pacer() if paced else notify.Pacer(rate=0, chat_gap=0)
    with FakeTelegram() as tg:
        bot: Bot = ExtBot(TOKEN, base_url=tg.base_url,
                          defaults=Defaults(parse_mode=ParseMode.HTML))
        async with bot:
            courier = Courier(bot, storage, lambda: kb.notices,
                              lambda: dt.datetime.now(dt.UTC), pacer)
            start = time.monotonic()
            courier.start()
            while len(tg.sent) < n:
                await asyncio.sleep(0.2)
            total = time.monotonic() - start
            await courier.stop()
        times = [c.at for c in tg.calls_of("sendMessage")]
    counts = storage.delivery()[0].counts
    storage.close()
    return {"total": total, "window": max_in_window(times), "rate": n / total,
            "sent": counts.get("sent", 0)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subscribers", type=int, default=10_000)
    ap.add_argument("--skip-paced", action="store_true")
    args = ap.parse_args()
    n = args.subscribers
    with tempfile.TemporaryDirectory() as tmp:
        fast = asyncio.run(run(n, False, Path(tmp)))
        print(f"pacing off: {n} messages in {fast['total']:.1f} s = {fast['rate']:.0f} msg/s "
              f"(largest one-second window {fast['window']}), sent rows {fast['sent']:.0f}")
        if not args.skip_paced:
            paced = asyncio.run(run(n, True, Path(tmp)))
            print(f"pacing on: {n} messages in {paced['total']:.1f} s "
                  f"({paced['total'] / 60:.2f} min, target < 7), largest one-second window "
                  f"{paced['window']} (target <= 25), sent rows {paced['sent']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
