"""User-facing strings for officials and administrators (HTML, every dynamic part escaped)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cdsbot.officials import reporting
from cdsbot.officials.reporting import PENDING_VALID, WITHDRAW_WITHIN
from cdsbot.strings.citizen import (
    ANNOUNCE_TITLE,
    EXPIRED_BUTTON,
    NOTICE_ICONS,
    esc,
    render_notice,
    target_text,
)
from cdsbot.strings.times import clock, date, duration, window
from cdsbot.vietnamese import number

if TYPE_CHECKING:
    from cdsbot.knowledge import Indicator, KnowledgeBase, NoticeSettings, PlanYear, Unit
    from cdsbot.officials.office import Progress
    from cdsbot.storage import AuditEntry, Invite, Pending, Report, Role

def report_usage(indicator_id: str, year: int) -> str:
    """How /baocao is written, with an indicator of the plan in force and its year (not the
    2022 plan's district indicator to a commune of 2026)."""
    example = (f"\nVí dụ: <code>/baocao {esc(indicator_id)} 52,5 {year}-Q3</code>"
               if indicator_id else "")
    return (
        "Cách viết: <code>/baocao &lt;mã chỉ tiêu&gt; &lt;giá trị&gt; [mã đơn vị] [kỳ] "
        f"[ghi chú]</code>{example}\n"
        f"Kỳ: <code>{year}</code>, <code>{year}-Q3</code>, <code>Q3/{year}</code>, "
        f"<code>{year}-09</code> hoặc <code>09/{year}</code>. Gõ /baocao không kèm gì để được "
        "hỏi từng bước."
    )


STATUS_REACHED, STATUS_NOT_YET, STATUS_NO_DATA = "✅ đạt", "⏳ chưa đạt", "▫️ chưa có số liệu"
CONFIRM, CANCEL = "✅ Xác nhận", "✖ Hủy"
CANCELLED = "✖ Đã hủy báo cáo, không có gì được lưu."
PROGRESS_TITLE = "<b>Tiến độ các chỉ tiêu năm 2022</b>"
CHART_CAPTION = "Tiến độ các chỉ tiêu so với mục tiêu (100% = đạt mục tiêu)."
CHART_FAILED = "Chưa vẽ được biểu đồ lúc này (bộ vẽ bị dừng). Vui lòng thử lại sau ít phút."
DIALOG_INDICATOR = ("Chọn chỉ tiêu cần báo cáo, hoặc gõ vài chữ trong tên chỉ tiêu "
                    "(gõ “hủy” để dừng):")
DIALOG_UNIT = "Báo cáo cho đơn vị nào?"


def dialog_period(year: int) -> str:
    """The period step's prompt, its examples in the indicator's year."""
    return (f"Kỳ báo cáo? Chọn bên dưới hoặc gõ, ví dụ: quý 3, Q3/{year}, quý III/{year}, "
            f"tháng 9, T9/{year}.")


DIALOG_NOTE = "Ghi chú (không bắt buộc): gõ ghi chú, hoặc bấm “Bỏ qua”."
DIALOG_REASON = ("Lý do (bắt buộc, ít nhất 5 ký tự), ví dụ: “số liệu giảm do rà soát lại hồ sơ”. "
                 "Hoặc bấm “Nhập lại giá trị”.")
DIALOG_NO_MATCH = ("Không tìm thấy chỉ tiêu nào khớp với “{given}” trong các chỉ tiêu của bạn. "
                   "Chọn trong danh sách dưới đây:")
ALL_INDICATORS = "📋 Tất cả chỉ tiêu"


def dialog_matches(given: str, count: int) -> str:
    """Words typed at the indicator step that match several indicators."""
    return (f"Có {count} chỉ tiêu khớp “{esc(given)}”: chọn một, hoặc gõ thêm chữ trong tên "
            "(gõ “hủy” để dừng).")
DIALOG_STALE = ("Lượt báo cáo có nút này đã kết thúc (không có gì bị mất). "
                "Gõ /baocao để báo cáo mới, /tiendo để xem và sửa số đã báo cáo.")
DIALOG_KEPT = "Đang nhập dở: {parts}."
DIALOG_QUESTION = ("Bạn đang báo cáo số liệu; những gì đã nhập vẫn được giữ. Xong báo cáo (hoặc "
                   "gõ “hủy”) rồi hỏi lại để xem câu trả lời đầy đủ.")
def dialog_target(ind: Indicator) -> str:
    """"bao nhiêu thì đạt?" in the middle of reporting this indicator."""
    return (f"Mục tiêu năm {ind.year} của “{esc(ind.name)}”: {esc(target_text(ind))}.")


DIALOG_HELP = ("Cách báo cáo: chọn chỉ tiêu → kỳ → gõ giá trị (ví dụ 52,5) → ghi chú hoặc "
               "“Bỏ qua” → bấm ✅ Xác nhận. Nhập sai: bấm “✏️ Sửa” dưới báo cáo đã lưu, "
               f"hoặc /rutlai trong {duration(WITHDRAW_WITHIN)}. Gõ “hủy” để dừng.")
FIX, NEW_VALUE, OTHER_PERIOD, STOP = ("✏️ Sửa số liệu kỳ này", "↩️ Nhập lại giá trị",
                                      "📅 Chọn kỳ khác", "✖ Dừng báo cáo")
ONE_LINE_REASON = ("Nếu số liệu đúng, gửi lại kèm lý do sau kỳ báo cáo, ví dụ: <code>/baocao "
                   "… 10 2022-Q3 số liệu giảm do rà soát lại hồ sơ</code>; hoặc gõ /baocao không "
                   "kèm gì để được hỏi từng bước.")
def cancelled_open(count: int) -> str:
    """/huy (or "hủy") under reports waiting for ✅."""
    return ("Đã hủy báo cáo đang chờ xác nhận; không có gì được lưu." if count == 1 else
            f"Đã hủy {count} báo cáo đang chờ xác nhận; không có gì được lưu.")


def retyped(old_value: str) -> str:
    """ "à nhầm, 58,5 chứ" under a report card: the card's report with the new value, in a
    new card (HTML; `old_value` as shown)."""
    return f"✖ Đã hủy báo cáo chờ xác nhận với số {esc(old_value)}; thay bằng:"


RETYPE_REFUSED = "Thẻ báo cáo ở trên vẫn chờ xác nhận, chưa đổi gì."


def retype_which(count: int) -> str:
    """ "à nhầm, 58,5 chứ" with several report cards waiting for ✅."""
    return (f"Bạn đang có {count} báo cáo chờ xác nhận nên tôi không biết sửa thẻ nào. Bấm ✖ "
            "ở thẻ sai rồi gửi lại /baocao với số đúng.")


def retype_unread(line: str) -> str:
    """ "nhầm rồi, quý 3 là 58,5" under a card: neither one value nor one period read (HTML)."""
    return ("Tôi chưa đọc được số hay kỳ mới cho thẻ báo cáo ở trên (thẻ vẫn chờ xác nhận, "
            "chưa đổi gì). Gõ lại từng thứ, ví dụ “à nhầm, 58,5 chứ” hoặc “nhầm, quý 2 chứ”; hoặc "
            f"bấm ✖ ở thẻ rồi gửi lại cả dòng đã sửa:\n<code>{esc(line)}</code>")


def retype_expired(line: str) -> str:
    """ "à nhầm, 58,5 chứ" after the card expired unconfirmed (HTML)."""
    return ("Thẻ báo cáo gần nhất của bạn đã hết hạn mà chưa được xác nhận, nên không có gì "
            f"được lưu. Gửi lại cả dòng, ví dụ:\n<code>{esc(line)}</code>")


def retype_with_reason(line: str) -> str:
    """ "à nhầm, 6 chứ" whose value needs a reason (a fall or a jump): the line to send
    (HTML)."""
    return ("Thẻ báo cáo ở trên vẫn chờ xác nhận, chưa đổi gì. Nếu số mới đúng, bấm ✖ ở thẻ "
            f"đó rồi gửi cả dòng kèm lý do, ví dụ:\n<code>{esc(line)} lý do…</code>")


CORRECTION_REASON_NEXT = ("Số mới đã được giữ: gõ lý do sửa ngay (ví dụ: nhập nhầm số hồ sơ), "
                          "hoặc bấm “✍️ Ghi lý do”.")


def one_line_next(exists: bool) -> str:
    """The message after a one-line refusal that is neither a reason nor a question."""
    if exists:
        return (f"Muốn thay số đã có, bấm “{FIX}” hoặc gõ số mới; hoặc gửi lại lệnh /sua kèm "
                "lý do.")
    return ("Để ghi lý do, bấm “✍️ Ghi lý do” hoặc gửi lại lệnh kèm lý do (ít nhất "
            f"{reporting.MIN_REASON} ký tự).")


AFTER_REFUSAL = "Gõ /baocao để báo cáo lại, /tiendo để xem số hiện hành và bấm “✏️ Sửa”."
KEPT = "Đã giữ nguyên báo cáo."
EXISTS_PROMPT = ("Kỳ này đã có số liệu: gõ số mới hoặc bấm “✏️ Sửa số liệu kỳ này” (cần lý "
                 "do), hoặc chọn kỳ khác.")
GIVE_REASON = "✍️ Ghi lý do (giữ giá trị vừa gõ)"
EDIT, WITHDRAW, KEEP = "✏️ Sửa", "↩️ Rút lại", "Không, giữ nguyên"
WITHDRAW_YES = "↩️ Có, rút lại"
DIALOG_CANCELLED = "Đã dừng báo cáo. Không có gì được lưu."
DIALOG_TIMEOUT = "Hết thời gian nhập báo cáo; không có gì được lưu. Gõ /baocao để làm lại."
DIALOG_NOTHING = "Đơn vị của bạn chưa có chỉ tiêu nào để báo cáo."
SKIP = "Bỏ qua"
# Typed at the note step, these mean "no note" as the "Bỏ qua" button does (folded).
NO_NOTE = frozenset({"bo qua", "khong", "ko", "k", "khong co", "khong can", "khong ghi chu",
                     "skip", "-", "."})
NO_ROLES = "Chưa có ai được cấp quyền."
WELCOME_OFFICIAL = ("Bạn đã được cấp quyền báo cáo cho <b>{unit}</b>. Gõ /baocao để báo cáo số "
                    "liệu, /tiendo để xem tiến độ.")
OFFICIAL_COMMANDS = (
    ("baocao", "Báo cáo số liệu chỉ tiêu"), ("sua", "Sửa số liệu đã báo cáo (kèm lý do)"),
    ("rutlai", f"Rút lại báo cáo vừa gửi (trong {duration(WITHDRAW_WITHIN)})"),
    ("huy", "Dừng báo cáo đang nhập"),
)
ADMIN_COMMANDS = (
    ("moi", "Tạo lời mời cán bộ báo cáo"), ("quyen", "Danh sách quyền, thu hồi"),
    ("nhatky", "Nhật ký thao tác"), ("xuat", "Xuất báo cáo CSV"),
    ("thongbao", "Gửi thông báo tới người theo dõi"), ("chuatraloi", "Câu hỏi cần xem lại"),
    ("thongke", "Thống kê sử dụng"), ("tailai", "Nạp lại kho tri thức"),
)
ACTIONS = {
    "report": "báo cáo", "report.correct": "sửa số liệu", "report.withdraw": "rút lại",
    "report.cancel": "hủy báo cáo", "report.expire": "báo cáo hết hạn",
    "report.stale": "báo cáo lỗi thời",
    "report.edited": "sửa tin nhắn báo cáo (báo cáo chờ xác nhận bị hủy)",
    "report.confirm": "xác nhận", "grant": "cấp quyền", "revoke": "thu hồi quyền",
    "invite": "tạo lời mời", "invite.use": "dùng lời mời", "invite.revoke": "hủy lời mời",
    "roles.list": "xem quyền", "audit.read": "xem nhật ký", "export": "xuất dữ liệu",
    "announce": "gửi thông báo", "announce.cancel": "hủy thông báo",
    "announce.expire": "thông báo hết hạn", "reload": "nạp lại",
    "review": "xem lại câu hỏi", "stats": "xem thống kê", "phrasing.attach": "gắn cách hỏi",
    "phrasing.dismiss": "bỏ qua câu hỏi", "privacy.delete": "xóa dữ liệu cá nhân",
    "phrasing.detach": "hoàn tác gắn cách hỏi", "phrasing.undismiss": "hoàn tác bỏ qua",
    "subscription": "theo dõi thông báo", "subscription.forget": "xóa việc theo dõi",
    "rate": "đánh giá câu trả lời", "backup": "sao lưu",
    "privacy.retention": "xóa dữ liệu quá hạn lưu giữ",
}
# the reasons an invalid try is audited with (shown by /nhatky)
UNIT_NOT_TODAY = "đơn vị không tồn tại hôm nay"
UNIT_OUT_OF_PLAN = "đơn vị không tồn tại trong năm nào của kế hoạch đang áp dụng"


PRIVACY_TARGETS = {"ratings": "(đánh giá)", "subscription": "(đăng ký nhận thông báo)",
                   "forget": "(tất cả)"}


def period_label(key: str) -> str:
    """'Quý 3/2022' for a stored period key."""
    return reporting.parse_period(key).label


def invite_example(kb: KnowledgeBase, today: dt.date) -> str:
    """A unit name to show in /moi's examples: one that exists today ("Đồ Sơn" in 2022, no
    longer after 30/6/2025), commune or district first, without "UBND quận"."""
    order = {"commune": 0, "district": 1, "department": 2, "city": 3}
    units = sorted(kb.units_on(today), key=lambda u: order.get(u.level, 4))
    if not units:
        return "Đồ Sơn"
    name = units[0].name
    for prefix in ("UBND phường ", "UBND xã ", "UBND quận ", "UBND huyện ", "UBND đặc khu "):
        name = name.removeprefix(prefix)
    return name


def invite_usage(example: str) -> str:
    return (f"Cách viết: <code>/moi &lt;tên đơn vị&gt;</code>, ví dụ <code>/moi {esc(example)}"
            "</code> (có dấu hay không dấu đều được).")


def label(text_: str, limit: int = 58) -> str:
    """A button label of at most `limit` characters, cut at a word boundary."""
    if len(text_) <= limit:
        return text_
    cut = text_[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,–-:")
    return cut + "…"


def invite_revoked(kb: KnowledgeBase, inv: Invite) -> str:
    return f"Đã hủy lời mời cho {esc(unit_label(kb, inv.unit_id))}; đường dẫn không còn dùng được."


def unit_label(kb: KnowledgeBase, unit_id: str | None) -> str:
    unit = kb.units.get(unit_id or "")
    return unit.name if unit else (unit_id or "–")


def pending(kb: KnowledgeBase, p: Pending, old: Report | None = None,
            elsewhere: list[Report] | None = None) -> str:
    ind = kb.indicators[p.indicator_id]
    lines = [
        "<b>Kiểm tra lại trước khi lưu</b>",
        f"Chỉ tiêu: {esc(ind.name)} (<code>{esc(ind.id)}</code>)",
        f"Đơn vị: {esc(unit_label(kb, p.unit_id))}",
        f"Kỳ: {esc(period_label(p.period))}",
        f"Giá trị: <b>{esc(reporting.show_value(ind, p.value))}</b> "
        f"(mục tiêu {esc(target_text(ind))})",
    ]
    if old is not None:
        lines.append(f"Thay cho: {esc(reporting.show_value(ind, old.value))}")
    if p.note:
        lines.append(f"{'Lý do' if old else 'Ghi chú'}: {esc(p.note)}")
    for other in elsewhere or ():
        lines.append(f"⚠️ Cùng kỳ này, {esc(unit_label(kb, other.unit_id))} đã báo cáo "
                     f"{esc(reporting.show_value(ind, other.value))}. Đây là chỉ tiêu cấp "
                     "thành phố: /tiendo hiển thị số được lưu sau cùng.")
    lines.append(f"\nBấm ✅ để lưu, ✖ để hủy (hết hạn sau {duration(PENDING_VALID)}).")
    return "\n".join(lines)


def saved(kb: KnowledgeBase, report: Report, progress: Progress,
          announced: bool = False) -> str:
    """A stored report; `announced`: its reaching the target will be announced once it can
    no longer be withdrawn."""
    ind = kb.indicators[report.indicator_id]
    head = "✅ Đã sửa số liệu" if report.supersedes else "✅ Đã lưu báo cáo"
    return (f"{head}: {esc(ind.name)} – {esc(unit_label(kb, report.unit_id))}, "
            f"{esc(period_label(report.period))}: "
            f"<b>{esc(reporting.show_value(ind, report.value))}</b>.\n"
            + progress_line(kb, progress, staff=True)
            + (f"\n🎉 Người theo dõi sẽ nhận thông báo đạt mục tiêu sau "
               f"{duration(WITHDRAW_WITHIN)}, nếu bạn không rút lại báo cáo này."
               if announced else ""))


def status(p: Progress, kb: KnowledgeBase | None = None) -> str:
    """Reached or not; for a district's or commune's target, at the unit that reported (one
    unit's figure is not the city's)."""
    if p.report is None:
        return STATUS_NO_DATA
    said = STATUS_REACHED if p.reached else STATUS_NOT_YET
    if kb is not None and p.indicator.per_unit:
        said += f" tại {esc(unit_label(kb, p.report.unit_id))}"
    return said


def progress_line(kb: KnowledgeBase, p: Progress, staff: bool = False) -> str:
    """'▓▓▓▓▓░░░░░ 52% mục tiêu · ⏳ chưa đạt · Theo báo cáo của … kỳ …' (`staff`: said to
    someone who reports, see `restored_mark`)."""
    ind = p.indicator
    if p.report is None:
        return f"{STATUS_NO_DATA} (mục tiêu {esc(target_text(ind))})"
    percent = p.percent or 0.0
    value = reporting.show_value(ind, p.report.value)
    source = "" if ind.per_unit else \
        f"Theo báo cáo của {esc(unit_label(kb, p.report.unit_id))} "  # (the status names it)
    return (f"{reporting.bar(percent)} {percent:.0f}% mục tiêu · {status(p, kb)} · "
            f"{esc(value)} / {esc(target_text(ind))} · {source}kỳ "
            f"{esc(period_label(p.report.period))}" + restored_mark(p.report, staff))


def restored_mark(report: Report, staff: bool = False) -> str:
    """An active value that came back when its correction was withdrawn says so; to staff,
    with what to do if it is wrong (a citizen cannot: a staff trial)."""
    if report.status == "active" and report.changed_at:
        return (" · ⚠️ số cũ được khôi phục sau khi rút lại bản sửa"
                + ("; nếu sai, hãy sửa (/tiendo)" if staff else ""))
    return ""


def plan_title(plan: PlanYear, in_force: PlanYear) -> str:
    if plan.year < in_force.year:
        return f"<b>Tiến độ {esc(plan.title)}</b> (đã kết thúc, lưu làm lịch sử)"
    return f"<b>Tiến độ {esc(plan.title)}</b>"


def overview(kb: KnowledgeBase, rows: list[Progress], plan: PlanYear | None = None,
             in_force: PlanYear | None = None) -> str:
    out = [plan_title(plan, in_force or plan) if plan else PROGRESS_TITLE]
    for p in rows:
        out.append(f"\n<b>{esc(p.indicator.name)}</b>\n" + progress_line(kb, p))
    out.append("\nChi tiết một chỉ tiêu: /tiendo &lt;vài chữ trong tên&gt;, ví dụ "
               "<code>/tiendo hồ sơ xã</code> · Biểu đồ: /tiendo bieudo")
    others = [p for p in kb.plans if plan and p.year != plan.year]
    if others:
        out.append("Kế hoạch khác: " + ", ".join(f"/tiendo {p.year}" for p in others))
    return "\n".join(out)


def unit_overview(kb: KnowledgeBase, unit_id: str, own: list[Progress],
                  everything: list[Progress], plan: PlanYear) -> str:
    """An official's /tiendo: their unit's indicators first, short; the city in one line."""
    out = [f"<b>{esc(unit_label(kb, unit_id))}</b> – {esc(plan.title)}"]
    for p in own:
        if p.report is None:
            line = f"{STATUS_NO_DATA} (mục tiêu {esc(target_text(p.indicator))})"
        else:
            line = (f"<b>{esc(reporting.show_value(p.indicator, p.report.value))}</b> / "
                    f"{esc(target_text(p.indicator))} · {status(p)} · kỳ "
                    f"{esc(period_label(p.report.period))}" + restored_mark(p.report, True))
        out.append(f"• {esc(p.indicator.name)}: {line}")
    if not own:
        out.append("(đơn vị chưa có chỉ tiêu nào trong kế hoạch này)")
    with_data = sum(1 for p in everything if p.report)
    done = sum(1 for p in everything if p.reached and not p.indicator.per_unit)
    by_unit = sum(1 for p in everything if p.report and p.indicator.per_unit)
    out.append(f"\nToàn thành phố: {with_data}/{len(everything)} chỉ tiêu có số liệu, {done} "
               "chỉ tiêu cấp thành phố đạt"
               + (f" ({by_unit} chỉ tiêu cấp huyện, xã: theo từng đơn vị)" if by_unit else "")
               + ". Xem hết: /tiendo tatca · Tìm: <code>/tiendo hồ sơ xã</code>")
    return "\n".join(out)


def search_results(given: str, found: list[Indicator]) -> str:
    if not found:
        return (f"Không tìm thấy chỉ tiêu nào khớp “{esc(given[:40])}”. Thử vài chữ trong tên, "
                "ví dụ <code>/tiendo hồ sơ</code>, hoặc gõ /tiendo tatca.")
    return f"Các chỉ tiêu khớp “{esc(given[:40])}”: bấm để xem chi tiết."


def history(kb: KnowledgeBase, ind: Indicator, every: list[Report],
            per_unit: list[Progress], staff: bool = False) -> str:
    """One indicator's values by unit and its reports over time; notes and correction
    reasons only to staff (`staff`): they are written for colleagues ("số liệu nội bộ,
    chưa gồm UBND huyện"), and a citizen's /tiendo showed them (a staff trial)."""
    out = [f"<b>{esc(ind.name)}</b>", f"Mục tiêu: {esc(target_text(ind))}"]
    if not every:
        out.append(STATUS_NO_DATA)
        return "\n".join(out)
    current = [p for p in per_unit if p.report]
    if current:  # every report withdrawn: no heading over an empty list
        out.append("\n<b>Theo đơn vị (số mới nhất)</b>")
    else:
        out.append(STATUS_NO_DATA)
    out += [f"• {esc(unit_label(kb, p.report.unit_id))}: " + progress_line(kb, p, staff)
            for p in current if p.report]
    out.append("\n<b>Lịch sử báo cáo</b>")
    marks = {"active": "", "superseded": " (đã được sửa)", "withdrawn": " (đã rút lại)"}
    for r in sorted(every, key=lambda r: (reporting.parse_period(r.period).sort_key, r.id)):
        note = f" – {esc(r.note)}" if r.note and staff else ""
        out.append(f"• {esc(period_label(r.period))}, {esc(unit_label(kb, r.unit_id))}: "
                   f"{esc(reporting.show_value(ind, r.value))}{marks.get(r.status, '')}"
                   f"{' (khôi phục)' if r.status == 'active' and r.changed_at else ''}"
                   f" ({esc(r.created_at[:10])}){note}")
    return "\n".join(out)


VIA = {"cli": "cấp bằng dòng lệnh", "invite": "qua lời mời", "chat": "trong chat",
       "env": "cấu hình CDSBOT_ADMINS"}
DETAIL = {"unit": "đơn vị", "period": "kỳ", "value": "giá trị", "old": "số cũ",
          "new": "số mới", "reason": "lý do", "via": "cách cấp", "role": "quyền",
          "recipients": "người nhận", "urgent": "khẩn", "audience": "gửi tới",
          "problems": "số lỗi", "error": "lỗi", "question": "câu hỏi", "entry": "mục",
          "os_user": "người chạy trên máy chủ", "note": "ghi chú"}
ROLE_NAMES = {"official": "cán bộ báo cáo", "admin": "quản trị"}


def local_time(iso_utc: str | None, tz: ZoneInfo) -> str:
    """'2022-10-15T02:00:00+00:00' -> '09:00 15/10/2022' in local time."""
    if not iso_utc:
        return "–"
    try:
        moment = dt.datetime.fromisoformat(iso_utc).astimezone(tz)
    except ValueError:
        return iso_utc[:16]
    return f"{moment:%H:%M} {moment.day:02d}/{moment.month:02d}/{moment.year}"


def person(user_id: int | None, names: dict[int, tuple[str, str]]) -> str:
    """'Lan (@lan_ds)', 'Lan (id 9002)' without a username, or 'người dùng 9002 (chưa rõ
    tên)' before the person has written to the bot."""
    if user_id is None:
        return "dòng lệnh"
    first, username = names.get(user_id, ("", ""))
    if not first and not username:
        return f"người dùng {user_id} (chưa rõ tên)"
    return f"{first} (@{username})" if username else f"{first} (id {user_id})"


def invite(inv: Invite, link: str, kb: KnowledgeBase, tz: ZoneInfo) -> str:
    return (f"Lời mời cán bộ báo cáo cho <b>{esc(unit_label(kb, inv.unit_id))}</b> (dùng một "
            f"lần, hết hạn {esc(local_time(inv.expires_at, tz))}):\n{esc(link)}\n\n"
            "Gửi đường dẫn này cho đúng người; người mở nó sẽ được cấp quyền. Hủy lời mời "
            "chưa dùng: /quyen.")


def roles(kb: KnowledgeBase, rows: list[Role], invites: list[Invite],
          env_admins: list[int], names: dict[int, tuple[str, str]], tz: ZoneInfo) -> str:
    out = ["<b>Quyền đang hiệu lực</b>"]
    out += [f"• {esc(person(a, names))}: quản trị ({VIA['env']})" for a in env_admins]
    for r in rows:
        what = "quản trị" if r.role == "admin" else f"cán bộ {esc(unit_label(kb, r.unit_id))}"
        via = VIA.get(r.granted_via, r.granted_via)
        out.append(f"• {esc(person(r.user_id, names))}: {what} (từ "
                   f"{esc(local_time(r.granted_at, tz))}, {esc(via)})")
    if not rows and not env_admins:
        out.append(NO_ROLES)
    if invites:
        out.append("\n<b>Lời mời chưa dùng</b>")
        out += [f"• {esc(unit_label(kb, i.unit_id))}, hết hạn {esc(local_time(i.expires_at, tz))}"
                for i in invites]
    return "\n".join(out)


def _detail_value(kb: KnowledgeBase, key: str, value: object,
                  ind: Indicator | None = None) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if key in ("old", "new", "value") and ind is not None and isinstance(value, int | float):
        return reporting.show_value(ind, float(value))  # "đã có", not "1"; "45%"
    if key == "unit":
        return unit_label(kb, str(value))
    if key == "period":
        try:
            return period_label(str(value))
        except reporting.ReportError:
            return str(value)
    if key == "via":
        return VIA.get(str(value), str(value))
    if key == "role":
        return ROLE_NAMES.get(str(value), str(value))
    if key == "audience":
        return AUDIENCE_LABELS.get(str(value), str(value))
    if isinstance(value, float):
        return number(value)
    return str(value)


def audit(entries: list[AuditEntry], kb: KnowledgeBase | None = None,
          names: dict[int, tuple[str, str]] | None = None,
          tz: ZoneInfo | None = None, of: int | None = None) -> str:
    """The audit log in words: who (name), what, local time, details with Vietnamese labels;
    `of`: one person's entries."""
    kb_ = kb
    names = names or {}
    zone = tz or ZoneInfo("Asia/Ho_Chi_Minh")
    whose = "" if of is None else f" của {esc(person(of, names))}"
    out = [f"<b>Nhật ký thao tác{whose} (mới nhất trước)</b>"]
    marks = {"ok": "", "denied": " ⛔ bị từ chối", "invalid": " ⚠️ không hợp lệ"}
    for e in entries:
        ind = kb_.indicators.get(e.target) if kb_ and e.action.startswith("report") else None
        detail = ""
        if e.detail:
            data = json.loads(e.detail)
            detail = ", ".join(
                f"{DETAIL[k]}: {_detail_value(kb_, k, v, ind) if kb_ else v}"
                for k, v in data.items() if v is not None and k in DETAIL)
        target = e.target
        if e.action in ("grant", "revoke") and target.isdigit():
            target = person(int(target), names)
        elif e.action.startswith("invite") and kb_ and target in kb_.units:
            target = unit_label(kb_, target)
        elif ind is not None:  # the indicator's name, not its id
            target = label(ind.name, 60)
        elif e.action == "privacy.delete":  # what was deleted, in words
            target = PRIVACY_TARGETS.get(target, target)
        what = " ".join(p for p in (ACTIONS.get(e.action, e.action), target) if p)
        out.append(f"• {esc(local_time(e.at, zone))} · {esc(person(e.actor_id, names))} · "
                   f"{esc(what)}{marks.get(e.outcome, '')}"
                   + (f" · {esc(detail[:150])}" if detail else ""))
    if not entries:
        out.append("(trống)")
    return "\n".join(out)


def audit_usage(shown: int, most: int) -> str:
    return (f"Cách dùng: <code>/nhatky</code> ({shown} dòng mới nhất) · <code>/nhatky 50</code> "
            f"(50 dòng mới nhất, tối đa {most}) · <code>/nhatky 123456789</code> hoặc "
            "<code>/nhatky @ten</code> (thao tác của một người).")


def unknown_username(given: str) -> str:
    return (f"Chưa biết ai có tên người dùng “{given}” (bot chỉ nhớ tên của người có quyền). "
            "Dùng mã số người dùng: /nhatky 123456789.")


EXPORT_KINDS = {"reports": "báo cáo", "audit": "nhật ký thao tác", "units": "đơn vị",
                "indicators": "chỉ tiêu", "phrasings": "cách hỏi đã gắn (YAML)"}


def export_usage(kinds: tuple[str, ...]) -> str:
    listed = ", ".join(f"<code>{k}</code> ({EXPORT_KINDS.get(k, k)})" for k in kinds)
    return f"Cách dùng: <code>/xuat [loại]</code>, mặc định là báo cáo. Các loại: {listed}."


def export_caption(kind: str) -> str:
    if kind == "reports":
        return "Các báo cáo đã xác nhận (CSV, UTF-8)."
    return f"Dữ liệu xuất: {EXPORT_KINDS.get(kind, kind)} (UTF-8)."


def grant_notice(kb: KnowledgeBase, role: str, unit_id: str | None) -> tuple[str, str]:
    """(title, body) queued to a person granted a role from the command line."""
    if role == "admin":
        return ("Bạn đã được cấp quyền quản trị",
                "Gõ /trogiup để xem các lệnh của quản trị viên.")
    return (f"Bạn đã được cấp quyền báo cáo cho {unit_label(kb, unit_id)}",
            "Gõ /baocao để báo cáo số liệu (được hỏi từng bước), /tiendo để xem tiến độ của "
            "đơn vị, /trogiup để xem các lệnh.")


def personal_notice(kind: str, title: str, body: str) -> str:
    """A pushed message to someone who is not a subscriber of it (a grant, a revocation, an
    announcement to officials): as citizen.render_notice, without "Gõ /huytheodoi…", which
    would not stop it."""
    return f"{NOTICE_ICONS.get(kind, '🔔')} <b>{esc(title)}</b>\n{esc(body)}"


def invite_used(kb: KnowledgeBase, role: Role) -> tuple[str, str]:
    """(title, body) queued to whoever made an invite, when it is used: the id, not the name
    (kept with the roles, where /quyen shows it and a person's erasure reaches it)."""
    return ("Lời mời của bạn đã được dùng",
            f"Người dùng id {role.user_id} đã nhận quyền báo cáo cho "
            f"{unit_label(kb, role.unit_id)} (tên hiện trong /quyen). Nếu không phải người bạn "
            "mời, thu hồi quyền này trong /quyen.")


def corrected_notice(kb: KnowledgeBase, ind: Indicator, unit_id: str, period: str,
                     old: float, new: float, reason: str) -> tuple[str, str]:
    """(title, body) queued to an official whose report someone else corrected (plain text:
    the notice is escaped when sent)."""
    return ("Số liệu bạn báo cáo đã được sửa",
            f"{ind.name} – {unit_label(kb, unit_id)}, {period_label(period)}: "
            f"{reporting.show_value(ind, old)} → {reporting.show_value(ind, new)}. "
            f"Lý do: {reason.rstrip('.')}. Xem lại: /tiendo {ind.id}")


def revoke_notice(kb: KnowledgeBase, role: str, unit_id: str | None) -> tuple[str, str]:
    """(title, body) queued to a person whose role was revoked."""
    if role == "admin":
        return ("Quyền quản trị của bạn đã bị thu hồi",
                "Bạn không còn dùng được các lệnh của quản trị viên. Nếu có nhầm lẫn, hãy liên "
                "hệ một quản trị viên khác.")
    return (f"Quyền báo cáo cho {unit_label(kb, unit_id)} của bạn đã bị thu hồi",
            "Bạn không còn báo cáo, sửa hay rút lại số liệu cho đơn vị này; số liệu đã báo cáo "
            "vẫn được giữ. Nếu có nhầm lẫn, hãy liên hệ quản trị viên (cơ quan phụ trách chuyển "
            "đổi số của thành phố).")


def role_was_revoked(kb: KnowledgeBase, role: Role, tz: ZoneInfo) -> str:
    """A refusal to someone whose role was revoked (plain text: escaped where it is shown)."""
    when = local_time(role.revoked_at, tz)
    if role.role == "admin":
        return f"Quyền quản trị của bạn đã bị thu hồi lúc {when}."
    unit = kb.units.get(role.unit_id or "")
    # a unit that no longer exists gets no invite (a staff trial): only a grant on the server
    again = ("hãy xin quản trị viên một lời mời mới" if unit is None or unit.until is None
             else "hãy nhờ quản trị viên cấp lại quyền trên máy chủ (đơn vị này không còn "
             "tồn tại nên không có lời mời)")
    return (f"Quyền báo cáo cho {unit_label(kb, role.unit_id)} của bạn đã bị thu hồi lúc {when}. "
            f"Nếu cần báo cáo lại, {again}.")


def reminder(kb: KnowledgeBase, unit_id: str, period_label: str, ids: list[str]) -> str:
    names = "\n".join(f"• {esc(kb.indicators[i].name)} (<code>{esc(i)}</code>)" for i in ids)
    return (f"⏰ Nhắc báo cáo: {esc(unit_label(kb, unit_id))} chưa có số liệu {esc(period_label)}"
            f" cho:\n{names}\n\nGõ /baocao để báo cáo.")


def value_prompt(ind: Indicator, period_label: str, old: str | None = None) -> str:
    """The dialog's value question, with the kind of value expected."""
    kind = ("phần trăm, ví dụ 52,5" if ind.unit == "percent" else
            "có hoặc không" if ind.unit == "bool" else "số nguyên, ví dụ 120")
    head = f"<b>{esc(ind.name)}</b>\n"
    if old is not None:
        return head + (f"Giá trị mới cho {esc(period_label)} (hiện là {esc(old)}; {kind})?")
    return head + f"Giá trị {esc(period_label)} ({kind})?"


def exists(kb: KnowledgeBase, ind: Indicator, unit_id: str, period_label: str,
           value: float) -> str:
    """A period that already has a value: what is stored and the ways forward."""
    return (f"Đã có số liệu <b>{esc(reporting.show_value(ind, value))}</b> cho "
            f"{esc(ind.name)} – {esc(unit_label(kb, unit_id))}, {esc(period_label)}.\n"
            f"Muốn thay số này, gõ số mới hoặc bấm “{FIX}” (cần ghi lý do); hoặc chọn kỳ "
            "khác.")


def one_line_exists(message: str) -> str:
    return (f"{esc(message)}\nMuốn thay số này, bấm “{FIX}” bên dưới (giá trị bạn vừa gõ được "
            "giữ lại, chỉ cần ghi lý do).")


def withdraw_question(kb: KnowledgeBase, report: Report, restored: Report | None) -> str:
    """/rutlai asks first, and says which value is current afterwards."""
    ind = kb.indicators[report.indicator_id]
    what = (f"{esc(ind.name)} – {esc(unit_label(kb, report.unit_id))}, "
            f"{esc(period_label(report.period))}: "
            f"<b>{esc(reporting.show_value(ind, report.value))}</b>")
    if restored is not None:
        after = (f"Sau khi rút lại, số hiện hành sẽ trở về "
                 f"<b>{esc(reporting.show_value(ind, restored.value))}</b> — số mà bạn đã sửa "
                 "trước đó. Nếu số đó cũng sai, hãy bấm “✏️ Sửa” thay vì rút lại.")
    else:
        after = "Sau khi rút lại, kỳ này sẽ chưa có số liệu."
    return f"Rút lại báo cáo {what}?\n{after}"


def withdrawn(kb: KnowledgeBase, report: Report, restored: Report | None = None) -> str:
    ind = kb.indicators[report.indicator_id]
    out = (f"↩️ Đã rút lại báo cáo {esc(ind.name)} – {esc(unit_label(kb, report.unit_id))}, "
           f"{esc(period_label(report.period))}: "
           f"{esc(reporting.show_value(ind, report.value))}.")
    if restored is not None:
        out += (f"\nSố hiện hành của kỳ này: {esc(reporting.show_value(ind, restored.value))} "
                "(số đã được sửa trước đó).")
    else:
        out += "\nKỳ này hiện chưa có số liệu."
    return out


def fix_choices(kb: KnowledgeBase, reports: list[Report], typed: str = "") -> str:
    kept = f" Giá trị bạn gõ ({esc(typed)}) sẽ được dùng." if typed else ""
    if not reports:
        return ("Chưa có số liệu nào của đơn vị bạn để sửa. Gõ /baocao để báo cáo." if not typed
                else f"Chưa có số liệu nào của đơn vị bạn để sửa.{kept} Gõ /baocao để báo cáo.")
    return f"Chọn số liệu cần sửa (bấm nút, không cần gõ mã).{kept}"


def report_button(kb: KnowledgeBase, r: Report) -> str:
    ind = kb.indicators[r.indicator_id]
    return (f"✏️ {period_label(r.period)}: {reporting.show_value(ind, r.value)} – "
            f"{ind.name}")


AUDIENCE_LABELS = {"subscribers": "người theo dõi", "officials": "cán bộ, quản trị viên",
                   "everyone": "tất cả (người theo dõi và cán bộ)"}
AUDIENCE_BUTTONS = {"subscribers": "Người theo dõi", "officials": "Cán bộ",
                    "everyone": "Tất cả"}


def audience_button(audience: str, count: int, chosen: bool) -> str:
    return f"{'● ' if chosen else ''}{AUDIENCE_BUTTONS[audience]} ({count})"


def local_moment(moment: dt.datetime) -> str:
    """'07:00 ngày 30/11/2026' (the moment is already in local time)."""
    return f"{clock(moment)} ngày {date(moment)}"


def announce_preview(text: str, count: int, audience: str, when: dt.datetime | None) -> str:
    timing = (f"Đang giờ nghỉ: thông báo thường sẽ gửi lúc {local_moment(when)}; “Gửi khẩn” "
              "gửi ngay." if when else "“Gửi khẩn” gửi cả trong giờ nghỉ; thông báo thường "
              "chờ đến sáng.")
    return (f"<b>Xem trước thông báo</b>\n\n"
            f"{render_notice('announcement', ANNOUNCE_TITLE, text)}\n\n"
            f"Sẽ gửi tới <b>{count}</b> người: {esc(AUDIENCE_LABELS[audience])}. Bấm một nút "
            f"người nhận để đổi.\n{timing}")


def announce_queued(count: int, audience: str, when: dt.datetime | None,
                    settings: NoticeSettings) -> str:
    head = f"📤 Đã xếp hàng gửi tới {count} người ({esc(AUDIENCE_LABELS[audience])})."
    if when is not None:
        quiet = window(settings.quiet_from, settings.quiet_until)
        return (f"{head} Đang giờ nghỉ ({quiet}) nên sẽ gửi lúc {local_moment(when)}; bạn sẽ "
                "nhận báo cáo khi gửi xong.")
    return f"{head} Đang gửi ngay; bạn sẽ nhận báo cáo khi gửi xong."


OFFICIAL_HELP = (
    "\n\n<b>Lệnh của cán bộ báo cáo</b>{unit}\n"
    "/baocao – báo cáo số liệu, được hỏi từng bước (gõ “hủy” để dừng)\n"
    "/tiendo – số liệu của đơn vị bạn; bấm “✏️” để sửa\n"
    "/sua – sửa số đã báo cáo (chọn bằng nút, cần lý do)\n"
    f"/rutlai – rút lại báo cáo vừa gửi (trong {duration(WITHDRAW_WITHIN)}, có hỏi lại)"
)
ADMIN_HELP = (
    "\n\n<b>Lệnh của quản trị viên</b>\n"
    "/moi &lt;tên đơn vị&gt; – lời mời cán bộ (ví dụ <code>/moi {example}</code>)\n"
    "/quyen – ai có quyền, lời mời chưa dùng; thu hồi, hủy bằng nút\n"
    "/thongbao &lt;nội dung&gt; – thông báo tới người theo dõi, cán bộ hoặc tất cả\n"
    "/chuatraloi – câu hỏi bot chưa trả lời được · /nhatky – nhật ký thao tác\n"
    "/xuat – báo cáo dạng CSV · /thongke – thống kê · /tailai – nạp lại kho tri thức"
)


def role_help(kb: KnowledgeBase, level: str, units: tuple[str, ...] = (),
              today: dt.date | None = None) -> str:
    """The extra block /start and /trogiup show an official or an administrator ('' for a
    citizen)."""
    if level == "citizen":
        return ""
    names = ", ".join(unit_label(kb, u) for u in units)
    out = OFFICIAL_HELP.format(unit=f" ({esc(names)})" if names else "")
    example = invite_example(kb, today or dt.date.today())
    return out + (ADMIN_HELP.format(example=esc(example)) if level == "admin" else "")


REVIEW_STAFF = "\n<b>Câu hỏi của cán bộ, quản trị viên</b> (để riêng)"
REVIEW_SEARCH = "🔎 Tìm mục khác"
REVIEW_SEARCH_ASK = ("Gõ vài chữ của mục cần gắn (ví dụ: hạn báo cáo, VNeID). Gõ /huy để "
                     "dừng.")
REVIEW_FOUND = "Các mục khớp; bấm một mục để xem lại trước khi gắn:"
REVIEW_ATTACH, REVIEW_OTHER, UNDO = "✅ Gắn vào mục này", "↩ Chọn mục khác", "↩️ Hoàn tác"


def review_line(n: int, item: object, answered_with: str | None) -> str:
    typed = getattr(item, "typed", "")
    count = getattr(item, "count", 1)
    got = f" — đã trả lời bằng “{esc(answered_with)}” 👎" if answered_with else ""
    return f"{n}. “{esc(typed)}” ({count} lần){got}"


def review_pick(typed: str) -> str:
    return (f"Gắn “{esc(typed)}” làm cách hỏi của mục nào? Các gợi ý dưới đây có thể sai; "
            f"bấm “{REVIEW_SEARCH}” để tìm trong mọi mục.")


def review_confirm(typed: str, title: str) -> str:
    return (f"Gắn “{esc(typed)}” vào mục “{esc(title)}”? Từ đó câu hỏi này sẽ được trả lời "
            "bằng mục đó.")


def review_undone(typed: str) -> str:
    return f"↩️ Đã hoàn tác; “{esc(typed)}” lại nằm trong danh sách /chuatraloi."


def review_no_match(words: str) -> str:
    return (f"Không có mục nào chứa “{esc(words[:40])}”. Gõ chữ khác, hoặc /huy để dừng.")


# --- the office's refusals and messages (cdsbot.officials.office, cdsbot.permissions) ----------

DENIED_SPECIAL = "Tài khoản ẩn danh hoặc kênh không có quyền; hãy dùng tài khoản cá nhân."
DENIED_PRIVATE = "Lệnh này chỉ dùng trong tin nhắn riêng với bot."
DENIED_ADMIN = "Lệnh này chỉ dành cho quản trị viên."
DENIED_OFFICIAL = ("Bạn chưa được cấp quyền báo cáo. Hãy xin quản trị viên (cơ quan phụ trách "
                   "chuyển đổi số của thành phố) một lời mời.")
INVITE_PRIVATE_ONLY = "Hãy mở lời mời trong tin nhắn riêng với bot."
GROUP_ADMINS_ONLY = ("Chỉ quản trị viên của nhóm mới bật, thay đổi hay dừng việc theo dõi "
                     "thông báo của nhóm.")
FORGET_SUBSCRIPTION_PRIVATE = EXPIRED_BUTTON  # a group's is its admins' (/huytheodoi)
TOO_MANY_INVITE_TRIES = ("Bạn đã thử quá nhiều lời mời sai. Hãy chờ một giờ, hoặc xin quản trị "
                         "viên gửi lại đúng đường dẫn.")
INVITE_GONE = "Lời mời này đã được dùng hoặc đã bị hủy."
REVOKED_BEFORE = "Quyền này đã được thu hồi trước đó."
NOTHING_TO_CORRECT = ("Chưa có số liệu nào cho chỉ tiêu, đơn vị và kỳ này để sửa; hãy dùng "
                      "/baocao.")
PENDING_GONE = "Báo cáo này không còn. Hãy gửi lại /baocao."
NOT_THE_REPORTER = "Chỉ người gửi báo cáo mới xác nhận hoặc hủy được."
ALREADY_HANDLED = "Báo cáo này đã được xử lý rồi."
INDICATOR_GONE = ("Chỉ tiêu của báo cáo này không còn trong kho tri thức (vừa nạp lại), nên báo "
                  "cáo không được lưu.")
# a press on a card whose report is no longer waiting for ✅ (a staff trial: a card cancelled
# by "hủy", expired or refused kept its buttons, and ✅ then said "đã được xử lý")
CARD_CLOSED = {
    "confirmed": "Báo cáo này đã được lưu rồi.",
    "cancelled": "Báo cáo này đã bị hủy, chưa được lưu. Gửi lại /baocao nếu cần.",
    "expired": "Báo cáo này đã hết hạn hoặc không còn hợp lệ, chưa được lưu. Gửi lại /baocao "
               "nếu cần.",
}
CORRECTED_MEANWHILE = ("Số liệu này đã được sửa hoặc rút lại; gõ /tiendo để xem số hiện hành và "
                       "sửa từ đó.")
NOT_YOUR_UNIT = "Bạn không phụ trách đơn vị của báo cáo này."
WITHDRAWN_ALREADY = "Báo cáo này đã được sửa hoặc rút lại rồi."
ONLY_REPORTER_WITHDRAWS = "Chỉ người gửi báo cáo mới rút lại được."
WITHDRAWN_BEFORE = "Báo cáo này đã được rút lại rồi."
ANNOUNCE_SENT_ALREADY = "Thông báo này đã được gửi đi (hoặc đã hủy) nên không hủy được."
ANNOUNCE_HANDLED = "Thông báo này đã được xử lý rồi."


def draft_expired(valid: dt.timedelta) -> str:
    return f"Bản nháp đã hết hạn ({duration(valid)}) hoặc đã hủy; hãy gõ lại /thongbao."


def unit_choice(given: str, found: int, example: str) -> str:
    """/moi with a unit name that matches several units (`found`) or none."""
    if found:
        return f"Có {found} đơn vị khớp “{given[:40]}”; hãy chọn."
    return (f"Không có đơn vị nào khớp “{given[:40]}”. Gõ tên đơn vị, ví dụ “/moi {example}”, "
            "hoặc thêm đơn vị vào knowledge/units.yaml.")


def unit_gone(units: list[Unit], today: dt.date) -> str:
    """Units that do not exist today: no invite, no grant (their history is kept)."""
    names, unit = ", ".join(u.name for u in units), units[0]
    if unit.until is not None and unit.until < today:
        return (f"{names} không còn tồn tại từ {date(unit.until + dt.timedelta(days=1))} nên "
                "không mời hay cấp quyền cán bộ được; số liệu cũ vẫn được giữ.")
    since = date(unit.since) if unit.since else "?"
    return f"{names} chỉ có từ {since} nên chưa mời hay cấp quyền cán bộ được."


def out_of_plan(unit: Unit, plan: PlanYear) -> str:
    """A unit that existed in no year of the plan in force: its official could report
    nothing."""
    since = f" chỉ có từ {date(unit.since)}" if unit.since else ""
    return (f"{unit.name}{since}, không tồn tại trong năm nào của {plan.title} (kế hoạch đang "
            "áp dụng), nên không có kỳ nào để báo cáo; chưa mời hay cấp quyền cán bộ được. "
            "Khi có kế hoạch của năm đơn vị đã tồn tại, hãy mời lại.")


def already_reported(value: str, indicator: str, unit: str, period: str) -> str:
    return f"Đã có số liệu {value} cho {indicator} – {unit}, {period}."


def same_value(value: str) -> str:
    return (f"Số hiện hành của kỳ này đã là {value}; không có gì để sửa. Nếu cần, gõ giá trị "
            "khác.")


def pending_expired(valid: dt.timedelta) -> str:
    return f"Báo cáo đã hết hạn xác nhận ({duration(valid)}). Hãy gửi lại /baocao."


def no_longer_unit(unit: str) -> str:
    return f"Bạn không còn phụ trách {unit}."


def achievement(ind: Indicator, unit: str, period: str, value: float) -> tuple[str, str]:
    """(title, body) of the notice queued when a report reaches an indicator's target. A
    district's or commune's target is reached by the unit that reported, not by the city: the
    title says who."""
    body = f"Theo báo cáo của {unit} kỳ {period}"
    if ind.unit != "bool":
        # the target as the plan states it ("trên 30%": a staff trial read "(mục tiêu 30%)")
        body += f": {reporting.show_value(ind, value)} (mục tiêu {target_text(ind)})"
    title = f"{unit} đạt mục tiêu: {ind.name}" if ind.per_unit else \
        f"Đạt mục tiêu: {ind.name}"
    return title, body + "."


def stale(current: str | None) -> str:
    """A value stored (or withdrawn) while a report waited for its confirmation."""
    now = (f"kỳ này đã được lưu một số liệu khác ({current})" if current is not None
           else "số liệu của kỳ này đã bị rút lại")  # ("đã có số liệu đã có …": a staff trial)
    return (f"Trong lúc chờ xác nhận, {now}. Báo cáo không được lưu; nếu cần thay, "
            "dùng /sua kèm lý do.")


def nothing_to_withdraw(within: dt.timedelta, hint: bool) -> str:
    text = f"Không có báo cáo nào của bạn trong {duration(within)} qua để rút lại."
    if hint:
        text += " Muốn thay một số đã lưu, gõ /tiendo rồi bấm “✏️ Sửa”."
    return text


def too_late_to_withdraw(within: dt.timedelta) -> str:
    return (f"Đã quá {duration(within)} nên không rút lại được; hãy bấm “✏️ Sửa” để thay số "
            "này (kèm lý do).")


def announcement_too_long(limit: int) -> str:
    return (f"Thông báo dài quá {limit} ký tự (biểu tượng cảm xúc tính 2 ký tự); hãy rút "
            "gọn.")


INVITE_REVOKED = "Đã hủy lời mời."
ANNOUNCE_DONE = "Thông báo này đã được gửi hoặc hủy rồi."
ANNOUNCE_CANCELLED = "✖ Đã hủy thông báo."


def revoke_button(kb: KnowledgeBase, role: Role, names: dict[int, tuple[str, str]]) -> str:
    what = unit_label(kb, role.unit_id) if role.unit_id else "quản trị"
    return f"Thu hồi: {person(role.user_id, names)} – {what}"


def invite_revoke_button(kb: KnowledgeBase, inv: Invite, tz: ZoneInfo) -> str:
    return f"Hủy lời mời: {unit_label(kb, inv.unit_id)}, hết hạn {local_time(inv.expires_at, tz)}"


def role_revoked(user_id: int, names: dict[int, tuple[str, str]]) -> str:
    return f"Đã thu hồi quyền của {person(user_id, names)}."[:190]


REVOKE_YES, REVOKE_NO = "✅ Thu hồi", "✖ Không"
ROLE_KEPT = "Không thu hồi; quyền vẫn giữ nguyên."


def _role_words(kb: KnowledgeBase, role: Role) -> str:
    return "quản trị" if role.role == "admin" else f"cán bộ báo cáo {unit_label(kb, role.unit_id)}"


def revoke_question(kb: KnowledgeBase, role: Role, names: dict[int, tuple[str, str]],
                    own: bool, env_admin: bool) -> str:
    """Asked before a role is revoked from /quyen; `own`: the admin's own admin role."""
    text = (f"Thu hồi quyền {esc(_role_words(kb, role))} của "
            f"<b>{esc(person(role.user_id, names))}</b>? Người này sẽ được báo qua tin nhắn.")
    if own and env_admin:
        text += ("\n⚠️ Đây là quyền quản trị của chính bạn. Bạn vẫn là quản trị viên vì có "
                 "trong CDSBOT_ADMINS.")
    elif own:
        text += ("\n⚠️ <b>Đây là quyền quản trị của chính bạn.</b> Sau khi thu hồi, bạn không "
                 "dùng được các lệnh quản trị nữa; chỉ một quản trị viên khác (hoặc dòng lệnh "
                 "<code>users grant</code>) mới cấp lại được.")
    return text


def revoked_done(kb: KnowledgeBase, role: Role, names: dict[int, tuple[str, str]]) -> str:
    return (f"Đã thu hồi quyền {esc(_role_words(kb, role))} của "
            f"{esc(person(role.user_id, names))}. Xem lại: /quyen")


REVIEW_SEARCH_STOPPED = "Đã dừng tìm mục."


def review_attach_button(n: int) -> str:
    return f"{n}. Gắn vào mục…"


def review_dismiss_button(n: int) -> str:
    return f"{n}. Bỏ qua"


def review_dismissed(typed: str) -> str:
    return f"Đã bỏ qua “{esc(typed)}”."


REASON_TOO_SHORT = "Lý do cần ít nhất 5 ký tự."
NOTHING_TO_STOP = "Không có báo cáo nào đang nhập."


def dialog_value(value: str, old: str | None = None) -> str:
    """The value typed so far, among what the dialog keeps (and the one it corrects)."""
    return f"giá trị {value}" + (f" (thay cho {old})" if old else "")


def month_button(month: int) -> str:
    return f"T{month}"


def whole_year(year: int) -> str:
    return f"Cả năm {year}"


def dialog_about(title: str) -> str:
    """A question typed in the dialog whose answer is too long to show there."""
    return f"Về “{esc(title)}”: {DIALOG_QUESTION}"


def answer_progress(kb: KnowledgeBase, progress: Progress) -> str:
    """The line under an indicator's answer: its latest reported progress."""
    return "\n📊 Tiến độ: " + progress_line(kb, progress)
