"""The progress chart: every indicator against its target, as a PNG readable on a phone.

Rendering takes a few hundred milliseconds (plus the first import of matplotlib), most of it
Python that would hold the interpreter lock the event loop needs. So handlers call `drawn` /
`progress_chart`, which render in a process of its own (started on the first chart, stopped
with the bot; one drawing at a time: matplotlib is not thread-safe); the progress chart is
cached per data version, and requests for a chart being drawn wait for that one drawing. If the
drawing process dies or hangs, the request gets a ChartError and the next one starts a new
process.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import multiprocessing
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from cdsbot import strings

if TYPE_CHECKING:
    from cdsbot.officials.office import Progress

REACHED, NOT_YET, NO_DATA = "#2e7d32", "#ef6c00", "#bdbdbd"


def pyplot() -> Any:
    """matplotlib.pyplot, loaded on the first chart (it costs ~30 MB and ~0.4 s at start-up),
    with the off-screen backend: no display is needed."""
    import matplotlib

    matplotlib.use("Agg")
    return importlib.import_module("matplotlib.pyplot")


def png(fig: Any, ax: Any) -> bytes:
    """The figure as PNG bytes, with the plain look every chart shares."""
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def progress_png(rows: list[Progress], title: str = strings.stats.PROGRESS_TITLE) -> bytes:
    """Horizontal bars of percent of target (capped at 150 %), the target line at 100 %."""
    plt = pyplot()
    labels = [textwrap.shorten(p.indicator.name, 42, placeholder="…") for p in rows]
    values = [min(p.percent, 150.0) if p.percent is not None else 0.0 for p in rows]
    colours = [NO_DATA if p.report is None else REACHED if p.reached else NOT_YET for p in rows]
    height = max(4.0, 0.55 * len(rows) + 1.5)
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=150)
    try:
        ys = range(len(rows))[::-1]
        ax.barh(list(ys), values, color=colours, height=0.65)
        ax.set_yticks(list(ys), labels, fontsize=9)
        ax.axvline(100, color="#1a237e", linewidth=1.5, linestyle="--")
        ax.set_xlim(0, 155)
        ax.set_xlabel(strings.stats.PROGRESS_AXIS, fontsize=10)
        ax.set_title(title, fontsize=12, fontweight="bold")
        for y, p, v in zip(ys, rows, values, strict=True):
            text = strings.stats.NO_DATA if p.percent is None else f"{p.percent:.0f}%"
            ax.text(v + 2, y, text, va="center", fontsize=8)
        return png(fig, ax)
    finally:
        plt.close(fig)


_POOL: ProcessPoolExecutor | None = None  # the drawing process, started on the first chart
_CACHE: OrderedDict[tuple, bytes] = OrderedDict()  # data version -> PNG
_DRAWING: dict[tuple, asyncio.Future[bytes]] = {}
CACHED = 8
_STARTING = threading.Lock()
TIMEOUT = 60.0  # seconds a drawing may take (the first includes starting the process)


class ChartError(Exception):
    """The drawing process died or hung: this chart is not drawn; the next starts anew."""


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _STARTING:
        if _POOL is None:  # spawned, not forked: this process has threads
            _POOL = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=pyplot)  # imports matplotlib at once
        return _POOL


async def drawn(render: Callable[..., bytes], *args: Any) -> bytes:
    """render(*args) in the drawing process; render and args must pickle (a module's function,
    plain data)."""
    pool = _POOL or await asyncio.to_thread(_pool)  # starting it imports and forks: not here
    try:
        return await asyncio.wait_for(asyncio.wrap_future(pool.submit(render, *args)), TIMEOUT)
    except (BrokenProcessPool, TimeoutError) as exc:
        _kill(pool)
        raise ChartError(strings.office.CHART_FAILED) from exc


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a broken or hung drawing process at once; the next chart starts a new one."""
    global _POOL
    if _POOL is pool:
        _POOL = None
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


async def stop() -> None:
    """Stop the drawing process (when the bot stops; a drawing under way may take up to 10 s
    to finish); a later chart starts a new one."""
    global _POOL
    pool, _POOL = _POOL, None
    if pool is not None:
        try:
            await asyncio.wait_for(asyncio.to_thread(pool.shutdown, wait=True,
                                                     cancel_futures=True), 10)
        except TimeoutError:
            _kill(pool)


def version(rows: list[Progress], title: str) -> tuple:
    """What the progress chart shows: the same version, the same picture."""
    return (title, *((p.indicator.id, p.indicator.name, p.percent, p.reached,
                      p.report is None) for p in rows))


async def progress_chart(rows: list[Progress],
                         title: str = strings.stats.PROGRESS_TITLE) -> bytes:
    """progress_png in the drawing process, cached per data version."""
    key = version(rows, title)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    loop = asyncio.get_running_loop()
    drawing = _DRAWING.get(key)
    if drawing is None or drawing.get_loop() is not loop:
        drawing = _DRAWING[key] = asyncio.ensure_future(drawn(progress_png, rows, title))
    try:
        png = await asyncio.shield(drawing)
    finally:
        if drawing.done() and _DRAWING.get(key) is drawing:
            del _DRAWING[key]
    _CACHE[key] = png
    while len(_CACHE) > CACHED:
        _CACHE.popitem(last=False)
    return png
