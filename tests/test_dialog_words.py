"""Words typed inside the step-by-step report: cancel words, and questions vs notes."""

from __future__ import annotations

import pytest

from cdsbot.handlers.report_dialog import is_question
from cdsbot.officials.reporting import is_cancel


@pytest.mark.parametrize("raw", ["hủy", "Huỷ", "thôi", "thôi không báo cáo nữa", "dừng lại",
                                 "không báo cáo nữa", "huy bao cao"])
def test_cancel_words(raw):
    assert is_cancel(raw)


@pytest.mark.parametrize("raw", ["52,5", "quý 3", "thôi việc tại xã", "số liệu giảm"])
def test_not_cancel(raw):
    assert not is_cancel(raw)


@pytest.mark.parametrize("raw", ["sao phải ghi lý do?", "sao phải ghi lý do", "báo cáo thế nào",
                                 "cho hỏi hạn nộp", "hạn nộp là khi nào?"])
def test_questions_at_the_note_step(raw):
    assert is_question(raw, strict=True)


@pytest.mark.parametrize("raw", ["số liệu phục hồi sau rà soát", "bản sao hồ sơ đã nộp",
                                 "số liệu giảm do rà soát lại hồ sơ", "bổ sung hồ sơ tháng 9"])
def test_notes_are_not_questions(raw):
    assert not is_question(raw, strict=True)
