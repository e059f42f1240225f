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


def test_a_batch_is_stored_in_one_go_and_tells_which_updates_are_new(tmp_path):
    with Inbox(tmp_path / "x.inbox.db") as inbox:
        assert inbox.add(7, {"update_id": 7})
        bodies = [{"update_id": 7}, {"update_id": 8, "message": {"text": "b"}},
                  {"update_id": 8}, {"update_id": 9}]
        changes = inbox.db.conn.total_changes
        assert inbox.add_many(bodies) == [False, True, False, True]  # 7 and 8 came again
        assert inbox.db.conn.total_changes == changes + 2
        assert [u["update_id"] for u in inbox.unfinished()] == [7, 8, 9]
        assert inbox.unfinished()[1] == {"update_id": 8, "message": {"text": "b"}}
