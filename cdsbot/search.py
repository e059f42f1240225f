"""The answer engine: question -> Answer(status, entry, score, alternatives).

Every phrasing of every entry is normalised once (folded syllables, synonyms expanded) into an
inverted index. A question is normalised the same way, unknown words are corrected against the
index vocabulary (typos), candidates are gathered from the postings, and each candidate phrasing
is scored by four features:

- query coverage: the IDF-weighted share of the question's words the phrasing contains (words the
  knowledge base has never seen count fully against it: that is what rejects out-of-scope
  questions);
- phrasing coverage: the share of the phrasing the question covers;
- bigram coverage: syllable pairs (Vietnamese words are often two syllables);
- rapidfuzz token_sort_ratio on the folded strings (typos the vocabulary step did not catch).

Accents the user typed break ties. The thresholds were chosen on the development split of
bench/questions.tsv (see bench/accuracy.py); none of them was fitted on the test split.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from cdsbot import text
from cdsbot.knowledge import Entry, KnowledgeBase

MAX_SUGGESTIONS = 3
CANDIDATES = 30  # phrasings fully scored per question
TYPO_CUTOFF = 80.0  # rapidfuzz ratio to accept a vocabulary word as a typo correction
CORRECTED_WEIGHT = 0.85  # a corrected word counts a little less than an exact one
ACCENT_BONUS = 0.03
WEIGHTS = (0.45, 0.15, 0.20, 0.20)  # query coverage, phrasing coverage, bigrams, fuzzy

# Chat particles and politeness that carry no topic (accented forms, and unaccented forms that
# cannot be mistaken for a content word).
FILLERS = frozenset(
    "ơi ạ à ừ nhé nhá nha nhỉ vậy hả hử giùm dùm giúp cho mình tôi tớ em anh chị bạn xin ad "
    "làm ơn cảm cám thanks thank you hello hi alo ok oke vui lòng muốn biết ơi oi nhe "
    "vay giup gium dum xin chao chào".split()
)


@dataclass(frozen=True)
class Thresholds:
    """When a ranking becomes an answer, a suggestion or nothing (chosen on the dev split)."""

    answer_at: float = 0.62  # confident at or above this score...
    margin: float = 0.04  # ...when it beats the runner-up by this much
    clear_at: float = 0.58  # a lower score is still confident...
    clear_margin: float = 0.16  # ...when no other entry comes close
    suggest_at: float = 0.52  # "did you mean" candidates at or above this score
    suggest_window: float = 0.20  # and within this distance of the best


DEFAULT_THRESHOLDS = Thresholds()


def decide(ranked: Sequence[tuple[str, float]], th: Thresholds = DEFAULT_THRESHOLDS
           ) -> tuple[str, tuple[tuple[str, float], ...]]:
    """(status, alternatives) for a ranking, best first. Pure: the benchmark tunes it."""
    if not ranked:
        return "none", ()
    top = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = top - second
    if (top >= th.answer_at and margin >= th.margin) or (
        top >= th.clear_at and margin >= th.clear_margin
    ):
        alts = tuple((e, s) for e, s in ranked[1:MAX_SUGGESTIONS] if s >= th.suggest_at)
        return "answer", alts
    if top >= th.suggest_at:
        close = tuple((e, s) for e, s in ranked
                      if s >= th.suggest_at and top - s <= th.suggest_window)
        return "suggest", close[:MAX_SUGGESTIONS]
    return "none", tuple(ranked[:MAX_SUGGESTIONS])


@dataclass(frozen=True)
class Answer:
    status: str  # "answer" | "suggest" | "none"
    entry: Entry | None
    score: float
    alternatives: tuple[tuple[str, float], ...] = ()
    reason: str = ""  # for "none": "empty" | "other_place" | "low_score"

    @property
    def entry_id(self) -> str | None:
        return self.entry.id if self.entry else None


@dataclass
class _Doc:
    entry_id: str
    folded: str
    unigrams: frozenset[str]
    bigrams: frozenset[str]
    accents: frozenset[str]
    weight: float = 0.0  # sum of unigram idf


@dataclass
class _Query:
    folded: str
    unigrams: dict[str, float]  # term -> credit (1.0 exact, CORRECTED_WEIGHT corrected)
    bigrams: set[str]
    accents: frozenset[str]
    accented: bool
    weight: float = 1.0  # sum of idf over the question's words (unknown words count fully)
    bigram_weight: float = 0.0


class Expander:
    """Abbreviation and synonym expansion on folded token sequences, longest match first."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, means in pairs:
            key = tuple(text.tokens(term))
            if key:
                self.table[key] = tuple(text.tokens(means))
        self.longest = max((len(k) for k in self.table), default=0)

    def __call__(self, toks: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(toks):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                hit = self.table.get(tuple(toks[i:i + n]))
                if hit is not None:
                    out.extend(hit)
                    i += n
                    break
            else:
                out.append(toks[i])
                i += 1
        return out


def _bigrams(toks: Sequence[str]) -> set[str]:
    return {f"{a} {b}" for a, b in pairwise(toks)}


@dataclass
class Index:
    """The searchable form of a KnowledgeBase (plus phrasings attached at run time)."""

    kb: KnowledgeBase
    extra: Sequence[tuple[str, str]] = ()  # (entry id, phrasing) learnt from real questions
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    docs: list[_Doc] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.expand = Expander(self.kb.synonyms)
        self.places = [tuple(self._terms(p)) for p in self.kb.other_places]
        home = self._terms("Hải Phòng")
        self.home = tuple(home)
        phrasings: list[tuple[str, str]] = [
            (e.id, p) for e in self.kb.entries.values() for p in (e.title, *e.phrasings)
        ]
        phrasings += [(eid, p) for eid, p in self.extra if eid in self.kb.entries]
        seen: set[tuple[str, str]] = set()
        for eid, phrasing in phrasings:
            toks = self._terms(phrasing)
            key = (eid, " ".join(toks))
            if not toks or key in seen:
                continue
            seen.add(key)
            self.docs.append(_Doc(eid, key[1], frozenset(toks), frozenset(_bigrams(toks)),
                                  frozenset(text.accent_key(w) for w in text.words(phrasing))))
        df: dict[str, set[str]] = defaultdict(set)
        postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for term in doc.unigrams | doc.bigrams:
                df[term].add(doc.entry_id)
                postings[term].append(i)
        self.postings = {t: np.array(ids, dtype=np.int64) for t, ids in postings.items()}
        n = max(len(self.kb.entries), 1)
        self.idf = {t: math.log((n + 1) / (len(ids) + 0.5)) for t, ids in df.items()}
        self.unknown_idf = math.log((n + 1) / 0.5)
        for doc in self.docs:
            doc.weight = sum(self.idf[t] for t in doc.unigrams) or 1.0
        self.vocab = sorted(t for t in self.idf if " " not in t)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)

    def _terms(self, phrase: str, words: list[str] | None = None) -> list[str]:
        words = text.words(phrase) if words is None else words
        return self.expand([text.fold(w) for w in words if w not in FILLERS])

    def _correct_uncached(self, token: str) -> str | None:
        if len(token) < 3 or not token.isalpha() or text.is_syllable(token):
            return None
        hit = process.extractOne(token, self.vocab, scorer=fuzz.ratio,
                                 score_cutoff=TYPO_CUTOFF)
        return hit[0] if hit else None

    def _query(self, question: str) -> _Query:
        ws = text.words(question)
        toks = self._terms(question, ws)
        unigrams: dict[str, float] = {}
        fixed: list[str] = []
        for tok in toks:
            if tok in self.idf:
                unigrams[tok] = 1.0
                fixed.append(tok)
                continue
            corrected = self._correct(tok)
            if corrected:
                unigrams.setdefault(corrected, CORRECTED_WEIGHT)
                fixed.append(corrected)
            else:
                unigrams.setdefault(tok, 0.0)
                fixed.append(tok)
        bigrams = _bigrams(fixed)
        idf, unknown = self.idf, self.unknown_idf
        return _Query(" ".join(fixed), unigrams, bigrams,
                      frozenset(map(text.accent_key, ws)), text.has_diacritics(question),
                      sum(idf.get(t, unknown) for t in unigrams) or 1.0,
                      sum(idf.get(b, unknown) for b in bigrams))

    def _about_elsewhere(self, folded: str) -> bool:
        padded = f" {folded} "
        if f" {' '.join(self.home)} " in padded:
            return False
        return any(f" {' '.join(p)} " in padded for p in self.places if p)

    def _score(self, q: _Query, doc: _Doc, matched: float, matched_bigrams: float) -> float:
        """Combine the features; `matched*` are the IDF sums gathered from the postings."""
        q_cov = matched / q.weight
        d_cov = min(matched / doc.weight, 1.0)
        b_cov = matched_bigrams / q.bigram_weight if q.bigrams else q_cov
        fz = fuzz.token_sort_ratio(q.folded, doc.folded) / 100.0
        a, b, c, d = WEIGHTS
        score = a * q_cov + b * d_cov + c * b_cov + d * fz
        if q.accented and q.accents:
            score += ACCENT_BONUS * len(q.accents & doc.accents) / len(q.accents)
        return score

    def rank(self, question: str, k: int = 5) -> list[tuple[str, float]]:
        """The k best entries for a question, best first, as (entry id, score)."""
        return self._rank(self._query(question), k)

    def _rank(self, q: _Query, k: int) -> list[tuple[str, float]]:
        uni = np.zeros(len(self.docs))
        for term, credit in q.unigrams.items():
            w = self.idf.get(term)
            if w is not None:
                uni[self.postings[term]] += w * credit
        hit = np.flatnonzero(uni)
        if not hit.size:
            return []
        bi = np.zeros(len(self.docs))
        for term in q.bigrams:
            w = self.idf.get(term)
            if w is not None:
                bi[self.postings[term]] += w
        both = uni[hit] + bi[hit]
        if hit.size > CANDIDATES:
            keep = np.argpartition(both, -CANDIDATES)[-CANDIDATES:]
            hit = hit[keep]
        best: dict[str, float] = {}
        for i in hit.tolist():
            doc = self.docs[i]
            s = self._score(q, doc, float(uni[i]), float(bi[i]))
            if s > best.get(doc.entry_id, -1.0):
                best[doc.entry_id] = s
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(eid, round(min(s, 1.0), 4)) for eid, s in ranked[:k]]

    def answer(self, question: str) -> Answer:
        """Answer one question; any input is safe and takes bounded time."""
        q = self._query(question)
        if not q.unigrams:
            return Answer("none", None, 0.0, reason="empty")
        if self._about_elsewhere(q.folded):
            return Answer("none", None, 0.0, reason="other_place")
        ranked = self._rank(q, MAX_SUGGESTIONS + 1)
        status, alts = decide(ranked, self.thresholds)
        if status == "none":
            return Answer("none", None, ranked[0][1] if ranked else 0.0, alts, "low_score")
        top_id, top = ranked[0]
        return Answer(status, self.kb.entries[top_id], top, alts)
