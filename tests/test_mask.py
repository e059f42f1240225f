"""Personal data is masked in the questions kept for review."""

from __future__ import annotations

import pytest

from cdsbot.privacy import mask


@pytest.mark.parametrize(("raw", "masked"), [
    ("gọi 0912 345 678 nhé", "gọi [số điện thoại] nhé"),
    ("sđt +84912345678", "sđt [số điện thoại]"),
    ("CCCD 031204001234 của tôi", "CCCD [số giấy tờ] của tôi"),
    ("mail lan.nguyen@gmail.com hỏi", "mail [email] hỏi"),
    ("quý 3 năm 2022 được 52,5%", "quý 3 năm 2022 được 52,5%"),  # ordinary numbers stay
    ("nộp trước 20/12/2022", "nộp trước 20/12/2022"),
])
def test_mask(raw, masked):
    assert mask(raw) == masked
