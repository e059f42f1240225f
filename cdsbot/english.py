"""A question in English, read into the Vietnamese the answer engine knows.

Foreigners who live in Hải Phòng ask about VNeID and the ID card in English ("Are foreigners
eligible for VNeID?"), and the English pages of Vietnamese law firms and newspapers print such
questions. The engine reads Vietnamese only: `Reader` turns an English message into Vietnamese
words with the glossary of knowledge/synonyms.yaml (`english:`), longest phrase first. English
words the glossary does not have are dropped when they say nothing by themselves ("the",
"please"); other words are kept as typed ("VNeID", "OTP"), so that a question about something
the knowledge base does not know ("birth certificate") stays a question about something else.
Each sentence is read on its own, in Vietnamese order: what kind of fact it asks ("where",
"how much") goes to its end ("… ở đâu", "… bao nhiêu tiền"); one that opens like a yes/no
question ("Can …", "Is …") ends in "không", one that only asks what a thing is ("What is
VNeID?") in "là gì". The answers stay in Vietnamese, as the sources are; the reply says so in
both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdsbot import aspects, vietnamese
from cdsbot.strings import vocabulary

# A sentence ends at "?", "!", ";", a line break or a full stop that no word follows at once
# ("dichvucong.gov.vn", "1.5" are not ends); "No. 06", "Mr. Minh" do not end one either.
_SENTENCE = re.compile(r"[?!;\n]+|\.(?![\w,])")
_ABBREVIATION = re.compile(r"\b(no|nos|mr|mrs|ms|dr|st|art|para)\.\s*", re.IGNORECASE)
_TOKEN = re.compile(r"\d+(?:[/.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?(?:\.[^\W\d_]+)*|,")
YES_NO_OPENERS = frozenset(vocabulary.ENGLISH_YES_NO_OPENERS.split())
DEFINITION_OPENERS = tuple(tuple(o.split()) for o in vocabulary.ENGLISH_DEFINITION_OPENERS)
POLITE = sorted((tuple(o.split()) for o in vocabulary.ENGLISH_POLITE), key=len, reverse=True)
_YEARS = frozenset({"year", "years"})
ASKING = frozenset(vocabulary.ENGLISH_ASKING_WORDS.split())
MAX_DEFINED = 3  # phrases read: "What is an electronic identification account?" names one


def words(text: str) -> list[str]:
    """Lower-case English word tokens ("e-ID" -> "e", "id"; "dichvucong.gov.vn", "kế hoạch"
    whole; "card's" -> "card")."""
    return [t for t in _tokens(text) if t != ","]


def _tokens(text: str) -> list[str]:
    """`words`, and the commas between them (a clause begins after one)."""
    found = _TOKEN.findall(text.casefold().replace("’", "'").replace("‘", "'"))
    return [t[:-2] if t.endswith("'s") else t for t in found]


def _asks(means: str) -> bool:
    """True for a reading that only says what kind of fact is asked ("ở đâu", "giấy tờ gì",
    "bao nhiêu tiền"), which Vietnamese says last; not "bị phạt", "thủ tục" (what about)."""
    folded = vietnamese.normalise(means)
    left = aspects.without_cues(folded).split()  # ("gì" of "giấy tờ gì" is no cue of its own)
    return (bool(folded) and all(w in vocabulary.QUESTION_WORDS for w in left)
            and any(w in ASKING for w in folded.split()))  # (not "chưa có": a state)


class Reader:
    """English message -> Vietnamese words, by the glossary (`pairs`: English phrase, its
    Vietnamese), longest phrase first."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table: dict[tuple[str, ...], str] = {}
        for term, means in pairs:
            key = tuple(words(term))
            if key:
                self.table[key] = means
        self.longest = max((len(k) for k in self.table), default=0)
        # (not "không" of "not": a negation stays where it was said)
        self.last = frozenset(m for m in self.table.values()
                              if _asks(m) and m != vocabulary.ENGLISH_YES_NO)

    def __call__(self, message: str) -> str:
        message = _ABBREVIATION.sub(r"\1 ", message[:vietnamese.MAX_QUESTION_CHARS])
        read = (self._sentence(_tokens(s)) for s in _SENTENCE.split(message))
        return ". ".join(s for s in read if s)

    def _sentence(self, toks: list[str]) -> str:
        toks = _without_politeness(toks)
        out: list[str] = []
        asks: list[str] = []  # said last
        clauses: list[list[str]] = [[]]  # the words of each clause (commas apart)
        i = 0
        while i < len(toks):
            word = toks[i]
            if word == ",":
                clauses.append([])
                i += 1
                continue
            n, means = self._longest(toks, i)
            if (n == 1 and word in vocabulary.ENGLISH_RELATIVE and i + 1 < len(toks)
                    and toks[i + 1] != "," and (clauses[-1] or (
                        len(clauses) > 1 and toks[i + 1] not in vocabulary.ENGLISH_ASKING_AFTER))):
                # "foreigners who are under 14", "I, who live …": no question; "Hello, where
                # can I …", "where to …", "… merge into Hai Phong when" ask one
                means = vocabulary.ENGLISH_RELATIVE[word]
            elif word in _YEARS and i >= 2 and toks[i - 1].isdigit() and \
                    toks[i - 2] in vocabulary.ENGLISH_BEFORE_AGE:
                means = vocabulary.ENGLISH_AGE  # "under 14 years": an age, not a duration
            elif (word.isdigit() and len(word) <= 3 and i >= 1
                  and toks[i - 1] in vocabulary.ENGLISH_BE | vocabulary.ENGLISH_KIN and (
                      i + 1 == len(toks) or toks[i + 1] not in _YEARS)):
                means = f"{word} {vocabulary.ENGLISH_AGE}"  # "I'm 72": an age
            clauses[-1] += toks[i:i + n]
            if means is None:  # not in the glossary: kept, unless it says nothing
                if word not in vocabulary.ENGLISH_FRAME and vietnamese.fold(
                        word) not in vocabulary.QUESTION_WORDS:  # the name "Ai" is not "ai"
                    out.append(word)
            elif means and means not in out and means not in asks:  # "have to compulsorily"
                (asks if means in self.last else out).append(means)
            i += n
        out += asks
        if not out:
            return ""
        said = vietnamese.normalise(" ".join(out))
        openings = [c for c in clauses if c]
        if (any(c[:len(o)] == list(o) for c in openings for o in DEFINITION_OPENERS)
                and len(out) <= MAX_DEFINED and aspects.asked(said) is None):
            out.append(vocabulary.ENGLISH_DEFINES)  # "What is VNeID?" -> "vneid là gì"
        elif any(c[0] in YES_NO_OPENERS for c in openings):
            out.append(vocabulary.ENGLISH_YES_NO)  # "Hello, can foreigners …?" -> "… không"
        return " ".join(out)

    def _longest(self, toks: list[str], i: int) -> tuple[int, str | None]:
        """(how many words, their reading) of the longest glossary phrase at `i`; (1, None)
        when none starts there."""
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            means = self.table.get(tuple(toks[i:i + n]))
            if means is not None:
                return n, means
        return 1, None


def _without_politeness(toks: list[str]) -> list[str]:
    """The sentence after the words that open it politely ("May I ask, …", "Please …")."""
    found = True
    while found and toks:
        found = toks[0] == ","
        if found:
            toks = toks[1:]
            continue
        for opener in POLITE:
            if toks[:len(opener)] == list(opener):
                toks, found = toks[len(opener):], True
                break
    return toks
