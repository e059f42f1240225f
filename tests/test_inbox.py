"""The durable inbox recognises redeliveries, and only redeliveries."""

from __future__ import annotations

import datetime as dt

from cdsbot.storage.base import iso, utcnow
from cdsbot.storage.inbox import KEEP_DONE, Inbox


def test_a_redelivery_is_dropped_but_an_id_reused_long_after_is_a_new_update(tmp_path):
    with Inbox(tmp_path / "x.inbox.db") as inbox:
        assert inbox.add(1000, {"update_id": 1000, "message": {"text": "a"}})
        assert not inbox.add(1000, {"update_id": 1000})  # in hand: a redelivery
        inbox.done([1000])
        assert not inbox.add(1000, {"update_id": 1000})  # just handled: a redelivery
        old = iso(utcnow() - KEEP_DONE - dt.timedelta(hours=1))
        with inbox.db.atomic():
            inbox.db.execute("UPDATE inbox SET done_at = ? WHERE update_id = 1000", [old])
        assert inbox.add(1000, {"update_id": 1000, "message": {"text": "b"}})  # a new one
        assert inbox.unfinished() == [{"update_id": 1000, "message": {"text": "b"}}]
