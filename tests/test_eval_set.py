"""bench/questions.tsv is the evaluation set the README's accuracy numbers come from."""

from __future__ import annotations

from collections import Counter

from cdsbot import vietnamese
from tests.harness import ROOT


def _rows() -> list[list[str]]:
    lines = (ROOT / "bench" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_eval_set_shape_matches_issue_2(kb):
    rows = _rows()
    assert all(len(r) == 4 for r in rows)
    n = len(rows)
    cats = Counter(r[2] for r in rows)
    assert n >= 250
    assert sum(not vietnamese.has_diacritics(r[3]) for r in rows) >= 0.30 * n
    assert cats["t"] >= 0.10 * n and cats["b"] >= 0.10 * n and cats["o"] >= 40
    assert {r[0] for r in rows} == {"dev", "test"}
    for _split, expected, cat, question in rows:
        assert (expected == "-") == (cat == "o"), question
        assert expected == "-" or set(expected.split("|")) <= set(kb.entries), expected


def test_questions_are_not_copied_from_the_knowledge_base(kb):
    phrasings = {vietnamese.normalise(p) for e in kb.entries.values() for p in (e.title,
                                                                                *e.phrasings)}
    copied = [r[3] for r in _rows() if vietnamese.normalise(r[3]) in phrasings]
    assert not copied, copied


def test_real_question_labels_name_entries_that_exist(kb):
    """The real-question sets (bench/real/) are labelled with entry ids: a renamed or removed
    entry must not silently turn a right answer into a wrong one in the benchmark."""
    import yaml

    real = ROOT / "bench" / "real"
    for questions, labels in (("dev.yaml", "labels.yaml"), ("heldout.yaml", "labels.yaml"),
                              ("dev2.yaml", "dev2-labels.yaml"),
                              ("dev4.yaml", "dev4-labels.yaml"),
                              ("check.yaml", "check-labels.yaml"),
                              ("fresh.yaml", "fresh-labels.yaml"),
                              ("dev5.yaml", "dev5-labels.yaml"),
                              ("english.yaml", "english-labels.yaml"),
                              ("harvest.yaml", "harvest-labels.yaml")):
        ids = {item["id"] for item in yaml.safe_load((real / questions).read_text("utf-8"))}
        table = yaml.safe_load((real / labels).read_text(encoding="utf-8"))
        for qid in ids:
            label = table.get(qid)
            assert label is None or label in ("none", "oos") or (
                isinstance(label, list) and set(label) <= set(kb.entries)), (questions, qid)
