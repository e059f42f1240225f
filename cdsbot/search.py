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
- rapidfuzz token_sort_ratio on the folded strings (typos the vocabulary step did not catch);

and, per entry, the share of the question's words that any of its phrasings uses (entry cover:
sibling entries share most words, and the one whose phrasings use "mấy loại", "tại nhà" or
"hai máy" is the one asked). The lead in entry cover over the best rival also makes a close
lead confident (`Thresholds.distinct_*`).

Every word is weighed twice: by its IDF in the knowledge base (which entries it tells apart)
and by how much more often it occurs in the knowledge base than in ordinary Vietnamese
(`cdsbot/data/vi_general.tsv`, from wordfreq). Greetings, kinship pronouns, politeness and
context sentences ("chào cháu, bác muốn hỏi…", "tôi là phóng viên…") are ordinary Vietnamese:
they no longer dilute the match, and a message made only of them is not about our subject.

Two decisions (`decide`): is the message about our subject at all (enough subject weight
matched), and which entry (answer when one is clearly best, else offer the best 2–3). What the
question asks (age, cost, place… see aspects.py) moves entries that state it up and the others
down; an entry that opens with a bare "Có."/"Không." is never the confident answer to a question
whose aspect it does not state.

Accents the user typed break ties. The thresholds were chosen on the development sets (see
bench/accuracy.py --tune); none was fitted on the held-aside sets.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache, partial
from itertools import pairwise
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from cdsbot import aspects, english, offload, vietnamese
from cdsbot.knowledge import Entry, KnowledgeBase
from cdsbot.strings import vocabulary

MAX_SUGGESTIONS = 3
CANDIDATES = 30  # phrasings fully scored per question
TYPO_CUTOFF = 80.0  # rapidfuzz ratio to accept a vocabulary word as a typo correction
CORRECTED_WEIGHT = 0.85  # a corrected word counts a little less than an exact one
OTHER_ACCENT_CREDIT = 0.25  # typed with other accents than any knowledge-base word
CONTEXT_CREDIT = 0.5  # a word of the conversation's topic counts half a word of the message
MAX_CORRECTIONS = 12  # unknown words corrected per message (bounded work on junk)
ACCENT_BONUS = 0.03
WEIGHTS = (0.25, 0.20, 0.20, 0.20)  # query coverage, phrasing coverage, bigrams, fuzzy
# Subject weight: log10 of (frequency in the knowledge base / in ordinary Vietnamese) mapped
# linearly from `low` (weight `floor`) to `high` (weight 1). A higher floor scores 3 more dev
# questions right (bench/accuracy.py --tune-ranking) but lets greetings and kinship pronouns
# dilute the match again ("chào cháu, bác muốn hỏi…"), which is what the floor is for.
SPECIFIC = (-0.6, 1.0, 0.02)  # (low, high, floor)
UNLISTED_ZIPF = 2.5  # a syllable missing from the general list is rarer than the list's floor
ASPECT_BONUS, ASPECT_PENALTY = 0.04, 0.12
DISTINCT_FLOOR = 0.5  # subject weight floor when telling siblings apart ("loại", "nhà", "máy")
ONE_SIDED = 0.1  # a rival with this share of the telling words of its own is not left behind
ENTRY_WEIGHT = 0.1  # how much the words all of an entry's phrasings use count (see _entry_cover)
ANSWER_WEIGHT = 0.05  # how much the answer's own words count beside the phrasings
SAME_TOPIC_BONUS = 0.05  # a follow-up prefers the topic of the conversation
ERA_PENALTY = 0.15  # "bây giờ…" moves entries of the past down; "năm 2022…" today's
# A message naming one of our own things ("Mobile Money"), that is this many of its syllables
# that ordinary Vietnamese does not use (subject weight 1) and only a few phrasings do (IDF at
# least NAME_IDF: with today's knowledge base, those of a single entry), is about our subject
# however much else it says. One such syllable is not enough: "email", "sim", "otp" are ours
# and are also in questions about a bank or a shop.
NAME_SYLLABLES = 2
NAME_IDF = 4.0
# A word of at least this subject weight names what a message is about (names_something,
# mentions, the words the fuzzy feature compares; dialogue's follow-up rules).
NAMING_WEIGHT = 0.3
TERM_WORDS = 3  # a message of at most this many words (no question) only names a term
CUE_WORDS = 6  # more words of that weight than a cue of a kind of fact ever holds
# A word of our subject the best entry never uses keeps it from being the confident answer (see
# Index.unexplained): subject weight and IDF it needs to count.
UNEXPLAINED_WEIGHT = 0.6
UNEXPLAINED_IDF = 2.0
GROUP_CANDIDATES = 10  # entries ranked for a message that names people of GROUPS
NAMED_SUBJECT_AT = 2.0  # subject weight enough for a message that types a name of our subject
SHORT_ENGLISH = 4  # words: a message this short is English with one English word in it
GENERAL_FILE = Path(__file__).resolve().parent / "data" / "vi_general.tsv"

FILLERS = vocabulary.FILLERS  # chat particles and politeness: no topic
QUESTION_WORDS = vocabulary.QUESTION_WORDS  # what kind of fact is asked, not what about
FRAME = vocabulary.ADDRESS | QUESTION_WORDS  # who talks to whom, and how they ask


@dataclass(frozen=True)
class Thresholds:
    """When a ranking becomes an answer, a suggestion or nothing (chosen on the dev sets)."""

    answer_at: float = 0.82  # confident at or above this score...
    margin: float = 0.06  # ...when it beats the runner-up by this much
    clear_at: float = 0.61  # a lower score is still confident...
    clear_margin: float = 0.16  # ...when no other entry comes close
    suggest_at: float = 0.25  # "did you mean" candidates at or above this score
    suggest_window: float = 0.2  # and within this distance of the best
    subject_at: float = 4.0  # subject weight matched for a message to be about our subject
    close_at: float = 0.7  # ...or a score this high: it says nearly what an entry says...
    close_subject: float = 1.0  # ...with at least this much subject weight all the same
    distinct_at: float = 0.72  # a score this high is confident too, without the margin...
    distinct_by: float = 0.15  # ...when the message's own words point at the best, not its rival

    def on_subject(self, subject: float, top: float) -> bool:
        """Step one of the decision: is the message about our subject at all? Yes when its
        best candidate shares enough subject weight with it, or when it is that close to an
        entry ("cho tôi hỏi làm cccd ở đâu": everyday words, and still an entry's question)
        and has at least a word of our subject: "thời tiết Hải Phòng mai thế nào" is close to
        "… Hải Phòng như thế nào?" and has none."""
        return subject >= self.subject_at or (top >= self.close_at
                                              and subject >= self.close_subject)


DEFAULT_THRESHOLDS = Thresholds()


def decide(ranked: Sequence[tuple[str, float]], th: Thresholds = DEFAULT_THRESHOLDS,
           subject: float = math.inf, same: Set[tuple[str, str]] = frozenset(),
           distinct: float = 0.0) -> tuple[str, tuple[tuple[str, float], ...]]:
    """(status, alternatives) for a ranking, best first, and the subject weight the best
    candidate matched. Pure: the benchmark tunes it.

    Step one: a message whose best candidate matched less subject weight than `subject_at`,
    and does not score `close_at`, is not about our subject ("none"). Step two: answer when
    one entry is clearly best; otherwise offer those close to the best ("suggest"), and "none"
    only when nothing is close enough.
    The margin is taken to the best entry with another answer: an entry whose answer answers
    the best one's question too, or the other way round (`same`, from the knowledge base's
    `covers`), is no rival; it is offered beside the answer."""
    if not ranked or not th.on_subject(subject, ranked[0][1]):
        return "none", tuple(ranked[:MAX_SUGGESTIONS])
    best, top = ranked[0]
    # (the best-scoring rival: an entry about others ranked below it may score above it)
    second = max((s for e, s in ranked[1:] if (best, e) not in same), default=0.0)
    margin = top - second
    if ((top >= th.answer_at and margin >= th.margin)
            or (top >= th.clear_at and margin >= th.clear_margin)
            or (top >= th.distinct_at and distinct >= th.distinct_by)):
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
    # for "none": "empty" | "other_place" | "english" | "out_of_scope" | "no_match"
    reason: str = ""
    aspect: str | None = None  # what the question asks (aspects.ASPECTS), if it shows
    subject: float = 0.0  # subject weight the best candidate matched
    yes_no: bool = True  # the question has the form of a yes/no question (see aspects.lead)
    english: bool = False  # asked in English, read through the glossary (cdsbot/english.py)

    @property
    def entry_id(self) -> str | None:
        return self.entry.id if self.entry else None


@dataclass(frozen=True)
class Assessment:
    """A message read against the index, before the thresholds decide."""

    q: _Query
    ranked: list[tuple[str, float]]  # the best entries, best first
    subject: float  # subject weight the best one shares with the message
    refused: str = ""  # "empty" | "other_place": refused before any ranking counts
    exact: bool = False  # the message is the best entry's own phrasing, word for word
    distinct: float = 0.0  # how much the message's words tell the best from its rival
    names: bool = True  # the message names something, not only a kind of fact (names_something)


@dataclass
class _Doc:
    entry_id: str
    folded: str
    unigrams: frozenset[str]
    bigrams: frozenset[str]
    accents: frozenset[str]
    weight: float = 0.0  # sum of unigram weights (idf x subject weight)


@dataclass
class _Query:
    full: str  # every word of the message, folded, synonyms expanded
    folded: str  # the words that carry subject (for the fuzzy feature)
    unigrams: dict[str, float]  # term -> credit (1.0 exact, CORRECTED_WEIGHT corrected)
    bigrams: set[str]
    accents: frozenset[str]
    accented: bool
    aspect: str | None = None
    yes_no: bool = False  # a yes/no question ("… không?", "có được …")
    era: str | None = None  # "now" (bây giờ, hiện nay…) | "plan" (năm 2022, Kế hoạch 74…)
    weight: float = 1.0  # sum of weights over the question's words (unknown words too)
    bigram_weight: float = 0.0
    topic: str | None = None  # the conversation's topic (a follow-up stays in it if it can)
    typed: frozenset[str] = frozenset()  # the words as typed, folded (before synonyms)
    documents: frozenset[str] = frozenset()  # numbers of documents named ("kế hoạch 86")
    said: str = ""  # the message as typed, lower case (its sentences)
    the_plan: bool = False  # "kế hoạch" with no number named (Kế hoạch 74)
    gets_card: bool = False  # asks about getting a card, not changing one (`_GETS_CARD`)
    carried: bool = False  # `documents` are the conversation's, not named by the message
    # a place's name ("ở Kiến An", "tại xã Tân Hưng") says where, not what about: its words
    # the best phrasing does not share do not dilute the subject (`_subject`)
    place: frozenset[str] = frozenset()
    strange: frozenset[str] = frozenset()  # typed with letters no word of ours has (`_uses`)
    context: str = ""  # the conversation's topic, folded (a follow-up's)
    spoken: str = ""  # the message's words as typed, folded, space-padded (`_said`)


_NOW = re.compile(r"\b(?:bay gio|hien nay|hien tai|hien gio|nam nay|moi nhat|hom nay|nay con|"
                  r"con khong|sau sap nhap|nam 202[4-9]|sau (?:nam )?202[2-9]|"
                  r"tu sau(?! tuoi| thang))\b")  # "từ sau", not "từ sáu tuổi"
_PLAN = re.compile(r"\b(?:nam 2022|ke hoach 74|kh 74|74 kh ubnd|luc ban hanh)\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
# A document named by its number: "kế hoạch 86", "nghị định số 69", "QĐ 749", "kh74"
# (not a year, nor an age or an amount: chat "nd 60 tuổi" is "người dân", "kh 2 lần" "không")
_DOCUMENT = re.compile(r"\b(?:ke hoach|kh|nghi dinh|nd|quyet dinh|qd|thong tu|nghi quyet|nq|"
                       r"cong van|de an)\s*(?:so\s+)?(?!(?:19|20)\d\d\b)(\d{2,4})\b"
                       r"(?!\s*(?:tuoi|t|phut|ngay|nam|thang|gio|tieng|lan|nguoi|trieu|nghin|"
                       r"ty|dong|k|phan tram)\b)")
THE_PLANS_YEAR = 2022  # Kế hoạch 74/KH-UBND
DOCUMENT_PENALTY = 0.1  # an entry that never says the number of the document named
NATIONAL_TOPIC = "quocgia"  # knowledge/faq/quocgia.yaml: the country's programme and figures
# Getting a card ("làm cccd", "cấp thẻ căn cước"), as typed, folded; not "làm lại" (a new
# card for a lost one) and not "làm gì" ("thẻ căn cước dùng để làm gì" gets nothing)
# (a card "đã/được cấp" is one someone has: "Is the issued ID card still valid")
# ("the" only before a card's name: folded, "làm thế nào" reads "lam the nao", a review)
_GETS_CARD = re.compile(r"(?: lam|(?<!duoc)(?<!da) cap)(?: moi)? "
                        r"(?:the (?:can cuoc|cccd|cmnd|chip)|can cuoc|cccd|cmnd|chung minh)")
# ... unless it is the new card ("làm thẻ căn cước theo mẫu mới" is changing to it) or a card
# again ("làm lại"); an entry whose question says getting too ("Làm, đổi thẻ căn cước ở đâu?")
# is about both (`_GETS`)
_NOT_A_FIRST_CARD = re.compile(r" (?:mau|loai|the|can cuoc|cccd) moi | (?:cap|lam) lai ")
_GETS = re.compile(r" (?:lam|cap) ")
ACTION_PENALTY = 0.1  # an entry about changing a card, for a message about getting one
# A card named by what is done with it, typed without accents ("nhan the qua buu dien dc k":
# folded, "the" is also "thế"), or with them ("thẻ"); an entry that never speaks of a card is
# no confident answer to it (a student's trial: the results of an online filing "by post")
_A_CARD = re.compile(r" (?:nhan|lay|giu|nop|cap|doi|mat|roi|lam mat|danh roi) the"
                     r"(?=$| (?!nao|nay|thi|la|ma|a|ay|kia|do)\w)")
_CARD_TYPED = re.compile(vocabulary.CARD)
_THE_CARD = re.compile(vocabulary.THE_CARD, re.IGNORECASE)
_CARD_NAMES = re.compile(r" (?:cccd|cmnd|can cuoc|chung minh nhan dan|chung minh thu) ")
_CHANGE_KEY = vietnamese.accent_key(vocabulary.CHANGE_WORD)
_CHANGE = vietnamese.fold(vocabulary.CHANGE_WORD)
_CONVERT = vietnamese.fold(vocabulary.CONVERT_WORD)
_TO_NEW = vietnamese.fold(vocabulary.CHANGE_TO)


def _changes(words: Sequence[str]) -> bool:
    """True when the words say "đổi" (as typed, or without accents): not "đời", "đợi", "đội",
    nor "chuyển đổi" (số), nor "đổi sang" (the new card: getting it, a review)."""
    folded = [vietnamese.fold(w) for w in words]
    return any(f == _CHANGE and vietnamese.accent_key(w) in (_CHANGE_KEY, _CHANGE)
               and (i == 0 or folded[i - 1] != _CONVERT)
               and (i + 1 == len(words) or folded[i + 1] != _TO_NEW)
               for i, (w, f) in enumerate(zip(words, folded, strict=True)))
# "the plan" with no number is this bot's plan, Kế hoạch 74: not an entry about another
# plan by number ("kế hoạch ban hành ngày nào" is not about Kế hoạch 128)
_THE_PLAN = re.compile(r"\bke hoach\b(?!\s*(?:so\s+)?\d)")
_OTHER_PLAN = re.compile(r"\bke hoach\s*(?:so\s+)?(?!74\b|(?:19|20)\d\d\b)\d{2,4}\b")
# the country's targets and figures (`Index.national`), by their titles
_NATIONAL_TITLE = re.compile(r"\b(?:quoc gia|ca nuoc|muc tieu)\b")
_HOME_TITLE = re.compile(r"\bhai phong\b")
# a message about the country, not the city ("theo kế hoạch … cả nước")
_NATION = re.compile(r"\b(?:quoc gia|ca nuoc|toan quoc|chinh phu|thu tuong|viet nam)\b")


def _said(words: list[str]) -> str:
    """A message's words as typed, folded (no synonyms): what document numbers are read in."""
    return " ".join(vietnamese.fold(w) for w in words)


def _numbers(folded: str) -> frozenset[str]:
    """The numbers of the documents a (folded) text names by number ("ke hoach 86")."""
    return frozenset(_DOCUMENT.findall(folded))


def _era(folded: str) -> str | None:
    """Whether a question asks about today ("bây giờ", "hiện nay") or about the 2022 plan."""
    if _NOW.search(folded):
        return "now"
    if _PLAN.search(folded):
        return "plan"
    return None


_YEARS_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)\b")


def _spans(as_of: str) -> bool:
    """True when an entry's facts run from the plan's time to today ("năm 2022–2024": each
    year's budget): neither of the past nor of today only, so no era marks it down."""
    m = _YEARS_RANGE.search(as_of)
    return m is not None and int(m[1]) <= THE_PLANS_YEAR < 2024 <= int(m[2])


def _current(as_of: str) -> bool:
    """True when an entry's facts hold today: a rule in force "từ 15/8/2022" (from a date, no
    end), or facts dated 2024 or later; never one marked as an old rule ("quy định cũ",
    "… đến 30/6/2024")."""
    folded = f" {vietnamese.fold(as_of)} "
    if " cu " in folded or " den " in folded:
        return False
    years = [int(y) for y in _YEAR.findall(folded)]
    return folded.startswith(" tu ") or (bool(years) and max(years) >= 2024)


_PREAMBLE = re.compile(vocabulary.PREAMBLE, re.IGNORECASE)  # "<name> - <place> hỏi:"
# Topics about Hải Phòng itself: a question naming another province is not answered from them.
LOCAL_TOPICS = frozenset({"plan", "goals", "results", "haiphong-nay", "contacts"})


_GLOSS = re.compile(r"\([^()]*\)")  # "(thẻ tạm trú)": a gloss in brackets


def in_english(message: str) -> bool:
    """A message in English ("What is VNeID used for?"): at least two English words that no
    unaccented Vietnamese word spells, which with the words that cannot be Vietnamese
    syllables at all ("visa", "tourist") are half of its words, or the English words alone a
    quarter; and few words with a Vietnamese diacritic ("I live in Hải Phòng, how do I get
    VNeID?" is English; "Thủ tục đăng ký account VNeID for người nước ngoài" is not). It is
    read through the glossary (`Index.read_english`)."""
    # (a Vietnamese word glossed in brackets, and figures, say nothing of the language: "i
    # have temporary residence card (thẻ tạm trú)", "can my son (12) get level 2?")
    text = _GLOSS.sub(" ", message[:vietnamese.MAX_QUESTION_CHARS].replace("’", "'"))
    words = [w for w in text.split() if not w.strip(".,;:!?()\"“”%").isdigit()]
    accented = sum(vietnamese.has_diacritics(w) for w in words)
    if accented * 4 > len(words):  # "… get căn cước card?" is English
        return False
    bare = [w.strip(".,;:!?()\"“”").casefold() for w in words]
    if all(w in vocabulary.CHAT_BORROWED for w in bare):
        return False  # "hello", "thanks", "ok bye": Vietnamese chat says them too
    english = sum(w in vocabulary.ENGLISH_WORDS for w in bare)
    # English words Vietnamese chat does not borrow; "can", "my", "son" … are English where
    # they outnumber the words only Vietnamese spells ("can my son get level 2?"), not in
    # "card can cuoc lam o dau" (an English word borrowed, a review)
    plain = sum(w in vocabulary.ENGLISH_WORDS and w not in vocabulary.CHAT_BORROWED for w in bare)
    vietnamese_only = sum(  # (a word typed with accents is a name: "… get căn cước?")
        not vietnamese.has_diacritics(w) and vietnamese.is_syllable(vietnamese.fold(w))
        and w not in vocabulary.ENGLISH_WORDS and w not in vocabulary.ENGLISH_AMBIGUOUS
        for w in bare if w)
    if plain > vietnamese_only:
        english += sum(w in vocabulary.ENGLISH_AMBIGUOUS for w in bare)
    foreign = sum(w.isalpha() and w not in vocabulary.ENGLISH_WORDS
                  and not vietnamese.is_syllable(vietnamese.fold(w)) for w in bare)
    if english >= 2 and (english * 4 >= len(words) or (english + foreign) * 2 >= len(words)):
        return True
    # With one such word, not one Vietnamese chat borrows ("hello shop"), and no Vietnamese
    # form of address or chat word ("help ad"): a follow-up ("how much?", "where?", "who
    # signed it"), or a message of no Vietnamese at all ("can chinese workers get vneid").
    if not plain or any(w in vocabulary.ADDRESS or w in vocabulary.CHAT_SLANG for w in bare):
        return False
    if len(bare) <= SHORT_ENGLISH:
        return english + foreign >= len(bare) - 1
    return (english + foreign) * 3 >= len(words) * 2


def _known(q: _Query) -> bool:
    """True when the knowledge base uses every word of a read message, forms of address,
    particles (with or without accents), chat words ("mn", "ko") and figures aside ("bác 70
    tuổi rồi": a figure the knowledge base need not have)."""
    return all(_uses(q, t, credit) or t in FILLERS or t in _FOLDED_FILLERS
               or t in vocabulary.ADDRESS or t in vocabulary.CHAT_SLANG or t.isdigit()
               for t, credit in q.unigrams.items())  # ("muon": "muốn" typed without accents)


def _uses(q: _Query, term: str, credit: float) -> bool:
    """A word of a message that the knowledge base uses: not unknown, nor typed with letters
    no word of it has ("hôn" in "đăng ký kết hôn online thì làm sao" is not "hơn": read as a
    follow-up of the online filing, it was answered with how to get the results). Another
    tone or a missing mark is a slip, and the word is ours ("khộng", "củng", "đuợc")."""
    return credit > 0.0 and term not in q.strange


def _slip(typed: str, known: frozenset[str]) -> bool:
    """True when a syllable typed with accents (its `accent_key`: letters, then the tone as a
    digit) differs from one of the knowledge base's spellings of it only by its tone or by
    marks left out."""
    letters = typed.rstrip(string.digits)
    return any(len(letters) == len(other := k.rstrip(string.digits))
               and all(a == b or a == vietnamese.fold(b)
                       for a, b in zip(letters, other, strict=True))
               for k in known)


# "Số hoá là gì?", "vậy FTTH là gì": a term at the start of a sentence, and what is asked of it
_DEFINED = re.compile(r"^((?:\S+ ){0,4}\S+) (?:la gi|la j|la cai gi|nghia la gi)(?= |$)")
_NOT_TERM = frozenset({"vay", "thi", "cho", "hoi", "the", "nao", "con"})


_BARE_OPENER = frozenset({"o"})


def _place_words(typed: list[str], accented: bool) -> set[str]:
    """The (folded) words of the places a message names after an opener typed as such ("ở",
    "tại", "quận"…; without accents only "o": "tai", "quan" are as often "tài (khoản)", "(cơ)
    quan"), up to a question word: "ở Lê Chân", not "ở đâu ngon"."""
    openers = vocabulary.PLACE_OPENERS_TYPED if accented else _BARE_OPENER
    out: set[str] = set()
    if openers.isdisjoint(typed):
        return out
    for i, word in enumerate(typed):
        if word in openers:
            for name in typed[i + 1:i + 1 + vocabulary.PLACE_NAME_WORDS]:
                folded = vietnamese.fold(name)
                if folded in QUESTION_WORDS:
                    break
                out.add(folded)
    return out


_FIRST_WORD = re.compile(r"^\W*\w+")
_SENTENCE_END = re.compile(r"([.?!;\n]+)")
_ASK_MARKER = re.compile(vocabulary.ASK_MARKER, re.IGNORECASE)
_AGE = re.compile(r"(?<= )(\d{1,3}) tuoi(?= )")  # "80 tuổi", folded and space-padded
_NAMING_FOLDS = frozenset({"the", "tai", "may"})  # thẻ, tài (khoản), máy: not thế, tại, mấy
# "thẻ" typed with its accents, as `vietnamese.accent_key` gives it, is no "thế": a word of
# our subject (the card). Not "tài", "máy": a bank's or TikTok's "tài khoản" is not ours.
_NAMING_ACCENTS = {vietnamese.fold(w): vietnamese.accent_key(w) for w in vocabulary.NAMING_TYPED}
_FOLDED_FILLERS = frozenset(map(vietnamese.fold, FILLERS))  # "cho hỏi", "ơi", "ạ"
# What "mất/hết bao nhiêu tiền" is read as ("tốn phí", knowledge/synonyms.yaml): a kind of fact
# asked, not our subject, unless typed ("thanh toán phí" is).
_PRICE = frozenset({"ton", "phi"})
PRICE_BESIDE = 1.0  # subject weight a message needs besides a price asked (see _subject)
SENTENCE_WORDS = 3  # a sentence this long may hold a question of its own
SENTENCE_LETTER = 250  # characters: a longer letter is not read sentence by sentence
SENTENCE_LONG = 150  # characters: a longer message gets one reading (the first that asks)
SENTENCE_CLOSE = 0.35  # a message this far from every entry is not read sentence by sentence
_TARGET_ASPECTS = frozenset({None, "number", "when", "definition", "who"})  # what a target says
_TARGET_WORDS = re.compile(r"(?:^| )(?:" + "|".join(vocabulary.TARGET_WORDS) + r")(?= |$)")


# what a yes/no question about the plan names (folded, space-padded): the city, the plan, 2022
_ABOUT_THE_PLAN = re.compile(r" (?:thanh pho|hai phong|hp|ke hoach|kh|muc tieu|chi tieu|2022|"
                             r"nganh|quan|huyen|xa|phuong|doanh nghiep) ")


def about_target(folded: str) -> bool:
    """True when a (folded) question asks about a target of the plan ("… có đạt mục tiêu
    không", "bao nhiêu thì đạt")."""
    return _TARGET_WORDS.search(folded) is not None


def _without_preamble(question: str) -> str:
    """The question without a reader's "<name> - <place> hỏi:" introduction."""
    stripped = _PREAMBLE.sub("", question, count=1)
    return stripped if stripped.strip() else question


@cache
def general_zipf() -> dict[str, float]:
    """Folded syllable -> Zipf frequency in ordinary Vietnamese (see GENERAL_FILE)."""
    table: dict[str, float] = {}
    for line in GENERAL_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, zipf = line.split("\t")
            table[word] = float(zipf)
    return table


class Expander:
    """Abbreviation and synonym expansion on folded token sequences, longest match first."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, means in pairs:
            key = tuple(vietnamese.tokens(term))
            if key:
                self.table[key] = tuple(vietnamese.tokens(means))
        self.longest = max((len(k) for k in self.table), default=0)
        self.firsts = frozenset(k[0] for k in self.table)

    def __call__(self, toks: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(toks):
            if toks[i] not in self.firsts:  # most words start no synonym
                out.append(toks[i])
                i += 1
                continue
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


def _padded(phrases: Iterable[str]) -> list[str]:
    """Phrases folded and space-padded, to be found whole in a padded folded text."""
    return [f" {vietnamese.normalise(p)} " for p in phrases]


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
        self.read_english = english.Reader(self.kb.english)
        self.subject_names = [" ".join(self.terms(n)) for n in vocabulary.SUBJECT_NAMES]
        # who a message is about, folded as typed and space-padded ("em" of "trẻ em" is no
        # form of address here, and "trễ" no child)
        self.groups = _padded(vocabulary.GROUPS)
        self.own_people = _padded(vocabulary.OWN_PEOPLE)
        self.group_signs = _padded(vocabulary.GROUP_SIGNS)
        self.not_own = _padded(vocabulary.NOT_OWN)
        self.strong_own = _padded(vocabulary.STRONG_OWN)
        self.adult_signs = _padded(vocabulary.ADULT_SIGNS)
        self.child_signs = _padded(vocabulary.CHILD_SIGNS)
        self.kin_child = _padded(vocabulary.KIN_CHILD)
        titles = {e.id: f" {vietnamese.normalise(e.title)} " for e in self.kb.entries.values()}
        # entries whose question is about such a group, about children
        self.group_entries = frozenset(e for e, t in titles.items()
                                       if any(g in t for g in self.groups))
        self.child_entries = frozenset(e for e, t in titles.items()
                                       if any(c in t for c in _padded(vocabulary.CHILD_TITLE)))
        # the age from which the person asked about is no longer the entry's: 14 for an entry
        # "dưới 14 tuổi" ("con 14t tự đăng ký vneid"), of age for one about children's cards,
        # which says what holds from 14 ("cháu 15 tuổi có bắt buộc làm thẻ căn cước không")
        under = f" {vietnamese.normalise(vocabulary.UNDER_14)} "
        self.adult_age = {e: vocabulary.CHILD_UNTIL if under in titles[e] else
                          vocabulary.OF_AGE for e in self.child_entries}
        self.places = [tuple(self.terms(p)) for p in self.kb.other_places]
        home = self.terms(vocabulary.HOME)
        self.home = tuple(home)
        phrasings: list[tuple[str, str]] = [
            (e.id, p) for e in self.kb.entries.values() for p in (e.title, *e.phrasings)
        ]
        # (a question attached from the review may be English: it is what it reads as)
        phrasings += [(eid, self.read(p)) for eid, p in self.extra if eid in self.kb.entries]

        self._subject_weights(phrasings)
        self.of_cards = frozenset(  # entries that speak of a card somewhere
            e.id for e in self.kb.entries.values()
            if any(w in " ".join((e.title, e.answer, e.more, *e.phrasings)).lower()
                   for w in vocabulary.CARD_WORDS))
        # entries whose question is about changing a card, not getting one too ("Đến tuổi nào
        # thì phải đổi thẻ căn cước?", not "Làm, đổi thẻ căn cước ở đâu?")
        self.changing = frozenset(e.id for e in self.kb.entries.values()
                                  if _changes(title := vietnamese.words(e.title))
                                  and not _GETS.search(f" {_said(title)} "))
        seen: set[tuple[str, str]] = set()
        for eid, phrasing in phrasings:
            toks = self.terms(phrasing)
            key = (eid, " ".join(toks))
            if not toks or key in seen:
                continue
            seen.add(key)
            self.docs.append(_Doc(eid, key[1], frozenset(toks), frozenset(_bigrams(toks)),
                                  frozenset(map(vietnamese.accent_key,
                                                vietnamese.words(phrasing)))))
        df: dict[str, set[str]] = defaultdict(set)
        postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for term in doc.unigrams | doc.bigrams:
                df[term].add(doc.entry_id)
                postings[term].append(i)
        self.postings = {t: np.array(ids, dtype=np.int64) for t, ids in postings.items()}
        owners: dict[str, set[str]] = defaultdict(set)
        for doc in self.docs:
            owners[doc.folded].add(doc.entry_id)
        self.entry_ids = list(dict.fromkeys(doc.entry_id for doc in self.docs))
        self.entry_slot = {eid: n for n, eid in enumerate(self.entry_ids)}
        terms: dict[str, set[str]] = defaultdict(set)  # words and pairs of an entry's phrasings
        for doc in self.docs:
            terms[doc.entry_id].update(doc.unigrams, doc.bigrams)
        self.entry_terms = {eid: frozenset(ts) for eid, ts in terms.items()}
        self.doc_entry = np.array([self.entry_slot[doc.entry_id] for doc in self.docs],
                                  dtype=np.int64)  # the entry of each phrasing, by slot
        self.exact = {f: next(iter(e)) for f, e in owners.items() if len(e) == 1}
        n = max(len(self.kb.entries), 1)
        self.idf = {t: math.log((n + 1) / (len(ids) + 0.5)) * self.weight(t)
                    for t, ids in df.items()}
        self.unknown_idf = math.log((n + 1) / 0.5)
        for doc in self.docs:
            doc.weight = sum(self.idf[t] for t in doc.unigrams) or 1.0
        self.vocab = sorted(t for t in self.idf if " " not in t)
        self.by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self.vocab:  # typo candidates: same first letter, similar length
            for length in range(len(word) - 1, len(word) + 2):
                self.by_shape[(word[0], length)].append(word)
        self.entry_words = {  # what each entry's answer says, for the answer-coverage feature
            eid: frozenset(self.terms(f"{e.title} {e.answer}"))
            for eid, e in self.kb.entries.items()
        }
        self.entry_numbers = {  # the documents an entry names by number ("Kế hoạch 86/KH-UBND")
            eid: _numbers(vietnamese.normalise(
                " ".join((e.title, e.answer, e.more, *e.phrasings))))
            for eid, e in self.kb.entries.items()
        }
        self.title_numbers = {  # the documents an entry's question is about ("Kế hoạch 74")
            eid: _numbers(vietnamese.normalise(e.title))
            for eid, e in self.kb.entries.items()
        }
        self.other_plans = frozenset(  # entries about another plan, named by number
            eid for eid, e in self.kb.entries.items()
            if _OTHER_PLAN.search(vietnamese.normalise(e.title)))
        # the country's targets and figures ("Mục tiêu chuyển đổi số quốc gia đến năm 2025";
        # not a term it defines, "Công dân số là gì?", a review): not what "theo kế hoạch" or
        # "năm 2022" asks (a journalist's trial: the plan's labour productivity, 15 %, got the
        # country's 7 % with confidence)
        self.national = frozenset(
            eid for eid, e in self.kb.entries.items() if e.topic == NATIONAL_TOPIC
            and _NATIONAL_TITLE.search(titles[eid]) and not _HOME_TITLE.search(titles[eid]))
        said_by: dict[str, list[int]] = defaultdict(list)  # word -> entries whose answer says it
        for eid, words in self.entry_words.items():
            if eid in self.entry_slot:
                for word in words:
                    said_by[word].append(self.entry_slot[eid])
        self.said_by = {w: np.array(slots, dtype=np.int64) for w, slots in said_by.items()}
        self.entry_current = {eid: _current(e.as_of) for eid, e in self.kb.entries.items()}
        self.entry_spans = frozenset(eid for eid, e in self.kb.entries.items() if _spans(e.as_of))
        # the kinds of fact a target's own title and phrasings ask (`_target_for_doing`)
        self.phrased_aspects = {
            eid: frozenset(aspects.asked(vietnamese.normalise(p)) for p in (e.title, *e.phrasings))
            for eid, e in self.kb.entries.items() if eid in self.kb.indicators}
        self.same_answer = frozenset(  # (a, b): either entry's answer answers the other's question
            pair for e in self.kb.entries.values() for other in e.covers
            for pair in ((e.id, other), (other, e.id)))
        self.entry_aspects = {
            eid: frozenset(e.aspects) or aspects.stated(vietnamese.normalise(e.answer))
            for eid, e in self.kb.entries.items()
        }
        # through a weak reference: no cycle, so a replaced index is freed when dropped
        self._correct = lru_cache(maxsize=4096)(
            partial(Index._correct_uncached, weakref.proxy(self)))
        offload.drain(df, postings, owners, seen)  # no long pause when a reload frees them

    def _subject_weights(self, phrasings: Sequence[tuple[str, str]]) -> None:
        """How much each syllable says about our subject: log10 of its frequency in the
        knowledge base over its frequency in ordinary Vietnamese, mapped to [floor, 1]."""
        counts: Counter[str] = Counter()
        forms: dict[str, set[str]] = defaultdict(set)
        told = [(f"{e.answer} {e.more}", False) for e in self.kb.entries.values()]
        for said, asked in told + [(p, True) for _, p in phrasings]:
            for word in vietnamese.words(said):
                folded = vietnamese.fold(word)
                forms[folded].add(vietnamese.accent_key(word))
                if not (asked and (word in FILLERS or word in vocabulary.CHAT_TALK)):
                    counts[folded] += 1  # "bác ơi" in a phrasing says nothing of the subject
        self.forms = {w: frozenset(f) for w, f in forms.items()}
        self._kb_counts = counts
        self._kb_pairs = {pair for _, p in phrasings for pair in _bigrams(self.terms(p))}
        self._kb_total = sum(counts.values()) + 1
        self._general = general_zipf()
        self._weights: dict[str, float] = {}

    def weight(self, term: str) -> float:
        """Subject weight of a folded syllable, or of a syllable pair: the larger of its two
        when the knowledge base uses the pair ("chứng minh", "ngân sách": compounds of common
        syllables), else the smaller ("hỏi vneid", bridging a frame word and a topic word,
        says no more than "hỏi")."""
        cached = self._weights.get(term)
        if cached is not None:
            return cached
        if " " in term:  # a pair the knowledge base uses is a compound of our subject
            parts = [self.weight(t) for t in term.split()]
            w = max(parts) if term in self._kb_pairs else min(parts)
        elif term in vocabulary.CHAT_SLANG:
            w = SPECIFIC[2]  # "mn", "đc k": chat, however rare in print
        elif term.isdigit():
            w = 1.0  # figures and years are what a question is about
        else:
            p_kb = (self._kb_counts.get(term, 0) + 0.5) / self._kb_total
            p_general = 10 ** (self._general.get(term, UNLISTED_ZIPF) - 9)
            specific = math.log10(p_kb / p_general)
            low, high, floor = SPECIFIC
            w = min(max((specific - low) / (high - low), floor), 1.0)
        if len(self._weights) < 200_000:
            self._weights[term] = w
        return w

    def terms(self, phrase: str, words: list[str] | None = None) -> list[str]:
        """A phrase's words as the index reads them: folded, fillers dropped, synonyms
        expanded ("cccd" -> "căn cước công dân thẻ căn cước"); `words`: its words, if split
        already."""
        words = vietnamese.words(phrase) if words is None else words
        return self.expand([vietnamese.fold(w) for w in words if w not in FILLERS])

    def _correct_uncached(self, token: str) -> str | None:
        if len(token) < 3 or not token.isalpha() or vietnamese.is_syllable(token):
            return None
        shape = self.by_shape.get((token[0], len(token)), ())
        hit = process.extractOne(token, shape, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return hit[0] if hit else None

    def _query(self, question: str, context: str = "") -> _Query:
        question = _THE_CARD.sub(lambda m: m[1] + vocabulary.CARD_NAME, question)
        ws = vietnamese.words(question)
        toks = self.terms(question, ws)
        full = " ".join(toks)
        unigrams: dict[str, float] = {}
        credit = dict.fromkeys(toks, 1.0)
        strange: set[str] = set()  # typed with letters no word of ours has ("hôn": "hơn")
        if vietnamese.has_diacritics(question):  # "chuyện" is not "chuyển", "đang" not "đăng"
            for word in ws:
                folded = vietnamese.fold(word)
                known = self.forms.get(folded)
                if (known and folded != word and folded in credit
                        and (key := vietnamese.accent_key(word)) not in known):
                    credit[folded] = min(credit[folded], OTHER_ACCENT_CREDIT)
                    if not _slip(key, known):
                        strange.add(folded)
        for tok in self.terms(context):  # the topic of the conversation, at half weight
            if tok in self.idf and tok not in credit:
                credit[tok] = CONTEXT_CREDIT
                toks.append(tok)
        fixed: list[str] = []
        corrections = 0
        for tok in toks:
            if tok in self.idf:
                unigrams[tok] = credit[tok]
                if credit[tok] > CONTEXT_CREDIT:
                    fixed.append(tok)
                continue
            corrected = None
            if corrections < MAX_CORRECTIONS:
                corrections += 1
                corrected = self._correct(tok)
            if corrected:  # "vnied" -> "vneid", and what "vneid" means: "định danh điện tử"
                for term in self.expand([corrected]):
                    unigrams.setdefault(term, CORRECTED_WEIGHT)
                    fixed.append(term)
            else:
                unigrams.setdefault(tok, 0.0)
                fixed.append(tok)
        bigrams = _bigrams(fixed)
        idf, unknown, weight = self.idf, self.unknown_idf, self.weight
        content = " ".join(t for t in fixed if weight(t) >= NAMING_WEIGHT)
        said = _said(ws)
        return _Query(full, content or " ".join(fixed),
                      unigrams, bigrams,
                      frozenset(map(vietnamese.accent_key,
                                    ws)), vietnamese.has_diacritics(question),
                      aspects.asked(said), aspects.asks_yes_no(said), _era(full),
                      sum(idf.get(t, unknown * weight(t)) * credit.get(t, 1.0)
                          for t in unigrams) or 1.0,
                      sum(idf.get(b, unknown * weight(b)) for b in bigrams),
                      typed=frozenset(said.split()),
                      documents=(documents := _numbers(said)),
                      said=question.lower(),
                      the_plan=not documents and bool(_THE_PLAN.search(said)),
                      gets_card=(bool(_GETS_CARD.search(f" {said} ")) and not _changes(ws)
                                 and not _NOT_A_FIRST_CARD.search(f" {said} ")),
                      place=frozenset(_place_words(ws, vietnamese.has_diacritics(question))),
                      strange=frozenset(strange), context=f" {vietnamese.normalise(context)} ",
                      spoken=f" {said} ")

    @staticmethod
    def documents(question: str) -> frozenset[str]:
        """The numbers of the documents a message names ("kế hoạch 86", "NĐ 69")."""
        return _numbers(_said(vietnamese.words(question)))

    def _about_elsewhere(self, folded: str) -> bool:
        padded = f" {folded} "
        if f" {' '.join(self.home)} " in padded:
            return False
        return any(f" {' '.join(p)} " in padded for p in self.places if p)

    def _local(self, entry_id: str) -> bool:
        """True for an entry about Hải Phòng itself (its plan, targets, results, offices);
        national rules (VNeID, the national portal, the law) hold in every province."""
        return self.kb.entries[entry_id].topic in LOCAL_TOPICS

    def _score(self, q: _Query, doc: _Doc, matched: float, matched_bigrams: float) -> float:
        """Combine the features; `matched*` are the weight sums gathered from the postings."""
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
        return self._rank(self._query(self.read(question)), k)[0]

    def read(self, question: str) -> str:
        """The question the engine reads: a message in English through the glossary
        (`read_english`), any other as it is."""
        return self.read_english(question) if in_english(question) else question

    def _rank(self, q: _Query, k: int) -> tuple[list[tuple[str, float]], float, float]:
        """(the k best entries with their scores, the subject weight the best one matched, how
        much better the message's words fit the best one's phrasings than its rival's)."""
        uni = np.zeros(len(self.docs))
        for term, credit in q.unigrams.items():
            w = self.idf.get(term)
            if w is not None:
                uni[self.postings[term]] += w * credit
        hit = np.flatnonzero(uni)
        if not hit.size:
            return [], 0.0, 0.0
        bi = np.zeros(len(self.docs))
        for term in q.bigrams:
            w = self.idf.get(term)
            if w is not None:
                bi[self.postings[term]] += w
        both = uni[hit] + bi[hit]
        if hit.size > CANDIDATES:
            keep = np.argpartition(both, -CANDIDATES)[-CANDIDATES:]
            hit = hit[keep]
        best: dict[str, tuple[float, int]] = {}
        # "theo kế hoạch", "năm 2022": the city's plan, not the country's (unless it is named)
        local = (q.the_plan or q.era == "plan") and not _NATION.search(q.full)
        for i in hit.tolist():
            doc = self.docs[i]
            s = self._score(q, doc, float(uni[i]), float(bi[i]))
            s += self._aspect_shift(q.aspect, doc.entry_id)
            if (q.era is not None and doc.entry_id not in self.entry_spans
                    and self.entry_current[doc.entry_id] != (q.era == "now")):
                s -= ERA_PENALTY
            if q.topic is not None and self.kb.entries[doc.entry_id].topic == q.topic:
                s += SAME_TOPIC_BONUS
            if q.documents and not q.documents <= self.entry_numbers[doc.entry_id]:
                s -= DOCUMENT_PENALTY  # "Kế hoạch 86 …" is not answered by Kế hoạch 74
            elif q.the_plan and doc.entry_id in self.other_plans:
                s -= DOCUMENT_PENALTY
            elif local and doc.entry_id in self.national:
                s -= DOCUMENT_PENALTY
            if s > best.get(doc.entry_id, (-1.0, 0))[0]:
                best[doc.entry_id] = (s, i)
        slot = self.entry_slot
        if ANSWER_WEIGHT:
            said = self._answer_cover(q)
            best = {eid: (s + ANSWER_WEIGHT * said[slot[eid]], i)
                    for eid, (s, i) in best.items()}
        terms = self._cover_terms(q)
        cover = self._entry_cover(terms)
        if ENTRY_WEIGHT:
            best = {eid: (s + ENTRY_WEIGHT * cover[slot[eid]], i) for eid, (s, i) in best.items()}
        if q.gets_card:
            # an entry about changing a card is marked down for a message about getting one
            # ("bao nhiêu tuổi phải làm cccd" is no "mấy tuổi phải đổi căn cước")
            best = {eid: (s - ACTION_PENALTY, i) if eid in self.changing else (s, i)
                    for eid, (s, i) in best.items()}
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        shown = MAX_SUGGESTIONS - 1
        demoted = [kv for kv in ranked[:shown] if self.answers_someone_else(q, kv[0])]
        if demoted:
            # an entry about a group, for a message that says nothing of them, is never the
            # best: it answers someone else ("Are children given electronic identity
            # accounts?" is not the foreigners' entry, however close its words); it stays
            # among the choices, last of those shown (a review: sorted to the end, the cut to
            # the k best dropped it), and one further down stays where it is
            rest = [kv for kv in ranked if kv not in demoted]
            ranked = rest[:shown] + demoted + rest[shown:]
        top = ranked[0][0]
        subject = self._subject(q, self.docs[ranked[0][1][1]])
        if q.topic is not None and self._continues(q, top):
            subject = math.inf
        rival = max(((sc, e) for e, (sc, _) in ranked[1:] if (top, e) not in self.same_answer
                     and not self.group_entry_for_others(q, e)), default=(0.0, None))[1]
        distinct = self._lead(terms, top, rival)
        return ([(eid, round(min(max(s, 0.0), 1.0), 4)) for eid, (s, _) in ranked[:k]], subject,
                distinct)

    def for_others(self, q: _Query, entry_id: str) -> bool:
        """True when the entry's answer is said of someone else than the message, or the
        conversation it follows up, is about (`said_of_others`)."""
        return self.said_of_others(q.spoken + q.context, entry_id)

    def group_entry_for_others(self, q: _Query, entry_id: str) -> bool:
        """True for an entry about a group (`group_entries`: foreigners) when the message, or
        its conversation, says nothing of that group: such an entry is no rival of the others
        and never the best ("trẻ em có được cấp tài khoản định danh điện tử không"). Not for
        the citizens' entries of a message about foreigners: they stay rivals of the
        foreigners' entry ("người nước ngoài có bắt buộc làm vneid không" is no "Được.")."""
        return entry_id in self.group_entries and self.for_others(q, entry_id)

    def answers_someone_else(self, q: _Query, entry_id: str) -> bool:
        """`group_entry_for_others`, or an entry about children for a message about an adult
        ("mẹ em 80 tuổi làm vneid được không"): never ranked the best (the children's entry
        stays a rival: "sinh viên làm vneid được không" is no confident answer of another)."""
        return ((entry_id in self.child_entries
                 and self.about_an_adult(q.spoken, self._adult_age(q, entry_id)))
                # the ages at which a card is changed start at 14: not a young child's (a
                # review: "bé nhà em 3 tuổi có phải đi không" got them, with confidence)
                or (entry_id in self.changing and self.about_a_child(q.spoken))
                or self.group_entry_for_others(q, entry_id))

    def _adult_age(self, q: _Query, entry_id: str) -> int:
        """The age from which the person asked about is no child of the entry's: its own
        (`adult_age`) for a question of age or yes/no ("cháu 15 tuổi có bắt buộc làm thẻ căn
        cước không": the children's card says what holds from 14), else at most `ADULT_AGE`
        (a review: "con 16 tuổi làm căn cước ở đâu" got the children's card, which shows no
        place, instead of the place entry)."""
        age = self.adult_age[entry_id]
        return age if q.aspect in (None, "yesno", "age") else min(age, vocabulary.ADULT_AGE)

    def about_an_adult(self, text: str, age: int = vocabulary.ADULT_AGE) -> bool:
        """True when a folded, space-padded text says the person asked about is an adult
        (`vocabulary.ADULT_SIGNS`, an age of `age` or more) and names no child."""
        if self.about_a_child(text, age):
            return False
        return bool(_AGE.search(text)) or any(s in text for s in self.adult_signs)

    def about_a_child(self, text: str, age: int = vocabulary.CHILD_UNTIL) -> bool:
        """True when a folded, space-padded text says the person asked about is a child: a
        child's sign ("bé", "trẻ em", "dưới 14") or an age under `age` ("con 3 tuổi")."""
        return (any(c in text for c in self.child_signs)
                or any(int(a) < age for a in _AGE.findall(text)))

    def names_a_child(self, text: str) -> bool:
        """True when a folded, space-padded text names a child, or someone by their age or as
        one's own ("con", "cháu", "bé"): the children's entries may be about them."""
        return (any(c in text for c in self.child_signs) or bool(_AGE.search(text))
                or any(w in text for w in self.kin_child))

    @cached_property
    def entry_text(self) -> dict[str, str]:
        """Each entry's own words, folded, space-padded (for `for_others`; built when first
        needed: `ask` starts without it)."""
        return {e.id: " " + vietnamese.normalise(" ".join((e.title, *e.phrasings, e.answer,
                                                          e.more))) + " "
                for e in self.kb.entries.values()}

    def said_of_others(self, text: str, entry_id: str) -> bool:
        """True when a folded, space-padded text (`people`, or a message's) names people of
        `vocabulary.GROUPS` the entry never names (the citizens' steps for "người nước ngoài
        …"); or when the entry is about such a group and the text names none of them, nor
        anything that says the asker is one (`vocabulary.GROUP_SIGNS`); or when the entry is
        about children and the text names no child ("thẻ căn cước làm thế nào" is close to
        "Trẻ em có phải làm thẻ căn cước không, làm thế nào?"). Such an entry is offered,
        not answered (`settle`)."""
        if any(g in text for g in self.groups):
            return any(g in text and g not in self.entry_text[entry_id] for g in self.groups)
        if entry_id in self.child_entries:
            return not self.names_a_child(text)
        return entry_id in self.group_entries and not self._signs_of_group(text)

    def _signs_of_group(self, text: str) -> bool:
        """True when a folded, space-padded text says, without naming them, that the asker is
        one of `vocabulary.GROUPS` ("vợ em người hàn quốc", "có thẻ tạm trú"): a sign once the
        phrases about the country's own people are left out ("tôi là người việt nam, vợ tôi
        người nhật"), or a phrase that denies being one of them ("không có quốc tịch việt
        nam")."""
        if any(n in text for n in self.not_own):
            return True
        if any(o in text for o in self.strong_own):
            return False  # "chồng em người trung quốc, con em có 2 quốc tịch": the child
        for own in self.own_people:
            text = text.replace(own, " ")
        return any(s in text for s in self.group_signs)

    def names_own_people(self, message: str) -> bool:
        """True when a message says the asker is one of the country's own people
        (`vocabulary.OWN_PEOPLE`: "con em có 2 quốc tịch") and gives no sign of a group."""
        padded = f" {vietnamese.normalise(message)} "
        return (any(o in padded for o in self.own_people)
                and not any(g in padded for g in self.groups)
                and not self._signs_of_group(padded))

    def naming_first(self, choices: Iterable[tuple[str, float]], text: str
                     ) -> list[tuple[str, float]]:
        """The choices, those that name the people `text` names first (stable); as they are
        when `text` names none (the ranking has put an entry about a group after others)."""
        if not any(g in text for g in self.groups):
            return list(choices)
        return sorted(choices, key=lambda r: self.said_of_others(text, r[0]))

    def people(self, message: str) -> str:
        """The people of `vocabulary.GROUPS` a message names, or says the asker is one of
        (`_signs_of_group`: "vợ tôi quốc tịch hàn quốc"), folded and space-padded
        (" nguoi nuoc ngoai "), or ""."""
        padded = f" {vietnamese.normalise(message)} "
        named = "".join(g for g in self.groups if g in padded)
        if not named and self._signs_of_group(padded):
            named = self.groups[0]
        return named

    def _names_our_subject(self, q: _Query) -> bool:
        """True when the message types a name of our subject (`vocabulary.SUBJECT_NAMES`)."""
        padded = f" {q.full} "
        return any(f" {name} " in padded for name in self.subject_names)

    def mentions(self, question: str, entry_id: str) -> bool:
        """True when the question's own words name something the entry says: a word of some
        subject weight, or a pair of words, typed (not only from the context), not a question
        word, that the entry's title, phrasings or answer use. "thế ở đâu?" names nothing."""
        q = self._query(_without_preamble(question))
        words = [t for t, credit in q.unigrams.items()
                 if credit > CONTEXT_CREDIT and t not in QUESTION_WORDS]
        pairs = [b for b in q.bigrams if not QUESTION_WORDS.intersection(b.split())]
        return (any(self.weight(t) >= NAMING_WEIGHT and self.says(t, entry_id)  # "vneid"
                    for t in words)
                or any(self.says(b, entry_id) for b in pairs))  # "nước ngoài": one word

    def says(self, term: str, entry_id: str) -> bool:
        """True when the entry's title, a phrasing or its answer has the word or word pair."""
        return term in self.entry_words[entry_id] or self._phrased(term, entry_id)

    def _phrased(self, term: str, entry_id: str) -> bool:
        """True when some phrasing (or the title) of the entry has the word or word pair."""
        return term in self.entry_terms.get(entry_id, ())

    def _cover_terms(self, q: _Query) -> list[tuple[str, float]]:
        """The message's own words (typed, not the conversation's) and word pairs that the
        knowledge base knows, each with its weight for entry cover: the IDF, and the subject
        weight with a floor (between two entries about VNeID, ordinary words such as "loại",
        "nhà", "máy" are what tells them apart). Forms of address and question words ("bác",
        "cháu", "có được không") keep their own small weight: they say how one asks."""
        terms = [t for t, credit in q.unigrams.items() if credit > CONTEXT_CREDIT]
        out = []
        for t in [*terms, *q.bigrams]:
            idf = self.idf.get(t)
            if idf is not None:
                w = self.weight(t)
                floor = 0.0 if FRAME.intersection(t.split()) else DISTINCT_FLOOR  # "bác", "có"
                out.append((t, idf / w * max(w, floor)))  # the IDF, a milder subject weight
        return out

    def _entry_cover(self, terms: list[tuple[str, float]]) -> np.ndarray:
        """For every entry, the weighted share of the message's words that some phrasing of
        the entry uses (once per entry, however many of its phrasings use it)."""
        cover = np.zeros(len(self.entry_ids))
        total = 0.0
        for t, w in terms:
            total += w
            cover[self.doc_entry[self.postings[t]]] += w
        return cover / total if total else cover

    def _lead(self, terms: list[tuple[str, float]], best: str, rival: str | None) -> float:
        """How clearly the message's words point at the best entry and not at its rival: the
        weighted share of them that only the best one's phrasings use, less the share only
        the rival's use; 0 when the rival has words of its own worth a tenth of what tells
        the two apart (then the message says something for each; a question word or a form of
        address the rival's phrasings happen to use is not such a word). 1.0 with no rival."""
        if rival is None:
            return 1.0
        total = own = theirs = 0.0
        for t, w in terms:
            in_best, in_rival = self._phrased(t, best), self._phrased(t, rival)
            if (in_best != in_rival and " " in t
                    and all(self._phrased(p, best) and self._phrased(p, rival)
                            for p in t.split())):
                continue  # both say both words: the pair says only how they are strung
            total += w
            own += w * (in_best and not in_rival)
            # a question word only the rival's phrasings use ("gì", "có … được không") is how
            # one asks, not a word of its own; one only the best's use still tells them apart
            # (tried both ways on the tuned sets: this way answered 2 more right)
            if not FRAME.intersection(t.split()):
                theirs += w * (in_rival and not in_best)
        if not total or theirs > ONE_SIDED * (own + theirs):
            return 0.0
        return (own - theirs) / total

    def _continues(self, q: _Query, entry_id: str) -> bool:
        """A follow-up of a kind ("thế có mất tiền không?", "mất bao lâu?") whose every word
        the knowledge base knows, and whose best entry states that kind of fact, stays on our
        subject: the conversation names what it is about. "thế giá vàng hôm nay?" does not."""
        if q.aspect in (None, "yesno") or not self.states(entry_id, q.aspect):
            return False
        return _known(q)

    def _answer_cover(self, q: _Query) -> np.ndarray:
        """For every entry (by slot), the weighted share of the question's words that the
        entry's answer itself uses."""
        got = np.zeros(len(self.entry_ids))
        for t, c in q.unigrams.items():
            slots = self.said_by.get(t)
            if slots is not None:
                got[slots] += self.idf.get(t, 0.0) * c
        return got / q.weight

    def _subject(self, q: _Query, doc: _Doc) -> float:
        """How much of our subject the message shares with its best phrasing: the subject
        weights (not the IDF: "chuyển đổi số" is in many entries and still our subject) of the
        shared words and word pairs, question words ("bao nhiêu", "ở đâu"), the city's name and
        figures ("lương cơ sở 2024": a year says when, not what about; "mức 2", a pair the
        knowledge base uses, counts) left out; doubled at most when that is all the message
        says ("vneid", "chuyển đổi số là gì" are short, and wholly about our subject).
        Infinite when the message names a thing of ours (`NAME_SYLLABLES`, `NAME_IDF`): "Mobile
        Money là gì và khác gì ví điện tử?" has two syllables of subject and four of ordinary
        words, and it is our subject all the same."""
        home = " ".join(self.home)
        # "thẻ" typed with its accents is no "thế" ("thủ tục cấp thẻ căn cước … thế nào")
        asking = QUESTION_WORDS - {t for t, key in _NAMING_ACCENTS.items() if key in q.accents}
        unigrams = [(t, credit) for t, credit in q.unigrams.items()
                    if credit and t not in asking and t not in self.home
                    and not t.isdigit()]
        bigrams = [b for b in q.bigrams
                   if not asking.intersection(b.split()) and b != home
                   and (b in self._kb_pairs or not any(p.isdigit() for p in b.split()))]
        names = [t for t, _ in unigrams if t in doc.unigrams
                 and self.weight(t) >= 1.0 and self.idf.get(t, 0.0) >= NAME_IDF]
        if len(names) >= NAME_SYLLABLES:
            return math.inf  # "Mobile Money … khác gì ví điện tử?": it names a thing of ours
        if q.documents and not q.carried and q.documents <= self.entry_numbers[doc.entry_id]:
            return math.inf  # "Kế hoạch 86 đặt mục tiêu gì": a document of ours, by number

        def measure(words: list[tuple[str, float]], pairs: list[str]) -> float:
            said = (sum(self.weight(t) * c for t, c in words  # a place's name aside (q.place)
                        if t not in q.place or t in doc.unigrams)
                    + sum(self.weight(b) for b in pairs
                          if b in doc.bigrams or not q.place.intersection(b.split())))
            shared = (sum(self.weight(t) * c for t, c in words if t in doc.unigrams)
                      + sum(self.weight(b) for b in pairs if b in doc.bigrams))
            return shared * max(1.0, 2.0 * shared / said) if said else 0.0

        # "mất bao nhiêu tiền" read as "tốn phí" asks a price; it is our subject only beside
        # something else of ours ("làm căn cước mất bao nhiêu tiền", not "học lái xe …")
        rest = measure([(t, c) for t, c in unigrams if t not in _PRICE or t in q.typed],
                       [b for b in bigrams if not _PRICE.intersection(b.split()) - q.typed])
        return rest if rest < PRICE_BESIDE else measure(unigrams, bigrams)

    def _aspect_shift(self, aspect: str | None, entry_id: str) -> float:
        if aspect is None or aspect == "yesno":
            return 0.0
        return ASPECT_BONUS if aspect in self.entry_aspects[entry_id] else -ASPECT_PENALTY

    def states(self, entry_id: str, aspect: str | None) -> bool:
        """True when the entry states the kind of fact the question asks (any entry will do for
        a question that shows no kind, or only asks yes or no). An entry that does not is
        offered as a choice, never given as the confident answer: "trẻ em có được làm VNeID
        không" must not get the fee entry's "Không."."""
        if aspect is None or aspect == "yesno":
            return True
        return aspect in self.entry_aspects[entry_id]

    def assess(self, question: str, context: str = "", topic: str | None = None,
               k: int = MAX_SUGGESTIONS + 1, names: bool | None = None,
               documents: frozenset[str] = frozenset(), read: bool = True) -> Assessment:
        """Everything the decision needs about one message, with its k best entries (the
        benchmark tunes the thresholds on these, so that it decides exactly as `answer`
        does; inline mode offers them). `documents`: the numbers of the documents the
        conversation is about, for a follow-up that names none ("ai ký?" after Kế hoạch 86).
        A message in English is read through the glossary (`read_english`), unless `read` is
        False."""
        if read:  # (`answer` has read it already)
            question = self.read(question)
        q = self._query(_without_preamble(question), context)
        q.topic = topic
        if documents and not q.documents and not q.the_plan and not _YEAR.search(q.full):
            # (not when the message names a plan or a year itself: "thế còn kế hoạch năm 2022")
            q.documents, q.carried = documents, True
        if not q.unigrams:
            return Assessment(q, [], 0.0, "empty")
        if any(g in q.spoken for g in self.groups):  # deeper: an entry that names them
            k = max(k, GROUP_CANDIDATES)
        ranked, subject, distinct = self._rank(q, k)
        if self._about_elsewhere(q.full) and (not ranked or self._local(ranked[0][0])):
            return Assessment(q, ranked, subject, "other_place")
        return Assessment(q, ranked, subject, "", exact=not context and bool(ranked)
                          and self.exact.get(q.full) == ranked[0][0], distinct=distinct,
                          names=(bool(context) or self.names_something(question)
                                 if names is None else names))

    def settle(self, a: Assessment, th: Thresholds) -> tuple[str, tuple[tuple[str, float], ...]]:
        """`decide`, then the rules on top of it: an entry's own question said word for word
        is answered; an entry that does not state the aspect asked, or that never says a word
        of our subject the message types (`unexplained`), is only offered; so is any entry for
        a message that names nothing (`names_something`)."""
        # an entry said of others (`for_others`) is no rival: it answers someone else
        top = a.ranked[0][0] if a.ranked else ""
        others = {(top, e) for e, _ in a.ranked[1:] if self.group_entry_for_others(a.q, e)}
        same = self.same_answer | others if others else self.same_answer
        subject = a.subject
        if subject >= NAMED_SUBJECT_AT and self._names_our_subject(a.q) and _known(a.q):
            # "thủ tục cấp thẻ căn cước cho trẻ em thế nào": a name of ours, every word known
            # (not "… ID card holder's blood type field")
            subject = math.inf
        status, alts = decide(a.ranked, th, subject, same, a.distinct)
        if status == "suggest" and a.exact:
            status, alts = "answer", tuple(a.ranked[1:MAX_SUGGESTIONS])
        if status == "answer" and not self.states(a.ranked[0][0], a.q.aspect):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and self.unexplained(a.q, a.ranked[0][0]):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and self.for_others(a.q, a.ranked[0][0]):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and not a.names:
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and self._card_elsewhere(a):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and self._target_for_doing(a):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "answer" and not a.exact and (self._defines_another(a)
                                                   or self._term_elsewhere(a)
                                                   or self._about_another_document(a)):
            status, alts = "suggest", tuple(a.ranked[:MAX_SUGGESTIONS])
        if status == "suggest" and self.for_others(a.q, alts[0][0]):
            # those that name the people asked about first (stable), the best of them from
            # further down if none is among the choices ("… người nước ngoài vneid không")
            naming = next(((e, s) for e, s in a.ranked[MAX_SUGGESTIONS:]
                           if s >= th.suggest_at and not self.for_others(a.q, e)), None)
            if naming is not None and all(self.for_others(a.q, e) for e, _ in alts):
                alts = (naming, *alts[:MAX_SUGGESTIONS - 1])
            alts = tuple(self.naming_first(alts, a.q.spoken + a.q.context))
        return status, alts

    def _about_another_document(self, a: Assessment) -> bool:
        return self.about_another_document(a.ranked[0][0], a.q.documents)

    def about_another_document(self, entry_id: str, documents: frozenset[str]) -> bool:
        """True when a message is about documents by number (its own, or the ones the
        conversation named) and the entry's question is about others: "ai ký" after Kế
        hoạch 86 is not answered with who signed Kế hoạch 74."""
        named = self.title_numbers.get(entry_id, frozenset())
        return bool(documents and named and not documents & named)

    def _term_elsewhere(self, a: Assessment) -> bool:
        """True when a message only names a term ("chữ ký số", "ad ơi cho hỏi chữ ký số": it
        asks what the term is, or about it) and the best entry's question does not name it:
        the entry only mentions the term on the way to something else ("Kết quả điện tử có
        chữ ký số có giá trị pháp lý không? Có.")."""
        if a.q.aspect is not None or a.q.yes_no:
            return False
        if QUESTION_WORDS.intersection(a.q.typed - _NAMING_FOLDS):  # "ngày 10/10 là ngày gì"
            return False
        said = [t for t in a.q.typed if t not in vocabulary.ADDRESS and t not in _FOLDED_FILLERS
                and t not in vocabulary.FOLLOW_WORDS and not t.isdigit()]  # "còn mật khẩu"
        words = [t for t in said if t not in FRAME and self.weight(t) >= NAMING_WEIGHT]
        if not words or len(said) > TERM_WORDS:
            return False
        entry, term = self.kb.entries[a.ranked[0][0]], set(words)
        expanded = {t for t, credit in a.q.unigrams.items()  # "ftth": cáp quang hộ gia đình
                    if credit > CONTEXT_CREDIT and self.weight(t) >= NAMING_WEIGHT
                    and not t.isdigit()}
        title = set(self.terms(entry.title))
        if term <= title or expanded <= title:
            return False
        # or a phrasing about the term alone ("PayGov là gì", "IOC Hải Phòng", "app hai
        # phong smart"), not one that only mentions it ("kết quả điện tử có chữ ký số …")
        return not any(term <= (content := self._content(p))
                       and len(content - term - set(self.home)) <= 1 for p in entry.phrasings)

    def _content(self, text: str) -> set[str]:
        """The words of a text, folded as typed, that say something of our subject."""
        return {t for t in map(vietnamese.fold, vietnamese.words(text.lower()))
                if t not in FRAME and self.weight(t) >= NAMING_WEIGHT}

    def _defines_another(self, a: Assessment) -> bool:
        """True when a question asks what a term is ("Số hoá là gì?") and the best entry never
        says that term, in its question, phrasings or answer: it defines something else
        ("chuyển đổi số"), however many other words the two share."""
        if a.q.aspect != "definition":
            return False
        top = a.ranked[0][0]
        for sentence in _SENTENCE_END.split(a.q.said):
            words = [w for w in self.terms(sentence) if w not in _NOT_TERM]
            m = _DEFINED.match(" ".join(words))
            if m is None:
                continue
            term = [w for w in m.group(1).split() if w in self.idf]  # typos, unknown aside
            pairs = [p for p in map(" ".join, pairwise(term)) if p in self._kb_pairs]
            if not all(self.says(t, top) for t in (*term, *pairs)):
                return True
        return False

    def _card_elsewhere(self, a: Assessment) -> bool:
        """True when a message names a card ("thẻ", "cccd", "nhan the") and the best entry
        never speaks of one (`of_cards`)."""
        if a.ranked[0][0] in self.of_cards:
            return False
        return (bool(_CARD_TYPED.search(a.q.said)) or bool(_CARD_NAMES.search(a.q.spoken))
                # (unaccented only: typed with accents, "thế" is no card)
                or (not a.q.accented and bool(_A_CARD.search(a.q.spoken))))

    def _target_for_doing(self, a: Assessment) -> bool:
        """True when a question about doing something (yes/no, how, why, where…) would be
        answered with a target of the plan that is a figure: "bác lĩnh lương hưu qua tài
        khoản ngân hàng được không?" is not answered by "the share of people with a payment
        account: over 30 % by 2022", nor "không có smartphone thì làm sao dùng?" by the share
        of smartphone users. A yes/no target ("Thành phố có xây nền tảng … không?") does
        answer a yes/no question, and a figure's answers one about the target ("… có đạt mục
        tiêu không?")."""
        top = a.ranked[0][0]
        ind = self.kb.indicators.get(top)
        if ind is None or a.q.aspect in _TARGET_ASPECTS or about_target(a.q.full):
            return False
        if a.q.aspect == "yesno":
            # a yes/no target answers a yes/no question about the plan or the city ("Thành phố
            # có xây nền tảng … không?"), not one about someone doing something ("ông không
            # biết dùng điện thoại thông minh, cháu làm hộ được không": a retiree's trial)
            return ind.unit != "bool" or not _ABOUT_THE_PLAN.search(a.q.spoken)
        # the target's own name may hold a cue ("… được xử lý trên môi trường mạng": how)
        return a.q.aspect not in self.phrased_aspects[top]

    def _asked_in_a_sentence(self, question: str, a: Assessment) -> bool:
        """True when one sentence of a message of several asks a question that sentence alone
        has a confident answer to, and that answer is the whole message's best entry: "Tôi
        đang dùng chứng minh nhân dân cũ … Xin hỏi … làm sao để …?", "Vậy chuyển đổi số là
        gì? Vai trò, mục tiêu … sẽ ra sao?" (the other sentences dilute the match). Only a
        sentence that asks (a "?" or a kind of fact asked) counts, and not when the message
        types words of our subject the entry never uses (`unexplained`). The first asking
        sentence is read alone, then the last one or, in its place, what follows "cho bác
        hỏi" (`vocabulary.ASK_MARKER`) unless the context before it points at a rival
        (`_points_elsewhere`). Bounded time (each reading is a whole assessment): one reading
        of a message over `SENTENCE_LONG` characters, none of a letter over `SENTENCE_LETTER`
        or of a message under `SENTENCE_CLOSE` against every entry."""
        top, score = a.ranked[0]
        if len(question) > SENTENCE_LETTER or score < SENTENCE_CLOSE:
            return False
        pieces = _SENTENCE_END.split(question)
        sentences = [(pieces[i].strip(), "?" in pieces[i + 1] if i + 1 < len(pieces) else False)
                     for i in range(0, len(pieces), 2)]
        sentences = [(text, ends) for text, ends in sentences
                     if len(text.split()) >= SENTENCE_WORDS]
        asking = [text for text, ends in sentences
                  if ends or aspects.asked(vietnamese.normalise(text)) is not None]
        # the first that asks, and the last (the question after the context), unless the
        # message types words of our subject the entry never uses
        candidates = ([] if len(sentences) < 2 or self.unexplained(a.q, top)
                      else asking[:1] + asking[-1:])
        # what follows "cho bác hỏi" is the question, what comes before is context
        marked = _ASK_MARKER.split(unicodedata.normalize("NFC", question))
        tail = marked[-1].strip() if len(marked) > 1 else ""
        if (len(tail.split()) >= SENTENCE_WORDS
                and not self._points_elsewhere(" ".join(marked[:-1]), a)):
            candidates[1:] = [tail]  # at most two readings: the first that asks, the tail
        if len(question) > SENTENCE_LONG:  # bounded time: one reading of a long message
            candidates = candidates[:1]
        for text in dict.fromkeys(candidates):
            alone = self.assess(text, names=a.names)  # what the message names, it names
            if (not alone.refused and alone.ranked and alone.ranked[0][0] == top
                    and self.settle(alone, self.thresholds)[0] == "answer"
                    and not self.unexplained(alone.q, top)):
                return True
        return False

    def _points_elsewhere(self, context: str, a: Assessment) -> bool:
        """True when the context before the question names a pair of words that a close rival
        of the best entry says and the best entry does not: "tôi là người nước ngoài …, cho
        tôi hỏi đăng ký định danh điện tử thế nào" is about the foreigners' entry, whatever
        the question alone is closest to ("bác 70 tuổi rồi" names no such pair)."""
        top = a.ranked[0][0]
        rivals = [eid for eid, _ in a.ranked[1:]]
        # forms of address and question words say nothing ("tuổi rồi"), but "thẻ", "tài",
        # "máy" fold like question words and do ("mất thẻ")
        pairs = [b for b in self._query(context).bigrams
                 if not (FRAME - _NAMING_FOLDS).intersection(b.split())]
        return any(not self.says(b, top) and any(self.says(b, r) for r in rivals)
                   for b in pairs)

    def knows_every_word(self, question: str, places: bool = False) -> bool:
        """True when the knowledge base uses every word of a message (forms of address,
        particles and figures aside): "bác chưa đổi thì có bị phạt không" could be about the
        conversation's topic; "thế giá vàng hôm nay" could not. With `places`, a name right
        after a word that opens a place is no word of another subject: "em ở Lê Chân thì
        đăng ký ở đâu" (not "ăn phở ở đâu ngon": "ở đâu" asks, it names no place)."""
        question = _without_preamble(question)
        q = self._query(question)
        if _known(q):
            return True
        if not places:
            return False
        return all(t in q.place for t, credit in q.unigrams.items()
                   if not _uses(q, t, credit) and t not in FILLERS
                   and t not in vocabulary.ADDRESS
                   and not t.isdigit())

    def names_something(self, question: str, places: bool = False) -> bool:
        """False when a message only asks a kind of fact: "được miễn phí không?", "mất bao
        lâu?", "thế ở đâu ạ" say nothing of what about, and are not answered on their own
        (the fee of which card, of VNeID?); in a conversation the topic says it. A message
        with more such words than a kind of fact is asked with names something (no cue
        spans more than a few: the long letters need not be searched for cues). With
        `places`, a place's name after its opener names nothing either: "bác ở Kiến An thì
        làm ở đâu" asks where, for a place (a follow-up)."""
        typed = vietnamese.words(question)
        if typed and typed[0] in vocabulary.FOLLOW_OPENERS:  # "thế …" (not "the" = "thẻ")
            question = _FIRST_WORD.sub("", question, count=1)
        folded = vietnamese.normalise(_without_preamble(question))
        where = (_place_words(vietnamese.words(question), vietnamese.has_diacritics(question))
                 if places else set())

        def naming(text: str) -> list[str]:
            return [t for t in self.terms(text) if t not in FRAME and t not in FILLERS
                    and t not in where and self.weight(t) >= NAMING_WEIGHT]

        words = naming(folded)
        if len(words) > CUE_WORDS:
            return True
        return bool(words) and bool(naming(aspects.without_cues(folded)))

    def unexplained(self, q: _Query, entry_id: str) -> list[str]:
        """Words of our subject that the message types and the entry never uses, in a phrasing
        or in its answer: "sao e quét cccd gắn chip trên vneid mãi ko được" is close to "chưa
        có thẻ gắn chip thì làm định danh thế nào", and the scanning it asks about is not
        there. Such a message is offered the entry, not answered with it. Only words a few
        entries use (`UNEXPLAINED_IDF`) and of some subject weight (`UNEXPLAINED_WEIGHT`)
        count; chat abbreviations ("kh") and the city's name do not."""
        return [t for t, credit in q.unigrams.items()
                if credit >= 1.0 and len(t) >= 3 and t not in FRAME and t not in self.home
                and not t.isdigit() and self.idf.get(t, 0.0) >= UNEXPLAINED_IDF
                and self.weight(t) >= UNEXPLAINED_WEIGHT and not self.says(t, entry_id)]

    def answer(self, question: str, context: str = "", topic: str | None = None,
               documents: frozenset[str] = frozenset(), english: bool = False) -> Answer:
        """Answer one question; any input is safe and takes bounded time. `context` is the
        title of the conversation's last entry and `topic` its topic, `documents` the numbers
        of the documents it named: a follow-up such as "còn cấp xã?" is read against them.
        A message in English is read through the glossary; `english`: `question` is already
        such a reading (the dialogue reads a message once)."""
        if not english and in_english(question):
            english, question = True, self.read_english(question)
        a = self.assess(question, context, topic, documents=documents, read=False)
        q, ranked, subject = a.q, a.ranked, a.subject
        if a.refused:
            # (an English message read as nothing: "english", not "type your question")
            return Answer("none", None, 0.0, aspect=q.aspect, yes_no=q.yes_no, english=english,
                          reason="english" if english and a.refused == "empty" else a.refused)
        status, alts = self.settle(a, self.thresholds)
        if (status != "answer" and ranked and not context
                and self._asked_in_a_sentence(question, a)):
            status, alts = "answer", tuple(ranked[1:MAX_SUGGESTIONS])
        if status == "none":
            # a message that step one finds off our subject but that types a name of it
            # ("thủ tục cấp thẻ căn cước ở đâu": everyday words around "thẻ căn cước") is ours
            # all the same: no entry of ours fits it, and the closest are shown after saying so
            reason = "no_match" if self.thresholds.on_subject(
                subject, ranked[0][1] if ranked else 0.0) or self._names_our_subject(
                q) else "out_of_scope"
            if english:  # not "outside what I know": read only through a glossary
                reason = "english"
            return Answer("none", None, ranked[0][1] if ranked else 0.0, alts, reason,
                          q.aspect, subject, q.yes_no, english)
        top_id, top = ranked[0]
        if status == "suggest" and alts:  # the first choice shown (`settle` may reorder them)
            top_id = alts[0][0]
        return Answer(status, self.kb.entries[top_id], top, alts, "", q.aspect, subject,
                      q.yes_no, english)
