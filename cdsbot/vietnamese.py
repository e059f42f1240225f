"""Vietnamese text normalisation, tokens and number parsing.

Pure functions, no I/O. Everything the answer engine and the report parser compare goes through
here, so that the knowledge base (normalised once, at load time) and a user's message (normalised
per question) meet in the same form.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from cdsbot.strings import vocabulary

# Combining marks that carry a Vietnamese tone (huyền, sắc, ngã, hỏi, nặng). The vowel marks
# (circumflex U+0302, breve U+0306, horn U+031B) are kept in the accented key.
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_PERCENT = re.compile(r"\s*[%％]")
_AGE = re.compile(r"(?<![\w.,])(\d{1,3})[tT](?!\w)")  # "19t", "70T"
# A token: letters/digits, with an inner decimal or thousands separator kept for numbers.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+", re.UNICODE)
MAX_QUESTION_CHARS = 500


def clean(text: str) -> str:
    """NFC, invisible characters removed, whitespace collapsed; case and accents kept."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower-case, remove every diacritic (đ -> d): the recall form."""
    text = unicodedata.normalize("NFD", text.casefold().replace(vocabulary.D_STROKE, "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def as_typed(text: str) -> str:
    """Lower case, each word with its accents if it was typed with any, folded if not:
    "nham roi, 58,5 nhé" -> "nham roi, 58,5 nhé" (to read a cue in either form, and not
    "lon" in "lớn")."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0) if has_diacritics(m.group(0))
                  else fold(m.group(0)), text)


def cancels(raw: str) -> bool:
    """“hủy”, “thôi”, “dừng lại”… alone, accents as typed (“huy” folded could be a name, “dung”
    the word “đúng”)."""
    said = " ".join(unicodedata.normalize("NFC", raw).lower().strip(" .!?…").split())
    return said in vocabulary.CANCEL_AS_TYPED


def has_diacritics(text: str) -> bool:
    """True if the user typed any Vietnamese diacritic (so accents can break ties)."""
    return fold(text) != text.casefold()


@lru_cache(maxsize=65_536)
def accent_key(syllable: str) -> str:
    """A syllable's accented form with the tone moved to the end: hoà and hòa give the same key.

    Old and new tone placement differ only in where the tone mark sits; taking the tone out and
    appending it as a digit makes the two spellings equal while keeping ma/má/mà apart.
    """
    tone = ""
    kept = []
    for c in unicodedata.normalize("NFD", syllable.casefold()):
        if c in _TONE_MARKS:
            tone = _TONE_MARKS[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def _prepare(text: str) -> str:
    text = clean(text)[:MAX_QUESTION_CHARS] if len(text) > MAX_QUESTION_CHARS else clean(text)
    return _AGE.sub(vocabulary.AGE, _PERCENT.sub(vocabulary.PERCENT, text))


def words(text: str) -> list[str]:
    """Lower-case accented word tokens (numbers kept whole, '%' spelled out)."""
    return list(_words(text))


def forget_texts() -> None:
    """Empty the caches of whole texts (`normalise`, `words`): the benchmark times each message
    as a new one (syllables, `fold`, stay cached: every message has them)."""
    normalise.cache_clear()
    _words.cache_clear()


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    # (one message is split into words by several readers in one answer: once is enough)
    return tuple(t.casefold() for t in _TOKEN.findall(_prepare(text)))


def tokens(text: str) -> list[str]:
    """Folded word tokens: the recall form used for indexing and matching."""
    return [fold(t) for t in words(text)]


@lru_cache(maxsize=1024)
def normalise(text: str) -> str:
    """The folded, punctuation-free, single-spaced form of a text."""
    return " ".join(tokens(text))


class NumberError(ValueError):
    """A value that is not a plain decimal number; the message says how to write it."""


_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:([.,\s])\d{3})+|\d+)(?:[.,]\d+)?$")


def parse_number(text: str) -> tuple[float, bool]:
    """Parse "87,5", "87.5%", "1.234.567", "1 234" -> (value, had_percent_sign).

    Vietnamese writes a decimal comma and dots for thousands; people also type a decimal point.
    Rules: with both separators the last one is the decimal mark; repeated separators are
    thousands; a single dot followed by exactly three digits is a thousands separator ("1.234"),
    any other single separator is a decimal mark. Only ASCII digits are accepted.
    """
    s = clean(text)
    percent = False
    if s.endswith(("%", "％")):
        percent = True
        s = s[:-1].strip()
    if not s or not s.isascii() or not _NUMBER.match(s.replace("\u00a0", " ")):
        raise NumberError(vocabulary.NOT_A_NUMBER.format(text=text[:40]))
    sign = -1.0 if s.startswith("-") else 1.0
    s = s.lstrip("+-")
    s = s.replace(" ", "")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif s.count(",") > 1 or s.count(".") > 1:
        s = s.replace(",", "").replace(".", "")
    elif "." in s:
        head, tail = s.split(".")
        if len(tail) == 3 and head != "0":
            s = head + tail
    else:
        s = s.replace(",", ".")
    value = sign * float(s)
    if not math.isfinite(value):
        raise NumberError(vocabulary.NUMBER_TOO_LARGE.format(text=text[:40]))
    return (value + 0.0, percent)  # + 0.0 turns -0.0 into 0.0


# Folded Vietnamese syllable = onset + rhyme. A typo usually yields something that is not a
# syllable ("quag", "congg", "grpd"); an unknown real syllable ("cuu", "nau") is a real word the
# knowledge base does not know, which must not be "corrected" into one it does.
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
_RHYMES = (
    "a ac ach ai am an ang anh ao ap at au ay e ec ech em en eng enh eo ep et eu i ia ich iec "
    "iem ien ieng iep iet ieu im in inh ip it iu o oa oac oach oai oam oan oang oanh oao oap oat "
    "oay oc oe oen oeo oet oi om on ong ooc oong op ot u ua uan uang uat uay uc ue uech uenh ui "
    "um un ung uo uoc uoi uom uon uong uop uot uou up ut uu uy uya uyen uyet uynh uyt uych uyu "
    "y yen yet yeu"
).split()
_SYLLABLE = re.compile(rf"^(?:{_ONSETS})?(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})$")


def is_syllable(folded: str) -> bool:
    """True if a folded token could be a Vietnamese syllable (onset + rhyme)."""
    return bool(_SYLLABLE.match(folded))


def number(value: float) -> str:
    """87.5 -> '87,5'; 10.0 -> '10' (Vietnamese decimal comma)."""
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",")
