"""End to end, the defects of an officials' and administrators' trial (trial 5b): each test
replays what the tester did over the fake Bot API and checks what now happens."""

from __future__ import annotations

from cdsbot import strings
from tests.harness import buttons, export_rows, pressed, say

DEPARTMENT = 9020  # an official of Sở Thông tin và Truyền thông (city-level indicators)


def test_words_matching_several_indicators_offer_them_as_buttons(office_bot, tg, tmp_path):
    """Trial: after /baocao, "kinh te so" brought back the same 13-button list with no word."""
    office_bot.storage.people.grant(DEPARTMENT, "official", "so-tttt", None, "cli")
    first = say(tg, DEPARTMENT, "/baocao")
    assert len(buttons(first)) > 10
    several = say(tg, DEPARTMENT, "kinh te so")
    assert "Có 2 chỉ tiêu khớp “kinh te so”" in several["text"]
    assert buttons(several) == ["g:i:kinh-te-so-grdp", "g:i:kinh-te-so-nganh", "g:r:ind", "g:x"]
    typo = say(tg, DEPARTMENT, "kinh te so grdb")  # a typo: still the two, not everything
    assert buttons(typo)[:2] == ["g:i:kinh-te-so-grdp", "g:i:kinh-te-so-nganh"]
    none = say(tg, DEPARTMENT, "xyz abc")
    assert "Không tìm thấy chỉ tiêu nào khớp với “xyz abc”" in none["text"]
    everything = pressed(tg, DEPARTMENT, several, "g:r:ind")
    assert everything["text"] == strings.office.DIALOG_INDICATOR
    assert buttons(everything) == buttons(first)
    period = say(tg, DEPARTMENT, "kinh tế số GRDP")  # every word in one name: that one
    assert "Tỷ trọng kinh tế số trong GRDP" in period["text"] and "Kỳ báo cáo" in period["text"]
    value = pressed(tg, DEPARTMENT, several, "g:i:kinh-te-so-nganh")
    assert "Tỷ trọng kinh tế số trong từng ngành" in value["text"]
    assert export_rows(tmp_path) == []
