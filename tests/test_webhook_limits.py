"""Webhook input is bounded: a body over 1 MB is refused before it is read, so a flood of large
unauthenticated POSTs cannot grow the process (issue 14: 16 × 95 MB took it to 1965 MiB)."""

from __future__ import annotations

import signal
import socket
import threading
from pathlib import Path

from tests.harness import SECRET, start_webhook_process

USER = 6001  # harness.WEBHOOK_USER too

FLOOD = 16  # parallel POSTs
BODY = 24 * 1024 * 1024  # each one announces and tries to send 24 MB


def _rss_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _big_post(port: int, results: list[str]) -> None:
    """POST a huge body without the secret header, as an attacker would."""
    chunk = b"{" + b" " * (1024 * 1024 - 1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(f"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {BODY}\r\n\r\n".encode())
            sent = 0
            while sent < BODY:
                s.sendall(chunk)
                sent += len(chunk)
            results.append(s.recv(200).decode("latin-1").split("\r\n")[0])
    except OSError as exc:  # the server hung up on us: what we want
        results.append(type(exc).__name__)


def test_flood_of_large_unauthenticated_bodies_keeps_rss_small(tmp_path, tg):
    proc, port, url = start_webhook_process(tmp_path, tg, "/kehoach")
    try:
        before = _rss_peak_mib(proc.pid)
        results: list[str] = []
        threads = [threading.Thread(target=_big_post, args=(port, results))
                   for _ in range(FLOOD)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        peak = _rss_peak_mib(proc.pid)
        assert len(results) == FLOOD
        assert not any(r.startswith("HTTP/1.1 200") for r in results), results
        print(f"webhook flood: peak RSS {peak:.0f} MiB, before {before:.0f} MiB, {results[:3]}")
        assert peak < 150, f"peak RSS {peak:.0f} MiB (before the flood {before:.0f} MiB)"
        # the bot still serves Telegram's own, small, authenticated posts
        assert tg.post_webhook(url, tg.message_update(USER, "/moc"), secret=SECRET) == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
