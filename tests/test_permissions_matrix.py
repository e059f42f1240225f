"""The authorisation matrix, read from the one table of rules (cdsbot.permissions.RULES).

For every command and every button kind the table lists, the real Application is driven through
the fake Bot API as a citizen, an official and an admin (each in their private chat, each on an
object of their own where the action needs one). A person the rule lets through is never
refused; anyone else is refused, the refusal is audited, and nothing else in the database
changes. A rule added without a way to drive it here fails the test.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time

import pytest

from cdsbot import permissions
from cdsbot.handlers import buttons as kinds
from cdsbot.handlers import handlers
from cdsbot.permissions import ADMIN as ADMIN_ROLE
from cdsbot.permissions import OFFICIAL as OFFICIAL_ROLE
from cdsbot.permissions import RULES
from tests.harness import ADMIN, CITIZEN, OFFICIAL, buttons, log_question, say, settle

PERSONAS = {"citizen": CITIZEN, "official": OFFICIAL, "admin": ADMIN}
PERIODS = {CITIZEN: "2022-Q1", OFFICIAL: "2022-Q2", ADMIN: "2022-Q3"}  # one report each
LINE = "/baocao ho-so-mang-huyen 50 quan-do-son 2022-Q3"
QUESTION = "vneid có tốn phí ko"


def _message(user: int) -> dict:
    """A message of the bot in the person's private chat, to press a button under."""
    return {"message_id": 990_000 + user % 1000, "date": int(time.time()), "text": "…",
            "chat": {"id": user, "type": "private", "first_name": "Lan"}}


def _report(storage, user: int) -> int:
    """A saved report of Đồ Sơn whose reporter is `user` (written directly: the setup)."""
    pending = storage.reports.create_pending(user, user, 880_000 + user % 1000, "ho-so-mang-huyen",
                                             "quan-do-son", PERIODS[user], 50.0, "", None,
                                             dt.timedelta(minutes=30))
    report = storage.reports.confirm(pending, user)
    assert report is not None
    return report.id


def _pending(storage, user: int) -> int:
    pending = storage.reports.create_pending(user, user, 770_000 + user % 1000, "ho-so-mang-huyen",
                                             "quan-do-son", PERIODS[user], 50.0, "", None,
                                             dt.timedelta(minutes=30))
    assert pending is not None
    return pending.id


def _review_key(storage, user: int) -> str:
    log_question(storage, "cau hoi can xem lai", "none")
    return storage.learning.review_items()[0].key


def _press(tg, user: int, data: str) -> None:
    tg.press(user, _message(user), data)


def _answer_and_rate(tg, storage, user: int) -> None:
    answer = say(tg, user, QUESTION)
    tg.press(user, answer, next(b for b in buttons(answer) if b.endswith(":-1")))


# Each way in: (setup(storage, user) -> value, drive(tg, storage, user, value)). The setup
# runs before the snapshot; the drive is what the person does.
def _say(text: str):
    return None, lambda tg, storage, user, _: tg.send_text(user, text)


def _button(setup, data):
    return setup, lambda tg, storage, user, value: _press(tg, user, data(value))


SCENARIOS = {
    # commands
    "baocao": _say(LINE),
    "sua": _say("/sua"),
    "rutlai": _say("/rutlai"),
    "moi": _say("/moi quan-do-son"),
    "quyen": _say("/quyen"),
    "nhatky": _say("/nhatky"),
    "xuat": _say("/xuat"),
    "thongbao": _say("/thongbao Thông báo thử"),
    "tailai": _say("/tailai"),
    "chuatraloi": _say("/chuatraloi"),
    "thongke": _say("/thongke"),
    "theodoi": _say("/theodoi"),
    "huytheodoi": (lambda storage, user: storage.notices.subscribe(user, user),
                   lambda tg, storage, user, _: tg.send_text(user, "/huytheodoi")),
    "start inv_": (lambda storage, user: storage.people.create_invite(
                       f"code{user}", "official", "quan-do-son", ADMIN, ADMIN,
                       dt.timedelta(hours=1)).code,
                   lambda tg, storage, user, code: tg.send_text(user, f"/start inv_{code}")),
    # buttons
    "dialog": (None, lambda tg, storage, user, _: (
        tg.send_text(user, "/baocao"), settle(tg), _press(tg, user, kinds.DIALOG.make("x")))),
    "pending:ok": _button(_pending, lambda p: kinds.PENDING.make("ok", p)),
    "pending:no": _button(_pending, lambda p: kinds.PENDING.make("no", p)),
    "fix": _button(_report, lambda r: kinds.FIX.make("fix", r)),
    "withdraw:wd": _button(_report, lambda r: kinds.WITHDRAW.make("wd", r)),
    "withdraw:wdok": _button(_report, lambda r: kinds.WITHDRAW.make("wdok", r)),
    "invite": _button(None, lambda _: kinds.INVITE.make("mi", "quan-do-son")),
    "roles:ri": _button(lambda storage, user: storage.people.create_invite(
        f"ri{user}", "official", "quan-do-son", ADMIN, ADMIN, dt.timedelta(hours=1)).code,
        lambda code: kinds.ROLES.make("ri", code)),
    "roles:rv": _button(lambda storage, user: storage.people.grant(9050, "official", "quan-do-son",
                                                                   None, "cli").id,
                        lambda role: kinds.ROLES.make("rv", role)),
    "roles:rvok": _button(lambda storage, user: storage.people.grant(
        9050 + user % 100, "official", "quan-do-son", None, "cli").id,
        lambda role: kinds.ROLES.make("rvok", role)),
    "announce": _button(lambda storage, user: storage.notices.create_draft(user, user, "Bản nháp"),
                        lambda draft: kinds.ANNOUNCE.make("ok", draft, "s")),
    "review": _button(_review_key, lambda key: kinds.REVIEW.make("d", key)),
    "review-search": _button(_review_key, lambda key: kinds.REVIEW_SEARCH.make("s", key)),
    "subscribe": _button(None, lambda _: kinds.SUBSCRIBE.make("start")),
    "topics": _button(lambda storage, user: storage.notices.subscribe(user, user),
                      lambda _: kinds.TOPICS.make("t", "milestones")),
    "forget:subscription": _button(lambda storage, user: storage.notices.subscribe(user, user),
                                   lambda _: kinds.FORGET.make("subscription")),
    "forget:ratings": _button(None, lambda _: kinds.FORGET.make("ratings")),
    "rate": (None, lambda tg, storage, user, _: _answer_and_rate(tg, storage, user)),
}

CELLS = [(action, where) for action, rule in RULES.items()
         for where in (*rule.commands, *rule.buttons)]
UNCHECKED = {"audit", "people", "migrations", "question_stats", "counted_updates", "answers",
             "unanswered"}  # the books kept of every message, not what a command changes


def _may(rule: permissions.Rule, user: int) -> bool:
    """The rule, read as the matrix expects it (in a private chat, on one's own object)."""
    if rule.role == ADMIN_ROLE:
        return user == ADMIN
    if rule.role == OFFICIAL_ROLE:
        return user in (OFFICIAL, ADMIN)
    return True


def _state(db_path) -> dict[str, list]:
    """Every table but the audit log and the books of questions asked and answers rated."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}"))) for t in tables
                if t not in UNCHECKED}


def _denials(storage, user: int, action: str) -> int:
    return sum(1 for e in storage.people.audit_entries(limit=100_000)
               if e.actor_id == user and e.action == action and e.outcome == "denied")


def test_every_rule_names_real_commands_and_buttons():
    registered = set()
    for _, handler in handlers():
        registered |= set(getattr(handler, "commands", ()))
        for inner in getattr(handler, "entry_points", ()):
            registered |= set(getattr(inner, "commands", ()))
    for action, rule in RULES.items():
        for command in rule.commands:
            assert command.split()[0] in registered, (action, command)
        for kind in rule.buttons:
            assert kind.split(":")[0] in kinds.KINDS, (action, kind)
    assert {where for _, where in CELLS} == set(SCENARIOS), "a way in without a rule, or not"


def test_every_action_and_event_reads_in_words_in_the_audit_log():
    from cdsbot import events, strings

    typed = [c.action for c in vars(events).values() if isinstance(c, type)
             and issubclass(c, events.Event) and isinstance(c.action, str) and c.action]
    assert set(RULES) | set(typed) <= set(strings.office.ACTIONS)


@pytest.mark.parametrize(("action", "where"), CELLS, ids=[f"{a}-{w}" for a, w in CELLS])
def test_only_those_the_rule_allows_may(office_bot, tg, tmp_path, action, where):
    storage = office_bot.storage
    rule = RULES[action]
    setup, drive = SCENARIOS[where]
    for name, user in PERSONAS.items():
        value = setup(storage, user) if setup else None
        settle(tg)
        before = _state(tmp_path / "cdsbot.db")
        denied = _denials(storage, user, action)
        drive(tg, storage, user, value)
        settle(tg)
        refused = _denials(storage, user, action) > denied
        assert refused != _may(rule, user), f"{name} {'refused' if refused else 'allowed'}"
        if refused:
            assert _state(tmp_path / "cdsbot.db") == before, f"{name}'s refusal changed data"
