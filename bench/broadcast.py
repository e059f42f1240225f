"""Broadcast benchmark: the real courier draining 10 000 outbox rows to the fake Bot API.

    python bench/broadcast.py [--subscribers 10000] [--delays 0,50,150] [--jitter 10]
                              [--unpaced]

For each per-call delay of the fake server (a round trip to Telegram, ± jitter), pacing on
(production): the total time (target under 7 minutes), the largest number of messages the fake
server received in any one-second window (target <= 25), the largest number to one chat in any
second, duplicates (messages to a chat that already had it; target 0) and rows left unsent
(target 0). With --unpaced, also the bot's own sending overhead (pacing off, same code path).
The courier (several sends in flight, its own database thread), Storage (SQLite on disk, WAL +
synchronous=FULL: each row is committed twice) and python-telegram-bot's Bot are the
production ones; only the Bot API server is the fake, in a process of its own (so the arrival
times it takes are not delayed by the bot's interpreter lock).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import Defaults, ExtBot  # noqa: E402

from bench.fake_process import Remote  # noqa: E402
from cdsbot import knowledge  # noqa: E402
from cdsbot.connections import ShardedRequest  # noqa: E402
from cdsbot.notices import schedule  # noqa: E402
from cdsbot.notices.courier import Courier  # noqa: E402
from cdsbot.storage import Storage  # noqa: E402
from tests.fake_telegram import TOKEN  # noqa: E402


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    return max((bisect.bisect_right(times, t + window) - i for i, t in enumerate(times)),
               default=0)


async def run(n: int, paced: bool, workdir: Path, delay: float = 0.0,
              jitter: float = 0.0) -> dict[str, float]:
    kb = knowledge.load(ROOT / "knowledge")
    storage = Storage(workdir / f"broadcast-{paced}-{delay}.db")
    with storage.db.atomic():
        storage.db.conn.executemany(
            "INSERT INTO subscribers (chat_id, user_id, created_at, updated_at) "
            "VALUES (?, ?, '', '')", [(c, c) for c in range(1, n + 1)])
    storage.notices.notify(f"announcement:bench-{paced}", "announcement", "Kiểm tra",
                           "Thông báo thử nghiệm tốc độ gửi.", urgent=True)
    pacer = schedule.Pacer() if paced else schedule.Pacer(rate=0, chat_gap=0)
    server = Remote(delay, jitter)
    try:
        request = ShardedRequest(64, read_timeout=10.0)  # the bot's own connections
        bot: Bot = ExtBot(TOKEN, base_url=server.base_url, request=request,
                          defaults=Defaults(parse_mode=ParseMode.HTML))
        async with bot:
            courier = Courier(bot, storage, lambda: kb.notices,
                              lambda: dt.datetime.now(dt.UTC), pacer)
            start = time.monotonic()
            courier.start()
            while storage.notices.delivery()[0].counts.get("sent", 0) < n:
                await asyncio.sleep(0.2)
            total = time.monotonic() - start
            await courier.stop()
    finally:
        seen = server("sends")
        server.close()
    per_chat: dict[int, list[float]] = {}
    for at, chat in seen["calls"]:
        per_chat.setdefault(chat, []).append(at)
    received = Counter(seen["sent"])
    counts = storage.notices.delivery()[0].counts
    storage.close()
    return {"total": total, "window": max_in_window([at for at, _ in seen["calls"]]),
            "rate": n / total, "sent": counts.get("sent", 0),
            "unsent": n - counts.get("sent", 0) + n - len(received),
            "duplicates": sum(v - 1 for v in received.values()),
            "chat_window": max(max_in_window(ts) for ts in per_chat.values())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subscribers", type=int, default=10_000)
    ap.add_argument("--delays", default="0,50,150", help="ms per call of the fake server")
    ap.add_argument("--jitter", type=float, default=10.0, help="± ms on every call")
    ap.add_argument("--unpaced", action="store_true", help="also measure with pacing off")
    args = ap.parse_args()
    n = args.subscribers
    print("| delay per call | pacing | messages | total | largest 1-s window | per chat "
          "| duplicates | unsent |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for delay_ms in (float(d) for d in args.delays.split(",")):
            jitter_ms = min(args.jitter, delay_ms)
            for paced in (True, False) if args.unpaced else (True,):
                r = asyncio.run(run(n, paced, Path(tmp), delay_ms / 1000, jitter_ms / 1000))
                print(f"| {delay_ms:.0f} ms ± {jitter_ms:.0f} | {'on' if paced else 'off'} | "
                      f"{n} | {r['total']:.1f} s ({r['total'] / 60:.2f} min, "
                      f"{r['rate']:.1f}/s) | {r['window']} | {r['chat_window']} | "
                      f"{r['duplicates']} | {r['unsent']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
