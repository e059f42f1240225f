"""A short soak (the long one is bench/soak.py): mixed updates from many users, 0 handler
errors, every acknowledged report in the database."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def _soak_module():
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_short_soak(tmp_path):
    result = _soak_module().soak(1500, 150, tmp_path)
    assert result["errors"] == 0, result["error_samples"]
    assert result["acknowledged"] > 0
    assert result["stored"] == result["acknowledged"]
