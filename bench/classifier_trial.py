"""Tried and left out (README, "tried and left out"): a learnt second opinion on the
"did you mean" lists.

    python bench/classifier_trial.py        # about two minutes; prints the table below

Most misses on real questions are lists whose right entry is first: the engine is not sure
enough to answer. This trial asks whether a classifier trained on the knowledge base's own
phrasings tells those lists apart from the ones that come close to a question the sources do
not answer. Multinomial logistic regression (numpy, Adam, L2) over the terms the index reads
(folded syllables after synonyms, and word pairs), trained on every phrasing and four noisy
copies of it (one or two words dropped, a greeting or "cho em hỏi" added), the way people type.
A list is promoted to an answer when the classifier's first entry is the engine's first, with
probability at least `p`, and the engine's score is at least `floor`.

Counted on the tuned sets question by question, and on real-check as totals only (it is not
listed, as in accuracy.py); the held-out sets are not run.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import accuracy as A  # noqa: E402

from cdsbot import aspects, knowledge, search  # noqa: E402

NOISE = ["chào ad cho em hỏi", "bác ơi cho cháu hỏi", "cho tôi hỏi", "xin chào", "anh chị ơi",
         "mn ơi", "nhờ giải đáp giúp", "ạ", "với ạ", "vậy", "thế nào ạ", "cảm ơn"]
COPIES, EPOCHS, L2, RATE = 4, 300, 1e-3, 0.05
GRID = [(p, floor) for p in (0.6, 0.7, 0.8) for floor in (0.5, 0.6)]


def features(index: search.Index, text: str) -> dict[str, float]:
    q = index._query(text)
    out = {t: c for t, c in q.unigrams.items() if c > 0 and t in index.idf}
    out.update((b, 1.0) for b in q.bigrams if b in index.idf)
    return out


def train(index: search.Index, kb: knowledge.KnowledgeBase
          ) -> tuple[dict[str, int], list[str], np.ndarray, np.ndarray]:
    rng = random.Random(1)
    slot = {e: i for i, e in enumerate(index.entry_ids)}
    samples, labels = [], []
    for e in kb.entries.values():
        if e.id not in slot:
            continue
        for phrasing in (e.title, *e.phrasings):
            words = phrasing.split()
            copies = [phrasing]
            for _ in range(COPIES):
                w = words[:]
                for _ in range(rng.randint(1, 2) if len(w) > 3 else 0):
                    w.pop(rng.randrange(len(w)))
                text = " ".join(w)
                if rng.random() < 0.5:
                    text = f"{rng.choice(NOISE)} {text}"
                if rng.random() < 0.3:
                    text = f"{text} {rng.choice(NOISE)}"
                copies.append(text)
            for text in copies:
                f = features(index, text)
                if f:
                    samples.append(f)
                    labels.append(slot[e.id])
    vocab: dict[str, int] = {}
    for f in samples:
        for t in f:
            vocab.setdefault(t, len(vocab))
    n, classes = len(samples), len(index.entry_ids)
    rows = np.concatenate([np.full(len(f), i) for i, f in enumerate(samples)])
    cols = np.array([vocab[t] for f in samples for t in f])
    vals = np.array([v for f in samples for v in f.values()], dtype=np.float32)
    starts = np.flatnonzero(np.r_[True, np.diff(rows) != 0])
    target = np.zeros((n, classes), np.float32)
    target[np.arange(n), labels] = 1
    w = np.zeros((len(vocab), classes), np.float32)
    b = np.zeros(classes, np.float32)
    m1, m2 = np.zeros_like(w), np.zeros_like(w)
    for it in range(1, EPOCHS + 1):
        z = np.add.reduceat(w[cols] * vals[:, None], starts, axis=0) + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - target) / n
        gw = np.zeros_like(w)
        np.add.at(gw, cols, g[rows] * vals[:, None])
        gw += L2 * w
        m1 = 0.9 * m1 + 0.1 * gw
        m2 = 0.999 * m2 + 0.001 * gw * gw
        w -= RATE * (m1 / (1 - 0.9 ** it)) / (np.sqrt(m2 / (1 - 0.999 ** it)) + 1e-8)
        b -= RATE * g.sum(0)
    return vocab, list(index.entry_ids), w, b


def main() -> int:
    kb = knowledge.load(ROOT / "knowledge")
    index = search.Index(kb)
    A.GAP_ENTRIES.update(e.id for e in kb.entries.values() if aspects.admits_gap(e.answer))
    A.COVERS.update((e.id, frozenset(e.covers)) for e in kb.entries.values() if e.covers)
    vocab, ids, w, b = train(index, kb)

    def first(text: str) -> tuple[str, float]:
        z = b.copy()
        for t, v in features(index, text).items():
            if t in vocab:
                z += w[vocab[t]] * v
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        best = int(p.argmax())
        return ids[best], float(p[best])

    sets = [s for s in A.TUNED_ON if s.startswith("real-")] + [A.CHECK]
    print("| set | in scope / no answer | " + " | ".join(
        f"p≥{p}, score≥{f}: +right / +no-answer / +wrong" for p, f in GRID) + " |")
    print("|---|---|" + "---|" * len(GRID))
    for name in sets:
        rows = A.load_set(name)
        counts: Counter[tuple[int, str]] = Counter()
        for expected, _, q in rows:
            ans = index.answer(q)
            if ans.status != "suggest" or not ans.alternatives:
                continue
            top = ans.alternatives[0][0]
            entry, prob = first(q)
            kind = ("no-answer" if expected == A.NO_ANSWER and not A.gap(top)
                    else "right" if expected not in (A.OOS, A.NO_ANSWER) and A.right(expected, top)
                    else "wrong" if expected != A.NO_ANSWER else "")
            for i, (p, floor) in enumerate(GRID):
                if entry == top and prob >= p and ans.score >= floor and kind:
                    counts[(i, kind)] += 1
        inside = sum(e not in (A.OOS, A.NO_ANSWER) for e, _, _ in rows)
        none = sum(e == A.NO_ANSWER for e, _, _ in rows)
        cells = [f"+{counts[(i, 'right')]} / +{counts[(i, 'no-answer')]} / "
                 f"+{counts[(i, 'wrong')]}" for i in range(len(GRID))]
        print(f"| {name} | {inside} / {none} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
