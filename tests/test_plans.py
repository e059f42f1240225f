"""Plans by year: a later plan added to knowledge/plans/ is the plan in force; the 2022 plan
stays as history. The plan here is made up for the test (tmp knowledge), not a shipped fact."""

from __future__ import annotations

import datetime as dt

import pytest

from cdsbot import charts, knowledge
from cdsbot.assistant import Assistant
from tests.harness import ICT, Clock, buttons, edited, press, pressed, run_cli, say, settle

OFFICIAL, CITIZEN = 9502, 9503
PLAN = """\
id: kh-thu-nghiem-2026
title: Kế hoạch thử nghiệm năm 2026
year: 2026
source: tin-kh74
units:
  - id: xa-thu-nghiem
    name: UBND xã Thử Nghiệm
    level: commune
    source: tin-kh74
    since: 2025-07-01
indicators:
  - id: ho-so-truc-tuyen-xa-2026
    name: Hồ sơ thử nghiệm cấp xã nộp trực tuyến
    aliases: [hồ sơ thử nghiệm xã]
    pillar: chinh-quyen-so
    unit: percent
    comparator: ">="
    target: 80
    level: commune
    source: tin-kh74
    quote: câu trích dẫn của kế hoạch thử nghiệm
"""


@pytest.fixture
def plan_kb(kb_copy):
    (kb_copy / "plans").mkdir()
    (kb_copy / "plans" / "kh-thu-nghiem-2026.yaml").write_text(PLAN, encoding="utf-8")
    return kb_copy


def test_the_plan_in_force_is_the_latest_begun(plan_kb):
    kb = knowledge.load(plan_kb)
    assert [p.year for p in kb.plans] == [2022, 2026]
    assert kb.plan_in_force(dt.date(2026, 11, 29)).id == "kh-thu-nghiem-2026"
    assert kb.plan_in_force(dt.date(2024, 5, 1)).year == 2022
    assert kb.plan_in_force(dt.date(2022, 5, 1)).year == 2022
    assert kb.indicators["ho-so-truc-tuyen-xa-2026"].year == 2026
    assert "ho-so-mang-xa" in kb.plan_of_year(2022).indicator_ids
    unit = kb.units["xa-thu-nghiem"]
    assert not unit.exists_on(dt.date(2022, 5, 1)) and unit.exists_on(dt.date(2026, 1, 1))


def test_check_validates_plans(plan_kb, tmp_path):
    res = run_cli(tmp_path, "check", CDSBOT_KNOWLEDGE=str(plan_kb))
    assert res.returncode == 0, res.stdout + res.stderr
    broken = PLAN.replace("year: 2026\n", "year: 2026\nbogus: 1\n").replace(
        "    level: commune\n    source: tin-kh74\n    quote", "    level: commune\n"
        "    year: 2025\n    source: khong-co\n    quote")
    (plan_kb / "plans" / "kh-thu-nghiem-2026.yaml").write_text(broken, encoding="utf-8")
    res = run_cli(tmp_path, "check", CDSBOT_KNOWLEDGE=str(plan_kb))
    out = res.stdout + res.stderr
    assert res.returncode == 1
    assert "plans/kh-thu-nghiem-2026.yaml:4:" in out and "bogus" in out
    assert "year: 2026" in out  # the indicator's year must be the plan's
    assert "khong-co" in out or "year" in out


@pytest.fixture
def bot_2026(make_bot, plan_kb, tmp_path):
    clock = Clock(dt.datetime(2026, 9, 23, 8, 30, tzinfo=ICT))  # 7 days before Q3 closes
    brain = Assistant(knowledge.load(plan_kb))
    bot = make_bot(clock=clock, brain=brain, knowledge=plan_kb)
    bot.storage.people.grant(OFFICIAL, "official", "xa-thu-nghiem", None, "cli")
    bot.clock = clock
    return bot


def test_reminders_fire_for_the_plan_in_force(bot_2026, tg):
    job = bot_2026.app.job_queue.get_jobs_by_name("reminders")[0]
    bot_2026.call(job.run(bot_2026.app))
    settle(tg)
    sent = [m for m in tg.messages_to(OFFICIAL) if "⏰" in m.get("text", "")]
    assert len(sent) == 1
    assert "ho-so-truc-tuyen-xa-2026" in sent[0]["text"] and "quý 3/2026" in sent[0]["text"]
    assert "ho-so-mang-xa" not in sent[0]["text"]  # the 2022 target is history


def test_progress_and_reporting_follow_the_plan_in_force(bot_2026, tg):
    period = say(tg, OFFICIAL, "/baocao")  # the plan in force's one commune indicator, chosen
    assert "Hồ sơ thử nghiệm cấp xã nộp trực tuyến" in period["text"], period
    assert buttons(period)[0] == "g:p:2026-Q3"
    assert "Q3/2026" in period["text"] and "2022" not in period["text"]  # the examples' year
    value = say(tg, OFFICIAL, "quý 3")
    note = say(tg, OFFICIAL, "64,5")
    card = pressed(tg, OFFICIAL, note, "g:n")
    assert "64,5%" in card["text"] and "quý 3/2026" in card["text"]
    press(tg, OFFICIAL, card, buttons(card)[0])
    assert "✅ Đã lưu" in edited(tg, card)["text"]
    mine = say(tg, OFFICIAL, "/tiendo")["text"]
    assert "UBND xã Thử Nghiệm" in mine and "64,5%" in mine and "Kế hoạch thử nghiệm" in mine
    overview = say(tg, CITIZEN, "/tiendo")["text"]
    assert "Kế hoạch thử nghiệm năm 2026" in overview and "64,5% / tối thiểu 80%" in overview
    assert "/tiendo 2022" in overview
    assert "Hồ sơ công việc tại cấp xã" not in overview
    history = say(tg, CITIZEN, "/tiendo 2022")["text"]
    assert "đã kết thúc" in history and "Hồ sơ công việc tại cấp xã" in history
    assert "Giá trị quý 3/2026" in value["text"]
    bad = say(tg, OFFICIAL, "/baocao ho-so-truc-tuyen-xa-2026 50 T13/2026")["text"]
    assert "Q3/2026" in bad and "2022" not in bad


def test_the_chart_is_titled_with_the_plan_in_force(bot_2026, tg):
    say(tg, CITIZEN, "/tiendo bieudo")
    drawn = list(charts._CACHE)[-1][0]  # the chart drawn last (the cache is the process's)
    assert drawn == "Tiến độ chỉ tiêu năm 2026", drawn  # not "năm 2022" (and short enough)
