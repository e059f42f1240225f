"""The words by which messages are read (not said to anyone): chat particles, question words,
a reader's "… hỏi:" introduction, the city's name, how an answer opens. A leaf: it imports
nothing, so the text and matching modules can use it."""

# Chat particles and politeness that carry no topic (accented forms, and unaccented forms that
# cannot be mistaken for a content word).
FILLERS = frozenset(
    "ơi ạ à ừ nhé nhá nha nhỉ vậy hả hử giùm dùm giúp cho mình tôi tớ em anh chị bạn xin ad hỏi "
    "làm ơn cảm cám thanks thank you hello hi alo ok oke vui lòng muốn biết ơi oi nhe "
    "vay giup gium dum xin chao chào nó nếu ấy".split()
)
# Forms of address (folded): who talks to whom ("bác … cháu", "anh chị cho em hỏi"), not what
# about. "con" (my child) and "bà"/"cô" (also "ba" = three, "có") are left out.
# ("e" is chat for "em": "con e 3 tuổi"; "no" is "nó", he or she; "ay" is "ấy": "anh ấy")
ADDRESS = frozenset("bac chau anh chi em e ong cau ban minh toi to ad admin bot no ay".split())
# Chat abbreviations (folded): "mn" mọi người, "ko"/"k" không, "dc" được, "ntn" như thế nào.
# Rare in print, so a frequency list alone would take them for words of a subject.
CHAT_SLANG = frozenset(
    "mn mng ae ad admin ko k khg hok hk dc j ntn z v ak ah vs ib mk bn cx r".split()
)
# Chat talk in a phrasing that says nothing about its subject ("bác ơi", "đc k mn"): not counted
# when the knowledge base's own words are weighed, so chatty phrasings add no weight to it.
CHAT_TALK = CHAT_SLANG | frozenset("bác cháu anh chị em ông cậu bạn mình tôi tớ ơi ạ đc".split())
# Question words and particles (folded): they say what kind of fact is asked, not what about.
QUESTION_WORDS = frozenset(
    "bao nhieu gi nao sao dau the khi may ai lam khong ko co duoc chua la thi vay roi nhu "
    "o tai cach ra".split()
)
# English words that no unaccented Vietnamese word spells ("the" is thẻ, "can" cần, "may"
# mấy, "that" thật, "do", "to", "so", "be", "it", "my", "no", "in", "on", "am" are Vietnamese
# too): a message that uses several of them, with (almost) no Vietnamese diacritic, is English.
ENGLISH_WORDS = frozenset(
    "what what's is are was were how where when who whom which why does did will would should "
    "could i i'm your our their of for with from about this these those its you we they have "
    "has and or if there please get need must shall want help lost hello tell "
    # and the words of our subject in English, which Vietnamese chat does not borrow
    "register registration account accounts identity identification electronic citizen "
    "citizens public service services portal national foreigner foreigners children child "
    "police fee fees apply procedure procedures required mandatory digital transformation "
    "issue issued issuing obtain eligible granted replace replacement regulations law card "
    "cards".split()
)
# Reading a question in English (cdsbot/english.py; the glossary is in knowledge/synonyms.yaml):
# words that say nothing by themselves, dropped when the glossary does not read them.
ENGLISH_FRAME = frozenset(
    "a an the of for to in on at by with from about as into onto over than then and or but if "
    "so that this these those it its it's there their theirs they them we our us you your i "
    "i'm i've me my mine he she his her him is are was were be been being am do does did done "
    "will would shall should could can may might must have has had having get gets got getting "
    "please thank thanks advise soon question questions ask asked asking wonder wondering "
    "know want wants wanted like tell let any some such also still just only very "
    "really currently now today yet already every each all both either more most other others "
    "which what what's whether whose there's here mr ms mrs dear sir madam regarding according "
    "law laws legal per via same one ones okay ok yes no "
    "case cases situation situations specific specifically details detail information "
    "happen happens happened take takes taking make makes made go goes going come comes "
    "people person persons individual individuals citizen citizens resident residents "
    "someone anyone everyone work works working worked live lives living lived stay "
    "stays staying move moved moving here there don't doesn't didn't won't isn't aren't "
    "wasn't weren't haven't hasn't staff employee employees worker workers".split()
)
# A sentence that opens with one of these asks yes or no ("Can foreigners …?", "Is it …?").
ENGLISH_YES_NO_OPENERS = (
    "is are was were do does did can could may might must will would shall should have has")
# A sentence that opens with one of these and names one thing asks what it is.
ENGLISH_DEFINITION_OPENERS = ("what is", "what are", "what's", "what does", "what do")
ENGLISH_DEFINES, ENGLISH_YES_NO = "là gì", "không"
# (folded) words that make a reading a question, which Vietnamese says last ("… ở đâu")
ENGLISH_ASKING_WORDS = "gi nao dau sao bao nhieu ai lau khong duoc"
# How a sentence may open before its question, said nothing of: "May I ask, what are …?"
ENGLISH_POLITE = (
    "may i ask", "can i ask", "could i ask", "i would like to ask", "i'd like to ask",
    "i want to ask", "let me ask", "could you tell me", "can you tell me", "please tell me",
    "please let me know", "please advise", "i would like to know", "i'd like to know",
    "i want to know", "i wonder", "i am wondering", "i'm wondering", "excuse me", "sorry",
    "according to the law", "in this case", "so", "well", "please",
)
# Past a sentence's first word, these join clauses ("I, who live in …", "foreigners who are
# under 14", "is it mandatory when the law takes effect"): "who" asks nobody there.
ENGLISH_RELATIVE = {"who": "", "whom": "", "which": "", "when": "khi", "where": "nơi"}
# After a comma, a "who", "where" followed by one of these asks ("Hello, where can I …"); one
# followed by anything else joins a clause ("I, who live in …").
ENGLISH_ASKING_AFTER = frozenset(ENGLISH_YES_NO_OPENERS.split()) | {"to", "do", "does", "did"}
# "under 14 years", "aged 6 years": an age ("valid for 10 years" is not)
ENGLISH_BEFORE_AGE = frozenset("under over above below aged from than age".split())
ENGLISH_AGE = "tuổi"
ENGLISH_BE = frozenset("i'm im am is she's he's".split())  # "I'm 72", "my father is 75": an age
# …and a child named before a figure ("my son (12)", "daughter 6"): an age too
ENGLISH_KIN = frozenset("son sons daughter daughters child children kid kids boy girl baby "
                        "grandson granddaughter grandchild".split())
# English words Vietnamese chat borrows: a message of these alone is no English question
# English words that also spell Vietnamese syllables without accents ("can": căn, cần; "my":
# mỹ; "son": sơn): English only beside a word that is English alone ("can my son get level 2?")
ENGLISH_AMBIGUOUS = frozenset("can my son the that".split())
CHAT_BORROWED = frozenset("hello hi hey bye goodbye thanks thank ok okay help sorry please "
                          "alo".split())
# "Chị Ngọc Oanh - Tp.HCM hỏi: …", "Bạn đọc Minh Châu (Tây Ninh) hỏi: …": who asks, from where.
PREAMBLE = r"^[^?:\n]{0,80}?\bh[ỏo]i\s*:\s*"
# "… cho bác hỏi …", "xin hỏi …", "cho em xin hỏi …": what follows is the question.
ASK_MARKER = (r"\b(?:cho|xin|nh[ờo])(?:\s+\w+){0,2}?\s+h[ỏo]i\b"
              r"(?:\s+(?:chút|chut|với|voi|là|la)\b)?")
# Words that open a place ("ở Lê Chân", "tại xã Tân Minh", "quận Ngô Quyền"), as typed: a
# name after them need not be a word of the knowledge base, and says where, not what about.
# Without accents only "o" counts ("tai", "quan" are as often "tài khoản", "cơ quan").
PLACE_OPENERS_TYPED = frozenset("ở tại quận huyện xã phường tỉnh thôn khu".split())
PLACE_NAME_WORDS = 3  # a place's name is at most this many words after its opener
HOME = "Hải Phòng"  # the city: its name says nothing about what is asked
# People some entries are about and others are not (not businesses: they file online as anyone
# does, with an organisation's account; not children: most answers hold for them too, and the
# age entries say when not): a message about them is not answered with an entry that never
# names them ("người nước ngoài đăng ký định danh điện tử thế nào" is not the
# citizens' steps, which need a personal ID number).
GROUPS = ("người nước ngoài",)
# The country's own people, and Vietnamese living abroad: a message about them is not answered
# with an entry whose question is about a group of GROUPS ("con em có quốc tịch việt nam, làm
# vneid cho con được không" is not the foreigners' entry, which says "quốc tịch" too).
OWN_PEOPLE = ("quốc tịch việt nam", "công dân việt nam", "người việt nam", "việt kiều",
              "ở nước ngoài", "tại nước ngoài", "định cư nước ngoài",
              # a dual national is a citizen ("con em có 2 quốc tịch": the children's entry)
              "2 quốc tịch", "hai quốc tịch", "song tịch")
# Words that say the asker is one of GROUPS without naming the group ("chồng em quốc tịch hàn
# quốc", "vợ em người nhật", "có thẻ tạm trú rồi"); checked once the OWN_PEOPLE phrases are
# left out ("tôi là người việt nam, vợ tôi người nhật": a sign), except the ones that deny
# them ("người không có quốc tịch việt nam", `NOT_OWN`). Without them (or the group), an
# entry whose question is about a group is said of others ("trẻ em được cấp tài khoản định
# danh điện tử không" is not the foreigners' entry, however close its words).
GROUP_SIGNS = (
    "nước ngoài", "quốc tịch", "ngoại kiều", "ngoại quốc", "thẻ tạm trú", "thẻ thường trú",
    "foreigner", "foreigners", "expat", "hàn quốc", "trung quốc", "nhật bản", "đài loan",
    "hoa kỳ", "thái lan", "ấn độ", "campuchia", "philippines", "singapore", "malaysia",
    "indonesia", "người hàn", "người nhật", "người trung", "người mỹ", "người lào",
    "người tây", "người đài loan",
)
# Of those, the ones that say the person asked about holds Vietnamese nationality, whoever
# else the message names ("chồng em người trung quốc, con em có 2 quốc tịch …": the child).
STRONG_OWN = ("quốc tịch việt nam", "2 quốc tịch", "hai quốc tịch", "song tịch")
# ... and the ones that deny it: a sign, whatever else is said
NOT_OWN = ("không có quốc tịch việt nam", "không phải quốc tịch việt nam",
           "thôi quốc tịch việt nam", "không phải người việt nam", "không phải công dân việt nam")
# Children's entries (their question names them) and signs that the person asked about is an
# adult: such an entry is never the best for "mẹ em 80 tuổi làm vneid được không" (an age of
# `ADULT_AGE` or more counts too), unless the message names a child as well; and it is only
# offered for a message that names no child (CHILD_SIGNS, an age, KIN_CHILD).
CHILD_TITLE = ("trẻ em", "dưới 14 tuổi")
ADULT_SIGNS = ("người già", "người cao tuổi", "cao tuổi", "sinh viên", "về hưu", "nghỉ hưu",
               "người lớn")
CHILD_SIGNS = ("trẻ em", "trẻ con", "con nhỏ", "em bé", "bé", "cháu bé", "dưới 14", "dưới 6",
               "học sinh", "chưa đủ 14", "chưa đủ 6", "0-14")  # (normalised: "0 14")
KIN_CHILD = ("con", "cháu", "bé", "trẻ", "nhỏ")  # someone's child, or a child, as typed folded
ADULT_AGE = 15  # (14 is as often "chưa đủ 14 tuổi", "0-14 tuổi")
UNDER_14 = "dưới 14 tuổi"  # an entry whose question says so is not about a child of 14…
CHILD_UNTIL = 14  # ("dưới 14", "chưa đủ 14" are child signs: CHILD_SIGNS)
OF_AGE = 18  # …and an entry about children's cards, which says what holds from 14, of age
# Changing a card ("đổi") is another procedure than getting one ("làm", "cấp"): a message that
# asks how to get a card and says nothing of changing it is not asked by a phrasing about the
# change ("bao nhiêu tuổi phải làm cccd" is no "mấy tuổi phải đổi căn cước"; search._GETS_CARD).
CHANGE_WORD = "đổi"
CONVERT_WORD = "chuyển"  # "chuyển đổi" (số) changes no card
CHANGE_TO = "sang"  # "đổi sang thẻ căn cước": getting the new card
# Typed with these accents, a word that folds like a question word names our subject: "thẻ"
# (the card) is no "thế" (`search._NAMING_ACCENTS`).
NAMING_TYPED = ("thẻ",)
# Names of our subject (issue 10, step one): a message that types one is about our subject,
# however ordinary its other words ("thủ tục cấp thẻ căn cước ở đâu").
SUBJECT_NAMES = (
    "chuyển đổi số", "dịch vụ công", "định danh điện tử", "vneid", "thẻ căn cước",
    "căn cước công dân", "chứng minh nhân dân", "kế hoạch 74", "chính phủ số", "kinh tế số",
    "xã hội số", "công dân số", "chữ ký số",
)
# An answer that opens with a bare yes or no ("Có.", "Không,", "Được.").
YES_NO_OPENING = r"^\s*(?:Có|Không|Được|Chưa)\s*[.,:;!–-]"
# An answer that opens by saying the sources do not hold what was asked.
GAP_OPENING = r"^\s*(?:Nguồn tài liệu của tôi|Nguồn tin|Tôi)\s+(?:không|chưa)\s+có"
# Folded "thank you" forms (small talk).
THANKS = (r"(?:xin )?(?:chan thanh |tran trong )?(?:cam|cám) on|"  # "Xin trân trọng cảm ơn."
          r"thank you(?: so much| very much)?|thanks?|tks|thx|ok cam on|da cam on|"
          r"cam on (?:da )?(?:giup|tra loi)(?: do)?|"
          # ("a" of "thanks a lot" is taken for the particle "ạ" and dropped)
          r"thanks? (?:(?:a )?lot|so much|very much)|many thanks|thank u|very helpful|so helpful|"
          r"thank(?:s| you)(?: so much| very much| a lot)? for (?:your |the )?help(?:ing)?|"
          r"helpful|great|perfect")
CHART_WORDS = "bieudo|biểu đồ|chart"  # "/tiendo biểu đồ": the chart, not the list
PERCENT = " phần trăm "  # "%" read as a word
AGE = r"\1 tuổi"  # "e 19t thi dc lam chua": chat writes an age as "19t"
D_STROKE = "đ"  # the one Vietnamese letter that Unicode does not decompose: folds to "d"
NOT_A_NUMBER = "“{text}” không phải là một số. Ví dụ cách viết: 87,5 hoặc 1.250"
NUMBER_TOO_LARGE = "“{text}” quá lớn."
# How a follow-up's first word is typed with accents ("còn cấp xã?", "thế ở đâu?"): folded,
# "thẻ căn cước…" and "con tôi…" would read as "thế…" and "còn…".
FOLLOW_OPENERS = frozenset({"còn", "thế", "vậy", "thì"})
# The words around a figure in a follow-up that asks the same again for it ("còn năm 2024?",
# "thế 2023 thì sao", "vậy năm 2025 nữa"), folded.
# Who is exempt from fees ("người cao tuổi", "trẻ em", "người khuyết tật"), as a question names
# them (folded): an elder ("bác 72 tuổi", "người già"), a child, a disabled person. Such a
# question about a cost is answered with the exemption first.
EXEMPT_ASKER = (r"\b(?:nguoi gia|nguoi cao tuoi|cao tuoi|gia roi|[6-9]\d tuoi|tre em|tre con|"
                r"con nho|em be|khuyet tat|nguoi co cong)\b")
# …the same with its accents, for words typed with them ("còn nhớ" is not "con nhỏ", nor "em
# bế" "em bé"), on a message that keeps them where typed (`vietnamese.as_typed`)
EXEMPT_ASKER_TYPED = (r"\b(?:người già|người cao tuổi|cao tuổi|già rồi|[6-9]\d tuổi|trẻ em|"
                      r"trẻ con|con nhỏ|em bé|khuyết tật|người có công)\b")
# A value or a period said again after a mistake ("à nhầm, 58,5 chứ", "lộn rồi, quý 2"), read
# on a message whose words keep their accents where typed and are folded where not: "lớn hơn
# 50" is no "lộn", "nham roi, 58,5 nhé" is "nhầm" (a review: partly accented messages).
RETYPE_CUES = (r"\b(?:nhầm|nham|sai|lộn|lon|sửa lại|sửa lai|sua lai|(?:không|khong|ko|k) "
               r"(?:phải|phai)|ý là|y la|ý em là|y em la)\b|\d\s*%?\s+(?:chứ|chu)\b")
# …and a message that asks ("quý 3 không phải nộp à"): its last word ("ạ" is politeness)
RETYPE_ASKS = r"(?:^|\s)(?:à|hả|ha|không|khong|ko|chưa|chua|nhỉ|nhi|sao)$"
EXEMPT_SAID = "miễn"  # the clause of an answer that says who is exempt…
EXEMPT_GROUPS = r"trẻ em|người cao tuổi|người khuyết tật"  # …and names them
# An answer's pointer to another question: "… (hỏi “cơ quan nào phụ trách chuyển đổi số hiện
# nay”)".
POINTER = r"hỏi “([^”]+)”"
FOLLOW_WORDS = frozenset("con the vay thi nam sao nua a nhi nhe oi ra".split())
# How writers name themselves, so the bot calls them so and not "bạn" ("cho bác hỏi",
# "chú năm nay 70 tuổi", "bà muốn làm thẻ"): the word as written → how to call them. Unaccented
# forms only where no other word spells them ("co" is also "có", "chi" "gì", "ba" "ba").
SELF_NAMES = {"bác": "bác", "bac": "bác", "ông": "ông", "bà": "bà", "cô": "cô", "chú": "chú",
              "anh": "anh", "chị": "chị",
              # "ong nam nay 72 tuoi" (a retiree's trial: called "bác"): only at a clause's
              # opening before a self-verb, where "ong" is no bee
              "ong": "ông"}
# Unaccented forms other words spell too ("ba" is also three, "co" "có"): only right after
# "cho" ("cho ba hoi", "cho co hoi").
SELF_NAMES_AFTER_CHO = {"ba": "bà", "co": "cô", "chu": "chú", "ong": "ông", "chi": "chị",
                        "c": "chị"}  # chat "c": "cho c hỏi" (a shop owner's trial)
C_NAMES = frozenset({"chị", "cô", "chú"})  # what chat "c" may stand for
# …and the self-words that are answered with "bạn" ("cho em hỏi", "tôi muốn", "mình 25 tuổi").
SELF_PLAIN = frozenset("tôi toi mình minh em cháu chau con tớ t e".split())
# What a writer's self-word is followed by at the start of a clause ("bác muốn …", "chú năm
# nay …"); "có" is left out: "chị có biết…?" asks the bot.
SELF_VERBS = frozenset(
    "muốn muon xin hỏi hoi định dinh đang dang ở o vừa vua cần can chưa chua năm nam "
    "mới moi đã da thấy thay nghe cảm cám cam bị bi già gia sắp sap chào chao nhờ nho".split()
)
# …and after an elder's self-word only ("bác không có điện thoại thông minh", "bác vẫn dùng
# chứng minh thư"; "anh không trả lời được à" may speak to the bot)
ELDER_SELF_VERBS = frozenset("không khong ko vẫn van".split())
ELDER_NAMES = frozenset("bác ông bà cô chú".split())
# The word before a self-word anywhere in a message: "cho bác hỏi", "giúp chú với".
SELF_AFTER = frozenset("cho giúp giup giùm gium".split())
# The bot called "cháu" ("chào cháu", "cháu ơi", "cảm ơn cháu", "… hả cháu"): the writer is an
# elder of the bot; with no word of their own for themselves, they are called "bác".
CALLED_CHAU = (r"\b(?:chào|chao|cảm ơn|cám ơn|cam on) cháu\b|\bcháu ơi\b|"
               r"\b(?:hả|nhé|nha|không|ko|chưa|ạ|à|nhỉ|hở) cháu\W*$|"
               r"\b(?:chao|cam on) chau\b|\bchau oi\b")
ELDER_DEFAULT = "bác"
# Calling someone ("bác ơi", "ad oi"): ends a clause, so "bác ơi cháu hỏi" is not "bác hỏi".
VOCATIVES = ("ơi", "oi")
# A clause's opening greeting or vocative, skipped before a self-word ("chào cháu, bác …").
SELF_OPENERS = frozenset("dạ da vâng vang thưa thua à a ừ u ờ o thế vậy thôi thoi".split())
# …one's own child or grandchild before an elder's word ("con trai ông bảo ông phải cài VNeID",
# a retiree's trial: "bác"), and "là" after a greeting ("chào em, chị là kế toán")
KIN_OF = frozenset("trai gái gai".split())
INTRODUCING = frozenset("là la".split())
# Words for the bot after "chào" at a clause's opening: a self-word may follow ("chào cháu bà
# hỏi chút", "chao em chi muon hoi").
BOT_NAMES = frozenset("cháu chau em e bot ad admin bạn ban".split())
GREETS = ("chào", "chao")  # …the greeting itself
# Words by which a text speaks of a card (an entry that has none of them never does).
CARD_WORDS = ("thẻ", "căn cước", "cccd", "cmnd", "chứng minh")
# "thẻ" typed with its accents is never "thế"; "có thẻ" is often "có thể" mistyped ("tôi có thẻ
# đăng ký … không", a review), unless a card's kind follows
CARD = r"(?<!có )thẻ|có thẻ (?:căn|cccd|cmnd|tạm|thường|bhyt|bảo|ngân|atm|gắn|chip|cũ|mới)"
# "làm thẻ ở đâu hả cháu", "cái thẻ đó ghi là không thời hạn" (a retiree's trial: "outside what
# I know"): "thẻ" after what is done with a card, or "cái", no other kind of card named, is the
# ID card (typed with accents: no "thế")
THE_CARD = (r"\b((?:làm|cấp|đổi|mất|xin|nhận|lấy|giữ|làm lại|cấp lại|cấp đổi|cái)(?: cái)? thẻ)"
            r"(?! (?:căn|cccd|cmnd|bhyt|bảo|ngân|atm|tín|xe|sinh|tạm|thường|điện|nhớ|sim|hội|"
            r"thành|đảng|vip|cào|game|thư|khám|y tế|học|tàu|gửi|tập|ra vào|từ|đỏ|vàng))")
CARD_NAME = " căn cước"
# Words (folded) by which a yes/no question asks about a target of the plan ("tỷ lệ … có đạt
# mục tiêu không"), not about doing something ("… được không").
TARGET_WORDS = ("muc tieu", "chi tieu", "dat", "ke hoach", "phan tram", "ty le", "ti le")
# Outside the dialog (under a report card), as typed: folded "dung" is also "đúng" (yes) and
# "dùng", which must not cancel anything
CANCEL_AS_TYPED = frozenset({"hủy", "huỷ", "huy", "hủy bỏ", "huỷ bỏ", "thôi", "dừng", "dừng lại",
                             "cancel", "stop", "hủy báo cáo", "huỷ báo cáo", "huy bao cao",
                             "không báo cáo nữa", "thôi không báo cáo nữa"})
