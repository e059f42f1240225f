"""Soak: many mixed updates from many users through the real Application and the fake server.

    python bench/soak.py [--updates 50000] [--users 1000]

The production build_application (flood guard on, SQLite on disk, the courier running), the
shipped knowledge base, against tests/fake_telegram.py. The mix: questions, menus and commands,
button presses (answers, menus, ratings), inline queries, subscriptions, official reports with
their ✅ confirmation, an announcement now and then. Reported: handler errors (target 0),
resident memory after warm-up and at the end (growth target < 10 %), and whether every report
whose confirmation the bot acknowledged is in the database. The run itself is tests/soak.py
(shared with the short soak test; tests never import bench/).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.soak import soak  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--updates", type=int, default=50_000)
    ap.add_argument("--users", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = soak(args.updates, args.users, Path(tmp))
    print(f"{r['updates']} updates from {r['users']} users in {r['seconds']:.0f} s "
          f"({r['updates'] / r['seconds']:.0f} updates/s)")
    print(f"handler errors: {r['errors']} {r['error_samples'] or ''}")
    print(f"resident memory: {r['warm_rss']:.1f} MiB after warm-up (20 %), {r['end_rss']:.1f} "
          f"MiB at the end: growth {r['growth'] * 100:.1f} % (target < 10 %)")
    print(f"reports acknowledged to officials: {r['acknowledged']}; in the database: "
          f"{r['stored']} ({'all present' if r['stored'] == r['acknowledged'] else 'MISMATCH'})")
    return 0 if r["errors"] == 0 and r["stored"] == r["acknowledged"] else 1


if __name__ == "__main__":
    sys.exit(main())
