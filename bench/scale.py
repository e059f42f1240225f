"""Scale curve of the answer engine: latency, index memory and build time as the knowledge base
grows, with a vocabulary that grows with it.

    python bench/scale.py [--sizes 100,1000,10000,50000] [--questions 300]

For each size N, the shipped knowledge base plus synthetic FAQ entries up to N entries. Each
synthetic entry has a title and two phrasings of 4-8 words: about half are words of the shipped
entries (so real questions meet competing entries), the others are drawn from a synthetic
vocabulary of 2-syllable Vietnamese-like words whose size grows with N (about 3 new words per
entry), so the index and typo correction see as many distinct words as a real knowledge base of
that size would, not the shipped words repeated. Reported: the time to build the Index (what
/tailai does, in a worker thread), the memory it holds (growth of resident memory while it is
built), answer latency p50/p99 over the real questions of bench/questions.tsv, and the slowest
of five 4 000-character junk messages.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cdsbot import knowledge  # noqa: E402
from cdsbot.knowledge import Entry, KnowledgeBase  # noqa: E402
from cdsbot.search import Index  # noqa: E402

ONSETS = ["b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph",
          "qu", "r", "s", "t", "th", "tr", "v", "x", ""]
RHYMES = ["a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "e", "em", "en", "eo", "i",
          "ia", "im", "in", "inh", "iu", "o", "oa", "oi", "om", "on", "ong", "u", "ua", "ui",
          "um", "un", "ung", "uy", "ư", "ưa", "ưng", "ơ", "ơi", "ơn", "ôi", "ông", "ên", "ênh"]
TONES = {"a": "aàáảãạ", "e": "eèéẻẽẹ", "i": "iìíỉĩị", "o": "oòóỏõọ", "u": "uùúủũụ",
         "ư": "ưừứửữự", "ơ": "ơờớởỡợ", "ô": "ôồốổỗộ", "ê": "êềếểễệ", "y": "yỳýỷỹỵ"}


def syllable(rng: random.Random) -> str:
    rhyme = rng.choice(RHYMES)
    for i, ch in enumerate(rhyme):  # the tone mark on the first vowel
        if ch in TONES:
            rhyme = rhyme[:i] + rng.choice(TONES[ch]) + rhyme[i + 1:]
            break
    return rng.choice(ONSETS) + rhyme


def grown(kb: KnowledgeBase, n: int, seed: int = 7) -> KnowledgeBase:
    """kb with synthetic entries up to n entries and a vocabulary that grows with n."""
    rng = random.Random(seed)
    shipped_words = sorted({w for e in kb.entries.values() for p in (e.title, *e.phrasings)
                            for w in p.lower().split() if w.isalpha()})
    new_words = sorted({f"{syllable(rng)} {syllable(rng)}" for _ in range(3 * n)})
    entries = dict(kb.entries)
    topic = next(iter(kb.topics))
    i = 0
    while len(entries) < n:
        def line() -> str:
            return " ".join(rng.choice(shipped_words) if rng.random() < 0.5
                            else rng.choice(new_words) for _ in range(rng.randint(4, 8)))
        title = line()
        entries[f"syn-{i}"] = Entry(f"syn-{i}", "faq", topic, title.capitalize(),
                                    (line(), line()), f"Trả lời {i}.", (), "2022")
        i += 1
    return dataclasses.replace(kb, entries=entries)


def rss() -> int:
    """Resident memory of this process in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def questions() -> list[str]:
    lines = (ROOT / "bench" / "questions.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[3] for line in lines if line and not line.startswith("#")]


def junk(rng: random.Random, length: int = 4000) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < length:
        words.append("".join(rng.choice("abcdeghiklmnopqrstuvxyđăâêôơư")
                             for _ in range(rng.randint(2, 9))))
    return " ".join(words)[:length]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000,50000")
    ap.add_argument("--questions", type=int, default=300)
    args = ap.parse_args()
    base = knowledge.load(ROOT / "knowledge")
    asked = questions()[: args.questions]
    rng = random.Random(3)
    junks = [junk(rng) for _ in range(5)]
    print(f"{len(asked)} real questions; junk: 5 messages of 4 000 characters\n")
    print("| entries | syllables / 2-syllable sequences | build | index memory | p50 | p99 "
          "| 4 000-char junk |")
    print("|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        kb = grown(base, max(n, len(base.entries)))
        lines = [p.lower().split() for e in kb.entries.values() for p in (e.title, *e.phrasings)]
        words = len({w for ws in lines for w in ws})
        pairs = len({(a, b) for ws in lines for a, b in itertools.pairwise(ws)})
        gc.collect()
        before = rss()
        start = time.perf_counter()
        index = Index(kb)
        build = time.perf_counter() - start
        gc.collect()
        memory = rss() - before
        gc.freeze()  # as the bot does after loading
        index.answer(asked[0])  # warm up
        lat = []
        for q in asked:
            t = time.perf_counter()
            index.answer(q)
            lat.append(time.perf_counter() - t)
        lat.sort()
        junk_times = []
        for j in junks:
            t = time.perf_counter()
            index.answer(j)
            junk_times.append(time.perf_counter() - t)
        gc.unfreeze()
        print(f"| {len(kb.entries)} | {words} / {pairs} | {build:.2f} s | "
              f"{memory / 2**20:.1f} MiB | "
              f"{statistics.median(lat) * 1000:.1f} ms | "
              f"{lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000:.1f} ms | "
              f"{max(junk_times) * 1000:.1f} ms |", flush=True)
        del index, kb
    return 0


if __name__ == "__main__":
    sys.exit(main())
