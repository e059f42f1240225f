"""Heavy work beside the event loop: the reload's build and release, the drawing process."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import time
import weakref

import pytest

from cdsbot import charts, offload, strings
from cdsbot.assistant import Assistant
from tests.test_telegram_official import CITIZEN

QUESTION = "vneid có mất phí không"


def test_a_replaced_index_is_freed_without_a_collection(kb):
    """No reference cycle: dropping an assistant frees its index at once (with the start-up
    freeze, a cycle would never be collected)."""
    was = gc.isenabled()
    gc.disable()
    try:
        old = Assistant(kb)
        assert old.ask("vnied có mất phí không").answer.status == "answer"  # the typo corrector
        index = weakref.ref(old.index)
        del old
        assert index() is None
    finally:
        if was:
            gc.enable()


def test_discard_waits_for_its_last_user_then_frees_it(kb):
    old = Assistant(kb)
    index = weakref.ref(old.index)
    handler = old  # a handler still answering with the old one
    worker = offload.discard(old)
    del old
    time.sleep(0.3)
    assert handler.ask(QUESTION).answer.status == "answer"  # untouched while in use
    assert worker.is_alive()
    del handler
    worker.join(timeout=10)
    assert not worker.is_alive() and index() is None


def test_discard_leaves_what_the_new_one_shares(kb):
    """/tailai's relearn keeps the knowledge base: the new assistant shares it with the old."""
    old, new = Assistant(kb), Assistant(kb)
    entries = len(kb.entries)
    offload.discard(old).join(timeout=10)
    assert len(kb.entries) == entries and new.index.docs
    assert new.ask(QUESTION).answer.status == "answer"


def test_busy_counts_a_discard_still_waiting_for_its_last_user():
    """A discarded structure that a handler still uses is waited for outside quiet(): busy()
    says so, or a test measuring the interpreter's settings starts under its feet."""

    class Held:
        pass

    holder = [Held()]
    worker = offload.discard(holder[0])
    time.sleep(0.3)
    assert worker.is_alive() and offload.busy()  # still held: waiting, not yet in quiet()
    holder.clear()
    worker.join(timeout=10)
    assert not worker.is_alive()


def test_run_builds_with_a_short_switch_interval_and_no_collection():
    deadline = time.monotonic() + offload.WAIT_FOR_HOLDERS + 30
    while offload.busy() and time.monotonic() < deadline:  # an earlier test's discard, still
        time.sleep(0.05)  # taking an old index apart, holds the settings this test measures
    assert not offload.busy()
    before = (sys.getswitchinterval(), gc.isenabled())
    frozen = gc.get_freeze_count()
    during = asyncio.run(offload.run(lambda: (sys.getswitchinterval(), gc.isenabled(), [])))
    assert during[:2] == (offload.SWITCH_INTERVAL, False)
    assert (sys.getswitchinterval(), gc.isenabled()) == before
    assert gc.get_freeze_count() > frozen  # what was built is never walked again


def test_a_hung_drawing_is_stopped(monkeypatch):
    monkeypatch.setattr(charts, "TIMEOUT", 3.0)

    async def draw() -> None:
        pid = await charts.drawn(os.getpid)  # started, matplotlib imported
        start = time.monotonic()
        with pytest.raises(charts.ChartError):
            await charts.drawn(time.sleep, 60)
        assert time.monotonic() - start < 10
        await asyncio.sleep(0.5)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed, not left drawing
        assert await charts.drawn(os.getpid) != pid  # the next one starts anew
        await charts.stop()

    asyncio.run(draw())


def test_a_dead_drawing_process_is_a_clear_message_and_the_next_chart_is_drawn(make_bot, tg):
    bot = make_bot()
    pid = bot.call(charts.drawn(os.getpid))
    os.kill(pid, signal.SIGKILL)  # e.g. the kernel's out-of-memory killer
    charts._CACHE.clear()  # a chart drawn by an earlier test would be sent from the cache
    tg.send_text(CITIZEN, "/tiendo bieudo")
    failed = tg.wait_for_message(CITIZEN, timeout=30)
    assert failed["method"] == "sendmessage" and failed["text"] == strings.office.CHART_FAILED
    tg.send_text(CITIZEN, "/tiendo bieudo")
    drawn = tg.wait_for_message(CITIZEN, after=failed["message_id"], timeout=60)
    assert drawn["method"] == "sendphoto"
    worker = bot.call(charts.drawn(os.getpid))
    bot.stop()
    assert charts._POOL is None
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)  # stopped with the bot
