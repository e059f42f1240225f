"""The progress chart: every indicator against its target, as a PNG readable on a phone.

Rendering takes a few hundred milliseconds (plus the first import of matplotlib): handlers call
`in_thread` / `progress_chart`, which render in one thread of their own (matplotlib is not
thread-safe), never on the event loop; the progress chart is cached per data version, and
requests for a chart being drawn wait for that one drawing.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import textwrap
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


_THREAD = ThreadPoolExecutor(1, thread_name_prefix="charts")
_CACHE: OrderedDict[tuple, bytes] = OrderedDict()  # data version -> PNG
_DRAWING: dict[tuple, asyncio.Future[bytes]] = {}
CACHED = 8


async def in_thread(render: Callable[..., bytes], *args: Any) -> bytes:
    """render(*args) in the chart thread."""
    return await asyncio.get_running_loop().run_in_executor(_THREAD, render, *args)


def version(rows: list[Progress], title: str) -> tuple:
    """What the progress chart shows: the same version, the same picture."""
    return (title, *((p.indicator.id, p.indicator.name, p.percent, p.reached,
                      p.report is None) for p in rows))


async def progress_chart(rows: list[Progress],
                         title: str = strings.stats.PROGRESS_TITLE) -> bytes:
    """progress_png off the event loop, cached per data version."""
    key = version(rows, title)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    loop = asyncio.get_running_loop()
    drawing = _DRAWING.get(key)
    if drawing is None or drawing.get_loop() is not loop:
        drawing = _DRAWING[key] = asyncio.ensure_future(in_thread(progress_png, rows, title))
    try:
        png = await asyncio.shield(drawing)
    finally:
        if drawing.done() and _DRAWING.get(key) is drawing:
            del _DRAWING[key]
    _CACHE[key] = png
    while len(_CACHE) > CACHED:
        _CACHE.popitem(last=False)
    return png
