"""Questions in English, read through the glossary of knowledge/synonyms.yaml (`english:`):
the reading itself, the engine's decision on it, the console, `ask` and Telegram."""

from __future__ import annotations

import pytest

from cdsbot import english, search, strings
from cdsbot.dialogue import Dialogue
from cdsbot.live import Live
from tests.harness import KNOWLEDGE, run_cli, unanswered


@pytest.fixture(scope="module")
def index(kb):
    return search.Index(kb)


@pytest.mark.parametrize(("message", "read"), [
    # a yes/no question ends in "không"; what kind of fact is asked goes last
    ("Are foreigners eligible for VNeID?", "người nước ngoài vneid được không"),
    ("Where can foreigners register for an electronic identification account?",
     "người nước ngoài đăng ký tài khoản định danh điện tử ở đâu"),
    ("What is VNeID?", "vneid là gì"),  # only a thing named: what it is
    # a polite opening says nothing; "regulations on …" asks how, not what
    ("May I ask, what are the regulations on registration of e-ID accounts in Vietnam?",
     "quy định thế nào đăng ký tài khoản định danh điện tử"),
    # "who" past the first word asks nobody; "have to" and "compulsorily" are said once
    ("Are foreigners who are under 14 years of age eligible?",
     "người nước ngoài dưới 14 tuổi được không"),
    ("Do we have to compulsorily replace the old ID card?",
     "bắt buộc phải đổi cũ thẻ căn cước không"),
    # each sentence on its own; a name that spells a question word ("Ai") is not one
    ("How long does it take? - Ai Chi (Hau Giang)", "bao lâu. chi hau giang"),
    # what the glossary does not know stays as typed: it is not our subject
    ("How do I apply for a birth certificate?", "nộp birth certificate thế nào"),
])
def test_an_english_message_is_read_into_vietnamese(index, message, read):
    assert index.read_english(message) == read


def test_the_glossary_reads_the_longest_phrase_and_drops_what_says_nothing():
    reader = english.Reader([("id card", "thẻ căn cước"), ("card", "thẻ"),
                             ("in vietnam", ""), ("where", "ở đâu")])
    assert reader("Where is the ID card issued in Vietnam?") == "thẻ căn cước issued ở đâu"
    assert reader("the of please") == ""  # nothing left: the engine says it read nothing
    assert english.words("Visit dichvucong.gov.vn, fee 1.5 e-ID’s") == [
        "visit", "dichvucong.gov.vn", "fee", "1.5", "e", "id"]  # ("'s" says nothing)
    # Vietnamese words typed in an English message stay whole ("kế", not "k")
    assert english.words("what is the kế hoạch 74 based on") == [
        "what", "is", "the", "kế", "hoạch", "74", "based", "on"]


@pytest.mark.parametrize(("question", "entry"), [
    ("Are foreigners eligible for electronic identification (VNeID)?", "vneid-nguoi-nuoc-ngoai"),
    ("What is an electronic identification account used for?", "vneid-la-gi"),
    ("What is the goal of National Digital Transformation?", "qd749-muc-tieu-kep"),
    ("Where do I register for a level 2 electronic identity account?", "vneid-dang-ky"),
    ("Do citizens need to replace their old citizen identification cards with the new "
     "identification cards?", "the-can-cuoc"),
])
def test_english_questions_of_our_subject_are_answered(index, question, entry):
    ans = index.answer(question)
    assert (ans.status, ans.entry_id, ans.english) == ("answer", entry, True)


@pytest.mark.parametrize("question", [
    "How much is the fine for running a red light?",
    "How do I extend my tourist visa in Vietnam?",
    "Where can I get a work permit in Hai Phong?",
    "What is the weather like in Hanoi tomorrow?",
    "How do I apply for a birth certificate in Bac Giang if I live in Lang Son?",
    "Which bank has the best exchange rate?",
])
def test_english_questions_outside_our_subject_are_not_answered(index, question):
    ans = index.answer(question)
    assert (ans.status, ans.reason) == ("none", "english")


def test_an_english_message_read_as_nothing_is_not_asked_to_type_words(index):
    ans = index.answer("What is it that you do?")
    assert (ans.status, ans.reason) == ("none", "english")


def test_a_vietnamese_message_is_not_read_as_english(index):
    ans = index.answer("the can cuoc het han thi lam sao")  # "the" is thẻ, "can" cần
    assert not ans.english


def test_ask_says_the_answer_is_in_vietnamese(tmp_path):
    res = run_cli(tmp_path, "ask", "Are foreigners eligible for VNeID?")
    assert res.stdout.startswith(strings.citizen.READ_IN_ENGLISH)
    assert "Người nước ngoài có được cấp tài khoản định danh điện tử không?" in res.stdout
    res = run_cli(tmp_path, "ask", "hello, who are you?")
    assert res.stdout.startswith(strings.citizen.READ_IN_ENGLISH)
    assert strings.citizen.to_plain(strings.citizen.SMALL_TALK["who"]) in res.stdout
    res = run_cli(tmp_path, "ask", "How do I extend my tourist visa?")
    assert res.stdout.strip() == strings.citizen.IN_ENGLISH


def test_an_english_follow_up_continues_the_conversation():
    """The console's dialogue reads an English message once, and the follow-up ("How much
    does it cost?") against the topic, as it does a Vietnamese one."""
    dialogue = Dialogue(Live.load(KNOWLEDGE))
    first = dialogue.turn(1, "Where do I register an electronic identity account?")
    assert (first.kind, first.entry_id) == ("answer", "vneid-dang-ky")
    assert strings.citizen.READ_IN_ENGLISH in first.html
    then = dialogue.turn(1, "How much does it cost?")
    assert (then.kind, then.entry_id) == ("answer", "vneid-phi")
    # said once per conversation (a trial: on every reply it was noise)
    assert strings.citizen.READ_IN_ENGLISH not in then.html
    thanks = dialogue.turn(1, "Thank you very much for your help!")
    assert thanks.kind == "smalltalk" and strings.citizen.READ_IN_ENGLISH not in thanks.html
    other = dialogue.turn(2, "Thank you very much for your help!")  # another conversation
    assert other.kind == "smalltalk" and strings.citizen.READ_IN_ENGLISH in other.html


def test_the_glossary_is_checked_like_the_rest_of_the_knowledge_base(tmp_path, kb_copy):
    path = kb_copy / "synonyms.yaml"
    text = path.read_text(encoding="utf-8")
    line = "  - {terms: [card, cards], means: thẻ căn cước}"
    assert line in text
    path.write_text(text.replace(line, "  - {terms: [card, cards]}"), encoding="utf-8")
    res = run_cli(tmp_path, "check", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert res.returncode == 1
    assert "knowledge/synonyms.yaml:" in res.stdout and "“means”" in res.stdout


def test_telegram_answers_english_in_vietnamese_and_keeps_what_was_typed(make_bot, tg):
    bot = make_bot()
    after = tg.last_message_id()
    tg.send_text(5001, "Are foreigners eligible for VNeID?")
    msg = tg.wait_for_message(5001, after=after + 1)
    assert msg["text"].startswith(f"<i>{strings.citizen.READ_IN_ENGLISH}</i>")
    assert "Người nước ngoài" in msg["text"]
    after = tg.last_message_id()
    tg.send_text(5001, "How do I extend my tourist visa?")
    refused = tg.wait_for_message(5001, after=after + 1)
    assert refused["text"] == strings.citizen.IN_ENGLISH
    # the review of unanswered questions shows what was typed, not the glossary's reading
    assert unanswered(bot.storage) == [("how do i extend my tourist visa", 1)]
    after = tg.last_message_id()
    tg.send_text(5001, "Are foreigners under 14 eligible for VNeID?")  # said once: not again
    again = tg.wait_for_message(5001, after=after + 1)
    assert "Người nước ngoài" in again["text"]
    assert strings.citizen.READ_IN_ENGLISH not in again["text"], again["text"]


def test_an_english_conversation_as_a_foreigner_has_it():
    """A persona's trial (a Korean engineer, a returning Việt kiều): short follow-ups, "more",
    "sources" and thanks in English were "outside what I know"."""
    dialogue = Dialogue(Live.load(KNOWLEDGE))
    card = dialogue.turn(1, "how much does the new ID card cost")
    assert card.kind == "suggest" and card.choices[0] == "can-cuoc-le-phi"
    where = dialogue.turn(1, "1")
    assert where.entry_id == "can-cuoc-le-phi"
    where = dialogue.turn(1, "where?")  # a follow-up of three letters less than a question
    assert (where.kind, where.entry_id) == ("answer", "can-cuoc-o-dau")
    assert dialogue.turn(1, "more").kind == "more"
    assert dialogue.turn(1, "sources").kind == "sources"
    for thanks in ("thanks a lot", "ok thanks a lot", "thanks, very helpful"):
        assert dialogue.turn(1, thanks).kind == "smalltalk", thanks
    signed = dialogue.turn(2, "who signed plan 74")
    assert (signed.kind, signed.entry_id) == ("answer", "kh-nguoi-ky")


@pytest.mark.parametrize(("message", "read"), [
    # a comma begins a clause: "where" asks after a greeting, "who" joins after "I,"
    ("Hello, where can I register VNeID?", "xin chào đăng ký vneid ở đâu"),
    ("I, who live in Quang Binh, must change my ID card?",
     "quang binh bắt buộc phải đổi thẻ căn cước không"),
    # "'s" says nothing; "No." ends no sentence; a web address is one word
    ("How much is the ID card's fee?", "thẻ căn cước lệ phí mất bao nhiêu tiền"),
    ("What is Project No. 06?", "đề án 06 là gì"),
    ("Is dichvucong.gov.vn free?", "cổng dịch vụ công quốc gia miễn phí không"),
    # "years" is an age only after "under", "aged"…; "not" stays where it was said
    ("Is the ID card valid for 10 years?", "thẻ căn cước còn dùng được hết hạn 10 năm không"),
    ("Is the fine for not registering VNeID high?",
     "bị phạt không đăng ký vneid high không"),
    # "help" is what is asked, "need" is no obligation, a residence card no ID card
    ("I need help with VNeID", "hỗ trợ vneid"),
    ("I have a temporary residence card, can I register VNeID?",
     "thẻ tạm trú đăng ký vneid không"),
    # a number after "I'm", "is" is an age, as "70 tuổi" is (the rules about adults read it)
    ("I'm 72, do I still need to change my card?", "72 tuổi cần đổi thẻ căn cước không"),
    ("The fee is 30000 dong?", "lệ phí 30000 dong"),  # (not an age: five digits)
])
def test_a_review_of_the_reading(index, message, read):
    """A review of the English reading: each of these read otherwise and was answered or
    offered the wrong entry (help with VNeID: where to register; a temporary residence card:
    the card without a chip)."""
    assert index.read_english(message) == read


@pytest.mark.parametrize(("question", "entry"), [
    ("Where can I get help with VNeID?", "ho-tro-vneid"),
    ("I have a temporary residence card, can I register VNeID?", "vneid-nguoi-nuoc-ngoai"),
    # "get an ID card" read "được cấp thẻ căn cước": the lost card's re-issue fee, with
    # confidence; it is "làm thẻ căn cước" (the eleventh session)
    ("How much does it cost to get an ID card?", "can-cuoc-le-phi"),
    # a review of the eleventh session's glossary: "use of" is no "what for", "place" alone
    # no "where"
    ("Is the use of VNeID mandatory for online public services?", "vneid-dang-nhap-dvc"),
    ("My father uses the old CCCD, does he have to change it?", "the-can-cuoc"),
    ("Where is the place to get an ID card?", "can-cuoc-o-dau"),
    ("Can I get the result by post?", "dvc-nhan-ket-qua"),  # "by post": bưu chính
])
def test_what_the_review_found_answered_wrongly_is_answered_right(index, question, entry):
    assert index.answer(question).entry_id == entry


@pytest.mark.parametrize("message", ["What is an e-ID?", "where?", "how much?"])
def test_short_english_messages_are_english(message):
    assert search.in_english(message)


def test_a_question_attached_in_english_from_the_review_is_read_as_it_reads(kb):
    """The review of unanswered questions keeps what was typed; attached to an entry, an
    English question must count as its reading does, or attaching it changes nothing."""
    asked = "My VNeID shows a blank screen after the update"
    before = search.Index(kb).answer(asked)
    after = search.Index(kb, (("ho-tro-vneid", asked),)).answer(asked)
    assert before.entry_id != "ho-tro-vneid", before
    assert (after.status, after.entry_id) == ("answer", "ho-tro-vneid"), after


def test_the_glossary_may_not_read_one_term_two_ways(tmp_path, kb_copy):
    path = kb_copy / "synonyms.yaml"
    text = path.read_text(encoding="utf-8")
    line = "  - {terms: [card, cards], means: thẻ căn cước}"
    assert line in text
    path.write_text(text.replace(line, line + "\n  - {terms: [Card], means: thẻ}"),
                    encoding="utf-8")
    res = run_cli(tmp_path, "check", CDSBOT_KNOWLEDGE=str(kb_copy))
    assert res.returncode == 1 and "“Card”" in res.stdout, res.stdout


def test_ask_reads_the_asker_of_an_english_question_in_its_reading(tmp_path):
    """A review: `ask` showed the answer for the English words as typed, so "I am 70" did not
    put the exemption of the elderly first (the console and Telegram did)."""
    res = run_cli(tmp_path, "ask", "I am 70 years old, what is the fee for the ID card?")
    body = res.stdout.split("\n")[3]
    assert body.startswith("Trẻ em, người cao tuổi, người khuyết tật được miễn"), res.stdout


def test_an_english_conversation_about_foreigners_stays_about_them():
    """A run over the fake Bot API: after the foreigners' entry (picked from a list), "what
    documents do I need" was answered with the citizens' list (a chip ID card). The people a
    message named stay the conversation's: that is only offered."""
    dialogue = Dialogue(Live.load(KNOWLEDGE))
    first = dialogue.turn(1, "Hi, I work at an industrial zone in Hai Phong. Can foreigners "
                             "get a VNeID account?")
    assert first.entry_id == "vneid-nguoi-nuoc-ngoai"
    assert dialogue.turn(1, "where?").kind == "suggest"
    assert dialogue.turn(1, "1").entry_id == "vneid-nguoi-nuoc-ngoai"
    papers = dialogue.turn(1, "what documents do I need")
    assert papers.kind == "suggest", papers


def test_the_note_is_said_once_to_each_writer_and_not_by_a_refusal():
    """A review: a refusal (which tells nothing of the answers) counted as having said that
    the answers are in Vietnamese, and a second English writer in a group never heard it."""
    dialogue = Dialogue(Live.load(KNOWLEDGE))
    note = strings.citizen.READ_IN_ENGLISH
    assert dialogue.turn(1, "What is the weather like in Hanoi tomorrow?").kind == "none"
    first = dialogue.turn(1, "Where do I register an electronic identity account?")
    assert note in first.html
    mine = dialogue.turn(-100, "Where do I register an electronic identity account?", user_id=5)
    theirs = dialogue.turn(-100, "Are foreigners eligible for VNeID?", user_id=6)
    assert note in mine.html and note in theirs.html


@pytest.mark.parametrize("message", ["hello ad", "hello shop", "help me", "hello again"])
def test_chat_english_to_someone_is_not_an_english_question(message):
    """A review: "hello ad" opened with "You asked in English"."""
    assert not search.in_english(message)


@pytest.mark.parametrize("message", [
    # a foreigner's trial (twelfth session): each was "outside what I know", in Vietnamese
    "can my son (12) get level 2?",  # "can", "my", "son" spell Vietnamese syllables too
    "can my 4 year old get căn cước card?",  # two Vietnamese words in nine
    "i have temporary residence card (thẻ tạm trú). is that enough?",  # a gloss in brackets
])
def test_english_with_vietnamese_words_in_it_is_english(message):
    assert search.in_english(message)


@pytest.mark.parametrize("message", [
    "ok can cuoc lam o dau", "lam can cuoc cho con o dau",
    "con toi 12 tuoi lam the can cuoc o dau", "so dien thoai to dan pho",
    "Thủ tục đăng ký account VNeID for người nước ngoài",
])
def test_vietnamese_with_words_english_spells_is_not_english(message):
    assert not search.in_english(message)


def test_a_childs_figure_is_an_age(kb):
    """"my son (12)": the figure after a child is an age, so the rules about children read it."""
    index = search.Index(kb)
    assert "12 tuổi" in index.read("can my son (12) get level 2?")
    assert "6 tuổi" in index.read("my daughter 6 needs an ID card?")


@pytest.mark.parametrize("message", [
    # a second review: unaccented Vietnamese with one borrowed English word read as English
    "card can cuoc lam o dau", "that su can account vneid muc 2 khong",
    "the can cuoc digital la gi", "fee lam the can cuoc la bao nhieu",
    "cho mình hỏi lam the can cuoc can account gi", "tao account vneid the nao",
])
def test_a_borrowed_english_word_does_not_make_vietnamese_english(message):
    assert not search.in_english(message)


def test_a_son_of_age_is_not_a_child(kb):
    """A second review: "son" read "trẻ em", a child's sign, beat the age: "my son (16) needs a
    card, where do we go?" led with the children's card."""
    index = search.Index(kb)
    ans = index.answer("my son (16) needs a card, where do we go?")
    assert ans.alternatives and ans.alternatives[0][0] != "can-cuoc-tre-em", ans
