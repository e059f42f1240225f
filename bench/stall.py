"""Does a citizen's question wait behind chart requests and a knowledge reload at 10 000 entries?

    python bench/stall.py [--entries 10000] [--rounds 5] [--delay 50] [--jitter 10]
                          [--load both|charts|reload|questions] [--uncached]
                          [--switch-interval SECONDS]

A temporary knowledge folder: a copy of knowledge/ plus one generated FAQ file that brings it to
--entries entries (questions and phrasings of 4-8 words, half shipped words, half a synthetic
vocabulary that grows with the size, as bench/scale.py does; a short answer citing a real
source), so /tailai really reloads and re-indexes that many entries. The real Application
(build_application, SQLite in a temporary folder, an admin, gc.freeze() after loading as `run`
does) runs on it against the fake Bot API server, every call of which takes --delay ms ±
--jitter (a round trip to Telegram).

Each round: (1) baseline – five citizens ask a question alone, one after another; their median
is the round's baseline; (2) first question – 5 users send `/tiendo bieudo` (a chart, drawn off
the event loop) and the admin sends `/tailai` (knowledge/ checked and the index rebuilt off the
loop), then a citizen asks; the seven updates are put on the fake server at once, so the
question comes in the same getUpdates batch, behind them; (3) during the load – one citizen
after another asks (GAP apart, each waiting for the reply) until the load is done and AFTER
seconds more (the replaced index is freed then). Latency = from putting the question on the
server to its reply reaching the server (so it includes the long-poll hand-over and one --delay
round trip of the reply, in every case). Extra wait = latency − the round's baseline. Target:
≤ 50 ms. The first round also starts the drawing process; later rounds get the cached chart
unless --uncached. --load charts / reload sends only that part of the load (to tell which one
stalls the question); --load questions sends 5 plain questions instead (what coming sixth in a
batch costs by itself); --switch-interval sets sys.setswitchinterval in this process (the
bot's), default Python's 5 ms. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import syllable  # noqa: E402

from cdsbot import charts, knowledge  # noqa: E402
from cdsbot.app import build_application  # noqa: E402
from cdsbot.assistant import Assistant  # noqa: E402
from cdsbot.config import Settings  # noqa: E402
from cdsbot.handlers.common import FloodGuard  # noqa: E402
from cdsbot.live import Live  # noqa: E402
from cdsbot.officials.office import Office  # noqa: E402
from cdsbot.storage import Storage  # noqa: E402
from tests.fake_telegram import TOKEN, FakeTelegram  # noqa: E402
from tests.harness import BotThread  # noqa: E402

ADMIN = 900_001
CHARTERS = range(910_001, 910_006)
QUESTION = "vneid có mất phí không"
ALONE = 5  # questions alone per round: their median is the round's baseline
GAP = 0.1  # seconds between questions during the load
AFTER = 2.0  # seconds of questions after the load is done (the old index is freed then)


def ms(values: list[float], q: float) -> str:
    """The q-quantile of seconds, in signed milliseconds."""
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000:+.0f} ms"


class Meter(FakeTelegram):
    """FakeTelegram that records when each chat first gets a message from the bot."""

    def __init__(self, delay: float, jitter: float) -> None:
        super().__init__(delay=delay, jitter=jitter)
        self.replied: dict[int, float] = {}

    def _dispatch(self, method: str, p: dict) -> object:
        result = super()._dispatch(method, p)
        if method.lower() in ("sendmessage", "sendphoto"):
            with self.cond:
                self.replied.setdefault(int(p["chat_id"]), time.monotonic())
        return result


def grown_folder(dest: Path, n: int, seed: int = 7) -> int:
    """Copy knowledge/ to dest and add faq/tonghop-thu.yaml up to n entries; returns the total."""
    shutil.copytree(ROOT / "knowledge", dest)
    base = knowledge.load(dest)
    rng = random.Random(seed)
    shipped = sorted({w for e in base.entries.values() for p in (e.title, *e.phrasings)
                      for w in p.lower().split() if w.isalpha()})
    vocabulary = sorted({f"{syllable(rng)} {syllable(rng)}" for _ in range(3 * n)})
    source = next(iter(base.sources))

    def line() -> str:
        return " ".join(rng.choice(shipped) if rng.random() < 0.5 else rng.choice(vocabulary)
                        for _ in range(rng.randint(4, 8)))

    entries = [{"id": f"thu-{i}", "question": line().capitalize() + "?",
                "phrasings": [line(), line()],
                "answer": f"Câu trả lời thử số {i}, chỉ để đo tốc độ nạp lại.",
                "source": source}
               for i in range(max(0, n - len(base.entries)))]
    doc = {"topic": "thu-nghiem", "title": "Mục thử (đo tải)", "entries": entries}
    (dest / "faq" / "tonghop-thu.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return len(base.entries) + len(entries)


def ask(tg: Meter, user: int, before: tuple[tuple[int, str], ...] = ()) -> float:
    """Put `before` then the question on the server at once; seconds until the reply."""
    with tg.cond:  # one batch: the bot's long poll sees all of them together
        for sender, text in before:
            tg.replied.pop(sender, None)
            tg.send_text(sender, text)
        tg.replied.pop(user, None)
        start = time.monotonic()
        tg.send_text(user, QUESTION)
    tg.wait(lambda: user in tg.replied, timeout=60)
    return tg.replied[user] - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--delay", type=float, default=50.0, help="ms per call of the fake server")
    ap.add_argument("--jitter", type=float, default=10.0, help="± ms on every call")
    ap.add_argument("--load", choices=("both", "charts", "reload", "questions"), default="both")
    ap.add_argument("--uncached", action="store_true",
                    help="forget the drawn charts before each round (as when the figures change)")
    ap.add_argument("--switch-interval", type=float, default=sys.getswitchinterval())
    args = ap.parse_args()
    sys.setswitchinterval(args.switch_interval)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "knowledge"
        t = time.perf_counter()
        total = grown_folder(folder, args.entries)
        made = time.perf_counter() - t
        t = time.perf_counter()
        assistant = Assistant.load(folder)
        loaded = time.perf_counter() - t
        print(f"{total} entries (generated in {made:.1f} s; load + index {loaded:.1f} s); "
              f"fake Bot API {args.delay:.0f} ms ± {args.jitter:.0f} per call; "
              f"{args.rounds} rounds; load {args.load}; "
              f"switch interval {sys.getswitchinterval() * 1000:g} ms\n")
        with Meter(args.delay / 1000, args.jitter / 1000) as tg:
            settings = Settings(token=TOKEN, api_base_url=tg.base_url, db=Path(tmp) / "b.db",
                                knowledge=folder, admins=(ADMIN,))
            storage = Storage(settings.db)
            live = Live(settings.knowledge, assistant, storage)
            office = Office(live, storage, settings.admins, settings.tz)
            app = build_application(settings, office,
                                    rate_limit=False, flood=FloodGuard(limit=10_000))
            gc.collect()  # as `run` does after loading
            gc.freeze()
            bot = BotThread(app)
            tg.idle_waiters.append(bot.wait_idle)
            bot.start_polling()
            rows = []
            try:
                ask(tg, 920_000)  # warm up: the first answer builds what is cached
                tg.settle(timeout=30)
                charters = CHARTERS if args.load in ("both", "charts") else range(0)
                load = tuple((u, "/tiendo bieudo") for u in charters)
                if args.load in ("both", "reload"):
                    load += ((ADMIN, "/tailai"),)
                if args.load == "questions":  # the cost of coming sixth in a batch
                    load = tuple((u, QUESTION) for u in CHARTERS)
                asker = iter(range(930_000, 990_000))
                for _round in range(args.rounds):
                    alone = []
                    for _ in range(ALONE):
                        alone.append(ask(tg, next(asker)))
                        tg.settle(timeout=30)
                    if args.uncached:
                        charts._CACHE.clear()
                    start = time.monotonic()
                    first = ask(tg, next(asker), load)
                    during = []  # one citizen after another until the load is done, and after
                    done_at = None
                    while done_at is None or time.monotonic() < done_at + AFTER:
                        time.sleep(GAP)
                        sent = time.monotonic() - start
                        during.append((ask(tg, next(asker)), sent))
                        if done_at is None and all(u in tg.replied for u, _ in load):
                            done_at = time.monotonic()
                    drawn = max((tg.replied[u] - start for u in charters), default=0.0)
                    reload = (tg.replied[ADMIN] - start if args.load in ("both", "reload")
                              else 0.0)
                    tg.settle(timeout=60)
                    if reload:
                        reply = tg.messages_to(ADMIN)[-1]["text"]
                        if "✅ Đã nạp lại kho tri thức" not in reply:
                            raise SystemExit(f"/tailai failed: {reply[:300]}")
                    rows.append((statistics.median(alone), first, during, drawn, reload))
            finally:
                bot.stop()
                storage.close()
            if bot.errors:
                raise SystemExit(f"handler errors: {bot.errors[:3]}")
            photos = sum(1 for m in tg.sent if m.get("method") == "sendphoto")
    if photos != len(charters) * args.rounds:
        raise SystemExit(f"{photos} charts sent, expected {len(charters) * args.rounds}")
    behind = {"both": "5 charts + /tailai", "charts": "5 charts", "reload": "/tailai",
              "questions": "5 questions"}[args.load]
    print(f"| round | question alone (median of {ALONE}) | first question, behind {behind} "
          "| extra wait | questions during the load | their extra wait p50 / p99 / max "
          "| the slowest asked at | 5 charts done | /tailai done |")
    print("|---|---|---|---|---|---|---|---|---|")
    firsts, all_during = [], []
    for i, (alone_ms, first, during, drawn, reload) in enumerate(rows, 1):
        extra = [d - alone_ms for d, _ in during]
        slowest = max(during)[1]
        firsts.append(first - alone_ms)
        all_during += extra
        print(f"| {i} | {alone_ms * 1000:.0f} ms | {first * 1000:.0f} ms | "
              f"{(first - alone_ms) * 1000:+.0f} ms | {len(during)} | "
              f"{ms(extra, 0.5)} / {ms(extra, 0.99)} / {ms(extra, 1.0)} | {slowest:.2f} s | "
              f"{drawn:.2f} s | {reload:.2f} s |")
    worst = max(max(firsts), max(all_during)) * 1000
    print(f"\nfirst question: extra wait p50 {ms(firsts, 0.5)}, max {ms(firsts, 1.0)}; "
          f"all {len(all_during)} questions during the load: p50 {ms(all_during, 0.5)}, "
          f"p99 {ms(all_during, 0.99)}, max {ms(all_during, 1.0)} (target ≤ 50 ms): "
          f"{'holds' if worst <= 50 else 'does NOT hold'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
