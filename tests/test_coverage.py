"""knowledge/ covers the sources (coverage.yaml against the fact files) and answers each family
of citizens' questions with today's rule, through the real `bot.py ask --json`."""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlparse

import pytest

from cdsbot import vietnamese
from tests.harness import SOURCES, run_cli

FACT_FILES = ("facts.md", "facts-2026.md")
needs_sources = pytest.mark.skipif(not SOURCES.is_dir() and not os.environ.get("CI"),
                                   reason="../shared/sources not present")


def _fact_sections() -> dict[tuple[str, str], bool]:
    """{(file, section id): holds a [V] or [P] fact} for every A1/B5/U1… section."""
    found: dict[tuple[str, str], bool] = {}
    for name in FACT_FILES:
        body = (SOURCES / name).read_text(encoding="utf-8")
        parts = re.split(r"^#{2,3} ([A-Z]\d{1,2})\. .*$", body, flags=re.M)
        for section, content in zip(parts[1::2], parts[2::2], strict=True):
            found[(name, section)] = bool(re.search(r"\[(?:V|P)\]", content))
    return found


@needs_sources
def test_the_fact_files_have_the_sections_this_test_expects():
    sections = _fact_sections()
    assert ("facts.md", "A1") in sections and ("facts.md", "B9") in sections
    assert ("facts-2026.md", "U1") in sections and ("facts-2026.md", "U7") in sections


@needs_sources
def test_every_fact_section_maps_to_entries_or_a_reason(kb):
    mapped = {(c.file, c.section): c for c in kb.coverage}
    missing = [key for key, tagged in _fact_sections().items()
               if tagged and not (key in mapped and (mapped[key].entries or mapped[key].reason))]
    assert not missing, f"sections with [V]/[P] facts but no entry and no reason: {missing}"


@needs_sources
def test_coverage_names_only_sections_that_exist(kb):
    sections = _fact_sections()
    stale = [(c.file, c.section) for c in kb.coverage if (c.file, c.section) not in sections]
    assert not stale, stale


def test_coverage_without_entries_or_reason_is_reported(kb_copy):
    from cdsbot import knowledge

    path = kb_copy / "coverage.yaml"
    body = path.read_text(encoding="utf-8")
    start = body.index("  - section: B4\n")
    entries = body.index("    entries: [thanh-toan-phi]\n", start)
    path.write_text(body[:entries] + body[entries + len("    entries: [thanh-toan-phi]\n"):],
                    encoding="utf-8")
    line = body[:start].count("\n") + 1
    kb, problems = knowledge.check(kb_copy)
    assert kb is None
    assert any(p.startswith(f"knowledge/coverage.yaml:{line}: mục “B4” cần “entries”")
               for p in problems), problems


def test_coverage_with_an_unknown_entry_is_reported(kb_copy):
    from cdsbot import knowledge

    path = kb_copy / "coverage.yaml"
    body = path.read_text(encoding="utf-8")
    path.write_text(body.replace("entries: [thanh-toan-phi]", "entries: [thanh-toan-phi-x]"),
                    encoding="utf-8")
    _, problems = knowledge.check(kb_copy)
    assert any("coverage.yaml" in p and "mục trả lời “thanh-toan-phi-x” chưa được khai báo" in p
               for p in problems), problems


# Questions written for this test, in the ways citizens type (none is an entry phrasing), and
# the entry that must answer each: one or more per family of issue #9.
FAMILY_QUESTIONS = [
    # electronic identity
    ("con gái mình 7 tuổi có tài khoản vneid riêng được không", "vneid-tre-em"),
    ("tre em co duoc cap tai khoan dinh danh rieng khong", "vneid-tre-em"),
    ("người nước ngoài có thẻ tạm trú đăng ký vneid được không", "vneid-nguoi-nuoc-ngoai"),
    ("đủ bao nhiêu tuổi mới được làm tài khoản định danh", "vneid-do-tuoi"),
    ("đi làm định danh mức 2 mang theo những giấy tờ gì", "vneid-mang-gi"),
    ("định danh mức 2 đăng ký tại đâu", "vneid-dang-ky"),
    ("đăng ký vneid mất mấy ngày thì xong", "vneid-thoi-gian"),
    ("quen mat khau vneid thi phai lam sao", "vneid-quen-mat-khau"),
    ("chưa làm vneid thì có bị phạt không", "vneid-khong-dang-ky"),
    ("cmnd cũ còn dùng được không", "cmnd-het-han"),
    ("lệ phí đổi thẻ căn cước bây giờ bao nhiêu", "can-cuoc-le-phi"),
    # the national portal
    ("giờ vào cổng dịch vụ công quốc gia đăng nhập bằng gì", "dvc-dang-nhap-vneid"),
    ("muốn tra cứu hồ sơ đã nộp trên mạng thì vào đâu", "dvc-theo-doi-ho-so"),
    ("kết quả hồ sơ trực tuyến có gửi về nhà qua bưu điện không", "dvc-nhan-ket-qua"),
    ("làm hồ sơ qua mạng thì lệ phí có được giảm không", "dvc-giam-phi"),
    # the law behind online procedures
    ("nghị định 45 năm 2020 nói gì", "nd45"),
    ("toàn trình là gì", "dvc-toan-trinh"),
    # the national programme
    ("ngày 10/10 là ngày gì", "ngay-cds-quoc-gia"),
    ("mobile money là gì vậy", "mobile-money"),
    ("đề án 06 là đề án gì", "de-an-06"),
    # Hải Phòng after 2022
    ("hải phòng có bao nhiêu xã phường sau sáp nhập", "hp-sap-nhap"),
    ("dti 2024 hải phòng xếp thứ mấy", "dti"),
    ("hiện nay sở nào phụ trách chuyển đổi số ở hải phòng", "hp-co-quan-cds"),
]


def _ask(tmp_path, questions: list[str]) -> list[dict]:
    res = run_cli(tmp_path, "ask", "--json", stdin="\n".join(questions) + "\n")
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_family_questions_are_not_entry_phrasings(kb):
    phrasings = {vietnamese.normalise(p) for e in kb.entries.values() for p in e.phrasings}
    reused = [q for q, _ in FAMILY_QUESTIONS if vietnamese.normalise(q) in phrasings]
    assert not reused, reused


def test_every_family_answers_its_questions(tmp_path):
    """Each question gets its entry as the answer: not a "Có phải bạn muốn hỏi" list, not a
    refusal, not another entry."""
    rows = _ask(tmp_path, [q for q, _ in FAMILY_QUESTIONS])
    got = [(q, want, row["status"], row["id"])
           for (q, want), row in zip(FAMILY_QUESTIONS, rows, strict=True)]
    assert [g for g in got if g[2:] != ("answer", g[1])] == []


def test_no_level_4_today_starts_with_no(tmp_path):
    (row,) = _ask(tmp_path, ["bây giờ còn mức độ 4 không"])
    assert row["status"] == "answer" and row["id"] == "muc-do-4-bay-gio"
    body = row["text"].split("\n", 1)[1]  # after the title line
    assert body.startswith("Không."), body


def test_answers_asked_the_other_way_round_do_not_read_backwards(tmp_path):
    """A bare "Không."/"Có." answers one way of asking: "còn dùng được không" → "Không." is right,
    "phải đổi không" → "Không." says the opposite. These entries open with the fact instead."""
    rows = _ask(tmp_path, ["ai còn dùng chứng minh nhân dân thì phải đổi không",
                           "chứng minh nhân dân còn dùng được không",
                           "đăng nhập vneid máy mới thì máy cũ có bị thoát không",
                           "tk vneid làm từ năm 2023 giờ có phải làm lại không"])
    bodies = [row["text"].split("\n", 1)[1] for row in rows if row["status"] == "answer"]
    assert len(bodies) == 4, rows
    assert bodies[0].startswith("Không còn dùng được.") and bodies[1].startswith("Không còn")
    assert bodies[2].startswith("Chỉ 1 thiết bị.")
    assert bodies[3].startswith("Vẫn dùng được, không phải làm lại.")


def test_a_bare_yes_or_no_opens_only_an_answer_to_a_yes_no_question(tmp_path):
    """"… ở đâu" (even with a polite "ạ") asks a place: the entry's bare "Được." is not its
    answer and is left out; the same entry asked as a yes/no question, or with no question word
    at all ("… mức độ 4?" is a yes/no question in Vietnamese), keeps its "Được."/"Không."."""
    where, polite, yes, bare = _ask(tmp_path, [
        "mất thẻ căn cước làm lại ở đâu", "mất thẻ căn cước làm lại ở đâu ạ",
        "mất thẻ căn cước có được cấp lại không", "bây giờ còn dịch vụ công mức độ 4?"])
    assert where["id"] == polite["id"] == yes["id"] == "can-cuoc-cap-lai"
    assert bare["id"] == "muc-do-4-bay-gio"

    def body(row: dict) -> str:
        return row["text"].split("\n", 1)[1]  # after the title line

    assert body(where).startswith("Lệ phí cấp lại thẻ căn cước"), body(where)
    assert body(polite) == body(where)
    assert body(yes).startswith("Được. Lệ phí cấp lại thẻ căn cước"), body(yes)
    assert body(bare).startswith("Không."), body(bare)


def _written(kb):
    return [e for e in kb.entries.values() if e.kind != "indicator"]


def test_no_answer_presents_a_repealed_rule_as_current(kb):
    """59/2022, portal accounts of individuals, "căn cước công dân" and the district level
    appear only as history, next to today's rule or a date that ends them."""
    wrong = []
    for e in _written(kb):
        a = e.answer
        if "59/2022" in a and not re.search(r"hết hiệu lực|quy định cũ|đến 30/6/2024|"
                                            r"2022–2024|69/2024", a):
            wrong.append((e.id, "59/2022"))
        if re.search(r"(?<!thẻ )căn cước công dân", a, re.I) and "thẻ căn cước" not in a:
            wrong.append((e.id, "căn cước công dân"))
        if re.search(r"đăng ký tài khoản (trên )?cổng", a, re.I) and "30/6/2024" not in a \
                and "01/7/2024" not in a:
            wrong.append((e.id, "portal account"))
        if re.search(r"\b(quận, huyện|cấp huyện)\b", a) and not re.search(
                r"20\d\d|trước hợp nhất|không còn|cũ", a):
            wrong.append((e.id, "district level"))
    assert not wrong, wrong


def test_dated_answers_say_from_when_they_hold(kb):
    """Entries built on the post-2022 rules (Nghị định 69/2024, Luật Căn cước, the 2025
    reorganisation) give the date they hold from."""
    late = re.compile(r"69/2024|Luật Căn cước|01/7/2025|01/3/2025")
    wrong = [e.id for e in _written(kb)
             if late.search(e.answer) and not re.search(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}",
                                                        e.as_of or "")]
    assert not wrong, wrong


# National bodies' own sites; other *.gov.vn hosts are provinces' (Hải Dương is Hải Phòng now).
NATIONAL_SITES = {"mic.gov.vn", "english.mic.gov.vn", "dti.gov.vn", "ppd.gov.vn",
                  "tapchinganhang.gov.vn", "dichvucong.bvhttdl.gov.vn"}


def _source_rank(kb, src_id: str) -> int:
    """0: a national official or Hải Phòng page; 1: national press and others; 2: another
    province's page."""
    src = kb.sources[src_id]
    host = urlparse(src.url).hostname or ""
    if src.file.startswith("000_") or "haiphong" in host or "haiduong" in host \
            or host in NATIONAL_SITES:
        return 0
    return 2 if host.endswith(".gov.vn") else 1


def test_answers_cite_national_official_and_hai_phong_pages_first(kb):
    """The renderer shows two source lines: national official and Hải Phòng pages lead, and
    another province's page never comes before a national or Hải Phòng one."""
    wrong = [(e.id, e.sources) for e in _written(kb)
             if [_source_rank(kb, s) for s in e.sources]
             != sorted(_source_rank(kb, s) for s in e.sources)]
    assert not wrong, wrong
