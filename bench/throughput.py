"""Throughput and latency of the real Application against the fake Bot API server.

    python bench/throughput.py [--updates 2000] [--latency 100] [--delays 0,50,150]
                               [--jitter 10] [--concurrency 64]

For each per-call delay of the fake server (a round trip to Telegram: 0, 50 and 150 ms, with
± jitter), two bots run in the same process, one after the other, on the same updates: cdsbot
(build_application: durable inbox, per-chat ordered concurrency, real knowledge base, SQLite on
disk) and a bare python-telegram-bot echo bot with the same concurrency (concurrent_updates of
the same size; one MessageHandler that echoes, one CallbackQueryHandler and one
InlineQueryHandler that just answer). Both run without AIORateLimiter, so the numbers are the
bots' own cost and the network's, not Telegram's 30 messages/second limit.

- Throughput: all N mixed updates are queued at once; updates per second = N / (time from the
  first getUpdates answer to the last reply).
- Latency: then updates are sent one at a time (the next after the reply); latency = from the
  moment the fake server hands the update to the bot (its getUpdates answer) to the moment the
  reply reaches the server (so it includes one round trip of the reply). p50 / p95.
Mix: 60 % questions (bench/questions.tsv), 20 % commands, 15 % button presses, 5 % inline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bench.fake_process import Remote  # noqa: E402
from cdsbot.app import build_application  # noqa: E402
from cdsbot.assistant import Assistant  # noqa: E402
from cdsbot.config import Settings  # noqa: E402
from cdsbot.connections import ShardedRequest  # noqa: E402
from cdsbot.handlers.common import FloodGuard  # noqa: E402
from cdsbot.live import Live  # noqa: E402
from cdsbot.officials.office import Office  # noqa: E402
from cdsbot.storage import Storage  # noqa: E402
from tests.fake_telegram import BOT_USER, TOKEN, FakeTelegram  # noqa: E402
from tests.harness import BotThread  # noqa: E402

COMMANDS = ["/start", "/muctieu", "/dichvu", "/moc", "/lienhe", "/kehoach", "/trogiup"]


def mixed_updates(n: int, seed: int = 1) -> list[dict]:
    """n update bodies (without update_id), each from its own user, keyed for the reply."""
    rng = random.Random(seed)
    lines = (ROOT / "bench" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    questions = [line.split("\t")[3] for line in lines if line and not line.startswith("#")]
    entries = ["vneid-phi", "cap-quang-ho-gia-dinh", "kh-la-gi", "dvc-muc-do-4"]
    fake = FakeTelegram()
    out = []
    for i in range(n):
        user = 1_000_000 + i
        r = rng.random()
        if r < 0.60:
            out.append(fake.message_update(user, rng.choice(questions), message_id=i + 1))
        elif r < 0.80:
            out.append(fake.message_update(user, rng.choice(COMMANDS), message_id=i + 1))
        elif r < 0.95:
            data = rng.choice([f"e:{rng.choice(entries)}", "m:muctieu", "m:lienhe",
                               f"r:{rng.choice(entries)}:1"])
            message = {"message_id": i + 1, "date": int(time.time()), "from": BOT_USER,
                       "chat": {"id": user, "type": "private"}, "text": "…"}
            out.append({"callback_query": {"id": f"cb{i}", "from": fake.user(user),
                                           "chat_instance": "ci", "data": data,
                                           "message": message}})
        else:
            out.append({"inline_query": {"id": f"iq{i}", "from": fake.user(user),
                                         "query": rng.choice(questions)[:60], "offset": ""}})
    return out


def reply_key(update: dict) -> str:
    if "message" in update:
        return f"chat:{update['message']['chat']['id']}"
    if "callback_query" in update:
        return f"cb:{update['callback_query']['id']}"
    return f"iq:{update['inline_query']['id']}"


def measure(make_app, updates: list[dict], latency_n: int, delay: float = 0.0,
            jitter: float = 0.0) -> dict[str, float]:
    tg = Remote(delay, jitter)
    try:
        bot = BotThread(make_app(tg.base_url)).start_polling()
        try:
            pushed = tg("push", updates)
            keys = [reply_key(u) for u in pushed]
            first_reply, handed = tg("wait", keys)
            start = min(handed[u["update_id"]] for u in pushed)
            end = max(first_reply[k] for k in keys)
            throughput = len(pushed) / (end - start)
            lat = []
            for u in updates[:latency_n]:
                body = {k: v for k, v in u.items() if k != "update_id"}
                if "message" in body:  # a fresh chat so the reply is recognised
                    body = {"message": dict(body["message"],
                                            chat=dict(body["message"]["chat"], id=-7))}
                key = reply_key(body)
                tg("forget", key)
                (pushed_one,) = tg("push", [body])
                first_reply, handed = tg("wait", [key])
                lat.append(first_reply[key] - handed[pushed_one["update_id"]])
        finally:
            bot.stop()
        if bot.errors:
            raise SystemExit(f"handler errors: {bot.errors[:3]}")
    finally:
        tg.close()
    lat.sort()
    return {"ups": throughput, "p50": statistics.median(lat) * 1000,
            "p95": lat[int(len(lat) * 0.95) - 1] * 1000}


def cdsbot_factory(workdir: Path, concurrency: int):
    assistant = Assistant.load(ROOT / "knowledge")
    def make(base_url: str):
        # a fresh database and inbox: every fake server numbers its updates from 1000 again
        db = Path(tempfile.mkdtemp(dir=workdir)) / "bench.db"
        settings = Settings(token=TOKEN, api_base_url=base_url, db=db,
                            knowledge=ROOT / "knowledge")
        storage = Storage(settings.db)
        office = Office(Live(settings.knowledge, assistant, storage), storage)
        return build_application(settings, office,
                                 rate_limit=False, flood=FloodGuard(limit=10_000),
                                 concurrency=concurrency)

    return make


def echo_factory(base_url: str, concurrency: int = 1, sharded: bool = False):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_message(update.effective_chat.id, update.message.text)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()

    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.inline_query.answer([])

    builder = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(concurrency)
    if sharded:  # the same connections as cdsbot's (cdsbot/connections.py)
        builder = builder.request(ShardedRequest(concurrency + 8))
    else:
        builder = builder.connection_pool_size(concurrency + 8)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(answer))
    app.add_handler(InlineQueryHandler(inline))
    return app


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--updates", type=int, default=2000)
    ap.add_argument("--latency", type=int, default=100, help="sequential updates for latency")
    ap.add_argument("--delays", default="0,50,150", help="ms per call of the fake server")
    ap.add_argument("--jitter", type=float, default=10.0, help="± ms on every call")
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()
    updates = mixed_updates(args.updates)
    print(f"{args.updates} mixed updates; latency over {args.latency} sequential updates; "
          f"concurrency {args.concurrency} for both bots\n")
    print("| delay per call | bot | updates/s | p50 latency | p95 latency |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for delay_ms in (float(d) for d in args.delays.split(",")):
            delay = delay_ms / 1000
            jitter = min(args.jitter, delay_ms) / 1000
            ours = measure(cdsbot_factory(Path(tmp), args.concurrency), updates, args.latency,
                           delay, jitter)
            echo = measure(lambda url: echo_factory(url, args.concurrency), updates,
                           args.latency, delay, jitter)
            pooled = measure(lambda url: echo_factory(url, args.concurrency, sharded=True),
                             updates, args.latency, delay, jitter)
            label = f"{delay_ms:.0f} ms ± {jitter * 1000:.0f}"
            for name, r in (("cdsbot", ours), ("bare PTB echo bot", echo),
                            ("echo bot, cdsbot's connection pools", pooled)):
                print(f"| {label} | {name} | {r['ups']:.0f} | {r['p50']:.1f} ms | "
                      f"{r['p95']:.1f} ms |", flush=True)
            print(f"| {label} | cdsbot / bare echo | {ours['ups'] / echo['ups']:.2f} | | |",
                  flush=True)
            print(f"| {label} | cdsbot / echo with its pools | {ours['ups'] / pooled['ups']:.2f}"
                  " | | |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
