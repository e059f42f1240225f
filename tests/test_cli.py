"""The command line as people use it: `python bot.py check|ask|console|run`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cdsbot import strings
from tests.harness import ROOT, clean_env, run_cli, run_process


def test_check_passes_on_the_shipped_knowledge_base(tmp_path):
    res = run_cli(tmp_path, "check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("Hợp lệ: ") and res.stdout.count("\n") == 1


def test_check_lists_every_problem_as_file_line(tmp_path, kb_copy):
    path = kb_copy / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: city", "level: town"),
                    encoding="utf-8")
    res = run_cli(tmp_path, "check", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert res.returncode == 1
    assert res.stdout.startswith("knowledge/units.yaml:9: trường “level”: phải là một trong")
    assert "1 lỗi" in res.stderr


def test_ask_prints_the_answer_with_its_source_and_date(tmp_path):
    res = run_cli(tmp_path, "ask", "muc tieu cap quang ho gia dinh")
    assert res.returncode == 0
    assert "80%" in res.stdout and "Nguồn:" in res.stdout and "Thông tin tính đến" in res.stdout


def test_ask_json_has_the_contract_fields(tmp_path):
    res = run_cli(tmp_path, "ask", "--json", "vneid có mất phí không")
    obj = json.loads(res.stdout)
    assert {"status", "id", "score", "text", "alternatives"} <= set(obj)
    assert obj["status"] == "answer" and obj["id"] == "vneid-phi"
    assert "<b>" not in obj["text"] and "Nghị định 69/2024/NĐ-CP" in obj["text"]


def test_ask_reads_one_question_per_stdin_line(tmp_path):
    res = run_cli(tmp_path, "ask", "--json",
                  stdin="dvc muc do 4 la gi\ngiá vàng hôm nay\n\nho so xu ly tren mang\n")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["answer", "none", "none", "suggest"]
    assert rows[0]["id"] == "dvc-muc-do-4"
    assert rows[3]["id"] is None and len(rows[3]["alternatives"]) >= 2


def test_an_indicator_says_its_measured_value_is_not_in_the_sources(tmp_path):
    """"… đạt chưa?" must not read the target as the result (facts.md, Part C: no measured
    value of the plan's indicators was found)."""
    res = run_cli(tmp_path, "ask", "còn cáp quang 80% hộ gia đình thì đạt chưa")
    assert "Mục tiêu năm 2022" in res.stdout
    assert "Số đo thực tế năm 2022 của chỉ tiêu này không có trong nguồn" in res.stdout


def test_an_indicator_note_that_says_it_is_not_said_twice(tmp_path):
    res = run_cli(tmp_path, "ask", "Tỷ trọng kinh tế số trong GRDP của thành phố")
    assert res.stdout.count("Số đo thực tế") == 1, res.stdout


@pytest.mark.parametrize("asked", [
    "Cháu ơi, bác muốn hỏi về lương hưu, bác lĩnh qua tài khoản ngân hàng được không?",
    "bác không có điện thoại thông minh thì làm sao dùng dịch vụ số",
])
def test_a_question_about_doing_something_is_not_answered_with_a_target(tmp_path, asked):
    """A third persona's trial: a pension question got the target for payment accounts
    ("trên 30%"), opening as if it answered; a target is a figure by a year."""
    row = json.loads(run_cli(tmp_path, "ask", "--json", asked).stdout)
    assert row["status"] != "answer", row


def test_a_target_whose_name_holds_a_cue_still_answers_its_name(tmp_path):
    """"… được xử lý trên môi trường mạng" holds "xử lý" (how to): the target itself."""
    row = json.loads(run_cli(tmp_path, "ask", "--json",
                             "ho so cong viec xu ly tren moi truong mang cap huyen").stdout)
    assert (row["status"], row["id"]) == ("answer", "ho-so-mang-huyen"), row


def test_ask_replies_to_small_talk_as_the_chat_does(tmp_path):
    """Issue 10: the same behaviour everywhere. "cảm ơn cháu" got "outside what I know" from
    `ask` while the console and Telegram thanked; each line is still read on its own."""
    res = run_cli(tmp_path, "ask", "--json", stdin="cảm ơn cháu\nbạn là ai\nvneid là gì\n")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["none", "none", "answer"]
    assert rows[0]["text"] == strings.citizen.addressed(strings.citizen.SMALL_TALK["thanks"],
                                                        "bác")  # the bot is their "cháu"
    assert rows[1]["text"] == strings.citizen.to_plain(strings.citizen.SMALL_TALK["who"])
    assert {"question", "status", "id", "score", "text", "alternatives"} == set(rows[0])
    plain = run_cli(tmp_path, "ask", "cảm ơn nhé")
    assert plain.stdout.strip() == strings.citizen.SMALL_TALK["thanks"]
    lines = run_cli(tmp_path, "ask", stdin="cảm ơn\nvneid là gì\n").stdout
    assert lines.startswith(strings.citizen.SMALL_TALK["thanks"] + "\n\n")  # one blank line


def test_ask_calls_the_writer_as_they_call_themselves(tmp_path):
    res = run_cli(tmp_path, "ask", "--json",
                  stdin="cho bác hỏi cần điều kiện gì để đăng ký tài khoản định danh điện tử\n"
                        "bác cảm ơn cháu nhé\ncần điều kiện gì để đăng ký tài khoản định danh"
                        " điện tử\n")
    first, thanks, plain = (json.loads(line)["text"] for line in res.stdout.splitlines())
    assert " bác nhập " in first and "bạn" not in first.lower()
    assert thanks.startswith("Không có gì ạ! Bác cần")
    assert " bạn nhập " in plain  # each line on its own


def test_usage_errors_are_in_vietnamese(tmp_path):
    """argparse's own words were English beside Vietnamese help texts."""
    missing = run_cli(tmp_path, "users", "grant")
    assert missing.returncode == 2
    assert "cách dùng: python bot.py users grant" in missing.stderr
    assert "lỗi: thiếu tham số bắt buộc: telegram_id, role" in missing.stderr
    bad = run_cli(tmp_path, "run", "--port", "abc")
    assert "giá trị 'abc' không hợp lệ" in bad.stderr and "invalid" not in bad.stderr
    from cdsbot import cli
    assert "tùy chọn:" in cli._parser().format_help()


def test_ask_does_not_import_telegram(tmp_path):
    code = ("import sys; from cdsbot import cli; cli.main(['ask', 'dvc la gi']); "
            "sys.exit(1 if any(m.split('.')[0] == 'telegram' for m in sys.modules) else 0)")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, env=clean_env(tmp_path), timeout=60)
    assert res.returncode == 0, res.stderr


def test_ask_refuses_an_invalid_knowledge_base(tmp_path, kb_copy):
    (kb_copy / "plan.yaml").write_text("number: [", encoding="utf-8")
    res = run_cli(tmp_path, "ask", "x", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert res.returncode == 1 and "knowledge/plan.yaml:" in res.stderr


def test_console_session(tmp_path):
    session = ("/muctieu\n11\nho so xu ly tren mang\n2\n/lienhe\n/khonglenh\ngia vang\n"
               "/tiendo\n/thoat\n")
    res = run_cli(tmp_path, "console", stdin=session)
    out = res.stdout
    assert res.returncode == 0
    assert "Mục tiêu của Kế hoạch 74/KH-UBND năm 2022" in out
    assert "Hộ gia đình được phủ hạ tầng mạng băng rộng cáp quang" in out  # choice 11
    assert "Có phải bạn muốn hỏi" in out and "Gõ số để chọn" in out
    assert "Liên hệ và hỗ trợ" in out
    assert "Không có lệnh /khonglenh" in out
    # /trogiup lists the bot's commands; those that need its database say where they are
    assert "Lệnh /tiendo chỉ có trên Telegram" in out
    assert "nằm ngoài những gì tôi biết" in out
    assert out.rstrip().endswith("Tạm biệt!")
    assert "<b>" not in out


def test_the_services_menu_lists_todays_rules_first(tmp_path):
    """A persona's trial: the menu opened with "mức độ 4 / mức độ 3" (names used until
    15/8/2022) and the city portal's old registration."""
    out = run_cli(tmp_path, "console", stdin="/dichvu\n1\n/thoat\n").stdout
    menu = out[out.index("Dịch vụ công"):]
    assert menu.index("toàn trình") < menu.index("mức độ 4")
    assert "Dịch vụ công trực tuyến toàn trình" in out.split("\n> ")[2]  # choice 1


def test_run_without_token_explains_botfather_and_exits_2(tmp_path):
    for args in (["run"], []):
        res = run_process(tmp_path, *args)
        assert res.returncode == 2
        assert "BotFather" in res.stderr and "Traceback" not in res.stderr


def test_token_from_dotenv_and_bad_settings(tmp_path):
    (tmp_path / ".env").write_text("CDSBOT_ADMINS=12,abc\n", encoding="utf-8")
    res = run_process(tmp_path, "check")
    assert res.returncode == 2 and "CDSBOT_ADMINS" in res.stderr


def test_console_is_a_conversation(tmp_path):
    """The console reads messages through the same dialogue as the bot."""
    session = ("2\nchào bot\nhồ sơ công việc cấp huyện xử lý trên môi trường mạng đạt bao nhiêu\n"
               "còn cấp xã?\ncảm ơn nhé\nbạn là ai\nho so cong viec xu ly tren moi truong mang\n"
               "9\n1\n")
    out = run_cli(tmp_path, "console", stdin=session).stdout
    from cdsbot import strings

    turns = out.split("\n> ")[1:]
    # a number with nothing pending
    assert strings.citizen.to_plain(strings.citizen.NO_CHOICES) in turns[0]
    assert strings.citizen.to_plain(strings.citizen.SMALL_TALK["greeting"]) in turns[1]
    assert "50%" in turns[2] and "30%" in turns[3]  # the follow-up kept the topic
    assert strings.citizen.SMALL_TALK["thanks"] in turns[4]
    assert strings.citizen.to_plain(strings.citizen.SMALL_TALK["who"]) in turns[5]
    assert "Có phải bạn muốn hỏi" in turns[6]
    assert "Hãy chọn một số từ 1 đến" in turns[7]
    assert "Mục tiêu năm 2022" in turns[8]


def test_console_offers_what_came_close_after_a_refusal_and_a_number_picks_it(tmp_path):
    session = "muốn phản ánh ổ gà trên đường thì báo ở đâu\n2\n"
    turns = run_cli(tmp_path, "console", stdin=session).stdout.split("\n> ")[1:]
    from cdsbot import strings

    assert strings.citizen.RELATED_INTRO in turns[0]
    assert "2. Phản ánh sự việc, kiến nghị với thành phố qua ứng dụng nào?" in turns[0]
    assert turns[1].startswith("Phản ánh sự việc, kiến nghị với thành phố")  # the second choice
