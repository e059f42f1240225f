"""How to call the person writing: "bác" when they call themselves "bác", not "bạn".

Vietnamese has no neutral "you": a reply that says "bạn" to a 70-year-old who wrote "cho bác
hỏi" sounds like talking down. The writer's own self-word says how to call them back. Only a
self-word in a telling place counts ("cho X hỏi", "X muốn …" at a clause's start), so "bác
sĩ", "ông bà" or "anh ơi" (the bot addressed) do not. Elders' words and anh/chị are used back;
"em", "cháu", "tôi" get the default "bạn". A writer who calls the bot "cháu" and says no word
for themselves is an elder: "bác".
"""

from __future__ import annotations

import re
import unicodedata

from cdsbot.strings import vocabulary

_CLAUSES = re.compile(r"[,.;:!?\n]+|\s(?:" + "|".join(vocabulary.VOCATIVES) + r")\b")
_WORDS = re.compile(r"[^\W_]+")
_CALLED_CHAU = re.compile(vocabulary.CALLED_CHAU)


def self_name(message: str, known: str | None = None) -> str | None:
    """The word to call the writer by, "" when they use a plain self-word ("tôi", "em": the
    default "bạn"), None when the message does not say. `known`: the word the writer gave
    before; a message that only calls the bot "cháu" keeps an elder's own ("bà muốn hỏi …",
    then "cảm ơn cháu nhé": still "bà", not the default "bác")."""
    found = None
    message = unicodedata.normalize("NFC", message).lower()  # "bác" typed decomposed is "bác"
    hailed = False  # the clause before greeted the bot ("chào em, chị là …")
    for clause in _CLAUSES.split(message):
        words = _WORDS.findall(clause)
        for i, word in enumerate(words):
            before = words[i - 1] if i else ""
            # "chào cháu bà hỏi chút" (a grandmother's trial)
            greeted = _greeted(words[:i]) or (hailed and i == 0)
            if word in vocabulary.SELF_NAMES:
                name = vocabulary.SELF_NAMES[word]
            elif (before == "cho" or greeted) and word in vocabulary.SELF_NAMES_AFTER_CHO:
                name = vocabulary.SELF_NAMES_AFTER_CHO[word]  # "cho ba hoi", "chao chau ba …"
                if word == "c" and known in vocabulary.C_NAMES:
                    name = known  # chat "c" is cô or chú too: the word given before stays
            elif word in vocabulary.SELF_PLAIN:
                name = ""
            else:
                continue
            after = words[i + 1] if i + 1 < len(words) else ""
            opening = greeted or all(w in vocabulary.SELF_OPENERS for w in words[:i])
            if before in vocabulary.SELF_AFTER or (
                    name in vocabulary.ELDER_NAMES and before in vocabulary.KIN_OF) or (
                    # "chào em, chị là kế toán …" (an accountant's trial: "bạn")
                    greeted and after in vocabulary.INTRODUCING) or (
                    opening and (after in vocabulary.SELF_VERBS or after.isdigit()
                                 or (after in vocabulary.ELDER_SELF_VERBS
                                     and name in vocabulary.ELDER_NAMES))):
                found = name
                break
        if found is not None:
            return found
        hailed = _greeted(words)
    if _CALLED_CHAU.search(message):  # "chào cháu, làm thẻ căn cước ở đâu"
        return known if known in vocabulary.ELDER_NAMES else vocabulary.ELDER_DEFAULT
    return None


def _greeted(words: list[str]) -> bool:
    """True for a clause's opening that greets the bot by a word for it: "chào cháu", "chao
    em", "xin chào bot" (a self-word may follow: "chào cháu bà hỏi chút")."""
    if words and words[0] == "xin":
        words = words[1:]
    return (len(words) == 2 and words[0] in vocabulary.GREETS
            and words[1] in vocabulary.BOT_NAMES)
