"""How one indicator of the plan is asked about and stated: plain text built from plain values,
so the knowledge loader can build an indicator's entry without importing any rendering."""

from __future__ import annotations

from cdsbot.vietnamese import number

LEVEL_NAMES = {"city": "cấp thành phố", "district": "cấp huyện", "commune": "cấp xã"}
COMPARATOR_WORDS = {">=": "tối thiểu ", ">": "trên ", "=": ""}
GOALS_TOPIC = "Mục tiêu của Kế hoạch"
# a target with no figure (a thing to do: "Triển khai dịch vụ 5G …"); "cần thực hiện" read as
# an odd "to be done" (two citizens' trials)
TARGET_NO_FIGURE = "thực hiện trong năm, không nêu con số"


def target_text(unit: str, comparator: str, target: float) -> str:
    """'tối thiểu 9%', '100%', 'trên 30%', 'thực hiện trong năm, không nêu con số'."""
    if unit == "bool":
        return TARGET_NO_FIGURE
    suffix = "%" if unit == "percent" else ""
    return f"{COMPARATOR_WORDS[comparator]}{number(float(target))}{suffix}"


def phrasings(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """How people ask about one indicator: its name, aliases, and 'mục tiêu …' forms."""
    out = [name, *aliases]
    out += [f"mục tiêu {a} năm 2022" for a in aliases[:3]]
    out.append(f"chỉ tiêu {name} là bao nhiêu")
    return tuple(dict.fromkeys(out))


def answer(year: int, pillar: str, level: str, target: str, quote: str, note: str) -> str:
    """Plain-text answer for one indicator (rendered and escaped like any entry)."""
    lines = [
        f"Mục tiêu năm {year} ({pillar}, {LEVEL_NAMES[level]}): {target}.",
        f"Theo tin của Cổng thông tin thành phố về Kế hoạch 74/KH-UBND: “{quote}”",
    ]
    if note:
        lines.append(note)
    return "\n".join(lines)


def says_unmeasured(text: str) -> bool:
    """True when an indicator's answer (its note) already says its measured value is not in
    the sources: the line is not said twice."""
    return "Số đo thực tế" in text and "không có trong nguồn" in text


def unmeasured(year: int) -> str:
    """The line after every indicator's answer. facts.md, Part C: no measured value of any of
    the plan's indicators was found, and "… đạt chưa?" must not read the target as a result."""
    return f"Số đo thực tế năm {year} của chỉ tiêu này không có trong nguồn tài liệu của tôi."
