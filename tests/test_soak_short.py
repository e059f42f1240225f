"""A short soak (the long one is bench/soak.py; both run tests/soak.py): mixed updates from
many users, 0 handler errors, every acknowledged report in the database."""

from __future__ import annotations

from tests.soak import soak


def test_short_soak(tmp_path):
    result = soak(1500, 150, tmp_path)
    assert result["errors"] == 0, result["error_samples"]
    assert result["acknowledged"] > 0
    assert result["stored"] == result["acknowledged"]
