import unicodedata

import pytest

from cdsbot import vietnamese


def test_normalise_folds_case_diacritics_and_d_stroke():
    assert vietnamese.normalise("Đăng ký DỊCH VỤ CÔNG!") == "dang ky dich vu cong"


def test_nfd_input_equals_nfc_input():
    nfc = "chuyển đổi số"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert vietnamese.normalise(nfd) == vietnamese.normalise(nfc)
    assert vietnamese.words(nfd) == vietnamese.words(nfc)


def test_zero_width_characters_are_removed():
    assert vietnamese.normalise("dịch\u200b vụ\u200d cô\ufeffng") == "dich vu cong"


def test_old_and_new_tone_placement_share_an_accent_key():
    assert vietnamese.accent_key("hoà") == vietnamese.accent_key("hòa")
    assert vietnamese.accent_key("thuỷ") == vietnamese.accent_key("thủy")
    key = vietnamese.accent_key
    assert key("ma") != key("má") != key("mà")


def test_percent_sign_is_spelled_out():
    assert vietnamese.tokens("87,5%") == ["87,5", "phan", "tram"]


def test_has_diacritics():
    assert vietnamese.has_diacritics("mục tiêu")
    assert not vietnamese.has_diacritics("muc tieu")


def test_is_syllable_tells_typos_from_real_words():
    assert all(map(vietnamese.is_syllable, ("nghieng", "quoc", "cuu")))
    assert not vietnamese.is_syllable("quag") and not vietnamese.is_syllable("grpd")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("87,5", (87.5, False)),
        ("87.5%", (87.5, True)),
        ("1.234.567", (1234567.0, False)),
        ("1.234", (1234.0, False)),
        ("1,234.5", (1234.5, False)),
        ("1.234,5", (1234.5, False)),
        ("0.5", (0.5, False)),
        ("-0", (0.0, False)),
        ("100 %", (100.0, True)),
    ],
)
def test_parse_number(raw, expected):
    assert vietnamese.parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "1e309", "NaN", "inf", "١٢", "12,3,4.5", "--1"])
def test_parse_number_rejects_with_a_vietnamese_message(raw):
    with pytest.raises(vietnamese.NumberError, match="số"):
        vietnamese.parse_number(raw)
