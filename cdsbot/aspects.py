"""What kind of fact a question asks for, and which kinds of fact an answer states.

A citizen rarely asks about a topic as a whole: "trẻ em có được làm VNeID không" asks an age,
"làm VNeID có mất tiền không" a cost, "đăng ký ở đâu" a place. The answer engine prefers entries
that state the kind of fact asked, and never answers with a bare "Có."/"Không." when the entry
does not state it. Entries may declare their `aspects:` in the knowledge base; otherwise they are
read off the answer text with `stated()`.

Pure functions over folded text (see text.normalise): no accents, lower case, single spaces.
"""

from __future__ import annotations

import re

from cdsbot import vietnamese
from cdsbot.strings import vocabulary

# The vocabulary. Order = priority when a question shows several cues: the most specific first
# ("bao nhiêu tuổi thì làm được" is about age; "thủ tục mất bao lâu" about duration). A child
# or an age only named ("trẻ em", "con tôi", "dưới 14 tuổi") is what is asked unless a cost,
# duration, place, time or purpose is asked outright (`_BEYOND_AGE`).
ASPECTS = (
    "penalty", "age", "cost", "duration", "documents", "place", "when", "who", "number", "why",
    "definition", "howto", "yesno",
)

_W = r"(?:^|(?<= ))"  # a word boundary on folded, single-spaced text
_E = r"(?=$| )"


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(_W + "(?:" + "|".join(phrases) + ")" + _E)


# Cues in a question (folded). Each is a phrase people use for that kind of question.
_ASKED: dict[str, re.Pattern[str]] = {
    # a fine or a sanction ("có bị phạt không", "mức phạt"), not "bị phát hiện", "phát tiền"
    "penalty": _cues(r"bi phat(?! hien| tan| song| trien| hanh)", r"xu phat", r"muc phat",
                     r"phat hanh chinh", r"vi pham gi", r"co bi phat", r"phat bao nhieu tien"),
    "age": _cues(r"bao nhieu tuoi", r"may tuoi", r"do tuoi", r"tuoi nao", r"tu tuoi"),
    # (a fee whose "bao nhiêu" comes later asks a cost: "lệ phí làm thẻ căn cước là bao nhiêu")
    "cost": _cues(r"(?:mat|ton|het) bao nhieu tien", r"(?:le )?phi(?=(?: \S+){0,8} bao nhieu)",
                  r"mat phi", r"ton phi", r"co phi", r"mat tien", r"ton tien", r"tra phi",
                  r"bao nhieu tien(?! ich)", r"mien phi", r"thu phi",
                  # "tốn/mất bao nhiêu" alone, or before money or a particle, asks a price
                  # ("tốn bao nhiêu lần đi lại", "mất bao nhiêu ngày" do not)
                  r"(?:ton|mat|het) bao nhieu(?=$| (?:tien|dong|a|vay|v|the|nhi|nhe|ha|ah|ak|"
                  r"khong|ko|k|ad|ban|ong|ba|anh|chi|em|chau|bac|thoi(?! gian)|mn|z|day))",
                  r"phi bao nhieu", r"le phi bao nhieu", r"gia bao nhieu", r"chi phi",
                  r"co mat phi", r"phai nop phi", r"phai dong phi", r"giam phi",
                  # "giảm 50% lệ phí" ("giảm một nửa lệ phí" was answered as a yes/no, and
                  # read as a cost it lost its answer: a second review)
                  r"giam(?: \d+(?: phan tram)?)? (?:le )?phi",
                  r"muc phi", r"muc thu",
                  r"(?:duoc|dc) mien(?: le)?(?: phi)?",
                  r"co mien(?: le)?(?: phi)?", r"mien tien",
                  # "bn" in chat is "bao nhiêu" only beside money ("mất bn tiền", "phí bn")
                  r"(?:mat|ton|het) bn tien", r"bn tien", r"phi bn"),
    "duration": _cues(  # "mất bao lâu thì có kết quả": the result of what? (says nothing)
                      r"(?:mat )?(?:bao lau|may ngay|bao nhieu ngay|bn ngay)(?: thi)?(?: moi)? "
                      r"(?:co|nhan duoc|nhan) ket qua",
                      r"bao lau", r"mat bao lau", r"may ngay", r"bao nhieu ngay",
                      r"mat (?:may|bao nhieu|bn) (?:ngay|tuan|thang)",  # not a loss: a time
                      r"bao nhieu thoi gian", r"(?<!den )bao nhieu gio", r"bao nhieu tuan",
                      r"thoi gian giai quyet", r"thoi han giai quyet", r"bao nhieu lau",
                      r"lau khong", r"lau the", r"bao gio thi co", r"khi nao thi co",
                      r"bao gio co ket qua", r"khi nao co ket qua",
                      r"bn ngay", r"bn lau"),  # chat: "bn ngày thì có"
    "documents": _cues(r"mang theo", r"giay to", r"can mang", r"mang (?:nhung )?gi",
                       r"ho so gom",
                       r"can nhung gi", r"can gi", r"chuan bi gi", r"thanh phan ho so",
                       r"dieu kien", r"phai co", r"yeu cau gi", r"can co",
                       r"chinh chu", r"can nhung giay"),
    "place": _cues(r"o dau", r"tai dau", r"ra dau", r"di dau", r"cho nao", r"noi nao",
                   r"dia chi", r"den dau", r"o cho nao", r"co quan nao cap", r"dang ky o",
                   r"lam o", r"nop o",
                   r"trang nao", r"website nao", r"web nao", r"dia diem", r"trien khai o"),
    "when": _cues(r"khi nao", r"bao gio", r"ngay nao", r"luc nao", r"thoi diem",
                  r"tu ngay nao", r"nam nao", r"han chot", r"den bao gio", r"thang nao",
                  r"tu khi nao", r"hieu luc tu", r"co hieu luc"),
    "who": _cues(r"ai", r"co quan nao", r"don vi nao", r"(?<!doi )so nao", r"doi tuong nao",
                 r"nhung ai", r"nguoi nao", r"ben nao"),
    "number": _cues(r"bao nhieu", r"ty le", r"ti le", r"phan tram",
                    r"so luong", r"dat bao nhieu", r"chi tieu", r"thu may", r"xep hang"),
    "why": _cues(r"tai sao", r"vi sao", r"sao lai", r"de lam gi", r"muc dich(?! vu)",
                 r"y nghia", r"ly do"),
    "definition": _cues(r"la gi", r"la j", r"nghia la gi", r"la sao", r"the nao la",
                        r"hieu the nao",
                        r"khai niem", r"la ai", r"nghia la", r"dinh nghia", r"la cai gi",
                        r"gom nhung gi", r"gom nhung", r"bao gom",
                        r"khac nhau the nao", r"khac the nao", r"khac gi", r"khac nhau ra sao"),
    "howto": _cues(r"the nao", r"nhu the nao", r"ntn", r"lam sao", r"(?<!cai )cach",
                   r"huong dan",
                   r"thu tuc(?! hanh chinh)", r"cac buoc", r"quy trinh", r"trinh tu",
                   r"phai lam gi", r"lam gi", r"ra sao", r"xu ly", r"kieu gi", r"kieu j"),
}
# Who the question is about when that is a child or an age ("trẻ em", "con tôi", "dưới 14 tuổi"):
# the age is what such a question asks only when it asks nothing more definite ("trẻ em có được
# làm không" asks an age; "làm căn cước cho trẻ dưới 14 tuổi để làm gì" asks a purpose).
_AGE_MENTION = _cues(r"tre em", r"tre con", r"tre nho", r"con nho", r"chau be",
                     r"duoi \d+ tuoi", r"du \d+ tuoi", r"tren \d+ tuoi", r"\d+ tuoi",
                     r"con toi", r"con em", r"con minh", r"con nha", r"be nha",
                     # not "cho con hỏi" (the writer, polite)
                     r"cho con(?! hoi| xin| biet)", r"cho be(?! hoi)", r"nguoi gia", r"tuoi")
_MEANING_ASKED = re.compile(r"(?:^|(?<= ))nghia la (?:gi|j)$")  # "… nghĩa là gì?" at the end
_BEYOND_AGE = frozenset({"penalty", "cost", "duration", "place", "when", "why"})  # asked outright
# how or with what papers an adult does something: the age only says who ("mẹ mình 67 tuổi muốn
# làm VNeID mức 2 thì làm thế nào" got the ages at which an account is given, a persona's trial)
_ADULTS_ASK = frozenset({"howto", "documents"})
_CARD_NAMED = _cues(r"can cuoc", r"cccd", r"cmnd", r"cmt", r"chung minh")
CHANGE_AGES = (25, 40, 60)  # a card is changed at 14, 25, 40, 60 (Luật Căn cước, Điều 24)
_AGE_NUMBER = re.compile(r"(?:^|(?<= ))(\d{1,3}) tuoi(?=$| )")


def _near_a_change(folded: str) -> bool:
    """True when an age the message gives is one at which a card is changed, or in the two
    years before one."""
    return any(0 <= change - int(age) <= 2 for age in _AGE_NUMBER.findall(folded)
               for change in CHANGE_AGES)
# (said of a person: "mẹ mình 67 tuổi", "bác năm nay 70 tuổi"; not "60 tuổi thì làm thế nào
# với thẻ căn cước", where the age is the question's condition)
_ADULT_AGE = re.compile(r"(?:^|(?<= ))(?:me|bo|ba|bac|ong|co|chu|di|toi|em|minh|chau|anh|chi|"
                        r"vo|chong)(?: \w+){0,2} (?:1[89]|[2-9]\d|1\d\d) tuoi(?=$| )")
# A yes/no question: "... không?", "có phải ... không", "được không", "chưa?".
_YESNO = re.compile(r"(?:^|(?<= ))(?:khong|ko|k|hok|hem|chua|duoc khong|dc khong|phai khong|"
                    r"hay khong|co phai|co duoc|co bat buoc|bat buoc)(?=$| )")
_YESNO_END = re.compile(r"(?:^| )(?:khong|ko|k|hok|hem|chua|a|nhi|nhe)$")

# Evidence in an answer (folded) that it states that kind of fact.
_STATED: dict[str, re.Pattern[str]] = {
    "penalty": re.compile(r"xu phat|bi phat|muc phat|phat tien|vi pham"),
    "age": re.compile(r"\d+ tuoi|tre em|duoi \d+|moi lua tuoi"),
    "cost": re.compile(r"\bphi\b|mien phi|khong mat|\bdong\b|le phi|khong thu"),
    "duration": re.compile(r"\d+ ngay|ngay lam viec|\bgio\b|\bphut\b|thoi han|ngay lap tuc"),
    "documents": re.compile(r"giay to|can cuoc|cmnd|ho chieu|so dien thoai|chinh chu|"
                            r"dieu kien|mang theo|xuat trinh|thanh phan|can co|\bthe\b"),
    "place": re.compile(r"\btai (?!khoan|lieu|sao|chinh|san)|qua ung dung|"
                        r"tren (?:vneid|ung dung|cong)|cong an (?:cap )?(?:xa|phuong)|"
                        r"trung tam phuc vu|"
                        r"bo phan (?:mot cua|tiep nhan)|dia chi|https?|gov vn|\bo dau\b|"
                        r"ung dung (?:vneid|dinh danh)|cong dich vu cong|"
                        r"\bden (?:cong an|uy ban|ubnd)"),
    "when": re.compile(r"\d{1,2}/\d{1,2}|\bnam \d{4}|\bthang \d|\bngay \d|\d{4}"),
    "who": re.compile(r"\bso\b|ubnd|uy ban|cong an|co quan|cong dan|nguoi|\bbo\b|thu tuong|"
                      r"chinh phu|doanh nghiep|to chuc|can bo"),
    "number": re.compile(r"\d"),
    "why": re.compile(r"\bvi\b|\bnham\b|\bde\b|\bgiup\b|muc dich|y nghia|loi ich"),
    "definition": re.compile(r"\bla\b|duoc hieu|nghia la|\bgom\b"),
    "howto": re.compile(r"buoc|\bchon\b|\bvao\b|dang nhap|\bnhap\b|\bbam\b|\btai\b|\bden\b|"
                        r"lien he|\bnop\b|thuc hien|su dung|\bqua\b|dang ky"),
    "yesno": re.compile(r"^(?:co|khong|duoc|chua|can|phai)\b"),
}


def asked(folded: str) -> str | None:
    """The kind of fact a (folded) question asks for, or None when it shows no cue."""
    found = [aspect for aspect in ASPECTS[:-1] if _ASKED[aspect].search(folded)]
    if "number" in found and _MEANING_ASKED.search(folded):
        # a figure given is not asked: "Danh tính số cho 20% người dân nghĩa là gì?" (a
        # principal's trial: answered with Hải Phòng's 2023 VNeID activations)
        found.remove("number")
    if _AGE_MENTION.search(folded) and not (found and (
            found[0] in _BEYOND_AGE
            or (found[0] in _ADULTS_ASK and _ADULT_AGE.search(folded)
                and not _AGE_MENTION.search(_ADULT_AGE.sub(" ", folded))
                # a card is changed at given ages (and may be in the two years before them):
                # "mẹ tôi 60 tuổi rồi thì thẻ căn cước xử lý thế nào" asks what that age means
                # (a review); "bác 70 tuổi làm căn cước cần giấy tờ gì" asks the papers
                and not (_CARD_NAMED.search(folded) and _near_a_change(folded))))):
        return "age"
    if found:
        return found[0]
    if _YESNO.search(folded) or _YESNO_END.search(folded):
        return "yesno"
    return None


def without_cues(folded: str) -> str:
    """A (folded) question without the words that only say what kind of fact it asks ("mất
    bao lâu", "ở đâu", "có … không"): what is left names what it is about, if anything."""
    while True:  # "cần giấy tờ gì" -> "cần gì" -> "": a cue may close over a removed one
        rest = " ".join(_ANY_CUE.sub(" ", folded).split())
        if rest == folded:
            return rest
        folded = rest


_ANY_CUE = re.compile("|".join(f"(?:{p.pattern})" for p in (*_ASKED.values(), _YESNO)))
_PARTICLES = frozenset("a nhi nhe nha vay the ha ad oi mn ban bot".split())  # end of a question


def asks_yes_no(folded: str) -> bool:
    """True when a (folded) question has the form of a yes/no question ("… không?", "có được
    …", "bắt buộc …"), whatever else it asks; a polite particle at the end ("… ở đâu ạ") is
    not one."""
    words = folded.split()
    while words and words[-1] in _PARTICLES:
        words.pop()
    said = " ".join(words)
    return bool(_YESNO.search(said) or _YESNO_END.search(said))


def lead(answer: str, aspect: str | None, yes_no: bool) -> str:
    """The answer as the question wants it first: a question that asks a definite kind of fact
    (a place, a cost, a time…) and is not a yes/no question does not get a bare "Được." /
    "Không." first ("mất thẻ căn cước làm lại ở đâu"). Any other question keeps it: one with
    no question word at all ("còn mức độ 4?") is a yes/no question in Vietnamese. Nothing else
    is changed (moving sentences was tried: the patterns that tell a kind of fact in a whole
    answer are too loose for one sentence, "tại"/"tải", "Sở"/"số")."""
    if yes_no or aspect in (None, "yesno"):
        return answer
    opening = _YES_NO.match(answer)
    if not opening:
        return answer
    rest = answer[opening.end():].lstrip()
    return rest[0].upper() + rest[1:] if rest else answer


_EXEMPT_ASKER = re.compile(vocabulary.EXEMPT_ASKER)
_CLAUSE = re.compile(r"(?<=[.;])\s+")
_EXEMPT_GROUP = re.compile(vocabulary.EXEMPT_GROUPS, re.IGNORECASE)


_EXEMPT_TYPED = re.compile(vocabulary.EXEMPT_ASKER_TYPED)
_AN_AGE = re.compile(r"\b\d{1,3} tuoi\b")


def exempt_asker(message: str) -> str | None:
    """The words of a message that say the writer, or the person asked about, is someone
    exempt from fees ("bác năm nay 68 tuổi" -> "68 tuoi", folded), read with its accents when
    it has them ("tôi không còn nhớ mật khẩu" names no young child); "" when it names an age
    that is not exempt ("con bác 30 tuổi"), None when it says nothing of the kind."""
    folded = vietnamese.normalise(message)
    typed = vietnamese.as_typed(message)  # each word as typed: "bác 68 tuoi rồi" (a review)
    match = _EXEMPT_TYPED.search(typed) or _EXEMPT_ASKER.search(typed)
    if match:
        return vietnamese.normalise(match.group(0))
    return "" if _AN_AGE.search(folded) else None


def exemption_first(answer: str, question: str, aspect: str | None) -> str:
    """A question about a cost that names someone exempt ("bác 72 tuổi … có mất tiền không",
    "người khuyết tật làm căn cước có được miễn phí không") gets the clause of the answer that
    says who is exempt first, not after the fee table. Only the first paragraph's clauses move;
    an answer with no such clause is unchanged."""
    if aspect != "cost" or not exempt_asker(question):
        return answer
    first, sep, rest = answer.partition("\n")
    clauses = _CLAUSE.split(first)
    opening = 1 if _YES_NO.match(first) and len(clauses[0].split()) == 1 else 0  # "Được."
    found = next((i for i, c in enumerate(clauses) if vocabulary.EXEMPT_SAID in c
                  and _EXEMPT_GROUP.search(c)), None)
    if found is None or found <= opening:
        return answer
    after = clauses[found + 1] if found + 1 < len(clauses) else ""
    if after[:1].islower():  # it is the middle of a sentence: leave the answer as written
        return answer
    said = clauses.pop(found)
    if said.rstrip().endswith(".") and clauses[found - 1].endswith(";"):
        clauses[found - 1] = clauses[found - 1][:-1] + "."  # it ended the sentence before it
    said = said.rstrip(";. ")
    head = " ".join(clauses[:opening])
    others = " ".join(clauses[opening:]).rstrip(";")
    others = others if others.endswith(".") else others + "."
    lead = f"{head} " if head else ""
    return f"{lead}{said[0].upper()}{said[1:]}. {others}{sep}{rest}"


def stated(folded_answer: str) -> frozenset[str]:
    """The kinds of fact a (folded) answer text shows evidence of."""
    return frozenset(a for a, pattern in _STATED.items() if pattern.search(folded_answer))


def opens_yes_no(answer: str) -> bool:
    """True when an answer's first word is a bare yes or no ("Có.", "Không,", "Được.")."""
    return bool(_YES_NO.match(answer))


_YES_NO = re.compile(vocabulary.YES_NO_OPENING)
_GAP = re.compile(vocabulary.GAP_OPENING)


def admits_gap(answer: str) -> bool:
    """True when an answer opens by saying the sources do not hold what was asked (an honest
    "I don't know" that then says what is known and who can help)."""
    return bool(_GAP.match(answer))
