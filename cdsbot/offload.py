"""Heavy work beside the event loop without stalling it: rebuilding the index, dropping the old.

Python threads share one interpreter lock. While a thread computes in pure Python, the event
loop's thread waits for the lock after every wait for the network, up to the switch interval
(5 ms by default, several times per update); and a full garbage collection, or freeing a large
structure, is one long call that holds the lock throughout (100–400 ms at 10 000 entries). So:

- `run(fn, *args)` runs fn in a worker thread with the switch interval at 0.5 ms and automatic
  garbage collection paused; at the end, what was built is frozen (`gc.freeze`: no collection
  walks it again). Cyclic garbage made meanwhile is frozen with it and never freed: a reload is
  rare and leaves little of it.
- `discard(old)` takes a replaced structure apart in a thread of its own, a few hundred items at
  a time, once nothing else holds it (a handler still using it finishes first); what something
  else still holds is left to be freed as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

SWITCH_INTERVAL = 0.0005  # seconds: how long the loop may wait for a computing thread
BATCH = 256  # items freed at a time
WAIT_FOR_HOLDERS = 60.0  # seconds to wait for handlers still using a discarded structure
DEPTH = 3  # object levels taken apart (Assistant -> Index -> its tables)

_lock = threading.Lock()
_active = 0
_discarding = 0  # discard() workers not finished yet (waiting for holders, or taking apart)
_saved: tuple[float, bool] = (0.005, True)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """While inside (in any thread): a short switch interval, no automatic collection; on
    leaving the last one, everything alive is frozen and collection resumes."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = (sys.getswitchinterval(), gc.isenabled())
            sys.setswitchinterval(min(SWITCH_INTERVAL, _saved[0]))
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.freeze()
                if _saved[1]:
                    gc.enable()
                sys.setswitchinterval(_saved[0])


def busy() -> bool:
    """True while some thread is inside `quiet()` (a build, a discarded structure being taken
    apart) or a discarded structure still waits, up to WAIT_FOR_HOLDERS, for its last user
    before it goes in."""
    with _lock:
        return _active > 0 or _discarding > 0


def _quietly(fn: Callable[..., T], *args: Any) -> T:
    with quiet():
        return fn(*args)


async def run(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a worker thread, inside `quiet()`."""
    return await asyncio.to_thread(_quietly, fn, *args)


def settle() -> None:
    """After loading at start-up: collect once, then freeze what is alive (the knowledge base
    and its index live for ever: no full collection walks them again)."""
    gc.collect()
    gc.freeze()


def discard(old: object) -> threading.Thread:
    """Free `old` (the caller drops its own references) piece by piece in a thread of its own."""
    global _discarding
    box = [old]
    del old
    worker = threading.Thread(target=_discard_counted, args=(box,), name="discard", daemon=True)
    with _lock:
        _discarding += 1
    try:
        worker.start()
    except BaseException:  # no thread ("can't start new thread"): nothing will count it down
        with _lock:
            _discarding -= 1
        raise
    return worker


def _discard_counted(box: list[object]) -> None:
    global _discarding
    try:
        _discard(box)
    finally:
        with _lock:
            _discarding -= 1


def _discard(box: list[object]) -> None:
    obj = box.pop()  # from here on, this frame's reference is the only one of ours
    deadline = time.monotonic() + WAIT_FOR_HOLDERS
    while sys.getrefcount(obj) > 2 and time.monotonic() < deadline:  # 2: obj and the argument
        time.sleep(0.05)
    if sys.getrefcount(obj) > 2:
        log.info("%s still in use after %.0f s: freed by its last user", type(obj).__name__,
                 WAIT_FOR_HOLDERS)
        return
    try:
        with quiet():
            _take_apart(obj, DEPTH)
    except Exception:  # never fatal: what is left is freed as usual
        log.exception("taking apart a discarded %s", type(obj).__name__)


def _take_apart(obj: object, depth: int) -> None:
    """Empty obj's attributes one by one; an attribute nothing else holds is taken apart (an
    object) or drained (a list, dict or set) first."""
    attrs = getattr(obj, "__dict__", None)
    if not isinstance(attrs, dict):
        return
    while attrs:
        _, value = attrs.popitem()
        if sys.getrefcount(value) == 2:  # 2: `value` and the argument: only we hold it
            if isinstance(value, list | dict | set):
                _drain(value)
            elif depth > 1:
                _take_apart(value, depth - 1)
        del value
        time.sleep(0)


def drain(*containers: list[Any] | dict[Any, Any] | set[Any]) -> None:
    """Empty large temporary containers a batch at a time: freed in one go, a hundred thousand
    small sets hold the interpreter lock for tens of milliseconds."""
    for container in containers:
        _drain(container)


def _drain(container: list[Any] | dict[Any, Any] | set[Any]) -> None:
    while container:
        if isinstance(container, list):
            del container[-BATCH:]
        else:
            for _ in range(min(BATCH, len(container))):
                container.popitem() if isinstance(container, dict) else container.pop()
        time.sleep(0)
