"""`python bot.py check`: every class of error is reported as `file:line: message`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdsbot import aspects, knowledge, vietnamese
from tests.harness import KNOWLEDGE


def test_shipped_knowledge_base_is_valid(kb):
    assert len(kb.indicators) == 15
    assert {"services", "plan", "concepts", "results", "contacts", "goals"} <= set(kb.topics)
    for entry in kb.entries.values():
        assert entry.sources, entry.id
        assert len(entry.phrasings) >= 2, entry.id


def _problems(root: Path) -> list[str]:
    kb, problems = knowledge.check(root)
    assert kb is None, "the broken knowledge base was accepted"
    return problems


def _replace(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a file; return the 1-based line where the first replacement lands."""
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    line = content[: content.index(old)].count("\n") + 1
    path.write_text(content.replace(old, new, count), encoding="utf-8")
    return line


def _line_of(path: Path, needle: str) -> int:
    content = path.read_text(encoding="utf-8")
    return content[: content.index(needle)].count("\n") + 1


def test_yaml_syntax_error_names_the_line(kb_copy):
    line = _replace(kb_copy / "units.yaml", "    level: district\n", "    level: [district\n")
    problems = _problems(kb_copy)
    assert any(p.startswith("knowledge/units.yaml:") and "cú pháp YAML" in p for p in problems)
    reported = int(re.match(r"knowledge/units.yaml:(\d+):", problems[0]).group(1))
    assert line <= reported <= line + 2


def test_missing_required_field(kb_copy):
    path = kb_copy / "faq" / "kehoach.yaml"
    line = _line_of(path, "  - id: kh-nguoi-ky")
    body = path.read_text(encoding="utf-8")
    start = body.index("  - id: kh-nguoi-ky")
    source_line = body.index("    source: kh74\n", start)
    path.write_text(body[:source_line] + body[source_line + len("    source: kh74\n"):],
                    encoding="utf-8")
    assert f"knowledge/faq/kehoach.yaml:{line}: mục hỏi đáp thiếu trường bắt buộc “source”" \
        in _problems(kb_copy)


def test_unknown_field(kb_copy):
    path = kb_copy / "indicators.yaml"
    line = _replace(path, "    year: 2022\n", "    year: 2022\n    deadline: 2022-12-31\n") + 1
    assert any(p.startswith(f"knowledge/indicators.yaml:{line}: trường lạ “deadline”")
               for p in _problems(kb_copy))


def test_wrong_type(kb_copy):
    line = _replace(kb_copy / "indicators.yaml", "    year: 2022\n", "    year: năm 2022\n")
    assert f"knowledge/indicators.yaml:{line}: trường “year”: cần một số nguyên" \
        in _problems(kb_copy)


def test_duplicate_id_across_files(kb_copy):
    path = kb_copy / "faq" / "lienhe.yaml"
    line = _replace(path, "  - id: ho-tro-vneid", "  - id: vneid-la-gi")
    problems = _problems(kb_copy)
    assert any(p.startswith(f"knowledge/faq/lienhe.yaml:{line}: mã “vneid-la-gi” trùng với "
                            "services.yaml:") for p in problems)


def test_duplicate_key(kb_copy):
    path = kb_copy / "units.yaml"
    line = _replace(path, "    level: city\n", "    level: city\n    level: district\n") + 1
    assert f"knowledge/units.yaml:{line}: khóa “level” bị lặp lại" in _problems(kb_copy)


def test_reference_to_unknown_source(kb_copy):
    line = _replace(kb_copy / "milestones.yaml", "    source: qd505\n", "    source: qd-505\n")
    assert f"knowledge/milestones.yaml:{line}: nguồn “qd-505” chưa được khai báo" \
        in _problems(kb_copy)


def test_reference_to_unknown_pillar(kb_copy):
    line = _replace(kb_copy / "indicators.yaml", "    pillar: kinh-te-so\n",
                    "    pillar: kinh-te\n")
    assert f"knowledge/indicators.yaml:{line}: trụ cột “kinh-te” chưa được khai báo" \
        in _problems(kb_copy)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    target: 60\n", "    target: 160\n", "target phần trăm phải nằm trong 0–100"),
        ("    target: 60\n", "    target: \"60%\"\n", "phải là một số"),
        ("    target: 60\n", "    target: true\n", "phải là một số"),
    ],
)
def test_target_must_fit_unit(kb_copy, old, new, message):
    line = _replace(kb_copy / "indicators.yaml", old, new)
    problems = _problems(kb_copy)
    assert any(p.startswith(f"knowledge/indicators.yaml:{line}: ") and message in p
               for p in problems), problems


def test_yes_no_indicator_needs_target_true(kb_copy):
    path = kb_copy / "indicators.yaml"
    body = path.read_text(encoding="utf-8")
    start = body.index("  - id: dich-vu-5g")
    target = body.index("    target: true\n", start)
    path.write_text(body[:target] + "    target: 5\n" + body[target + 17:], encoding="utf-8")
    line = body[:target].count("\n") + 1
    assert any(p.startswith(f"knowledge/indicators.yaml:{line}: chỉ tiêu có/không")
               for p in _problems(kb_copy))


def test_over_long_answer(kb_copy):
    path = kb_copy / "faq" / "lienhe.yaml"
    start = "    answer: |-\n      Tài khoản định danh điện tử do"
    line = _replace(path, start, start.replace("Tài", "Rất dài. " * 500 + "Tài"))
    assert any(p.startswith(f"knowledge/faq/lienhe.yaml:{line}: câu trả lời dài")
               for p in _problems(kb_copy))


def test_missing_file_and_every_problem_listed(kb_copy):
    (kb_copy / "units.yaml").unlink()
    _replace(kb_copy / "indicators.yaml", "    year: 2022\n", "    year: x\n")
    problems = _problems(kb_copy)
    assert "knowledge/units.yaml:1: thiếu tệp" in problems
    assert any("trường “year”" in p for p in problems)


def test_loading_is_immutable(kb):
    with pytest.raises(AttributeError):
        kb.plan.number = "1"  # type: ignore[misc]


def test_shipped_yaml_has_no_tab_or_crlf():
    for path in KNOWLEDGE.rglob("*.yaml"):
        raw = path.read_bytes()
        assert b"\r\n" not in raw and b"\t" not in raw, path


def test_answer_over_90_words_is_reported(kb_copy):
    path = kb_copy / "faq" / "lienhe.yaml"
    start = "    answer: |-\n      Tài khoản định danh điện tử do"
    line = _replace(path, start, start.replace("Tài", "một hai ba " * 40 + "Tài"))
    problems = _problems(kb_copy)
    assert any(re.match(rf"knowledge/faq/lienhe.yaml:{line}: câu trả lời dài \d+ từ", p)
               for p in problems), problems


def _written_entries(kb):
    return [e for e in kb.entries.values() if e.kind != "indicator"]


def test_every_written_entry_declares_its_aspects(kb):
    missing = [e.id for e in _written_entries(kb) if not e.aspects]
    assert not missing, missing


def test_each_answer_states_every_aspect_it_declares(kb):
    """An entry that says it gives an age contains an age, a cost a cost, and so on."""
    wrong = {}
    for e in _written_entries(kb):
        unstated = set(e.aspects) - aspects.stated(vietnamese.normalise(e.answer))
        if unstated:
            wrong[e.id] = sorted(unstated)
    assert not wrong, wrong


def test_each_phrasing_asks_for_an_aspect_its_entry_states(kb):
    """"From what age…" must land on an entry whose answer declares (and states) an age."""
    wrong = []
    for e in _written_entries(kb):
        for phrasing in e.phrasings:
            asked = aspects.asked(vietnamese.normalise(phrasing))
            if asked is not None and asked != "yesno" and asked not in e.aspects:
                wrong.append((e.id, phrasing, asked))
    assert not wrong, wrong


def test_a_bare_yes_or_no_opening_is_declared(kb):
    """An answer that opens with "Có."/"Không." states a yes/no, so it says so."""
    wrong = [e.id for e in _written_entries(kb)
             if aspects.opens_yes_no(e.answer) and "yesno" not in e.aspects]
    assert not wrong, wrong



def test_a_covering_answer_states_what_the_covered_question_asks(kb):
    """`covers: [other]` must be true of the first message: it states the kind of fact the
    other entry's question asks, and every figure and date of the other answer's first
    sentence (past a bare "Có."/"Không.")."""
    numbers = re.compile(r"\d+")
    pairs = [(e, kb.entries[o]) for e in kb.entries.values() for o in e.covers]
    assert pairs
    for entry, other in pairs:
        assert other.id != entry.id
        asked = aspects.asked(vietnamese.fold(other.title))
        stated = set(entry.aspects) or aspects.stated(vietnamese.normalise(entry.answer))
        assert asked in (None, "yesno") or asked in stated, (entry.id, other.id, asked)
        sentences = re.split(r"(?<=[.!?])\s", other.answer)
        first = next(x for x in sentences if len(x.split()) > 2)  # past a bare "Có."
        missing = set(numbers.findall(first)) - set(numbers.findall(entry.answer))
        assert not missing, (entry.id, other.id, missing)


def test_covers_names_known_entries(kb_copy):
    path = kb_copy / "faq" / "dinhdanh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "covers: [vneid-tre-em]", "covers: [khong-co-muc-nay]"), encoding="utf-8")
    problems = knowledge.check(kb_copy)[1]
    assert any("khong-co-muc-nay" in p for p in problems), problems
