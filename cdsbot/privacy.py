"""Privacy by design, pure: mask personal data in a question before any of it is stored, and
the one-way tag that lets a person delete their 👎 questions without linking them to anyone.

No I/O, no `telegram`. The answer engine, the bot and the console may all call `mask`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from cdsbot import strings, vietnamese

EMAIL = "[email]"
PHONE = strings.privacy.PHONE
ID_NUMBER = strings.privacy.ID_NUMBER
NUMBER = strings.privacy.NUMBER

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# a run of digits, possibly with one space, dot or dash between groups ("031 234 567 890")
_DIGITS = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){5,}(?!\w)")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")  # 1.250.000: an amount, not an id


def _digits_kind(run: str) -> str | None:
    """PHONE, ID_NUMBER, NUMBER or None (keep) for one run of digits."""
    digits = re.sub(r"\D", "", run)
    n = len(digits)
    if run.startswith("+") or (digits.startswith("84") and n in (11, 12)):
        return PHONE if n >= 10 else None
    if digits.startswith("0") and n in (10, 11):
        return PHONE  # Vietnamese mobile and landline numbers: 0 + 9 or 10 digits
    if n in (9, 12):
        return ID_NUMBER  # CMND (9 digits), CCCD (12 digits)
    if n >= 8 and not _THOUSANDS.match(run):
        return NUMBER  # bank accounts, tax codes, anything long that is not an amount
    return None


def mask(question: str) -> str:
    """The question with e-mail addresses, phone numbers, ID card numbers (CMND 9 / CCCD 12
    digits) and other long digit runs replaced by a placeholder. Amounts written with
    thousands separators (1.250.000) and short numbers (years, percentages) are kept."""
    out = _EMAIL.sub(EMAIL, unicodedata.normalize("NFC", question))

    def repl(m: re.Match[str]) -> str:
        kind = _digits_kind(m.group())
        return kind if kind else m.group()

    return _DIGITS.sub(repl, out)


_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def storable(question: str) -> str:
    """What may be stored of a question for the editors: masked, normalised, at most 500
    characters; "" when nothing readable is left (emoji only, zero-width characters), so
    that an empty string is never logged."""
    cleaned = _INVISIBLE.sub("", mask(question))
    normalised = vietnamese.normalise(cleaned)
    if not any(ch.isalnum() for ch in normalised):
        return ""
    return normalised[:500]


def owner_tag(key: str, user_id: int) -> str:
    """A one-way tag of a person (HMAC-SHA256 keyed with a secret that is not in the
    database): stored next to their 👎 question so that "delete my data" finds it, while the
    database alone (a backup, an export) cannot tie the question to anyone."""
    return hmac.new(key.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]
