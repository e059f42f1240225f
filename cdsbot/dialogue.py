"""A conversation, not a search box: one module for the console and the Telegram bot.

Per chat it remembers, for a few minutes, the last topic (so "còn cấp xã?", "ở đâu?" or "thế
thực tế đạt bao nhiêu?" are read against it), the pending "did you mean" choices (a number picks
one only while they are pending), and the last answer (so "xem thêm" and "nguồn" work by text
as well as by button). Greetings, thanks, "bạn là ai" and goodbyes get short replies of their
own; a greeting in front of a question does not hide the question.

Nothing here knows about Telegram: a `Turn` says what to show, the front end shows it.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from cdsbot import address, aspects, strings, vietnamese
from cdsbot.assistant import Assistant
from cdsbot.knowledge import Entry
from cdsbot.live import Live
from cdsbot.search import CANDIDATES, MAX_SUGGESTIONS, NAMING_WEIGHT, Answer, Index, in_english
from cdsbot.strings import vocabulary

TOPIC_MINUTES = 10  # a follow-up is read against the last topic for this long
CHOICES_MINUTES = 30  # numbered choices stay pending for this long
FOLLOW_MARGIN = 0.05  # a follow-up's sibling entry is answered when no rival is this close
FOLLOW_UP_WORDS = 6  # a short question of a kind ("ở đâu?") is read against the topic
ELLIPSIS_WORDS = 2  # a phrase asked alone ("Cấp xã?") is read against the topic too
SAME_THING = 0.5  # share of subject two questions must have in common to be about one thing
SAME_QUESTION = 0.75  # share of a sibling question's subject the last question must have
# kinds of fact a follow-up asks of the same thing ("làm ở đâu?", "mất bao lâu?"); "khi nào?"
# after the plan could be its date or any of its deadlines
PROCEDURAL = frozenset({"place", "cost", "duration", "documents", "age"})
# A follow-up answered with the last entry again ("bác ở Kiến An thì ra đâu", 0.61; "em ở Lê
# Chân thì đăng ký ở đâu", 0.59) scores at least this against it; "chị sắp cưới, đăng ký kết hôn
# ở đâu" after where to register for VNeID scores 0.49 (another procedure).
SAME_AGAIN_AT = 0.55
# kinds of fact a case of one's own may change (the merger's card is free, in 7 days)
OWN_CASE = frozenset({"cost", "duration"})
MAX_TODAY = 2  # entries of today offered for "hiện nay thì sao" after a rule of the past
MAX_CHATS = 10_000  # chats remembered (least recently active forgotten first)
REFUSED_KEPT = 1000  # characters of a refused message kept (its end: where a letter asks)

# Words that address or soften ("bác", "cháu", "ạ", "nhé", "bot"…): ignored when deciding
# whether a message is small talk.
# ("co", "ba", "o": cô, bà, ơ; "c": chị; "bro", "sis": chat English)
_ADDRESS = frozenset(
    "a ad admin anh ban bac bot cau chau chi em e minh mk t nhe nha nhi oi ong toi to shop "
    "nhieu rat ha hii hihi z nhiu co ba chu o c bro sis".split()
)


def _whole_words(pattern: str) -> re.Pattern[str]:
    """A small-talk pattern whose alternatives are tried longest first, each only where a word
    ends: "oke" is not "ok" and a stray "e", "đã hiểu" is not "đã" and a stray "hiểu"."""
    alternatives, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
    alternatives.append(pattern[start:])
    alternatives.sort(key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(alternatives)})(?= |$)")


_SMALL_TALK: dict[str, re.Pattern[str]] = {
    "greeting": _whole_words(r"(?:xin )?chao|hi|hello|helo|hey|alo|alo alo|good morning|"
                             r"good afternoon|good evening|hello again|hi again|hey there|"
                             r"chao buoi (?:sang|chieu|toi)"),
    "thanks": _whole_words(vocabulary.THANKS),
    "bye": _whole_words(r"tam biet|bye|bye bye|goodbye|hen gap lai|di day|di|thoi chao|"
                        r"see you|see you later|bye now|good night|"
                        r"(?:phai )?di (?:hoc|lam|ve|an com|lam viec|cho|choi|cong viec|hop) "
                        r"(?:day|nhe|nha|roi|thoi)|"
                        r"chuc (?:suc khoe|khoe|vui ve|ngu ngon|(?:mot )?ngay tot lanh)|"
                        r"ngu ngon"),
    "who": _whole_words(r"(?:la )?ai(?: vay| the)?|la gi|la j|la ai|la bot gi|lam duoc gi|"
                        r"giup duoc gi|biet gi|hoi duoc gi|co the lam gi|lam gi|"
                        # "ad là người hay máy", "cháu có phải người thật không hay là máy?"
                        r"(?:(?:co )?phai )?(?:la )?nguoi(?: that)?(?: (?:khong|ko|k))? hay "
                        r"(?:la )?(?:may|bot|robot)|"
                        r"(?:(?:co )?phai )?(?:la )?(?:nguoi that|may|bot|robot|"
                        r"chatbot|ai tra loi)(?: (?:khong|ko|k|a|vay))?|"
                        r"hay (?:la )?(?:may|bot|robot|nguoi(?: that)?)(?: (?:vay|a|z))?|"
                        # chat to the bot about itself: "bot có người yêu chưa" (not its age:
                        # "bao nhiêu tuổi?" is a follow-up about an age; nor "tên gì": "ông tên
                        # gì" after who signed the plan asks his name, a review)
                        r"(?:co )?(?:nguoi yeu|ny|ban gai|ban trai|vo|chong|gia dinh)"
                        r"(?: (?:chua|khong|ko|k|ch))?|an com chua"),
    # about to ask: "cho e hỏi tí", "chị ơi cho em hỏi", "bác hỏi cái này" (the question is
    # still to come: invited, not refused)
    "ask": _whole_words(r"(?:cho|xin|nho|muon|can|de)? ?(?:lai )?hoi (?:(?:lai|them) )?"
                        r"(?:ti|chut|xiu|1 chut|mot chut|1 ti|mot ti|cai nay|cai|1 cai|mot cai|"
                        r"1 cau|mot cau|1 viec|mot viec|"
                        r"ty|tham|them|voi|cai nay voi|chut xiu|ti xiu)(?: (?:voi|duoc khong|"
                        r"dc k|dc ko|duoc ko|nhe|nha))?|"
                        r"(?:can giup do|can tu van|can giup|giup do|tu van|giup)"
                        r"(?: (?:giup|voi|chut|ti))?|"
                        r"(?:cho|xin|nho|muon|can) ?hoi(?: (?:voi|duoc khong|dc k|dc ko|nhe))?|"
                        # ("cau", cậu, is taken for a form of address: "một hỏi")
                        r"(?:co )?(?:1|mot) (?:cau hoi|hoi|viec)(?: (?:muon|can) hoi)?|"
                        r"(?:nho|can|xin) (?:giai dap|tu van|giup)(?: (?:giup|voi|chut|ti))?|"
                        # a persona's trial: "ad oi e hoi lai chut", "chau oi ba lai hoi may
                        # cai", "ad oi cuu e" (a plea: the question is still to come)
                        r"(?:lai )?hoi (?:may|vai|mot vai|1 vai) (?:cai|cau|viec|dieu)|"
                        r"cuu(?: (?:voi|em|e|minh|toi|chau|bac|toi voi|em voi|voi a))?"),
    # praise after an answer ("cháu giỏi quá", "rất hữu ích"): thanked back
    "praise": _whole_words(r"(?:gioi|hay|tot|nhanh|de hieu|chi tiet|tuyet|nhiet tinh) "
                           r"(?:qua|ghe|the|lam|that)|huu ich(?: qua| ghe| lam)?|tuyet voi|"
                           # "Cảm ơn bot, thông tin rất hữu ích cho bài viết của tôi", "cháu
                           # ngoan" (a journalist's and a grandmother's thanks, persona trials)
                           r"(?:(?:thong tin|cau tra loi) (?:huu ich|bo ich|hay|chi tiet|"
                           r"de hieu|ro rang)|huu ich|bo ich)"
                           r"(?: (?:cho|voi) (?:bai viet|bai bao|cong viec|viec|gia dinh)"
                           # ("của tôi": the address word "tôi" is left out before this)
                           r"(?: cua)?)?|ngoan(?: qua| lam| the)?|"
                           r"tuyet|(?:tra loi|cau tra loi|thong tin) (?:nhanh|hay|huu ich|"
                           r"chi tiet|de hieu|tot|chinh xac|ro rang)(?: qua| ghe| the| lam)?"),
    "ok": _whole_words(r"ok|oke|okay|uh|u|um|vang|da|duoc|hieu roi|ro roi|da hieu|the thoi|"
                       # sighs and laughs, a slip owned ("chi oi, nham, em oi cho chi hoi them")
                       r"hic|hic hic|huhu|hihi|hehe|haha|hjhj|nham|nham roi|go nham|"
                       r"vay thoi|thoi|duoc roi|hieu r|hieu|roi|r|vay nhe|the nhe|the|vay|"
                       r"oki|okie|dc|dc r|dc roi|hiu|hiu r|hiu roi|nhe|nha"),  # "dc r tks"
    # about the bot's answers, not a question: "sao ad trả lời lâu thế", "bot ngu thế"
    # ("ngủ", "dùng" fold to "ngu", "dung": "đi ngủ thôi", "không dùng được" are not complaints)
    "complaint": _whole_words(r"(?:sao )?(?:tra loi |rep )?(?:lau|cham) (?:the|qua|vay|ghe)|"
                              r"(?:tra loi )?sai (?:roi|bet|het|ro)|tra loi sai|sai|"
                              r"ngu (?:the|vay|vl|vcl|qua|that|ghe|lam)|"
                              r"tra loi (?:khong|ko|k) dung|"
                              r"(?:khong|ko|k) dung (?:roi|dau)|"
                              r"vo dung|(?:chang|khong|ko) (?:hieu|biet) gi|"
                              r"(?:tra loi )?linh tinh|(?:tra loi )?lung tung|kem (?:the|qua)"),
}
# The bot's own features asked in words (folded), most specific first; only in a short
# message ("tôi không muốn nhận tin nữa", "làm sao để sửa số liệu đã báo cáo").
_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unsubscribe", re.compile(r"\b(?:khong muon nhan|dung nhan|ngung nhan|thoi nhan|"
                               r"huy(?: dang ky)?(?: nhan)?|tat|bo theo doi) "
                               r"(?:tin|thong bao)")),
    ("subscribe", re.compile(r"\b(?:nhan|dang ky nhan|bat|theo doi) (?:tin|thong bao)"
                             r"(?! (?:luu tru|ket qua|ho so))")),
    ("report", re.compile(r"\b(?:bao cao|nhap|gui|sua|nhap nham|nhap sai|rut lai) so lieu|"
                          r"\bbao cao (?:the nao|nhu the nao|ntn|ra sao|lam sao)|"
                          r"\b(?:khong|ko|k) bao cao (?:duoc|dc)|^(?:\w+ ){0,3}rut lai$")),
    ("progress", re.compile(r"\btien do (?:cac )?(?:chi tieu|cua don vi|don vi|ke hoach)")),
)
FEATURE_WORDS = 14  # longer messages are questions of their own

_CALLS = frozenset("oi ad admin bot hi alo chau bac anh chi em ban".split())
_FOLLOW_START = re.compile(r"^(?:con|the con|vay con|the|vay|the thi|vay thi|thi|con neu|"
                           r"the con ve|con ve|the o|con o)\b")
_FOLLOW_END = re.compile(r"\b(?:thi sao|the nao|nua|sao)$")
_MORE = re.compile(r"^(?:xem them|chi tiet|noi them|giai thich them|cu the hon|them|"
                   r"more|tell me more|more details|details|more please|"
                   r"(?:noi |giai thich )?(?:de hieu|ro|ky) hon(?: (?:duoc|dc) (?:khong|ko|k))?|"
                   r"(?:noi |giai thich )?(?:de hieu|ro|ky) hon (?:di|nhe|nua))"
                   # and what for: "Giải thích dễ hiểu hơn được không, để các em lớp 6 cũng
                   # hiểu?" (a principal's trial: "not found")
                   r"(?: de(?: \w+){1,10})?$")
_SOURCES = re.compile(r"^(?:nguon|nguon nao|nguon o dau|xem nguon|trich nguon|sources?|"
                      r"what are (?:your|the) sources|sources? please)$|"
                      # "cảm ơn, cho tôi xin nguồn để trích dẫn" (a journalist)
                      r"^(?:\w+ ){0,6}(?:xin|gui|cho xem|xem) (?:cai |cac )?nguon(?: \w+){0,4}$")
_GREETING = re.compile(r"^(?:xin )?(?:chao|hi|hello|alo)\b")
# who one is, or where one lives: "tôi là phóng viên", "bác ở Kim Thành, Hải Dương cũ", "nhà
# em ở Lê Chân" (a self-introduction before the question)
_INTRODUCES = re.compile(r"\b(?:(?:toi|em|minh|chau|bac|ong|ba|chu|anh|chi|chung toi) "
                         r"(?:la|(?:dang |song |que |nha )?o)"
                         r"|nha (?:toi|em|minh|chau|bac|ong|ba) o)\b")
_EITHER = re.compile(r" hay (?:la )?\w+$| hay (?:khong|ko|k|chua)\b")  # "nộp lại hay giữ"
_ASKING = frozenset("thi nhung gi j nao".split())  # particles of a question, no word of its own
_NUMBER = re.compile(r"^\s*([0-9]{1,3})\s*[.)]?\s*$")
# Words around a number that still only picks a choice: "1 ạ", "số 2", "câu 3 nhé", "chọn 1".
_CHOICE_WORDS = _ADDRESS | frozenset("so cau chon cai muc y phuong an lua di voi la".split())


@dataclass(frozen=True)
class Turn:
    """What to show for one message.

    kind: answer | suggest | none | smalltalk | choice_again | no_choices | more | sources.
    `entry_id` is the entry shown (answer, a picked choice, more, sources); `choices` the entry
    ids offered; `answer` the engine's result when the engine was asked."""

    kind: str
    html: str
    entry_id: str | None = None
    choices: tuple[str, ...] = ()
    answer: Answer | None = None
    question: str = ""  # the question as the answer reads it (with the conversation's exempt
    # asker: "đổi mất bao nhiêu tiền" after "bác năm nay 60 tuổi"), for a renderer of its own


@dataclass
class _Chat:
    topic: str | None = None
    topic_at: float = -math.inf  # never: a clock may start at 0
    choices: tuple[str, ...] = ()
    choices_at: float = -math.inf
    related: bool = False  # the choices only came close to a refused message
    refused: str = ""  # …that message: the first choice is its topic if it names its thing
    kept: bool = False  # offered for a message that named nothing: the topic stays the topic
    asked: str = ""  # the message the choices were offered for (who it is about)
    documents: frozenset[str] = frozenset()  # numbers of documents the last question named
    name: str = ""  # what the writer calls themselves ("bác"), said back instead of "bạn"
    named_by: int | None = None  # …by whom (in a group, only to them)
    # someone exempt from fees, as an earlier message said ("bác năm nay 68 tuổi"), by whom
    # and when: a cost asked next ("đổi mất bao nhiêu tiền") is answered with the exemption first
    exempt: str = ""
    exempt_by: int | None = None
    exempt_at: float = -math.inf
    # the people a message named whom most answers do not hold for (`Index.people`: folded,
    # " nguoi nuoc ngoai "), by whom and when: what that writer asks next without naming its
    # own thing is about them too, while the topic is fresh (`Index.for_others`)
    people: str = ""
    people_by: int | None = None
    people_at: float = -math.inf
    # when and whom the chat last told that answers are in Vietnamese
    english_at: float = -math.inf
    english_by: int | None = None


@dataclass
class Dialogue:
    """Conversations over the live knowledge base (swapped whole on a reload).

    Each question the engine answered goes to `live.journal` (the bot's live knowledge counts
    and logs it; the console's has no database and stores nothing)."""

    live: Live
    clock: Callable[[], float] = time.monotonic
    chats: OrderedDict[int, _Chat] = field(default_factory=OrderedDict)

    @property
    def assistant(self) -> Assistant:
        return self.live.assistant

    def _chat(self, chat_id: int) -> _Chat:
        chat = self.chats.pop(chat_id, None) or _Chat()
        self.chats[chat_id] = chat
        while len(self.chats) > MAX_CHATS:
            self.chats.popitem(last=False)
        return chat

    def _fresh(self, since: float, minutes: int) -> bool:
        return self.clock() - since <= minutes * 60

    def shown(self, chat_id: int, entry_id: str) -> None:
        """An entry was shown in this chat (an answer, a picked choice, a button): it becomes
        the topic follow-ups are read against (a list of choices stays pending)."""
        chat = self._chat(chat_id)
        chat.topic, chat.topic_at = entry_id, self.clock()

    def offered(self, chat_id: int, choices: tuple[str, ...], related: bool = False,
                kept: bool = False, refused: str = "", asked: str = "") -> None:
        """Choices were offered: "did you mean" (`related` False), or entries that only came
        close to a message the bot could not answer (True; `refused`: that message). `kept`:
        offered for a follow-up that named nothing ("mất bao lâu?"), so the entry shown before
        stays the topic. `asked`: the message they were offered for."""
        chat = self._chat(chat_id)
        chat.choices, chat.choices_at = choices, self.clock()
        chat.related, chat.kept, chat.refused = related, kept, refused
        chat.asked = asked

    def addressed(self, chat_id: int, html: str, user_id: int | None = None) -> str:
        """`html` said to this chat's writer as they call themselves ("bác", not "bạn")."""
        chat = self.chats.get(chat_id)
        if chat is None or chat.named_by != user_id:
            return html
        return strings.citizen.addressed(html, chat.name)

    def turn(self, chat_id: int, message: str, user_id: int | None = None) -> Turn:
        """Read one message in its chat's context and say what to show, to the writer as they
        call themselves; `user_id` (who wrote it) also tells the journal whether a citizen or
        staff asked."""
        chat = self._chat(chat_id)
        name = address.self_name(message, chat.name if chat.named_by == user_id else None)
        if name is not None:
            chat.name, chat.named_by = name, user_id
        english = in_english(message)  # read once, through the glossary
        turn = self._turn(chat, chat_id, self.assistant.index.read(message), user_id,
                          message if english else "")
        if english:
            turn = self._in_english(chat, turn, user_id)
        return replace(turn, html=self.addressed(chat_id, turn.html, user_id))

    def _in_english(self, chat: _Chat, turn: Turn, user_id: int | None) -> Turn:
        """A reply to a message in English says once per conversation and writer that it is
        in Vietnamese (a trial: the notice on every reply was noise); a refusal always says in
        both languages that nothing was found (and tells nothing of the answers)."""
        told = chat.english_by == user_id and self._fresh(chat.english_at, TOPIC_MINUTES)
        note = strings.citizen.read_in_english("")
        if turn.kind in ("answer", "suggest", "none"):
            if not turn.html.startswith(note):
                return turn
            if not told:
                chat.english_at, chat.english_by = self.clock(), user_id
                return turn
            answer = replace(turn.answer, english=False) if turn.answer else None
            return replace(turn, html=turn.html[len(note):], answer=answer)
        if told:
            return turn
        chat.english_at, chat.english_by = self.clock(), user_id
        return replace(turn, html=strings.citizen.read_in_english(turn.html))

    def _turn(self, chat: _Chat, chat_id: int, message: str, user_id: int | None,
              english: str = "") -> Turn:
        """`english`: the message as typed, when `message` is its reading in Vietnamese (the
        reply says so; the journal keeps what was typed)."""
        assistant = self.assistant
        folded = vietnamese.normalise(message)
        if vietnamese.cancels(message) and (self._pending(chat) or not small_talk(folded)):
            # "hủy" drops the choices offered; with none, it is told so ("thôi" is then only
            # "that's all", answered below)
            had = bool(self._pending(chat))
            chat.choices, chat.choices_at = (), -math.inf  # the topic stays the topic
            return Turn("smalltalk", strings.citizen.CHOICES_DROPPED if had
                        else strings.citizen.NOTHING_TO_CANCEL)
        number = _choice_number(message, folded)
        if number is not None:
            return self._number(chat, number)
        topic = chat.topic if chat.topic and self._fresh(chat.topic_at, TOPIC_MINUTES) else None
        said = (folded, vietnamese.normalise(english)) if english else (folded,)  # "sources"
        more = any(_MORE.match(f) for f in said)
        sources = any(_SOURCES.match(f) for f in said)
        if topic in assistant.kb.entries:
            if more:
                kb = assistant.kb
                return Turn("more", strings.citizen.render_more(kb, kb.entries[topic]), topic)
            if sources:
                return Turn("sources", strings.citizen.render_sources(assistant.kb,
                                                            assistant.kb.entries[topic]), topic)
        if more or sources:  # nothing shown yet to expand
            return Turn("smalltalk", strings.citizen.NOTHING_TO_EXPAND)
        talk = next((t for t in map(small_talk, said) if t), None)
        if talk == "greeting" and topic is not None and not folded.startswith("xin"):
            # "chào cháu" after an answer ends the conversation; "em ơi", "ad ơi" only call
            # (a ward official's trial: "em ơi" mid-conversation got "Tạm biệt!")
            talk = "bye" if _SMALL_TALK["greeting"].search(folded) else "ask"
        if talk:
            return Turn("smalltalk", strings.citizen.SMALL_TALK[talk])
        asked_for = feature(folded)
        if asked_for:
            return Turn("smalltalk", strings.citizen.FEATURES[asked_for])
        # the document the conversation is about, while its topic is fresh ("ai ký?")
        carried = chat.documents if topic is not None else frozenset()
        named_people = assistant.index.people(message)
        own = assistant.index.names_own_people(message)
        if named_people or own:  # (a citizen named: the conversation is no longer about them)
            chat.people, chat.people_by, chat.people_at = named_people, user_id, self.clock()
        people = (chat.people if chat.people_by == user_id
                  and self._fresh(chat.people_at, TOPIC_MINUTES) else "")
        ans = assistant.index.answer(message, documents=carried, english=bool(english))
        pending = self._pending(chat)
        # (a suggestion led by an offered choice is the same question again, not a follow-up)
        chosen = (_chosen(message, ans, pending, assistant, chat.asked)
                  if ans.status == "none" or (ans.status == "suggest"
                                              and ans.entry_id not in pending) else None)
        names = assistant.index.names_something(message, places=True)
        about = self._about(chat, topic, pending, names)
        last = assistant.kb.entries[about] if about else None
        bare = followed = False
        if chosen is not None:
            ans = chosen
        elif (last is not None and last.id == topic and (figures := _figures_only(folded))
              and all(assistant.index.says(f, last.id) for f in figures)
              and not _of_another_year(last, figures)):
            # "còn năm 2024?" after the DTI ranks of every year (shown, not only offered):
            # the same entry says it
            ans = replace(ans, status="answer", entry=last, alternatives=(), reason="")
        elif last is not None and last.id == topic and _today_only(folded):
            # "hiện nay thì sao" after an entry: one that holds today is said again (its
            # answer is today's); after a rule of the past, the entries of today about the
            # same question are offered
            ans = self._today(last, ans)
        elif (last is not None and _follows_up(message, folded, ans)
              and not (own and last.id in assistant.index.group_entries)
              # another procedure is no follow-up ("đăng ký khai sinh cho con thế nào"
              # under choices about online filings: a run over the fake Bot API)
              and not assistant.names_another_procedure(message)
              and assistant.index.knows_every_word(message, places=True)):
            # (not for a message with words the knowledge base never uses, a place's name
            # aside: "thế còn ăn phở ở đâu ngon" after where to get VNeID is about something
            # else, "em ở Lê Chân thì đăng ký ở đâu" is not)
            follow = _settled(assistant.index.answer(message, context=f"{last.title} {people}",
                                                     topic=last.topic, documents=carried,
                                                     english=bool(english)),
                              last, assistant, folded, shown=last.id == topic)
            followed = True
            bare = not names  # "được miễn phí không?"
            # the first of the choices offered (none picked) is what the talk is about
            first_offered = (last.id != topic and not chat.related and bool(pending)
                             and last.id == pending[0])
            if bare and (last.id == topic or (
                    first_offered and follow.aspect is not None
                    # if no other choice states it: "mất bao nhiêu ngày" under the choices
                    # for a card changed after the merger (first; 7 working days) got
                    # VNeID's times (a Việt kiều's and a student's trial)
                    and not any(assistant.index.states(e, follow.aspect)
                                for e in pending[1:]))):
                follow = _stated_by_the_topic(follow, last, assistant, message, folded)
            if bare:  # only the topic says what it is about: its reading, answer or choices
                follow = _on_the_same_thing(follow, last, assistant)
                if follow.status == "suggest" and follow.aspect not in (None, "yesno"):
                    # it asks nothing but a kind of fact: the choices that state it first
                    # ("bao nhiêu tiền" after where to get VNeID led with how many accounts),
                    # after those that name the people the conversation is about
                    alts = assistant.index.naming_first(sorted(
                        follow.alternatives,
                        key=lambda r: not assistant.index.states(r[0], follow.aspect)), people)
                    follow = replace(follow, entry=assistant.kb.entries[alts[0][0]],
                                     alternatives=tuple(alts))
            if bare and first_offered:
                follow = _among_the_choices(follow, pending, assistant)
            follow = _in_the_conversation(follow, last, assistant, folded)
            if follow.status == "none" and (figures := _figures_only(folded)):
                follow = _of_the_year(follow, figures, assistant)
            if (follow.status == "answer" and follow.entry_id is not None
                    and assistant.index.about_another_document(follow.entry_id, carried)):
                # the index's own rule, for an answer the follow-up rules above settled on
                # ("ai ký" after Kế hoạch 86: not who signed Kế hoạch 74, however close; the
                # people the conversation is about are checked below, for any answer)
                follow = replace(follow, status="suggest", alternatives=(
                    (follow.entry_id, follow.score), *follow.alternatives))
            # choices for a message refused on its own only when they lead with the thing the
            # topic names ("bác chưa đổi thì có bị phạt không" after the CMND answer is not
            # offered VNeID's penalty: the refusal names who helps with the topic), or when it
            # only asks what was reached ("thế thực tế đạt bao nhiêu?" after a target: the
            # results, however they are titled)
            first = (assistant.kb.entries[follow.alternatives[0][0]]
                     if follow.status == "suggest" and follow.alternatives else None)
            offered = first is not None and (
                bare or _result_only(folded)
                # it names only what the topic and the first choice say: "đổi ở đâu" after
                # the CMND answer (not "chưa đổi có bị phạt không": VNeID's fine, no "đổi")
                or (_said_by(folded, last, assistant) and _said_by(folded, first, assistant))
                or _same_thing_share(first.title, last.title, assistant) >= SAME_THING)
            if follow.status == "answer" or ((ans.status == "none" or bare) and offered):
                ans = follow
        context = ""
        if (ans.reason == "out_of_scope" and last is not None
                and (ans.aspect is not None or ans.yes_no or _EITHER.search(folded))
                and assistant.index.knows_every_word(message)
                and not assistant.names_another_procedure(message)
                and (_said_by(folded, last, assistant) or last.id == topic)):
            # "bác chưa đổi thì có bị phạt không" after the CMND answer: about the topic, not
            # outside it; nothing fits, and who can help is who can help with the topic (not
            # "thuế khoán hộ kinh doanh …": the police do not help with taxes); also a question
            # in words the knowledge base knows right after an answer ("thế bà nhờ thằng con bà
            # nó đi làm hộ được không", "thẻ cũ của em thì nộp lại hay giữ" after where to get
            # a card: a grandmother's and a student's trial got "outside what I know")
            ans, context = replace(ans, reason="no_match"), last.title
        named = assistant.index.documents(message)
        if named or not followed:  # "ai ký?" after "kế hoạch 86 là gì" is about Kế hoạch 86
            chat.documents = named
        if (people and not named_people and (followed or not names) and ans.status == "answer"
                and ans.entry_id is not None
                and assistant.index.said_of_others(people, ans.entry_id)):
            # a message that names nothing of its own in a conversation about foreigners, and
            # this answer is the citizens' (a run over the fake Bot API: "what documents do I
            # need" after the foreigners' entry got the chip ID card): offered, those that
            # name them first ("kế hoạch 86 là gì" names its own thing: answered)
            at = assistant.index.thresholds.suggest_at
            offered = assistant.index.naming_first(
                ((e, sc) for e, sc in ((ans.entry_id, ans.score), *ans.alternatives) if sc >= at),
                people)
            ans = replace(ans, status="suggest", entry=assistant.kb.entries[offered[0][0]],
                          score=offered[0][1], alternatives=tuple(offered[:MAX_SUGGESTIONS]))
        read_as = self._read_as(chat, message, user_id)
        reply = assistant.reply(ans, message, context, read_as)
        if _GREETING.match(folded) and (
                (ans.reason == "out_of_scope" and not reply.choices)
                or (ans.status != "answer" and ans.aspect is None and "?" not in message
                    and ans.subject < assistant.index.thresholds.subject_at
                    and _INTRODUCES.search(folded))):
            # "chào bạn, tôi là …", "Chào bạn, tôi là phóng viên, cần kiểm chứng vài số liệu"
            # (who one is, little of our subject, no question yet); not "chào cháu, bác ở xã
            # … làm thẻ căn cước thì đi đâu", whose entries came close: the refusal offers
            # them, nor "chào bạn, tôi là người nước ngoài, muốn làm vneid" (answered)
            return Turn("smalltalk", strings.citizen.SMALL_TALK["greeting"])
        self.live.journal(ans, english or message, user_id)
        if reply.answer.status == "answer" and reply.answer.entry is not None:
            self.shown(chat_id, reply.answer.entry.id)
            # a new answer: an older list is no longer what numbers pick, nor a topic
            chat.choices, chat.choices_at = (), -math.inf
            return Turn("answer", reply.html, reply.answer.entry.id, answer=ans,
                        question=read_as)
        if reply.choices:
            related = reply.answer.status == "none"
            self.offered(chat_id, reply.choices, related=related, kept=bare, asked=message,
                         refused=message[-REFUSED_KEPT:] if related else "")
            return Turn("suggest", reply.html, choices=reply.choices, answer=ans)
        # a refusal is the last thing said: a number no longer picks from a list before it (a
        # persona's trial: "3" after two refusals answered the third choice of an older list;
        # its buttons still work)
        chat.choices, chat.choices_at = (), -math.inf
        if ans.reason == "out_of_scope" and assistant.names_another_procedure(message):
            # another procedure: the topic before it is over (a review: after the lost ID
            # card, "mất bằng lái xe thì cấp lại thế nào" was refused, and "mất bao nhiêu tiền"
            # then got the ID card's re-issue fee); not after any refusal ("có phải cắt tóc
            # không" while getting a card is still about the card, a second review)
            chat.topic_at = -math.inf
        return Turn("none", reply.html, answer=ans)

    def _read_as(self, chat: _Chat, message: str, user_id: int | None) -> str:
        """The message with what the writer said of the asker earlier in the conversation
        ("bác 68 tuổi …", then "đổi mất bao nhiêu tiền": "… 68 tuoi"), remembered while the
        topic is fresh; an age that is not exempt ends it."""
        said = aspects.exempt_asker(message)
        if said is not None:  # an exempt asker, or an age that is not exempt ("")
            chat.exempt, chat.exempt_by, chat.exempt_at = said, user_id, self.clock()
            return message
        if (chat.exempt and chat.exempt_by == user_id
                and self._fresh(chat.exempt_at, TOPIC_MINUTES)):
            return f"{message} {chat.exempt}"
        return message

    def _about(self, chat: _Chat, topic: str | None, pending: tuple[str, ...],
               names: bool = True) -> str | None:
        """What a follow-up is read against: the entry last shown (`topic`, while fresh), or,
        when "did you mean" choices were offered after it, the first of them ("… cấp xã?"
        offered, then "còn cấp huyện?"). Entries listed after a refusal are not a topic for a
        message that names something (the message they came close to was not understood),
        but one that names nothing is about the first of them if the refused message named
        its thing ("thế mất bao nhiêu tiền" after a refused question on where to get a card,
        offered that entry; not after "muốn phản ánh ổ gà…"); choices offered for a
        follow-up that named nothing are not a topic either: "mất bao lâu?" after the card's
        place asked about the card."""
        if chat.choices_at >= chat.topic_at and not chat.kept:  # offered after it
            if not pending:
                return None
            if not chat.related:
                return pending[0]
            if names:
                return None
            # the refused message must name most of what the first choice is about: "… đổi
            # cái thẻ căn cước mới, cho bác hỏi là làm ở đâu" names the card; "muốn phản ánh ổ
            # gà …" names little of "hồ sơ trực tuyến bị trả lại … phản ánh ở đâu"
            # (else nothing: the refused aside may have been another procedure, "đăng ký kết
            # hôn online được không", and its fee is not the topic's)
            first = self.assistant.kb.entries[pending[0]].title
            if _named_in(first, chat.refused, self.assistant) >= SAME_QUESTION:
                return pending[0]
            # the refused message came close to the entry shown before it, which is among
            # the choices, and names nothing the knowledge base does not know: the conversation
            # is still about it (a citizens' trial: "thẻ nó có phải lấy vân tay không" after
            # the children's card, then "làm ở đâu"); not after "mất thẻ bhyt thì làm lại ở
            # đâu" (another card: a review got the ID card's fee for it)
            return (topic if topic in pending
                    and self.assistant.index.knows_every_word(chat.refused, places=True)
                    else None)
        if topic in self.assistant.kb.entries:
            return topic
        # choices kept for a follow-up that named nothing, and no entry shown yet ("thẻ căn
        # cước của bác hết hạn rồi" offered choices, "bác có phải đóng tiền không" read
        # against the first, then "bác làm ở đâu"): the first of them
        return pending[0] if chat.kept and pending else None

    def _today(self, last: Entry, ans: Answer) -> Answer:
        """"hiện nay thì sao" after `last`: `last` again when it holds today; else the entries
        of today its question comes closest to, offered (none: `ans`, the message's own
        reading)."""
        index = self.assistant.index
        if index.entry_current[last.id]:
            return replace(ans, status="answer", entry=last, alternatives=(), reason="")
        # the entry's own pointers first ("… (hỏi “cơ quan nào phụ trách chuyển đổi số hiện
        # nay”)"), then its question asked of today
        pointers = _POINTER.findall(f"{last.answer}\n{last.more}")
        found: dict[str, float] = {}
        for text in [*pointers, f"{last.title} hien nay"]:
            for e, s in index.rank(text, MAX_TODAY + 3):
                if e != last.id and index.entry_current[e]:
                    found.setdefault(e, s)
                    if text in pointers:
                        break  # a pointer's best entry of today
        now = list(found.items())[:MAX_TODAY]
        if not now:
            return ans
        return replace(ans, status="suggest", entry=self.assistant.kb.entries[now[0][0]],
                       score=now[0][1], alternatives=tuple(now), reason="")

    def _pending(self, chat: _Chat) -> tuple[str, ...]:
        """The choices still offered in this chat (fresh, and still in the knowledge base)."""
        if not self._fresh(chat.choices_at, CHOICES_MINUTES):
            return ()
        return tuple(e for e in chat.choices if e in self.assistant.kb.entries)

    def _number(self, chat: _Chat, n: int) -> Turn:
        pending = self._pending(chat)
        if not pending:
            return Turn("no_choices", strings.citizen.NO_CHOICES)
        if not 1 <= n <= len(pending):
            return Turn("choice_again", strings.citizen.choose_again(len(pending)),
                        choices=pending)
        entry_id = pending[n - 1]  # the list stays pending: another number picks again
        chat.topic, chat.topic_at = entry_id, self.clock()
        return Turn("answer", self.assistant.show(entry_id), entry_id)


def _choice_number(message: str, folded: str) -> int | None:
    """The number a message picks: "2", "2.", "số 2 ạ", "câu 2 nhé"; None for anything else
    ("năm 2022", "2 tuổi")."""
    bare = _NUMBER.match(message)
    if bare:
        return int(bare.group(1))
    words = [w for w in folded.split() if w not in _CHOICE_WORDS]
    if len(words) == 1 and words[0].isascii() and words[0].isdigit() and len(words[0]) <= 3:
        return int(words[0])
    return None


def _settled(follow: Answer, last: Entry, assistant: Assistant, folded: str,
             shown: bool = True) -> Answer:
    """A follow-up whose best reading is a sibling of the last entry (same topic, another
    entry) with no close rival, and that names something the sibling says, is answered: the
    conversation says what "còn cấp xã?" means. A follow-up that only asks a kind of fact
    ("mất bao lâu?" after where to get a card) names nothing: a sibling that happens to state
    a duration for a case of its own (a card changed after the merger) is only offered, and
    one whose own question asks that kind of fact is answered ("làm ở đâu?" after "CMND còn
    dùng được không": "Làm, đổi thẻ căn cước ở đâu?")."""
    alts = follow.alternatives
    if follow.status == "answer":
        return _asked_of_the_topic(follow, last, assistant, folded)
    if follow.status != "suggest" or not alts:
        return follow
    best, score = alts[0]
    kb = assistant.kb
    entry = kb.entries[best]
    clear = len(alts) < 2 or score - alts[1][1] >= FOLLOW_MARGIN
    if (shown and best == last.id and clear and follow.aspect in PROCEDURAL
            and assistant.index.states(best, follow.aspect) and score >= SAME_AGAIN_AT):
        # the same again for a case of one's own ("bác ở Kiến An thì ra đâu" after where to
        # get a card): the entry says it for everyone. Not for the first of a list only
        # offered (`shown`): asking the same again is no pick of it.
        return replace(follow, status="answer", entry=entry, score=score,
                       alternatives=alts[1:])

    def asks_it(sibling: Entry) -> bool:
        return follow.aspect not in (None, "yesno") and _same_thing(sibling, last,
                                                                    follow.aspect, assistant)

    # a sibling: the same topic, or an entry of another topic file whose own question asks
    # the cost of the same thing (VNeID's fee, kept with the services, after how to register
    # for VNeID; not "gặp khó khăn … hỏi ở đâu" for "làm ở đâu" after how to file online)
    elsewhere = entry.topic != last.topic
    if ((elsewhere and not (follow.aspect == "cost" and asks_it(entry))) or best == last.id
            or not assistant.index.states(best, follow.aspect)):
        return follow

    # a rival this close keeps it a choice, unless only the best asks it of the same thing
    # ("mất bao nhiêu tiền?" after where to get a card: the card's fee, not a lost card's)
    rivals = [kb.entries[e] for e, s in alts[1:] if score - s < FOLLOW_MARGIN]
    if rivals and not (asks_it(entry) and not any(map(asks_it, rivals))):
        return follow
    if not asks_it(entry) and not _names_for(folded, best, last, assistant):
        return follow
    return replace(follow, status="answer", entry=entry, score=score, alternatives=alts[1:])


def _stated_by_the_topic(follow: Answer, last: Entry, assistant: Assistant, message: str,
                         folded: str) -> Answer:
    """A follow-up that names nothing and asks a kind of fact the answer just shown states
    for its own case is that entry again: "mất phí ko ad", "bao lâu thì có" after the card
    changed for the merger (free, 7 working days: its answer says so) got the general fee
    table and a list. Not one that names its case ("thẻ hết hạn đổi mất bao nhiêu tiền": a
    review), nor after a target of the plan, nor when only the entry's details say it. It
    must still read close to that entry (`SAME_AGAIN_AT`): "chị sắp cưới, đăng ký kết hôn ở
    đâu" after where to register for VNeID is another procedure. Only a cost or a time
    (`OWN_CASE`): where to go is where to go for every case ("làm ở đâu" after the children's
    card is where to get a card, said plainly)."""
    index = assistant.index
    if (follow.aspect not in OWN_CASE or (follow.status == "answer"
                                          and follow.entry_id == last.id)
            or last.id in assistant.kb.indicators
            or follow.aspect not in aspects.stated(vietnamese.normalise(last.answer))
            or not index.states(last.id, follow.aspect)
            or not all(index.says(t, last.id) for t in _own_words(folded, index)
                       if t not in _ADDRESS)):
        return follow
    ranked = index.assess(message, last.title, last.topic, k=CANDIDATES).ranked
    score = dict(ranked).get(last.id)
    if score is None or score < SAME_AGAIN_AT:
        return follow
    others = tuple((e, s) for e, s in ranked if e != last.id)[:MAX_SUGGESTIONS - 1]
    return replace(follow, status="answer", entry=last, score=score, alternatives=others,
                   reason="")


def _own_words(folded: str, index: Index) -> list[str]:
    """Every word of a (folded) message less the words that ask a kind of fact, forms of
    address, question and follow-up words ("còn") and figures, whatever its subject weight:
    "lần đầu" in "còn làm thẻ lần đầu thì mất phí không" names a case of its own."""
    return [t for t in index.terms(aspects.without_cues(folded))
            if t not in vocabulary.ADDRESS and t not in vocabulary.QUESTION_WORDS
            and t not in vocabulary.FOLLOW_WORDS and not t.isdigit()]


def _asked_of_the_topic(follow: Answer, last: Entry, assistant: Assistant,
                        folded: str) -> Answer:
    """A follow-up that asks a kind of fact and names nothing the topic does not say ("phí
    bao nhiêu ạ" after the children's card) asks it of the topic's thing: when the answer
    read against the topic is a sibling whose own question asks it of something else (a
    lost card's fee: "Mất thẻ căn cước … lệ phí bao nhiêu?", ahead on the words "lệ phí bao
    nhiêu" alone) and exactly one entry offered beside it asks it of the topic's thing ("Lệ
    phí làm thẻ căn cước là bao nhiêu?"), that one is the answer. "mất thẻ thì phí bao
    nhiêu" names the loss: it keeps the lost card's fee. Only a cost: another case's amount
    is the wrong answer, where "làm ở đâu" after VNeID's fee is well answered by where to
    get level 2 (a review: it was swapped for where to get help)."""
    entry = follow.entry
    if (entry is None or entry.id == last.id or follow.aspect != "cost"
            or _same_thing(entry, last, follow.aspect, assistant)
            or not _said_by(folded, last, assistant)):
        return follow
    kb, floor = assistant.kb, assistant.index.thresholds.suggest_at
    askers = [(e, s) for e, s in follow.alternatives
              if s >= floor and _same_thing(kb.entries[e], last, follow.aspect, assistant)
              and assistant.index.states(e, follow.aspect)]
    if len(askers) != 1:
        return follow
    chosen, score = askers[0]
    rest = ((entry.id, follow.score), *((e, s) for e, s in follow.alternatives if e != chosen))
    return replace(follow, entry=kb.entries[chosen], score=score, alternatives=rest)


def _names_for(folded: str, sibling: str, last: Entry, assistant: Assistant) -> bool:
    """True when a follow-up, less the words that ask a kind of fact, names something the
    sibling says and the last entry does not: "cấp xã" in "còn cấp xã?" after the district
    level; not "mới" in "mất bao lâu mới có thẻ" after the children's card, which both say."""
    index = assistant.index
    words = index.terms(aspects.without_cues(folded))
    pairs = [f"{a} {b}" for a, b in pairwise(words)
             if not vocabulary.QUESTION_WORDS.intersection((a, b))]
    return any(index.says(t, sibling) and not index.says(t, last.id)
               for t in _naming(words, index) + pairs)


def _naming(words: list[str], index: Index) -> list[str]:
    """The words of a message (less its cues) that name something: not forms of address or
    question words, and of some subject weight."""
    return [t for t in words if t not in vocabulary.ADDRESS
            and t not in vocabulary.QUESTION_WORDS and index.weight(t) >= NAMING_WEIGHT]


def _said_by(folded: str, last: Entry, assistant: Assistant, *others: str) -> bool:
    """True when every word of a message that names something (less the words that ask a
    kind of fact, forms of address and question words) is said by the last entry (or by one
    of the `others`)."""
    return all(any(assistant.index.says(t, e) for e in (last.id, *others))
               for t in _names(folded, assistant))


def _names(folded: str, assistant: Assistant) -> list[str]:
    """The words of a message that name something: its own words (`_own_words`) of some
    subject weight."""
    index = assistant.index
    return [t for t in _own_words(folded, index) if index.weight(t) >= NAMING_WEIGHT]


def _same_thing(entry: Entry, last: Entry, aspect: str, assistant: Assistant) -> bool:
    """True when the entry's own question asks that kind of fact about what the last entry's
    question names (`SAME_QUESTION` of its subject weight is in the last question):
    "Làm, đổi thẻ căn cước ở đâu?" is where for "Sáp nhập tỉnh … làm lại thẻ căn cước
    không?" and for "Lệ phí làm thẻ căn cước là bao nhiêu?"; "Cổng dịch vụ công Hải Phòng ở
    đâu?" is not where for the national portal."""
    if aspect not in PROCEDURAL or aspects.asked(vietnamese.normalise(entry.title)) != aspect:
        return False
    return _named_in(entry.title, last.title, assistant) >= SAME_QUESTION


def _named_in(title: str, text: str, assistant: Assistant) -> float:
    """The share of a question's subject weight (`title`) whose words `text` uses too."""
    own, said = _subject_words(title, assistant), _subject_words(text, assistant)
    total = sum(own.values())
    return sum(w for t, w in own.items() if t in said) / total if total else 0.0


def _on_the_same_thing(follow: Answer, last: Entry, assistant: Assistant) -> Answer:
    """A follow-up that names nothing ("được miễn phí không?", "cần giấy tờ gì?") asks about
    the thing the last entry's question names: after VNeID's time limit, VNeID's fee, not the
    ID card's. An entry whose question shares less than `SAME_THING` of the subject weight of
    either question (`_same_thing_share`) is not its answer; only the entries offered that
    share it are offered, when any does. (Nothing is promoted to an answer here: "mất bao
    lâu?" after where to get a card stays a choice.)"""
    ranked = ([(follow.entry_id, follow.score)] if follow.status == "answer"
              and follow.entry_id is not None else []) + list(follow.alternatives)
    if not ranked or follow.status == "none":
        return follow
    kb = assistant.kb

    def same(entry_id: str) -> bool:
        return _same_thing_share(kb.entries[entry_id].title, last.title,
                                 assistant) >= SAME_THING

    if follow.status == "answer" and follow.entry_id is not None and same(follow.entry_id):
        return follow
    near = [(e, s) for e, s in ranked if same(e)]
    # entries about something else are left out when some are about the same thing ("làm thì
    # mang theo những giấy tờ gì" after where to get a card offered the 5G entry: "mang")
    return replace(follow, status="suggest", entry=None,
                   alternatives=tuple(near or ranked))


def _in_the_conversation(follow: Answer, last: Entry, assistant: Assistant,
                         folded: str) -> Answer:
    """A follow-up whose every word the knowledge base knows, read against the topic, is not
    "outside what I know" when its closest entries lead with the topic's thing, and the
    topic or the first of them says what it names ("còn cá nhân thì sao" after the
    organisations' portal accounts): they are offered (the conversation says it is our
    subject; the message alone is too short to). Not "thế còn thuế", "còn tiền điện" after
    the card's fee (a review)."""
    if follow.status != "none" or follow.reason != "out_of_scope" or not follow.alternatives:
        return follow
    th = assistant.index.thresholds
    top = follow.alternatives[0][1]
    close = tuple((e, s) for e, s in follow.alternatives
                  if s >= th.suggest_at and top - s <= th.suggest_window)
    first = assistant.kb.entries[follow.alternatives[0][0]]
    if (not close or _same_thing_share(first.title, last.title, assistant) < SAME_THING
            or not _names(folded, assistant) or not _said_by(folded, last, assistant, first.id)):
        return follow
    return replace(follow, status="suggest", entry=first, reason="",
                   alternatives=close[:MAX_SUGGESTIONS])


def _same_thing_share(one: str, other: str, assistant: Assistant) -> float:
    """How much two questions name the same thing: the larger of the two shares of subject
    weight that each one's words find in the other's."""
    a, b = _subject_words(one, assistant), _subject_words(other, assistant)
    shared = a.keys() & b.keys()
    return max((sum(w[t] for t in shared) / sum(w.values()) if sum(w.values()) else 0.0)
               for w in (a, b))


def _subject_words(title: str, assistant: Assistant) -> dict[str, float]:
    """A question's words of some subject weight, less the words that ask a kind of fact,
    each with its IDF times its subject weight."""
    index = assistant.index
    rest = aspects.without_cues(vietnamese.normalise(title))
    return {t: index.idf.get(t, 0.0) * index.weight(t) for t in index.terms(rest)
            if t not in vocabulary.ADDRESS and t not in vocabulary.QUESTION_WORDS
            and index.weight(t) >= NAMING_WEIGHT}


def _chosen(message: str, ans: Answer, pending: tuple[str, ...],
            assistant: Assistant, asked: str = "") -> Answer | None:
    """A message not answered on its own while choices are offered ("kết quả thực tế đạt bao
    nhiêu?" under a list that holds the target and the result, "còn người nước ngoài thì
    sao?") is read against those choices: the one its own words score and name is answered
    when no other offered choice comes within FOLLOW_MARGIN. None when it points to none of
    them ("thế ở đâu?", "bot ngu thế" name nothing an offered entry says), or when its own
    words point past them: under a list about logging in to the portal, "trẻ em có được làm
    vneid không" is a new question, not a pick of "VNeID login"; under a list led by the
    plan's targets, "thế năm 2022 hải phòng xếp thứ mấy" (the 2022 results and the DTI rank
    score above the targets) is not a pick of the targets (a persona's trial got them).
    An entry that answers someone else than the message is about (`Index.answers_someone_else`:
    the foreigners' entry for "con em có 2 quốc tịch …", the ages of change for "bé nhà em 3
    tuổi có phải đi không") is neither picked nor a rival; nor is one that answers someone
    else than the message the choices were offered for (`asked`) was about ("nó có phải đi
    cùng không" under the choices for "làm thẻ cho đứa cháu nội 5 tuổi": not the ages of
    change, the user's own check got them with confidence)."""
    index = assistant.index
    a = index.assess(message, k=CANDIDATES, names=True)
    own = {e: s for e, s in a.ranked if not index.answers_someone_else(a.q, e)}
    others = {e for e, _ in a.ranked} - own.keys()
    if asked:
        before = index.assess(asked, names=True)
        others |= {e for e in pending if index.answers_someone_else(before.q, e)}
        own = {e: s for e, s in own.items() if e not in others}
    pending = tuple(e for e in pending if e not in others)
    if not pending:
        return None
    scored = sorted(((own.get(e, 0.0), e) for e in pending), reverse=True)
    score, best = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    elsewhere = max((s for e, s in own.items() if e not in pending), default=0.0)
    # a lone choice has no runner to leave behind: it takes a score a question would be
    # answered with ("thế tra ở đâu xem thủ tục nào toàn trình" is not a pick of where
    # results are received, the one entry that came close to the question before)
    floor = index.thresholds.clear_at if len(pending) == 1 else index.thresholds.suggest_at
    if (score < floor or score - runner < FOLLOW_MARGIN
            or score <= elsewhere or not index.mentions(message, best)):
        return None
    return replace(ans, status="answer", entry=assistant.kb.entries[best], score=score,
                   alternatives=tuple((e, s) for s, e in scored[1:] if s), reason="")


# "and today?" said alone ("hiện nay", "bây giờ", "giờ thì thế nào"), not "giờ nào ạ" (what
# time), "thế này thì sao" ("này" folds to "nay")
_TODAY = (["hien", "nay"], ["bay", "gio"], ["gio"], ["hien", "tai"], ["hien", "gio"])
_POINTER = re.compile(vocabulary.POINTER)  # "(hỏi “…”)" in an answer: where to ask next


def _today_only(folded: str) -> bool:
    """A follow-up that only asks "and today?": "hiện nay thì sao", "còn bây giờ?", "giờ thì
    thế nào" (words that ask nothing else: forms of address, follow-up words)."""
    said = f" {folded} ".replace(" the nao ", " ").split()  # "giờ thì thế nào"
    words = [w for w in said if w not in _ADDRESS and w not in vocabulary.FOLLOW_WORDS
             and w != "the"]
    return words in _TODAY


_RESULT_WORDS = frozenset("thuc te dat duoc ket qua da cuoi nam roi chua".split())


def _result_only(folded: str) -> bool:
    """A follow-up that only asks what was reached: "thế thực tế đạt bao nhiêu?", "còn kết
    quả thì sao", "cuối năm 2022 đạt được chưa" (words of a result, a year, question and
    follow-up words, forms of address)."""
    words = [w for w in folded.split() if w not in _ADDRESS and w not in vocabulary.FOLLOW_WORDS
             and w not in vocabulary.QUESTION_WORDS and not w.isdigit()]
    return bool(words) and set(words) <= _RESULT_WORDS and ("te" in words or "qua" in words
                                                            or "dat" in words)


def _figures_only(folded: str) -> list[str]:
    """The figures of a follow-up that names nothing else ("còn năm 2024?", "thế 2023 thì
    sao"); [] for any other message, and for a bare figure ("2024": no follow-up word)."""
    said = folded.split()
    words = [w for w in said if w not in _ADDRESS and w not in vocabulary.FOLLOW_WORDS]
    if len(words) == len(said) or not words or not all(w.isdigit() for w in words):
        return []
    return words


_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
_SINCE_YEAR = re.compile(r"\b(?:sau|truoc|den|tu)(?: nam)? (?:19|20)\d\d\b")  # "sau năm 2022"


def _of_another_year(last: Entry, figures: list[str]) -> bool:
    """True when the last entry's question is about a year and a follow-up asks another:
    "còn năm 2023?" after "… kết quả gì … năm 2022?" is not that answer again, though it
    says "2023" (the date of its source); after the DTI ranks of every year it is."""
    # "… sau năm 2022?" is about the years after it: not a year of its own (a review)
    years = set(_YEARS.findall(_SINCE_YEAR.sub(" ", vietnamese.normalise(last.title))))
    return bool(years) and not years.issuperset(f for f in figures if _YEARS.fullmatch(f))


def _among_the_choices(follow: Answer, pending: tuple[str, ...], assistant: Assistant
                       ) -> Answer:
    """A follow-up that names nothing, under choices none of which was picked, is about one of
    them: it is not answered with confidence by an entry that is not among them, and the
    choices that state the kind of fact it asks come first (a student's trial: "tốn bao
    nhiêu tiền v" under choices for changing his card on VNeID, none picked, got VNeID
    account's fee with confidence; the card changed after the merger, third, says it is
    free)."""
    if (follow.status != "answer" or follow.entry_id in pending or follow.entry_id is None
            or follow.aspect not in OWN_CASE):  # (where to go is where for every case)
        return follow
    index = assistant.index
    stating = [e for e in pending if index.states(e, follow.aspect)]
    topic = assistant.kb.entries[follow.entry_id].topic
    if not stating or any(assistant.kb.entries[e].topic == topic for e in stating):
        # (an entry of the same part as those choices may answer: "có mất phí không" under
        # choices about the card is the card's fee table, a review)
        return follow
    ids = list(dict.fromkeys([*stating, follow.entry_id, *(e for e, _ in follow.alternatives)]))
    choices = tuple((e, follow.score) for e in ids[:MAX_SUGGESTIONS])
    return replace(follow, status="suggest", entry=assistant.kb.entries[choices[0][0]],
                   alternatives=choices)


def _of_the_year(follow: Answer, figures: list[str], assistant: Assistant) -> Answer:
    """A follow-up that names only a year ("năm 2023 thì sao" after the plan's 2022 target
    for the digital economy), read against the topic and refused: the entries close to it
    that give that year are offered, first ("the result by the end of 2023"), instead of
    "not found" with what came close to the year alone."""
    giving = [(e, s) for e, s in follow.alternatives
              if all(assistant.index.says(f, e) for f in figures)]
    if not giving:
        return follow
    rest = [(e, s) for e, s in follow.alternatives if (e, s) not in giving]
    return replace(follow, status="suggest", reason="", entry=assistant.kb.entries[giving[0][0]],
                   score=giving[0][1], alternatives=tuple([*giving, *rest][:MAX_SUGGESTIONS]))


def _follows_up(message: str, folded: str, ans: Answer) -> bool:
    """A message that continues the topic: it says so ("còn…", "thế…", "…thì sao"), or it is
    a short question of a kind ("ở đâu?", "mất bao lâu?") that names no subject of its own."""
    typed = vietnamese.words(message)
    if _FOLLOW_START.search(folded) and not (vietnamese.has_diacritics(message) and typed
                                             and typed[0] not in vocabulary.FOLLOW_OPENERS):
        return True
    if _FOLLOW_END.search(folded):
        return True
    own = [w for w in aspects.without_cues(folded).split()  # "bác", "ạ", "70" (tuổi) and
           if w not in _ADDRESS and not w.isdigit()         # "giấy tờ gì" make it no longer,
           and w not in _ASKING]  # nor "thì … những gì" ("ông ra công an xã thì mang theo …")
    if ans.status != "answer" and message.rstrip().endswith("?") and len(own) <= ELLIPSIS_WORDS:
        return True  # a phrase asked alone: "Cấp xã?" after the district's target (a trial)
    return ans.status != "answer" and ans.aspect is not None and len(own) <= FOLLOW_UP_WORDS


def canned(folded: str) -> str | None:
    """The chat's short reply to a (folded) message that is small talk or asks for one of the
    bot's features, out of any conversation ("cảm ơn cháu", "tôi muốn nhận thông báo"); None
    for anything else."""
    talk = small_talk(folded)
    if talk:
        return strings.citizen.SMALL_TALK[talk]
    asked_for = feature(folded)
    return strings.citizen.FEATURES[asked_for] if asked_for else None


def feature(folded: str) -> str | None:
    """'subscribe' | 'unsubscribe' | 'report' | 'progress' for a short message that asks how
    to use one of the bot's own features; None otherwise."""
    if len(folded.split()) > FEATURE_WORDS:
        return None
    return next((kind for kind, pattern in _FEATURES if pattern.search(folded)), None)


def small_talk(folded: str) -> str | None:
    """'greeting' | 'thanks' | 'bye' | 'who' | 'ask' | 'ok' | 'complaint' when a (folded) message
    is only small talk (forms of address and particles aside); None when it holds anything
    else."""
    words = [w for w in folded.split() if w not in _ADDRESS]
    if not words:  # "ad ơi", "bác ơi", "hi": someone calls ("có", "bà" alone do not)
        return "greeting" if _CALLS.intersection(folded.split()) else None
    rest = " ".join(words)
    found: list[str] = []
    while rest:
        for kind, pattern in _SMALL_TALK.items():
            m = pattern.match(rest)  # a whole word or words (see _whole_words)
            if m:
                found.append(kind)
                rest = rest[m.end():].strip()
                break
        else:
            return None
    for kind in ("complaint", "who", "thanks", "bye", "ask", "greeting", "ok", "praise"):
        if kind in found:  # the most telling wins; praise is thanked as thanks are
            return "thanks" if kind == "praise" else kind
    return None
