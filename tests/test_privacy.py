"""Privacy by design (issue 14): personal data masked before any question is stored, no
timestamps that join a rating to a stored question, retention, "delete my data"."""

from __future__ import annotations

import datetime as dt

import pytest

from cdsbot import privacy, strings
from cdsbot.storage import Storage
from cdsbot.storage.people import AuditEntry
from tests.harness import buttons, edited, log_question, press, run_cli, say, settle, unanswered


@pytest.mark.parametrize(("raw", "gone", "kept"), [
    ("số CCCD của tôi là 031234567890", "031234567890", "CCCD"),
    ("CMND 123456789 hết hạn", "123456789", "hết hạn"),
    ("CCCD 031 234 567 890 bị mất", "567", "bị mất"),
    ("gọi 0912.345.678 giúp", "345", "giúp"),
    ("sđt +84 912 345 678", "912", "sđt"),
    ("0225 3842 123 là số nào", "3842", "là số nào"),
    ("mail nguyen.van.a@gmail.com nhé", "gmail", "nhé"),
    ("stk 1903123456701 vietcombank", "1903123456701", "vietcombank"),
])
def test_mask_removes_personal_numbers_and_addresses(raw, gone, kept):
    masked = privacy.mask(raw)
    assert gone not in masked and kept in masked


@pytest.mark.parametrize("raw", ["phí 1.250.000 đồng", "năm 2022 đạt 87,5%", "quý 3/2022",
                                 "Kế hoạch 74/KH-UBND", "100 triệu", "Điều 31"])
def test_mask_keeps_amounts_years_and_references(raw):
    assert privacy.mask(raw) == raw


@pytest.mark.parametrize("raw", ["😀😀😀", "\u200b\u200c\u200d", "\ufeff", "👍🏻 !!", "  "])
def test_nothing_readable_is_never_stored(raw):
    assert privacy.storable(raw) == ""


def test_personal_data_never_reaches_the_review(make_bot, tg):
    bot = make_bot(admins=(9001,))
    for q in ("số CCCD của tôi là 031234567890, giá vàng hôm nay bao nhiêu",
              "😀😀", "\u200b\u200b", "email toi la lan@example.com hoi gia vang"):
        say(tg, 8400, q)
    stored = [q for q, _ in unanswered(bot.storage)]
    assert stored and all(q.strip() for q in stored)
    assert not any("031234567890" in q or "example" in q for q in stored), stored
    review = say(tg, 9001, "/chuatraloi")["text"]
    assert "031234567890" not in review and "lan@example.com" not in review


def _downvote(tg, user: int):
    answer = say(tg, user, "vneid có tốn phí ko")
    assert "r:vneid-phi:-1" in buttons(answer)
    press(tg, user, answer, "r:vneid-phi:-1")
    settle(tg)
    return answer


def test_rating_and_downvote_cannot_be_joined_by_time(make_bot, tg):
    bot = make_bot()
    _downvote(tg, 8500)
    (rated_at,) = bot.storage.db.execute("SELECT created_at FROM ratings").fetchone()
    vote = bot.storage.db.execute("SELECT id, question, created_at FROM downvotes").fetchone()
    assert len(rated_at) == 10 and len(vote[2]) == 10  # a day, no time of day
    assert vote[1] == "vneid co ton phi ko"
    assert vote[0] > 1_000_000  # a random id: no insertion order to line up with the rating


def test_downvoted_questions_are_masked_and_never_empty(tmp_path):
    storage = Storage(tmp_path / "d.db")
    try:
        storage.learning.add_downvote("vneid-phi", "số tôi 0912345678, CCCD 031234567890", "x")
        storage.learning.add_downvote("vneid-phi", "😀😀", "x")
        rows = storage.db.execute("SELECT question FROM downvotes").fetchall()
        assert rows == [("so toi so dien thoai cccd so giay to",)]
    finally:
        storage.close()


def test_delete_my_data_removes_what_ties_to_the_person(make_bot, tg):
    bot = make_bot()
    user, other = 8600, 8601
    _downvote(tg, user)
    _downvote(tg, other)
    assert bot.storage.db.execute("SELECT COUNT(*) FROM downvotes").fetchone()[0] == 2
    mine = say(tg, user, "/dulieucuatoi")
    assert "pv:ratings" in buttons(mine)
    press(tg, user, mine, "pv:ratings")
    settle(tg)
    db = bot.storage.db
    assert db.execute("SELECT COUNT(*) FROM ratings WHERE user_id = ?", [user]).fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM answers WHERE chat_id = ?", [user]).fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM downvotes").fetchone() == (1,)  # the other's stays
    assert db.execute("SELECT COUNT(*) FROM ratings WHERE user_id = ?", [other]).fetchone() \
        == (1,)


def test_deleting_one_kind_of_data_keeps_the_other_kinds_button(make_bot, tg):
    """A Telegram trial: after "Xóa đăng ký" the ratings' button was gone, a rating still
    stored."""
    make_bot()
    user = 8610
    _downvote(tg, user)
    say(tg, user, "/theodoi")
    mine = say(tg, user, "/dulieucuatoi")
    assert {"pv:subscription", "pv:ratings"} <= set(buttons(mine))
    press(tg, user, mine, "pv:subscription")
    assert buttons(edited(tg, mine)) == ["pv:ratings"]


class Clock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def test_retention_deletes_old_questions_only(tmp_path):
    clock = Clock(dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    storage = Storage(tmp_path / "r.db", clock=clock)
    try:
        log_question(storage, "cau hoi cu", "none")
        storage.learning.add_downvote("vneid-phi", "cau hoi cu bi che", "x")
        storage.learning.remember_answer(1, 1, "vneid-phi")
        clock.moment += dt.timedelta(days=170)
        log_question(storage, "cau hoi moi", "none")
        storage.learning.remember_answer(1, 2, "vneid-phi")
        clock.moment += dt.timedelta(days=20)
        gone = storage.learning.purge_questions(180)
        assert gone["unanswered"] == 1 and gone["downvotes"] == 1
        assert gone["answers"] == 1 and storage.learning.answer_entry(1, 2) == "vneid-phi"
        clock.moment += dt.timedelta(days=15)  # a rating button works for 30 days
        assert storage.learning.purge_questions(180)["answers"] == 1
        assert [q for q, _ in unanswered(storage)] == ["cau hoi moi"]
        assert any(e.action == "privacy.retention" for e in storage.people.audit_entries())
    finally:
        storage.close()


def test_the_bot_runs_retention_by_itself(make_bot, tg, tmp_path):
    old = Clock(dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    storage = Storage(tmp_path / "cdsbot.db", clock=old)
    log_question(storage, "cau hoi rat cu", "none")
    storage.close()
    bot = make_bot(clock=Clock(dt.datetime(2022, 12, 1, tzinfo=dt.UTC)), retention_days=180)
    tg.wait(lambda: unanswered(bot.storage) == [], timeout=15)


def test_retention_setting_is_validated(tmp_path):
    res = run_cli(tmp_path, "check", CDSBOT_RETENTION_DAYS="sáu tháng")
    assert res.returncode == 2 and "CDSBOT_RETENTION_DAYS" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_the_audit_log_says_what_was_deleted_in_words():
    """A Telegram trial: /nhatky showed "xóa dữ liệu cá nhân ratings"."""
    entry = AuditEntry(1, "2026-11-30T08:00:00+00:00", 3001, 3001, "privacy.delete", "ratings",
                       "ok", '{"rows": 1}')
    shown = strings.office.audit([entry])
    assert "xóa dữ liệu cá nhân (đánh giá)" in shown and "ratings" not in shown
