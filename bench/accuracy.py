"""Answer-engine benchmark: accuracy on bench/questions.tsv, two baselines, latency.

    python bench/accuracy.py              # test split (the numbers in the README)
    python bench/accuracy.py --split dev  # the split thresholds were chosen on
    python bench/accuracy.py --tune       # dev-split sweep of the answer threshold

Metrics (in-scope questions): top-1 / top-3 = the expected entry is ranked first / in the first
three; "answered right" = a confident answer with the right entry; "confident wrong" = a confident
answer with a wrong entry (the failure that matters most). Out of scope: "rejected" = status none.
Baselines get a rejection cutoff chosen on the dev split, like the engine.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from cdsbot import knowledge, search, text  # noqa: E402
from cdsbot.knowledge import Entry, KnowledgeBase  # noqa: E402

CATEGORIES = {"a": "có dấu", "n": "không dấu", "t": "lỗi gõ", "b": "viết tắt/khẩu ngữ"}
Ranker = Callable[[str], tuple[list[str], float]]  # question -> (ranked entry ids, top score)


def load_questions(split: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (ROOT / "bench" / "questions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        sp, expected, cat, question = line.split("\t")
        if split in (sp, "all"):
            rows.append((expected, cat, question))
    return rows


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


class WRatioBaseline:
    """rapidfuzz WRatio extractOne over the raw phrasings, no normalisation."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.choices = [p for e in kb.entries.values() for p in (e.title, *e.phrasings)]
        self.owner = [e.id for e in kb.entries.values() for _ in (e.title, *e.phrasings)]

    def __call__(self, q: str) -> tuple[list[str], float]:
        hits = process.extract(q, self.choices, scorer=fuzz.WRatio, limit=15)
        ids = _unique([self.owner[i] for _, _, i in hits])
        return ids, (hits[0][1] / 100 if hits else 0.0)


class BM25Baseline:
    """Okapi BM25 (k1=1.5, b=0.75) over folded syllables of each phrasing; entry = best."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.docs = [(e.id, text.tokens(p)) for e in kb.entries.values()
                     for p in (e.title, *e.phrasings)]
        self.avg = sum(len(d) for _, d in self.docs) / len(self.docs)
        df: Counter[str] = Counter()
        for _, d in self.docs:
            df.update(set(d))
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def __call__(self, q: str) -> tuple[list[str], float]:
        qt = set(text.tokens(q))
        best: dict[str, float] = {}
        for eid, d in self.docs:
            tf = Counter(d)
            s = sum(self.idf[t] * tf[t] * 2.5 / (tf[t] + 1.5 * (0.25 + 0.75 * len(d) / self.avg))
                    for t in qt if t in tf)
            best[eid] = max(best.get(eid, 0.0), s)
        ranked = sorted(best, key=best.__getitem__, reverse=True)
        top = best[ranked[0]] if ranked else 0.0
        # normalise by the query's own maximum so one cutoff fits questions of any length
        q_max = sum(self.idf.get(t, 0.0) for t in qt) * 2.5 / 2.5 or 1.0
        return ranked, top / q_max


def evaluate(rows: list[tuple[str, str, str]], rank: Ranker, accept: Callable[..., str]
             ) -> dict[str, float]:
    """accept(ids, score, question) -> 'answer' | 'suggest' | 'none'."""
    m: dict[str, float] = defaultdict(float)
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for expected, cat, q in rows:
        ids, score = rank(q)
        status = accept(ids, score, q)
        if expected == "-":
            m["oos"] += 1
            m["rejected"] += status == "none"
            continue
        m["in"] += 1
        top1 = bool(ids) and ids[0] == expected
        m["top1"] += top1
        m["top3"] += expected in ids[:3]
        m["answered_right"] += status == "answer" and top1
        m["confident_wrong"] += status == "answer" and not top1
        per_cat[cat][0] += top1
        per_cat[cat][1] += 1
    out = {
        "top1": m["top1"] / m["in"], "top3": m["top3"] / m["in"],
        "answered_right": m["answered_right"] / m["in"],
        "confident_wrong": m["confident_wrong"] / m["in"],
        "rejected": m["rejected"] / m["oos"] if m["oos"] else float("nan"),
        "n_in": m["in"], "n_oos": m["oos"],
    }
    for cat, (ok, n) in per_cat.items():
        out[f"cat_{cat}"] = ok / n
    return out


def engine_ranker(index: search.Index) -> tuple[Ranker, Callable[..., str]]:
    cache: dict[str, search.Answer] = {}

    def rank(q: str) -> tuple[list[str], float]:
        ans = index.answer(q)
        cache[q] = ans
        ranked = [e for e, _ in index.rank(q, 3)] if ans.reason != "other_place" else []
        return ranked, ans.score

    def accept(ids: list[str], score: float, q: str) -> str:
        return cache[q].status

    return rank, accept


def cutoff_acceptor(cut: float) -> Callable[..., str]:
    return lambda ids, score, q: "answer" if ids and score >= cut else "none"


def calibrate(rows: list[tuple[str, str, str]], rank: Ranker) -> float:
    """The cutoff that maximises (in-scope answered right + out-of-scope rejected) on dev."""
    scored = [(exp, rank(q)) for exp, _, q in rows]
    best, best_cut = -1.0, 0.0
    for cut in [i / 100 for i in range(0, 101)]:
        good = sum((ids[:1] == [exp] and s >= cut) if exp != "-" else s < cut
                   for exp, (ids, s) in scored)
        if good > best:
            best, best_cut = good, cut
    return best_cut


def synthetic_kb(kb: KnowledgeBase, n: int, seed: int = 7) -> KnowledgeBase:
    """The shipped knowledge base plus n synthetic entries built from its own vocabulary."""
    rng = random.Random(seed)
    words = sorted({w for e in kb.entries.values() for p in e.phrasings for w in text.words(p)})
    entries = dict(kb.entries)
    for i in range(n):
        phr = tuple(" ".join(rng.choices(words, k=rng.randint(4, 10))) for _ in range(4))
        entries[f"syn-{i}"] = Entry(f"syn-{i}", "faq", "synthetic", phr[0], phr, "x", ("kh74",),
                                    "")
    return dataclasses.replace(kb, entries=entries)


def latency(index: search.Index, questions: list[str], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            index.answer(q)
            times.append(time.perf_counter() - t)
    times.sort()
    return (statistics.median(times) * 1000, times[int(len(times) * 0.99) - 1] * 1000)


def ask_startup() -> float:
    """Wall time of `python bot.py ask "…"` (median of 3), start-up included."""
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "bot.py"), "ask", "muc tieu cap quang"],
                       cwd=ROOT, check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def utility(rows: list[tuple[str, list[tuple[str, float]]]], th: search.Thresholds
            ) -> tuple[float, float, float]:
    """(utility, OOS rejected share, confident-wrong share) of thresholds on ranked rows.

    In scope: right answer +1, right entry among suggestions +0.5, wrong answer -3.
    Out of scope: rejected +1, suggestions -0.5, an answer -3.
    """
    u, rej, wrong, n_oos, n_in = 0.0, 0, 0, 0, 0
    for expected, ranked in rows:
        status, alts = search.decide(ranked, th)
        if expected == "-":
            n_oos += 1
            rej += status == "none"
            u += {"none": 1.0, "suggest": -0.5, "answer": -3.0}[status]
        else:
            n_in += 1
            right = bool(ranked) and ranked[0][0] == expected
            if status == "answer":
                u += 1.0 if right else -3.0
                wrong += not right
            elif status == "suggest" and expected in {e for e, _ in alts}:
                u += 0.5
    return u, rej / max(n_oos, 1), wrong / max(n_in, 1)


def tune(index: search.Index, dev: list[tuple[str, str, str]]) -> None:
    """Grid search of the decision thresholds on the dev split (other places excluded)."""
    rows = []
    for expected, _, q in dev:
        ans = index.answer(q)
        if ans.reason in ("empty", "other_place"):
            continue
        rows.append((expected, index.rank(q, 4)))
    grid = [i / 100 for i in range(30, 86, 2)]
    best: tuple[float, search.Thresholds] | None = None
    for answer_at in grid:
        for clear_at in [g for g in grid if g <= answer_at]:
            for clear_margin in (0.08, 0.12, 0.16, 0.20, 0.25, 1.0):
                for margin in (0.0, 0.02, 0.04, 0.06):
                    for suggest_at in [g for g in grid if g <= clear_at]:
                        th = search.Thresholds(answer_at, margin, clear_at, clear_margin,
                                               suggest_at)
                        u = utility(rows, th)[0]
                        if best is None or u > best[0]:
                            best = (u, th)
    assert best is not None
    u, rej, wrong = utility(rows, best[1])
    print(f"best on dev: {best[1]}\nutility {u:.1f}, OOS rejected {pct(rej)}, "
          f"confident wrong {pct(wrong)}")
    cur = utility(rows, search.DEFAULT_THRESHOLDS)
    print(f"current:     {search.DEFAULT_THRESHOLDS}\nutility {cur[0]:.1f}, OOS rejected "
          f"{pct(cur[1])}, confident wrong {pct(cur[2])}")


def pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{x * 100:.1f} %"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("dev", "test", "all"))
    ap.add_argument("--tune", action="store_true", help="grid-search thresholds on the dev split")
    ap.add_argument("--quick", action="store_true", help="skip the 10 000-entry latency run")
    args = ap.parse_args()
    kb = knowledge.load(ROOT / "knowledge")
    index = search.Index(kb)
    dev, rows = load_questions("dev"), load_questions(args.split)
    if args.tune:
        tune(index, dev)
        return 0
    systems: list[tuple[str, Ranker, Callable[..., str]]] = [("cdsbot", *engine_ranker(index))]
    for name, baseline in (("WRatio extractOne (raw)", WRatioBaseline(kb)),
                           ("BM25 (folded syllables)", BM25Baseline(kb))):
        systems.append((name, baseline, cutoff_acceptor(calibrate(dev, baseline))))
    print(f"Split: {args.split}; {sum(e != '-' for e, _, _ in rows)} in scope, "
          f"{sum(e == '-' for e, _, _ in rows)} out of scope\n")
    cats = "".join(f" {CATEGORIES[c]} |" for c in CATEGORIES)
    print(f"| system | top-1 | top-3 | answered right | confident wrong | OOS rejected |{cats}")
    print("|---" * (6 + len(CATEGORIES)) + "|")
    for name, rank, accept in systems:
        r = evaluate(rows, rank, accept)
        cat_cells = "".join(f" {pct(r.get(f'cat_{c}', float('nan')))} |" for c in CATEGORIES)
        print(f"| {name} | {pct(r['top1'])} | {pct(r['top3'])} | {pct(r['answered_right'])} | "
              f"{pct(r['confident_wrong'])} | {pct(r['rejected'])} |{cat_cells}")
    qs = [q for _, _, q in load_questions("all")]
    p50, p99 = latency(index, qs, 5)
    print(f"\nLatency per question, shipped KB ({len(kb.entries)} entries, {len(index.docs)} "
          f"phrasings): p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    if not args.quick:
        big = synthetic_kb(kb, 10_000)
        t = time.perf_counter()
        big_index = search.Index(big)
        build = time.perf_counter() - t
        p50, p99 = latency(big_index, qs, 2)
        print(f"Latency per question, synthetic KB ({len(big.entries)} entries, "
              f"{len(big_index.docs)} phrasings, index built in {build:.1f} s): "
              f"p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    print(f"`python bot.py ask` wall time incl. start-up (median of 3): {ask_startup():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
