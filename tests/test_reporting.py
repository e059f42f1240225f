"""The report parser and the progress arithmetic (pure functions)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdsbot import knowledge, vietnamese
from cdsbot.officials import reporting
from cdsbot.officials.reporting import (
    InvalidPeriod,
    InvalidValue,
    NeedsReason,
    NotAuthorised,
    Period,
    ReportError,
    UnknownIndicator,
)
from tests.harness import KNOWLEDGE

TODAY = dt.date(2022, 10, 15)
DO_SON = ["quan-do-son"]


@pytest.mark.parametrize(
    ("raw", "key"),
    [("2022", "2022"), ("2022-Q3", "2022-Q3"), ("Q3/2022", "2022-Q3"), ("2022-09", "2022-09"),
     ("09/2022", "2022-09"), ("9/2022", "2022-09"), ("2022q4", "2022-Q4")],
)
def test_period_forms(raw, key):
    assert reporting.parse_period(raw).key == key


@pytest.mark.parametrize("raw", ["2022-13", "Q5/2022", "13/2022", "22", "2022/09", "", "abc"])
def test_bad_periods(raw):
    with pytest.raises(InvalidPeriod):
        reporting.parse_period(raw)


def test_period_bounds():
    q3 = Period(2022, quarter=3)
    assert (q3.start, q3.end) == (dt.date(2022, 7, 1), dt.date(2022, 9, 30))
    assert Period(2022, month=12).end == dt.date(2022, 12, 31)
    assert Period(2022, quarter=4).end == dt.date(2022, 12, 31)
    assert Period(2022).label == "năm 2022" and q3.label == "quý 3/2022"


def test_one_line_report(kb):
    d = reporting.parse_report(kb, ["ho-so-mang-huyen", "52,5", "2022-Q3"], DO_SON, TODAY)
    assert (d.indicator_id, d.unit_id, d.period, d.value) == (
        "ho-so-mang-huyen", "quan-do-son", "2022-Q3", 52.5)


def test_unit_period_and_note_are_recognised(kb):
    d = reporting.parse_report(kb, ["ho-so-mang-huyen", "87.5%", "quan-do-son", "Q3/2022",
                                    "số", "liệu", "quý"], DO_SON, TODAY)
    assert (d.value, d.period, d.note) == (87.5, "2022-Q3", "số liệu quý")


def test_default_period_is_the_current_quarter_in_the_plan_year(kb):
    d = reporting.parse_report(kb, ["ho-so-mang-huyen", "50"], DO_SON, TODAY)
    assert d.period == "2022-Q4"
    later = reporting.parse_report(kb, ["ho-so-mang-huyen", "50"], DO_SON, dt.date(2026, 1, 5))
    assert later.period == "2022"


def test_unknown_indicator_suggests_the_closest(kb):
    with pytest.raises(UnknownIndicator) as info:
        reporting.parse_report(kb, ["ho-so-mang-huyn", "50"], DO_SON, TODAY)
    assert "ho-so-mang-huyen" in info.value.suggestions
    assert "Có phải" in str(info.value)


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (["ho-so-mang-huyen", "abc"], InvalidValue, "không phải là số"),
        (["ho-so-mang-huyen", "101"], InvalidValue, "từ 0 đến 100"),
        (["ho-so-mang-huyen", "-1"], InvalidValue, "từ 0 đến 100"),
        (["ho-so-mang-huyen", "50", "2021"], InvalidPeriod, "ngoài năm"),
        (["ho-so-mang-huyen", "50", "2022-12"], InvalidPeriod, "chưa bắt đầu"),
        (["ho-so-mang-huyen", "50", "so-tttt"], NotAuthorised, "không được báo cáo"),
        (["ho-so-mang-xa", "50"], NotAuthorised, "không báo cáo"),
        (["ho-so-mang-huyen"], ReportError, "Thiếu"),
    ],
)
def test_rejections_say_what_is_wrong(kb, args, error, words):
    with pytest.raises(error, match=words):
        reporting.parse_report(kb, args, DO_SON, TODAY)


def test_yes_no_indicator(kb):
    city = ["ubnd-tp"]
    assert reporting.parse_report(kb, ["dich-vu-5g", "có"], city, TODAY).value == 1.0
    assert reporting.parse_report(kb, ["dich-vu-5g", "khong"], city, TODAY).value == 0.0
    with pytest.raises(InvalidValue, match="có/không"):
        reporting.parse_report(kb, ["dich-vu-5g", "50"], city, TODAY)


def test_thousands_separators_and_decimal_marks(kb):
    ind = kb.indicators["ho-so-mang-huyen"]
    assert reporting.parse_value(ind, "87,5") == 87.5
    assert reporting.parse_value(ind, "87.5%") == 87.5


def test_several_units_need_the_unit_named(kb):
    both = ["quan-do-son", "quan-duong-kinh"]
    with pytest.raises(ReportError, match="nhiều đơn vị"):
        reporting.parse_report(kb, ["ho-so-mang-huyen", "50"], both, TODAY)
    d = reporting.parse_report(kb, ["ho-so-mang-huyen", "50", "quan-duong-kinh"], both, TODAY)
    assert d.unit_id == "quan-duong-kinh"


def test_correction_needs_a_reason(kb):
    with pytest.raises(NeedsReason):
        reporting.parse_report(kb, ["ho-so-mang-huyen", "50", "2022-Q3"], DO_SON, TODAY,
                               note_required=True)


def test_falling_cumulative_or_big_jump_needs_a_reason(kb):
    ind = kb.indicators["cap-quang-ho-gia-dinh"]
    cumulative = type(ind)(**{**ind.__dict__, "cumulative": True})
    with pytest.raises(NeedsReason, match="lũy kế"):
        reporting.check_change(cumulative, 40, 45, "")
    reporting.check_change(cumulative, 40, 45, "rà soát lại số hộ")
    with pytest.raises(NeedsReason, match="hơn một nửa"):
        reporting.check_change(ind, 80, 40, "")
    reporting.check_change(ind, 50, 40, "")
    reporting.check_change(ind, 50, None, "")


def test_progress_arithmetic(kb):
    ind = kb.indicators["tai-khoan-thanh-toan"]  # > 30 %
    assert not reporting.reached(ind, 30) and reporting.reached(ind, 30.5)
    assert reporting.percent_of_target(ind, 15) == 50
    assert reporting.bar(50) == "▓▓▓▓▓░░░░░" and reporting.bar(250) == "▓" * 10
    assert reporting.reached(kb.indicators["kinh-te-so-nganh"], 9)  # >= 9 %


# --- hostile input: parsed exactly or rejected, never a crash ------------------------------------

HOSTILE = st.one_of(
    st.text(max_size=4000),
    st.sampled_from(["1e309", "NaN", "nan", "-0", "inf", "<b>1</b>", "١٢", "１２", "12\u200b",
                     "0x10", "1_000", "--5", "5-", "٫5", "99,9999999999999999", "1.2.3,4"]),
    st.from_regex(r"[-+]?[0-9]{1,6}([.,][0-9]{1,4})?%?", fullmatch=True),
)
KB = knowledge.load(KNOWLEDGE)  # module level: hypothesis repeats the test, not the fixture


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE, period=st.one_of(st.text(max_size=30), st.just("2022-Q3")),
       note=st.text(max_size=400))
def test_parser_never_crashes(value, period, note):
    args = ["ho-so-mang-huyen", value, period, *note.split()]
    try:
        d = reporting.parse_report(KB, args, DO_SON, TODAY)
    except ReportError as exc:
        assert str(exc)  # a message for the official
        return
    assert math.isfinite(d.value) and 0 <= d.value <= 100
    assert d.period.startswith("2022") and len(d.note) <= reporting.MAX_NOTE


@given(st.from_regex(r"[0-9]{1,3}(,[0-9]{1,2})?", fullmatch=True))
def test_decimal_comma_is_parsed_exactly(raw):
    ind = KB.indicators["ho-so-mang-huyen"]
    expected = float(raw.replace(",", "."))
    if expected <= 100:
        assert reporting.parse_value(ind, raw) == expected
    else:
        with pytest.raises(InvalidValue):
            reporting.parse_value(ind, raw)


@given(st.text(max_size=50))
def test_period_parser_never_crashes(raw):
    try:
        period = reporting.parse_period(raw)
    except InvalidPeriod:
        return
    assert period.start <= period.end


def test_a_number_of_the_indicators_name_is_no_value(kb):
    """A staff trial: "/baocao dvc mức độ 4 quý 4" (the value forgotten) was saved as 4 %, and
    "/baocao dvc muc do 4 90 Q4/2022" refused "90"."""
    today = dt.date(2022, 12, 20)
    d = reporting.parse_report(kb, "dvc muc do 4 90 Q4/2022".split(), ["so-tttt"], today)
    assert (d.indicator_id, d.value, d.period) == ("dvctt-muc-do-4", 90.0, "2022-Q4")
    with pytest.raises(reporting.MissingArguments, match="số trong tên chỉ tiêu"):
        reporting.parse_report(kb, "dvc mức độ 4 quý 4".split(), ["so-tttt"], today)
    d = reporting.parse_report(kb, "dvc mức độ 4 4 quý 4".split(), ["so-tttt"], today)
    assert d.value == 4.0  # the name's number once, then the value (a review)
    d = reporting.parse_report(kb, "ho so thanh pho 40 quy 2".split(), ["so-tttt"], today)
    assert (d.indicator_id, d.value) == ("ho-so-mang-thanh-pho", 40.0)


@pytest.mark.parametrize(("said", "value"), [
    ("à nhầm, 58,5 chứ", "58,5"),
    ("a nham 58,5 chu", "58,5"),
    ("sai rồi, 58,5%", "58,5%"),
    ("không phải, là 60", "60"),
    ("60 chứ", "60"),
    ("nhầm, quý 3 là 53,5", None),  # two numbers: nothing guessed
    ("hồ sơ nào bị sai", None),  # no number
    ("58,5", None),  # no word that says it is said again
    ("bé 5 tuổi làm căn cước ở đâu chứ", None),
    ("tôi nhập nhầm số hồ sơ tháng trước, giờ 45 thì làm thế nào để sửa", None),  # long
    # a review: "ko phải" says it too; the number of a unit or a period is no value, a
    # question is no value said again, and "lớn" is no "lộn"
    ("ko phải, 60", "60"),
    ("lộn đơn vị rồi, phường 5", None),
    ("nhầm kỳ rồi, quý 3", None),
    ("quý 3 không phải nộp à", None),
    ("tỷ lệ này lớn hơn 50 à", None),
    ("lon roi 58", "58"),
    ("à nhầm, 1500 chứ", "1500"),  # a count, not a year
    # a second review: partly accented, "ạ" is politeness; a count of something is no value
    ("nham roi, 58,5 nhé", "58,5"),
    ("em nhập nham, 58,5", "58,5"),
    ("nhầm, 58,5 ạ", "58,5"),
    ("số cũ sai do thiếu 3 xã", None),
    ("nhầm, còn 2 phường chưa nhập", None),
])
def test_a_value_said_again_is_read_only_from_a_short_message_that_says_so(said, value):
    assert reporting.retyped_value(said) == value


@pytest.mark.parametrize(("line", "period", "value", "note"), [
    ("cap quang 2022-Q3 60", "2022-Q3", 60.0, ""),  # saved under quý 4 (today's), Q3 lost
    ("ho so thanh pho T9 40", "2022-09", 40.0, ""),
    ("danh tinh so quy 3 nam 2022 la 18%", "2022-Q3", 18.0, ""),  # read as 3 %
    ("ho so thanh pho quy 2 dat 45 số liệu tạm", "2022-Q2", 45.0, "số liệu tạm"),
    ("cap quang 60 Q3 theo VNPT", "2022-Q3", 60.0, "theo VNPT"),  # the usual order
    ("dvc muc do 4 90 quy 4", "2022-Q4", 90.0, ""),  # a number of the name
    # a yes/no indicator named in words: "không" was a word of the name, 2022 the value
    ("dien thoai thong minh không 2022", "2022", 0.0, ""),
    ("dich vu 5g có quý 3 đã triển khai", "2022-Q3", 1.0, "đã triển khai"),
    # a review: "chưa có" was saved as "có"; marks around the period hid it
    ("điện thoại thông minh chưa có quý 3", "2022-Q3", 0.0, ""),
    ("dich vu 5g chua xong", "2022-Q4", 0.0, ""),
    ("cáp quang (quý 3): 60 theo VNPT, tạm", "2022-Q3", 60.0, "theo VNPT, tạm"),
])
def test_a_period_typed_before_the_value_is_the_period(line, period, value, note):
    """A staff trial: "/baocao cap quang 2022-Q3 60" showed and saved quý 4/2022 (the period
    was read as a word of the indicator's name), "… quy 3 nam 2022 la 18%" was 3 %."""
    d = reporting.parse_report(KB, line.split(), ["ubnd-tp"], TODAY)
    assert (d.period, d.value, d.note) == (period, value, note)


@pytest.mark.parametrize(("said", "key"), [
    ("nhầm, quý 2 chứ", "2022-Q2"),
    ("sai kỳ rồi, Q2/2022", "2022-Q2"),
    ("nhầm, tháng 9", "2022-09"),
    ("nhầm quý 2 là 45", None),  # a value besides: not only the period
    ("à nhầm, 58,5 chứ", None),
    ("quý 2", None),  # no word that says it is said again
])
def test_a_period_said_again_is_read_with_the_plans_year(said, key):
    period = reporting.retyped_period(said, 2022)
    assert (period.key if period else None) == key
    assert reporting.retyped_value(said) is None or key is None


@pytest.mark.parametrize("value", [55.0, 58.5, 1500.0, 1234567.25, 0.0])
def test_a_stored_value_typed_again_reads_back_exactly(value):
    ind = KB.indicators["ho-so-mang-huyen"]
    assert vietnamese.parse_number(reporting.typed_value(ind, value))[0] == value


def test_not_yes_is_never_read_as_yes():
    """A review: "không có" must not be saved as "có"; it is asked again."""
    with pytest.raises(reporting.InvalidValue):
        reporting.parse_report(KB, "điện thoại thông minh không có".split(), ["ubnd-tp"], TODAY)
