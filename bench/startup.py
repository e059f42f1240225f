"""Start-up time to ready and resident memory of `python bot.py run`.

    python bench/startup.py [--runs 5]

"Ready" is the moment the fake Bot API server receives the bot's first getUpdates: the
knowledge base is loaded and validated, the index built, the database migrated, the command
menus set, the courier started. Resident memory (VmRSS of the bot process) is read then.
Baseline in the same run: a bare python-telegram-bot Application (no handlers) doing the same.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

BARE = """
import sys
from telegram.ext import ApplicationBuilder
app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.run_polling()
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    with FakeTelegram() as tg:
        env = dict(env, TELEGRAM_API_BASE_URL=tg.base_url)
        argv = [a.replace("{base}", tg.base_url) for a in command]
        started = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            tg.wait(lambda: tg.calls_of("getUpdates"), timeout=60)
            ready = time.monotonic() - started
            rss = rss_mib(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    return ready, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CDSBOT_"))}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, CDSBOT_DB=str(Path(tmp) / "s.db"),
                   CDSBOT_KNOWLEDGE=str(ROOT / "knowledge"))
        rows = []
        for name, command in (
            ("cdsbot (`python bot.py run`)", [sys.executable, str(ROOT / "bot.py"), "run"]),
            ("bare PTB Application", [sys.executable, "-c", BARE, TOKEN, "{base}"]),
        ):
            runs = [measure(command, env, Path(tmp)) for _ in range(args.runs)]
            rows.append((name, statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs)))
    print(f"median of {args.runs} runs\n")
    print("| process | start-up to ready | resident memory when ready |")
    print("|---|---|---|")
    for name, ready, rss in rows:
        print(f"| {name} | {ready:.2f} s | {rss:.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
