"""Every user-facing string, and the HTML rendering of answers and menus.

Knowledge text is plain text written by editors; it is escaped here, once, on the way out.
Nothing in this module knows about Telegram: the console and `ask` use the same renderings,
turned into plain text by `to_plain`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from cdsbot.strings import indicators, times

if TYPE_CHECKING:
    from cdsbot.knowledge import Entry, Indicator, KnowledgeBase, Milestone, Referral, Source

TELEGRAM_LIMIT = 4096
PILLAR_ICONS = ("🏛", "💼", "👥")


WELCOME = (
    "Xin chào! Tôi là trợ lý hỏi đáp về "
    "<b>Kế hoạch chuyển đổi số thành phố Hải Phòng năm 2022</b> "
    "(Kế hoạch số 74/KH-UBND) và về dịch vụ công trực tuyến.\n\n"
    "Bạn cứ gõ câu hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ:\n"
    "• <i>mục tiêu kinh tế số năm 2022 là bao nhiêu?</i>\n"
    "• <i>dvc muc do 4 la gi</i>\n"
    "• <i>đăng ký tài khoản định danh điện tử ở đâu?</i>\n\n"
    "Hoặc chọn một chủ đề bên dưới."
)
HELP = (
    "<b>Cách hỏi</b>\n"
    "Gõ câu hỏi như khi nhắn tin, có dấu hoặc không dấu, viết tắt cũng được (DVC, TTHC, CĐS…). "
    "Nếu tôi chưa chắc, tôi sẽ gợi ý vài câu hỏi gần nhất để bạn chọn.\n\n"
    "<b>Các lệnh</b>\n"
    "/muctieu – các mục tiêu của Kế hoạch theo từng trụ cột\n"
    "/dichvu – hướng dẫn dịch vụ công trực tuyến\n"
    "/moc – các mốc thời gian\n"
    "/lienhe – liên hệ, hỗ trợ\n"
    "/kehoach – thông tin về Kế hoạch 74/KH-UBND\n"
    "/tiendo – tiến độ các chỉ tiêu (/tiendo bieudo: biểu đồ)\n"
    "/theodoi – nhận thông báo mốc, tiến độ; /huytheodoi – dừng\n"
    "/trogiup – hướng dẫn này\n\n"
    "Thông tin lấy từ văn bản và tin tức chính thức, từ Kế hoạch năm 2022 đến các quy định "
    "mới hơn (2024–2026); mỗi câu trả lời ghi rõ thông tin tính đến thời điểm nào.\n\n"
    "🔒 Bot chỉ lưu những gì cần cho tính năng; câu hỏi chưa trả lời được lưu không kèm danh "
    "tính. /dulieucuatoi – xem và xóa dữ liệu của bạn."
)
# Questions about the bot's own features, asked in words ("tôi muốn nhận thông báo"): the
# command that does it (an official's trial: these got "outside what I know").
FEATURES = {
    "subscribe": "Gõ /theodoi để nhận thông báo về các mốc của Kế hoạch, chỉ tiêu đạt mục tiêu "
                 "và thông báo chung; bấm từng loại để bật/tắt. Gõ /huytheodoi để dừng.",
    "unsubscribe": "Gõ /huytheodoi để dừng nhận mọi thông báo; /theodoi để chọn lại từng loại.",
    "report": "Cán bộ đã được cấp quyền gõ /baocao để báo cáo số liệu chỉ tiêu (bot hỏi từng "
              "bước), /sua để sửa số liệu đã báo cáo (cần ghi lý do), /rutlai để rút lại báo "
              "cáo vừa gửi. Chưa có quyền thì xin quản trị viên một lời mời.",
    "progress": "Gõ /tiendo để xem tiến độ các chỉ tiêu của Kế hoạch (/tiendo bieudo: biểu đồ; "
                "/tiendo kèm tên chỉ tiêu để xem một chỉ tiêu).",
}
SUGGEST_INTRO = "Tôi chưa chắc bạn hỏi gì. Có phải bạn muốn hỏi:"
NONE_FITS = "Nếu không mục nào đúng ý bạn:"
RELATED_INTRO = "Nếu bạn muốn hỏi một trong các mục sau thì hãy chọn:"
NO_ANSWER = (
    "Xin lỗi, câu hỏi này nằm ngoài những gì tôi biết. Tôi trả lời về chuyển đổi số, Kế hoạch "
    "chuyển đổi số thành phố Hải Phòng năm 2022, dịch vụ công trực tuyến, tài khoản định danh "
    "điện tử (VNeID) và thẻ căn cước."
)
NO_MATCH = (
    "Xin lỗi, tôi chưa tìm thấy câu trả lời đúng ý bạn trong nguồn tài liệu đã kiểm chứng của "
    "tôi, nên tôi không đoán."
)
NO_REFERRAL = "Bạn có thể xem các chủ đề tôi trả lời được bằng /trogiup."
SEE_TOPICS = "Các chủ đề tôi trả lời được: /trogiup."
NO_MORE = "Câu trả lời trên đã là đầy đủ; tôi không có thêm chi tiết cho mục này."
NOTHING_TO_EXPAND = (
    "Chưa có câu trả lời nào để xem thêm. Bạn hãy chọn một câu trong danh sách, hoặc gõ câu hỏi."
)
CHOICES_DROPPED = "Vâng, tôi đã bỏ danh sách lựa chọn. Bạn cần hỏi gì cứ nhắn nhé."
NOTHING_TO_CANCEL = "Vâng. Không có gì đang chờ để hủy; bạn cần hỏi gì cứ nhắn nhé."
NO_CHOICES = (
    "Hiện không có danh sách nào để chọn theo số. Bạn hãy gõ câu hỏi bằng chữ, ví dụ: "
    "<i>đăng ký VNeID ở đâu?</i>"
)


def choose_again(count: int) -> str:
    if count == 1:
        return "Chỉ có một gợi ý: gõ 1 để xem, hoặc gõ câu hỏi khác."
    return f"Hãy chọn một số từ 1 đến {count}, hoặc gõ câu hỏi khác."


SMALL_TALK = {
    "greeting": (
        "Xin chào! Tôi là trợ lý hỏi đáp về chuyển đổi số của thành phố Hải Phòng: Kế hoạch "
        "74/KH-UBND năm 2022, dịch vụ công trực tuyến và tài khoản định danh điện tử (VNeID). "
        "Bạn cứ gõ câu hỏi, ví dụ: <i>trẻ em có được làm VNeID không?</i>"
    ),
    "thanks": "Không có gì ạ! Bạn cần hỏi thêm gì cứ nhắn nhé.",
    "bye": "Tạm biệt! Khi cần, bạn cứ nhắn lại cho tôi.",
    "who": (
        "Tôi là bot hỏi đáp tự động (không phải người) về chuyển đổi số ở Hải Phòng: Kế hoạch "
        "74/KH-UBND năm 2022 và các mục tiêu của nó, dịch vụ công trực tuyến, tài khoản định "
        "danh điện tử (VNeID), thẻ căn cước, và Hải Phòng sau sắp xếp năm 2025. Tôi chỉ trả lời "
        "từ nguồn tài liệu đã kiểm chứng và ghi rõ nguồn. "
        "Gõ /trogiup để xem các chủ đề."
    ),
    "ok": "Vâng. Bạn cần hỏi thêm gì cứ nhắn nhé.",
    "ask": "Vâng, bạn cứ hỏi ạ. Ví dụ: <i>làm thẻ căn cước ở đâu?</i>",
    "complaint": (
        "Xin lỗi bạn nếu tôi trả lời chậm hoặc chưa đúng ý. Tôi chỉ trả lời từ nguồn tài liệu "
        "đã kiểm chứng, nên có điều tôi chưa biết. Bạn hãy hỏi lại và nêu rõ điều cần biết, "
        "ví dụ: "
        "<i>làm thẻ căn cước ở đâu?</i> Trên Telegram, bấm 👎 dưới câu trả lời chưa đúng để "
        "chúng tôi xem lại."
    ),
}
MORE_BUTTON, SOURCES_BUTTON = "📖 Xem thêm", "📄 Nguồn"
def console_hint(more: bool, sources: bool) -> str:
    """What the console can show on request after an answer (the bot shows buttons)."""
    asks = ([MORE_REQUEST] if more else []) + ([SOURCES_REQUEST] if sources else [])
    return f"(gõ {' hoặc '.join(asks)})" if asks else ""


MORE_REQUEST, SOURCES_REQUEST = "“xem thêm” để đọc chi tiết", "“nguồn” để xem mọi nguồn"
OTHER_PLACE = (
    "Tôi chỉ có thông tin về thành phố Hải Phòng. Với địa phương khác, bạn hãy tra cứu trang "
    "thông tin chính thức của địa phương đó."
)
IN_ENGLISH = (
    "Xin lỗi, tôi không tìm được câu trả lời cho câu hỏi này trong các nguồn của tôi (chuyển đổi "
    "số của Hải Phòng, dịch vụ công trực tuyến, VNeID và thẻ căn cước). Sorry, I found no answer "
    "to this question in my sources, which cover Hải Phòng's digital transformation, online "
    "public services, VNeID and the ID card."
)
READ_IN_ENGLISH = (
    "Bạn hỏi bằng tiếng Anh: tôi trả lời bằng tiếng Việt, như các nguồn của tôi. "
    "You asked in English: my answers are in Vietnamese, as my sources are."
)


def read_in_english(html: str) -> str:
    """A reply to a message in English, opened by saying it is in Vietnamese."""
    return f"<i>{READ_IN_ENGLISH}</i>\n\n{html}"
EMPTY_QUESTION = "Bạn hãy gõ câu hỏi bằng chữ, ví dụ: <i>mục tiêu chuyển đổi số năm 2022</i>."
CONSOLE_INTRO = (
    "cdsbot – trợ lý Kế hoạch chuyển đổi số Hải Phòng 2022 "
    "(chế độ dòng lệnh, không cần Telegram).\n"
    "Gõ câu hỏi; các lệnh: /muctieu /dichvu /moc /lienhe /kehoach /trogiup; /thoat để thoát."
)
CONSOLE_CHOOSE = "Gõ số để chọn, hoặc gõ câu hỏi khác."
CONSOLE_BYE = "Tạm biệt!"
NO_TOKEN = (
    "Chưa có TELEGRAM_BOT_TOKEN. Hãy tạo bot với @BotFather trên Telegram, rồi đặt mã vào biến "
    "môi trường TELEGRAM_BOT_TOKEN hoặc tệp .env (xem README)."
)
NO_TOKEN_CONSOLE = NO_TOKEN + " Trong lúc chờ, mở chế độ hỏi đáp trên dòng lệnh."


_YOU = re.compile(r"\b([Bb])ạn\b")
_I = re.compile(r"(?<![Cc]húng )\b([Tt])ôi\b")  # "chúng tôi" (the office) stays
_PLEASE = re.compile(r"\b([Hh])ãy(?= )")
# What the bot does not say in its own voice: a question's title (bold), examples of what to
# type (italics, “quoted”), links and commands. "Làm thủ tục … trên mạng tôi có quyền gì?"
# is the asker's "tôi".
_NOT_OURS = re.compile(r"(<b>.*?</b>|<i>.*?</i>|“[^”]*”|<a\b.*?</a>|<code>.*?</code>)",
                       re.DOTALL)
# What the bot calls itself when it calls the writer by a kinship word: an elder's "cháu",
# anh/chị's "em" (a "bác" answered by a "tôi" sounds cold).
ELDERS = frozenset({"bác", "ông", "bà", "cô", "chú"})


def self_word(name: str | None) -> str | None:
    """How the bot calls itself to someone it calls `name`; None: "tôi"."""
    if name in ELDERS:
        return "cháu"
    return "em" if name in ("anh", "chị") else None


def addressed(html_text: str, name: str | None) -> str:
    """A reply said to someone who calls themselves `name` ("bác"): "bạn" becomes "bác"
    ("Bác cứ gõ câu hỏi…", "nơi bác cư trú"), "hãy hỏi …" becomes "bác hỏi …", and the bot's
    "tôi" becomes "cháu" (to anh, chị: "em"), in what the bot says itself, not in a title or an
    example. No name: unchanged."""
    if not name:
        return html_text
    me = self_word(name)

    def mine(line: str) -> str:
        if line.rstrip().endswith("?"):  # a question's title in a list: the asker's "tôi"
            return line
        # "hãy hỏi Công an …" is an order; to someone called by name: "bác hỏi Công an …"
        line = re.sub(rf"\b({name}|{name.capitalize()}) hãy ", r"\1 ", line)
        line = _PLEASE.sub(lambda m: name.capitalize() if m.group(1) == "H" else name, line)
        return _I.sub(lambda m: me.capitalize() if m.group(1) == "T" else me, line) if me else line

    def ours(text: str) -> str:
        text = _YOU.sub(lambda m: name.capitalize() if m.group(1) == "B" else name, text)
        return "\n".join(mine(line) for line in text.split("\n"))

    parts = _NOT_OURS.split(html_text)
    return "".join(ours(part) if i % 2 == 0 else part for i, part in enumerate(parts))


def esc(value: Any) -> str:
    """HTML-escape any dynamic value for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=False)


def target_text(ind: Indicator) -> str:
    """'tối thiểu 9%', '100%', 'trên 30%', 'thực hiện trong năm, không nêu con số'."""
    return indicators.target_text(ind.unit, ind.comparator, ind.target)


SOURCES_SHOWN = 2  # source lines under an answer; the rest behind the "Nguồn" button


def _official_first(src: Source) -> int:
    """Official (gov.vn) and Hải Phòng pages first, then the rest, keeping the editors' order."""
    url = src.url.lower()
    if "haiphong.gov.vn" in url:
        return 0
    if ".gov.vn" in url or not url:  # no URL: a document cited by its number
        return 1
    return 2


def ordered_sources(kb: KnowledgeBase, entry: Entry) -> list[Source]:
    return sorted(kb.source_line(entry.sources), key=_official_first)


def _source_label(src: Source) -> str:
    label = esc(src.title)
    if src.date:
        label += f", {esc(src.date)}"
    if src.url:
        label += f" – {esc(src.url)}"
    return label


def source_lines(kb: KnowledgeBase, entry: Entry, limit: int = SOURCES_SHOWN) -> str:
    parts = [_source_label(src) for src in ordered_sources(kb, entry)[:limit]]
    return "📄 Nguồn: " + "; ".join(parts) if parts else ""


def has_more_sources(kb: KnowledgeBase, entry: Entry) -> bool:
    return len(kb.source_line(entry.sources)) > SOURCES_SHOWN


def as_of(kb: KnowledgeBase, entry: Entry) -> str:
    return entry.as_of or kb.plan.as_of


def render_answer(kb: KnowledgeBase, entry: Entry, extra: str = "", answer: str = "") -> str:
    """An entry as an HTML message: title, the short answer (`answer`: the entry's, led by what
    was asked), time of the facts, at most two sources (official and Hải Phòng pages first).
    Details and further sources are behind the "Xem thêm" and "Nguồn" buttons (render_more,
    render_sources)."""
    text = f"<b>{esc(entry.title)}</b>\n{esc(answer or entry.answer)}"
    if extra:
        text += f"\n{extra}"
    text += f"\n\n🕒 Thông tin tính đến: {esc(as_of(kb, entry))}"
    src = source_lines(kb, entry)
    return text + (f"\n{src}" if src else "")


def render_more(kb: KnowledgeBase, entry: Entry) -> str:
    """The details of an entry ("Xem thêm")."""
    if not entry.more:
        return f"<b>{esc(entry.title)}</b>\n{NO_MORE}"
    return f"<b>{esc(entry.title)}</b> – chi tiết\n{esc(entry.more)}"


def render_sources(kb: KnowledgeBase, entry: Entry) -> str:
    """Every source of an entry ("Nguồn"), official ones first."""
    lines = [f"• {_source_label(src)}" for src in ordered_sources(kb, entry)]
    return (f"<b>Nguồn của “{esc(entry.title)}”</b>\n" + "\n".join(lines)
            + f"\n🕒 Thông tin tính đến: {esc(as_of(kb, entry))}")


def render_referral(kb: KnowledgeBase, reason: str, referral: Referral | None,
                    related: list[str] | None = None) -> str:
    """The honest "I don't know" for a question: who can help, by subject; then the entries
    that came closest, if any did (the refusal does not hide them). With such entries the
    message was partly about our subject: "I found no answer that fits", never "outside what I
    know" ("bác muốn hỏi làm căn cước cho cháu nội 5 tuổi thì làm ở đâu")."""
    opening = NO_MATCH if reason == "no_match" or related else NO_ANSWER
    if referral is None:
        text = f"{opening}\n\n{NO_REFERRAL}"
    else:
        text = f"{opening}\n\n{_referral_text(kb, referral)}\n\n{SEE_TOPICS}"
    if related:
        text += "\n\n" + "\n".join([RELATED_INTRO, *_numbered(kb, related)])
    return text


def _referral_text(kb: KnowledgeBase, referral: Referral) -> str:
    srcs = kb.source_line(referral.sources)
    return esc(referral.text) + (f"\n📄 Nguồn: {_source_label(srcs[0])}" if srcs else "")


def render_goals(kb: KnowledgeBase) -> str:
    """All targets of the plan grouped by pillar."""
    out = [f"<b>Mục tiêu của Kế hoạch {esc(kb.plan.number)} năm 2022</b>"]
    for icon, pillar in zip(PILLAR_ICONS * 3, kb.plan.pillars, strict=False):
        out.append(f"\n{icon} <b>{esc(pillar.name)}</b>")
        for ind in kb.indicators.values():
            if ind.pillar == pillar.id:
                out.append(f"• {esc(ind.name)}: <b>{esc(target_text(ind))}</b>")
    out.append(f"\n🕒 Thông tin tính đến: {esc(kb.plan.as_of)}")
    src = kb.sources.get(kb.plan.source)
    if src:
        out.append(f"📄 Nguồn: {esc(src.title)}" + (f" – {esc(src.url)}" if src.url else ""))
    return "\n".join(out)


def render_plan(kb: KnowledgeBase) -> str:
    p = kb.plan
    basis = "\n".join(f"• {esc(b)}" for b in p.legal_basis)
    tasks = "\n".join(f"• {esc(t)}" for t in p.task_groups)
    return (
        f"<b>{esc(p.title)}</b>\n"
        f"Số: {esc(p.number)}, ngày {times.date(p.date)}, "
        f"do {esc(p.issuer)} ban hành.\n\n"
        f"<b>Căn cứ</b>\n{basis}\n\n<b>Mục đích</b>\n{esc(p.purpose)}\n\n"
        f"<b>Trụ cột</b>: {esc(', '.join(x.name for x in p.pillars))}\n\n"
        f"<b>Nhóm nhiệm vụ</b>\n{tasks}\n\n"
        f"<b>Cơ quan chủ trì</b>: {esc(p.lead_agency)} – {esc(p.lead_duties)}\n"
        f"<b>Kế hoạch của các đơn vị</b>: {esc(p.units_plan_deadline)}\n\n"
        f"🕒 Thông tin tính đến: {esc(p.as_of)}"
    )


def milestone_date(m: Milestone) -> str:
    if m.precision == "month":
        return f"tháng {m.date.month}/{m.date.year}"
    return times.date(m.date)


def render_milestones(kb: KnowledgeBase, today: dt.date) -> str:
    """Milestones, upcoming first, then the past ones most recent first."""
    upcoming = [m for m in kb.milestones if m.date >= today]
    past = sorted((m for m in kb.milestones if m.date < today), key=lambda m: m.date,
                  reverse=True)
    out = ["<b>Các mốc thời gian</b>"]
    if upcoming:
        out.append("\n<b>Sắp tới</b>")
        out += [f"• {milestone_date(m)}: {esc(m.title)}" for m in upcoming]
    if past:
        out.append("\n<b>Đã qua</b>")
        out += [f"• {milestone_date(m)}: {esc(m.title)}" for m in past]
    return "\n".join(out)


def render_topic(kb: KnowledgeBase, topic_id: str,
                 entry_ids: tuple[str, ...] | None = None) -> str:
    topic = kb.topics[topic_id]
    lines = [f"<b>{esc(topic.title)}</b>"]
    lines += [f"• {esc(kb.entries[e].title)}" for e in (entry_ids or topic.entry_ids)]
    return "\n".join(lines)


def _numbered(kb: KnowledgeBase, entry_ids: list[str]) -> list[str]:
    return [f"{i}. {esc(kb.entries[e].title)}" for i, e in enumerate(entry_ids, 1)]


def render_suggestions(kb: KnowledgeBase, entry_ids: list[str],
                       referral: Referral | None = None) -> str:
    """"Did you mean" choices; then, in case none of them is what was asked, who can help
    (about half the questions that get choices are ones the sources do not answer)."""
    text = "\n".join([SUGGEST_INTRO, *_numbered(kb, entry_ids)])
    if referral is not None:
        text += f"\n\n{NONE_FITS} {_referral_text(kb, referral)}"
    return text


_TAG = re.compile(r"<[^>]+>")


def to_plain(text: str) -> str:
    """HTML message -> plain text for the terminal and JSON."""
    return html.unescape(_TAG.sub("", text))


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries into parts of at most `limit`.

    Never splits inside an HTML tag or entity: a cut point is always outside `<...>`/`&...;`.
    """
    parts: list[str] = []
    rest = text
    while len(to_plain(rest)) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        while _inside_markup(rest, cut):
            cut -= 1
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _inside_markup(text: str, pos: int) -> bool:
    lt, gt = text.rfind("<", 0, pos), text.rfind(">", 0, pos)
    amp, semi = text.rfind("&", 0, pos), text.rfind(";", 0, pos)
    return lt > gt or (amp > semi and pos - amp < 10)


def render_unanswered(kb: KnowledgeBase, status: str, alternatives: list[str],
                      reason: str = "", referral: Referral | None = None) -> str:
    """The message when there is no confident answer: choices ("suggest"), or why not and who
    can help ("none"). An answer is `render_answer`."""
    if status == "suggest":
        return render_suggestions(kb, alternatives, referral)
    if reason == "empty":
        return EMPTY_QUESTION
    if reason == "other_place":
        return OTHER_PLACE
    if reason == "english":  # who can help, when the words say ("VNeID", "dichvucong.gov.vn");
        # the entries that came closest, if any did
        return (IN_ENGLISH + (f"\n\n{_referral_text(kb, referral)}" if referral else "")
                + ("\n\n" + "\n".join([RELATED_INTRO, *_numbered(kb, alternatives)])
                   if alternatives else ""))
    return render_referral(kb, reason, referral, alternatives)


FLOOD = "Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ vài giây rồi hỏi tiếp nhé."
ERROR = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
EXPIRED_BUTTON = "Nút này đã hết hạn. Gõ /start để mở lại menu."
RATED = "Cảm ơn bạn đã đánh giá!"
RATED_ALREADY = "Bạn đã đánh giá câu trả lời này rồi."
ALREADY_SENT = "Tôi đã gửi phần này ở trên rồi."
INVALID_TOKEN = (
    "Telegram từ chối TELEGRAM_BOT_TOKEN. Hãy kiểm tra lại mã lấy từ @BotFather "
    "(dạng 123456789:ABC...), rồi chạy lại."
)
NO_WEBHOOK_SECRET = (
    "Chế độ webhook cần biến CDSBOT_WEBHOOK_SECRET (chuỗi bí mật 1–256 ký tự A-Z, a-z, 0-9, _ "
    "hoặc -) để Telegram gửi kèm mỗi yêu cầu."
)
MENU_BUTTONS = (
    ("🎯 Mục tiêu", "muctieu"), ("🏛 Dịch vụ công", "dichvu"), ("📅 Mốc thời gian", "moc"),
    ("📞 Liên hệ", "lienhe"), ("📄 Kế hoạch 74", "kehoach"), ("❓ Hướng dẫn", "trogiup"),
)
COMMANDS_VI = (
    ("start", "Bắt đầu, menu chủ đề"), ("muctieu", "Mục tiêu của Kế hoạch"),
    ("dichvu", "Dịch vụ công trực tuyến"), ("moc", "Các mốc thời gian"),
    ("lienhe", "Liên hệ, hỗ trợ"), ("kehoach", "Về Kế hoạch 74/KH-UBND"),
    ("tiendo", "Tiến độ các chỉ tiêu"), ("theodoi", "Nhận thông báo"),
    ("huytheodoi", "Dừng nhận thông báo"), ("dulieucuatoi", "Dữ liệu của tôi"),
    ("trogiup", "Cách hỏi và các lệnh"),
)
COMMANDS_EN = (
    ("start", "Start and topic menu"), ("goals", "The plan's goals"),
    ("services", "Online public services"), ("milestones", "Milestones"),
    ("contact", "Contacts and help"), ("plan", "About Plan 74/KH-UBND"),
    ("tiendo", "Progress of the targets"), ("theodoi", "Subscribe to notifications"),
    ("huytheodoi", "Stop notifications"), ("dulieucuatoi", "My data"),
    ("help", "How to ask, commands"),
)


NOTICE_ICONS = {"milestone": "📅", "achievement": "🎉", "announcement": "📢"}
SUBSCRIBE_BUTTON = "🔔 Nhận thông báo"
SUBSCRIBE_INTRO = ("🔔 Bạn đang nhận thông báo. Bấm để bật/tắt từng loại; chọn một đơn vị để chỉ "
                   "nhận tin đạt mục tiêu của đơn vị đó. Gõ /huytheodoi để dừng tất cả.")
TOPIC_LABELS = {"milestones": "Mốc thời gian, hạn chót", "achievements": "Tiến độ, đạt mục tiêu",
                "announcements": "Thông báo"}
UNSUBSCRIBED = "Đã dừng mọi thông báo. Gõ /theodoi để nhận lại."
NOT_SUBSCRIBED = "Bạn chưa theo dõi thông báo nào. Gõ /theodoi để bắt đầu."
ANNOUNCE_USAGE = "Cách viết: <code>/thongbao &lt;nội dung thông báo&gt;</code>"
ANNOUNCE_SEND, ANNOUNCE_URGENT, ANNOUNCE_CANCEL = "✅ Gửi", "⚡ Gửi khẩn", "✖ Hủy"
ANNOUNCE_TITLE = "Thông báo về chuyển đổi số thành phố Hải Phòng"


def render_notice(kind: str, title: str, body: str) -> str:
    """A pushed notification (milestone, achievement, announcement) as HTML."""
    icon = NOTICE_ICONS.get(kind, "🔔")
    return f"{icon} <b>{esc(title)}</b>\n{esc(body)}\n\nGõ /huytheodoi để dừng nhận thông báo."


def delivery_report(counts: dict[str, int]) -> str:
    return (f"📬 Báo cáo gửi thông báo: đã gửi {counts.get('sent', 0)}, bị chặn "
            f"{counts.get('blocked', 0)}, lỗi {counts.get('failed', 0)}.")


REVIEW_TITLE = "<b>Câu hỏi cần xem lại</b> (chưa trả lời được, hoặc bị đánh giá 👎)"
REVIEW_EMPTY = "Không có câu hỏi nào cần xem lại."
FORGET_SUBSCRIPTION, FORGET_RATINGS = "🗑 Xóa đăng ký nhận thông báo", "🗑 Xóa các đánh giá"
FORGOTTEN, NOTHING_TO_FORGET = "Đã xóa.", "Không có gì để xóa."


def reload_result(kb: KnowledgeBase, problems: list[str]) -> str:
    if not problems:
        return (f"✅ Đã nạp lại kho tri thức: {len(kb.entries)} mục, {len(kb.indicators)} chỉ "
                "tiêu.")
    shown = "\n".join(f"• <code>{esc(p)}</code>" for p in problems[:20])
    more = f"\n… và {len(problems) - 20} lỗi nữa." if len(problems) > 20 else ""
    return (f"⚠️ Kho tri thức mới có {len(problems)} lỗi, bot vẫn dùng bản cũ:\n{shown}{more}")


def review_pick(question: str) -> str:
    return f"Gắn “{esc(question)}” làm cách hỏi của mục nào?"


def review_attached(question: str, title: str) -> str:
    return (f"✅ Đã gắn “{esc(question)}” vào “{esc(title)}”; câu hỏi này được trả lời ngay từ "
            "bây giờ. (Xuất bằng <code>python bot.py export phrasings</code> để đưa vào "
            "knowledge/.)")


def my_data(data: dict[str, Any]) -> str:
    sub = data["subscription"]
    if sub is None:
        subscription = "không"
    else:
        topics = [name for key, name in TOPIC_LABELS.items() if getattr(sub, key)]
        state = "đang nhận" if sub.active else "đã dừng"
        subscription = f"{state} ({', '.join(topics) or 'không chủ đề nào'})"
    roles = ", ".join(r.role + (f" {r.unit_id}" if r.unit_id else "") for r in data["roles"])
    return (f"<b>Dữ liệu bot lưu về bạn</b>\n• Đăng ký thông báo: {esc(subscription)}\n"
            f"• Đánh giá 👍/👎: {data['ratings']}\n• Quyền: {esc(roles or 'không')}\n"
            f"• Báo cáo đã gửi: {data['reports']} (giữ lại theo quy định)\n"
            f"• Mục nhật ký thao tác: {data['audit']} (giữ lại theo quy định)")
