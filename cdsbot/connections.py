"""The bot's connections to Telegram: several small connection pools instead of one large one.

httpcore (under httpx, under python-telegram-bot) looks for a free connection by walking every
connection for every waiting request, each time a request starts or ends
(`AsyncConnectionPool._assign_requests_to_connections`, encode/httpcore#1035). With 64 updates
handled at once over a pool of 70 connections, that walk took half of the bot's CPU time: at
50 ms per call the bare python-telegram-bot echo bot handled 110 updates/s and spent 7 of its
14 CPU seconds there. Split into pools of `SHARD_SIZE`, the walk is short; each call goes to
the pool with the fewest calls in flight.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from telegram.request import BaseRequest, HTTPXRequest, RequestData

SHARD_SIZE = 8  # connections per pool


class ShardedRequest(BaseRequest):
    """A `BaseRequest` over ⌈size / SHARD_SIZE⌉ HTTPXRequest pools, same timeouts in each."""

    def __init__(self, size: int, **options: Any) -> None:
        count = max(1, math.ceil(size / SHARD_SIZE))
        self.shards = [HTTPXRequest(connection_pool_size=math.ceil(size / count), **options)
                       for _ in range(count)]
        self.busy = [0] * count

    @property
    def read_timeout(self) -> float | None:
        return self.shards[0].read_timeout

    async def initialize(self) -> None:
        for shard in self.shards:
            await shard.initialize()

    async def shutdown(self) -> None:  # every pool, even when closing one fails
        results = await asyncio.gather(*(shard.shutdown() for shard in self.shards),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        i = min(range(len(self.shards)), key=self.busy.__getitem__)
        self.busy[i] += 1
        try:
            return await self.shards[i].do_request(url, method, request_data, **timeouts)
        finally:
            self.busy[i] -= 1
