"""The step-by-step /baocao (and ✏️ Sửa): one conversation state in which every text and every
`g:` button is handled by the draft's current step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ConversationHandler

from cdsbot import search, strings, vietnamese
from cdsbot.dialogue import canned, small_talk
from cdsbot.handlers import citizen, official
from cdsbot.handlers.buttons import DIALOG as STEP
from cdsbot.handlers.buttons import FIX
from cdsbot.handlers.common import Context, actor, keyboard, pressed, send_html, user_errors
from cdsbot.handlers.official import _show_pending
from cdsbot.knowledge import Indicator
from cdsbot.officials import reporting
from cdsbot.officials.reporting import ReportError, is_cancel

DIALOG = 0

# One state: every text and every `g:` button reaches the same two callbacks, which look at the
# draft's `step`. Nothing typed is dropped: a value that needs a reason, a period already
# reported or a question in the middle keeps the draft and asks again, with the way forward as
# buttons. The draft lives in user_data (per user); the conversation is per user and chat.

STEPS = ("ind", "unit", "period", "exists", "value", "note", "reason")
QUESTION_WORDS = ("sao", "the nao", "nhu the nao", "lam sao", "la gi", "bao gio", "khi nao",
                  "o dau", "co phai", "tai sao", "vi sao", "bao nhieu", "co duoc", "duoc khong",
                  "nhu nao", "cho hoi")
# where any text is a valid answer (a note, a reason), only a clear question is one
QUESTION_STARTS = ("sao ", "tai sao", "vi sao", "lam sao", "cho hoi", "hoi ", "bao gio",
                   "khi nao", "co phai", "the nao", "nhu the nao")
QUESTION_ENDS = (" the nao", " la gi", " khong", " chua", " dau", " gi", " nao")


def _draft(context: Context) -> dict:
    return context.user_data.setdefault("draft", {})


def is_question(raw: str, strict: bool = False) -> bool:
    """A question typed in the middle of the dialog. `strict` (note and reason steps, where
    any text is an answer): a question mark, or a question word at the start or the end."""
    if "?" in raw:
        return True
    folded = vietnamese.normalise(raw)
    if strict:
        return folded.startswith(QUESTION_STARTS) or (
            len(folded.split()) > 2 and folded.endswith(QUESTION_ENDS))
    return any(f" {w} " in f" {folded} " for w in QUESTION_WORDS)


def _kept(context: Context) -> str:
    """What the draft holds so far, in words (shown when a step is asked again)."""
    svc, draft = context.bot_data, _draft(context)
    kb = svc.assistant.kb
    parts = []
    if draft.get("indicator") in kb.indicators:
        parts.append(kb.indicators[draft["indicator"]].name)
    if draft.get("unit"):
        parts.append(strings.office.unit_label(kb, draft["unit"]))
    if draft.get("period"):
        parts.append(reporting.parse_period(draft["period"]).label)
    if draft.get("value"):
        parts.append(strings.office.dialog_value(
            draft["value"], draft.get("old") if draft.get("correction") else None))
    if not parts:
        return ""
    return strings.office.DIALOG_KEPT.format(parts=strings.citizen.esc(", ".join(parts)))


def _stop_row() -> list[tuple[str, str]]:
    return [(strings.office.STOP, STEP.make("x"))]


async def _ask(update: Update, context: Context, step: str,
               before: str = "", among: list[Indicator] | None = None) -> int:
    """Ask for `step` (with its buttons and the stop button); `before` is HTML shown first;
    `among`: at the indicator step, only these (the matches of words typed), and a button
    for the whole list."""
    svc = context.bot_data
    kb = svc.assistant.kb
    draft = _draft(context)
    draft["step"] = step
    draft.pop("one_line", None)  # asked in the dialog: every next message is the dialog's
    ind = kb.indicators.get(draft.get("indicator", ""))
    rows: list[list[tuple[str, str]]] = []
    if step == "ind" or ind is None:
        draft["step"] = "ind"
        rows = [[(strings.office.label(i.name), STEP.make("i", i.id))]
                for i in (among or await svc.run(svc.office.reportable_to,
                                                 actor(update).user_id))]
        prompt = strings.office.DIALOG_INDICATOR
        if among:
            rows.append([(strings.office.ALL_INDICATORS, STEP.make("r", "ind"))])
            prompt = ""
    elif step == "unit":
        rows = [[(strings.office.label(strings.office.unit_label(kb, u)), STEP.make("u", u))]
                for u in draft.get("choices", [])]
        prompt = strings.office.DIALOG_UNIT
    elif step == "period":
        unit = kb.units.get(draft.get("unit", ""))
        choices = [p for p in reporting.period_choices(ind.year, svc.office.today())
                   if reporting.existed(unit, p)]  # the periods the unit existed in
        quarters = [p for p in choices if p.quarter]
        months = [p for p in choices if p.month]
        rows = [[(p.label, STEP.make("p", p.key)) for p in quarters[i:i + 2]]
                for i in range(0, len(quarters), 2)]
        rows += [[(strings.office.month_button(p.month), STEP.make("p", p.key))
                  for p in months[i:i + 6]] for i in range(0, len(months), 6)]
        if reporting.existed(unit, reporting.Period(ind.year)):
            rows.append([(strings.office.whole_year(ind.year), STEP.make("p", ind.year))])
            prompt = (f"<b>{strings.citizen.esc(ind.name)}</b>\n"
                      f"{strings.office.dialog_period(ind.year)}")
        else:
            assert unit is not None
            prompt = strings.citizen.esc(strings.reports.no_period_for_unit(unit.name, ind.year))
    elif step == "exists":
        rows = [[(strings.office.FIX, STEP.make("fix"))],
                [(strings.office.OTHER_PERIOD, STEP.make("r", "period"))]]
        prompt = "" if before else strings.office.EXISTS_PROMPT
    elif step == "value":
        period = reporting.parse_period(draft["period"])
        prompt = strings.office.value_prompt(ind, period.label,
                                           draft.get("old") if draft.get("correction") else None)
        rows = [[(strings.office.OTHER_PERIOD, STEP.make("r", "period"))]]
    elif step == "note":
        prompt = strings.office.DIALOG_NOTE
        rows = [[(strings.office.SKIP, STEP.make("n"))],
                [(strings.office.NEW_VALUE, STEP.make("r", "value"))]]
    else:  # reason
        prompt = strings.office.DIALOG_REASON
        rows = [[(strings.office.NEW_VALUE, STEP.make("r", "value"))]]
    rows.append(_stop_row())
    body = "\n\n".join(p for p in (before, prompt) if p)
    await send_html(update, context, body, keyboard(rows))
    return DIALOG


async def dialog_start(update: Update, context: Context) -> int:
    """/baocao alone: indicator buttons (only those the official may report)."""
    svc = context.bot_data
    try:
        units = await svc.run(svc.office.start_report, actor(update))
    except ReportError as exc:  # the dialog must end, not stay in its state
        await send_html(update, context, strings.citizen.esc(str(exc)))
        return ConversationHandler.END
    context.user_data["draft"] = {"units": units}
    reportable = await svc.run(svc.office.reportable_to, actor(update).user_id)
    if len(reportable) == 1:  # nothing to choose (a trial: "hs huyen" was not matched, and
        # the next three messages, the period, value and reason, were read as indicators)
        return await _choose_indicator(update, context, reportable[0].id)
    return await _ask(update, context, "ind")


async def _choose_indicator(update: Update, context: Context,
                            ind_id: str) -> int:
    svc = context.bot_data
    kb = svc.assistant.kb
    draft = _draft(context)
    who = await svc.run(svc.office.who, actor(update).user_id)
    ind = kb.indicators.get(ind_id)
    units = [u for u in svc.office.units_for(who) if ind and u in kb.units
             and reporting.may_report(ind, kb.units[u].level)]
    if ind is None or not units:
        return await _ask(update, context, "ind", strings.citizen.esc(strings.office.DIALOG_STALE))
    for key in ("unit", "period", "value", "note", "correction", "old"):
        draft.pop(key, None)
    draft["indicator"] = ind.id
    draft["choices"] = units
    if len(units) == 1:
        draft["unit"] = units[0]
        return await _ask(update, context, "period")
    return await _ask(update, context, "unit")


async def _choose_period(update: Update, context: Context, raw: str) -> int:
    svc = context.bot_data
    draft = _draft(context)
    ind = svc.assistant.kb.indicators[draft["indicator"]]
    try:
        period = reporting.parse_period(raw, ind.year)
        reporting.check_period(ind, period, svc.office.today(),
                               svc.assistant.kb.units.get(draft.get("unit", "")))
    except ReportError as exc:
        if is_question(raw):
            return await _answer_question(update, context, raw)
        return await _ask(update, context, "period", strings.citizen.esc(str(exc)))
    draft["period"] = period.key
    existing = await svc.run(svc.office.current, ind.id, draft["unit"], period.key)
    if existing is not None and not draft.get("correction"):
        draft["old"] = reporting.show_value(ind, existing.value)
        return await _ask(update, context, "exists", strings.office.exists(
            svc.assistant.kb, ind, draft["unit"], period.label, existing.value))
    if draft.get("correction") and existing is None:
        draft.pop("correction", None)
    if draft.get("value"):  # chosen again after the value was typed: keep the value
        return await _take_value(update, context, draft["value"], kept=True)
    return await _ask(update, context, "value")


def _fixes(context: Context, raw: str) -> bool:
    """Typed under "Đã có số liệu …": the new value ("44", "sửa thành 44") or "sửa", "sửa
    lại số liệu" (the ✏️ button's meaning), not a period or a question."""
    ind = context.bot_data.assistant.kb.indicators.get(_draft(context).get("indicator", ""))
    if ind is None or is_question(raw) or reporting.looks_like_period(raw, ind.year):
        return False
    return reporting.sole_number(raw) is not None or "sua" in vietnamese.normalise(raw).split()


async def _start_fix(update: Update, context: Context, value: str) -> int:
    """✏️ Sửa số liệu kỳ này, pressed or typed: the correction of the period chosen, with the
    value typed (then only the reason is asked)."""
    draft = _draft(context)
    draft["correction"] = True
    if value:
        return await _take_value(update, context, value, kept=True)
    if draft.get("value"):
        return await _ask(update, context, "reason", _kept(context))
    return await _ask(update, context, "value")


async def _take_value(update: Update, context: Context, raw: str,
                      kept: bool = False) -> int:
    svc = context.bot_data
    draft = _draft(context)
    raw = raw.strip()
    sole = reporting.sole_number(raw)
    ind = svc.assistant.kb.indicators[draft["indicator"]]
    if not kept and sole != raw and reporting.looks_like_period(raw, ind.year):
        return await _choose_period(update, context, raw)  # "quý 2" is a period, not 2%
    if sole is not None and sole != raw and not is_question(raw):
        raw = sole  # "em nhập nhầm, là 35,5%": the value it says (shown before it is saved)
    try:
        await svc.run(svc.office.check_value, draft["indicator"], draft["unit"],
                      draft["period"], raw)
    except reporting.NeedsReason as exc:
        draft["value"] = raw.replace(" ", "")
        return await _ask(update, context, "reason", strings.citizen.esc(str(exc)))
    except ReportError as exc:
        if is_question(raw):
            return await _answer_question(update, context, raw)
        return await _ask(update, context, "value", strings.citizen.esc(str(exc)))
    draft["value"] = raw.replace(" ", "")
    return await _ask(update, context, "reason" if draft.get("correction") else "note",
                      _kept(context) if kept else "")


async def _finish(update: Update, context: Context, note: str) -> int:
    """Hold the report for confirmation; a refusal keeps the draft and asks again."""
    svc = context.bot_data
    draft = _draft(context)
    draft["note"] = note.strip()
    message = update.effective_message
    assert message is not None
    try:
        pending = await svc.run(svc.office.propose_parts, actor(update), message.message_id,
                                dict(draft), correction=bool(draft.get("correction")))
    except reporting.NotAuthorised as exc:
        context.user_data.pop("draft", None)
        await send_html(update, context, strings.citizen.esc(str(exc)))
        return ConversationHandler.END
    except reporting.AlreadyReported as exc:
        ind = svc.assistant.kb.indicators[draft["indicator"]]
        draft["old"] = reporting.show_value(ind, exc.existing_value)
        return await _ask(update, context, "exists", strings.citizen.esc(str(exc)))
    except reporting.NeedsReason as exc:
        return await _ask(update, context, "reason", strings.citizen.esc(str(exc)))
    except reporting.InvalidPeriod as exc:
        return await _ask(update, context, "period", strings.citizen.esc(str(exc)))
    except ReportError as exc:
        return await _ask(update, context, "value", strings.citizen.esc(str(exc)))
    context.user_data.pop("draft", None)
    if pending is not None:
        await _show_pending(update, context, pending)
    return ConversationHandler.END


async def _answer_question(update: Update, context: Context,
                           question: str) -> int:
    """A question typed in the middle: a short answer (or where to find it), then the same
    step again with everything typed so far kept."""
    svc = context.bot_data
    reply = svc.assistant.ask(question)
    folded = f" {vietnamese.normalise(question)} "
    ind = svc.assistant.kb.indicators.get(_draft(context).get("indicator", ""))
    if ind is not None and search.about_target(folded.strip()):
        # "bao nhiêu thì đạt ạ": the target of the indicator being reported
        said = strings.office.dialog_target(ind)
    elif any(f" {w} " in folded for w in ("bao cao", "sua", "nham", "sai", "huy", "rut lai",
                                          "ly do", "ky", "nhap")):
        said = strings.office.DIALOG_HELP
    elif reply.answer.status == "answer" and len(reply.html) <= 1500:
        said = reply.html
    elif reply.answer.status == "answer" and reply.answer.entry_id:
        title = svc.assistant.kb.entries[reply.answer.entry_id].title
        said = strings.office.dialog_about(title)
    else:
        said = strings.office.DIALOG_QUESTION
    step = _draft(context).get("step", "ind")
    kept = _kept(context)
    return await _ask(update, context, step, "\n\n".join(p for p in (said, kept) if p))


async def _still_allowed(update: Update, context: Context) -> bool:
    """The person may still report (a role revoked in the middle of the dialog ends it with
    the reason, not with "no indicator matches")."""
    svc = context.bot_data
    try:
        await svc.run(svc.office.require, actor(update), "report")
    except reporting.NotAuthorised as exc:
        context.user_data.pop("draft", None)
        await send_html(update, context, strings.citizen.esc(str(exc)))
        return False
    return True


async def dialog_one_line(update: Update, context: Context) -> int:
    """/baocao with words: the one-line report. When it is refused but kept as a draft (the
    period has a value; a jump needs a reason), the official's next message, and only that
    one, may carry on: the reason, the new value, "sửa"."""
    return await _one_line(update, context, official.report)


async def dialog_correct_one_line(update: Update, context: Context) -> int:
    """/sua with words: as /baocao's one line; a correction typed without its reason is kept,
    and the official's next message may be the reason."""
    return await _one_line(update, context, official.correct)


async def _one_line(update: Update, context: Context,
                    command: Callable[[Update, Context], Awaitable[bool | None]]) -> int:
    context.user_data.pop("draft", None)
    until = (context.bot_data.office.now() + reporting.PENDING_VALID).isoformat()
    if not await command(update, context):
        return ConversationHandler.END
    _draft(context)["one_line"] = until
    return DIALOG


def _for_the_assistant(context: Context, raw: str) -> bool:
    """A message that is not a reason: a question, small talk ("cảm ơn", "ok"), a feature
    asked in words, or anything the answer engine answers."""
    return (is_question(raw) or canned(vietnamese.normalise(raw)) is not None
            or context.bot_data.assistant.ask(raw).answer.status == "answer")


async def _after_one_line(update: Update, context: Context, raw: str) -> int:
    """The next message after a one-line refusal that kept the report: the new value or
    "sửa" under an existing value, or a reason that fits (held for ✅ like any report). A
    question or small talk goes where it would have gone; anything else is told how to go
    on. The dialog ends either way (small talk aside: answered, it keeps the next message
    for the report); the refusal's button still works."""
    svc = context.bot_data
    draft = _draft(context)
    until = draft.pop("one_line")
    step = draft.get("step")
    if is_cancel(raw):
        return await dialog_cancel(update, context)
    if svc.office.now().isoformat() < until:
        if step == "exists" and _fixes(context, raw):
            return await _start_fix(update, context, reporting.sole_number(raw) or "")
        talk = canned(vietnamese.normalise(raw))
        if talk is not None:
            # "ok cảm ơn" before the reason: answered, and the window stays open (the reason
            # that follows was read as a question, the /sua lost: a staff trial); "tạm biệt"
            # closes it
            await send_html(update, context, talk)
            if small_talk(vietnamese.normalise(raw)) == "bye":
                return ConversationHandler.END
            draft["one_line"] = until
            return DIALOG
        if not _for_the_assistant(context, raw):
            if reporting.MIN_REASON <= len(raw) <= reporting.MAX_NOTE:
                draft["correction"] = step == "exists" or draft.get("correction", False)
                return await _finish(update, context, raw)
            await send_html(update, context, strings.office.one_line_next(step == "exists"),
                            keyboard([[(strings.office.FIX, STEP.make("fix"))] if step == "exists"
                                      else [(strings.office.GIVE_REASON, STEP.make("why"))]]))
            return ConversationHandler.END
    await citizen.question(update, context)
    return ConversationHandler.END


async def dialog_text(update: Update, context: Context) -> int:
    """Any text inside the dialog, at any step."""
    message = update.effective_message
    raw = (message.text or "").strip() if message else ""
    draft = _draft(context)
    step = draft.get("step", "ind")
    if draft.get("one_line"):
        return await _after_one_line(update, context, raw)
    if is_cancel(raw):
        return await dialog_cancel(update, context)
    if not await _still_allowed(update, context):
        return ConversationHandler.END
    if step == "ind":
        svc = context.bot_data
        found = reporting.find_indicators(svc.assistant.kb, raw, await svc.run(
            svc.office.reportable_to, actor(update).user_id))
        if len(found) == 1:
            return await _choose_indicator(update, context, found[0].id)
        if is_question(raw):
            return await _answer_question(update, context, raw)
        if found:  # "kinh te so": the matches as buttons, not the whole list again
            return await _ask(update, context, "ind", strings.office.dialog_matches(
                raw[:40], len(found)), among=found)
        return await _ask(update, context, "ind", strings.citizen.esc(
            strings.office.DIALOG_NO_MATCH.format(given=raw[:40])))
    if step == "unit":
        svc = context.bot_data
        folded = vietnamese.normalise(raw)
        hits = [u for u in draft.get("choices", []) if folded and folded in vietnamese.normalise(
            strings.office.unit_label(svc.assistant.kb, u) + " " + u)]
        if len(hits) == 1:
            draft["unit"] = hits[0]
            return await _ask(update, context, "period")
        if is_question(raw):
            return await _answer_question(update, context, raw)
        return await _ask(update, context, "unit")
    if step == "exists" and _fixes(context, raw):
        return await _start_fix(update, context, reporting.sole_number(raw) or "")
    if step in ("period", "exists"):
        return await _choose_period(update, context, raw)
    if step == "value":
        return await _take_value(update, context, raw)
    retyped = reporting.retyped_value(raw)
    if retyped is not None:  # "à nhầm, 23,5 chứ" at the note: the value, not a note (a staff
        return await _take_value(update, context, retyped)  # trial: 32,5 saved, announced)
    ind = context.bot_data.assistant.kb.indicators.get(draft.get("indicator", ""))
    period = reporting.retyped_period(raw, ind.year) if ind is not None else None
    if period is not None:  # "à nhầm, quý 2 chứ": the period, the value kept (a review)
        return await _choose_period(update, context, period.key)
    if is_question(raw, strict=True):  # a question is never saved as a note or a reason
        return await _answer_question(update, context, raw)
    folded = vietnamese.normalise(raw)
    if folded not in strings.office.NO_NOTE and canned(folded) is not None:
        # "ok cảm ơn em" is no reason (a staff trial: saved as one): the step again, with
        # what the draft holds
        return await _ask(update, context, step, _kept(context))
    if step == "reason" and len(raw) < 5:
        return await _ask(update, context, "reason", strings.office.REASON_TOO_SHORT)
    if step == "note" and vietnamese.normalise(raw) in strings.office.NO_NOTE:
        return await _finish(update, context, "")  # "bỏ qua" typed: the button's meaning
    return await _finish(update, context, raw)


async def dialog_button(update: Update, context: Context) -> int:
    """Any `g:` button inside the dialog; one from an earlier step still works when it makes
    sense (a different indicator or period), otherwise the current step is asked again."""
    query = update.callback_query
    assert query is not None
    if FIX.parse(query.data) is not None:
        return await dialog_fix_start(update, context)
    fields = await pressed(update, STEP)
    if fields is None:
        return DIALOG
    await query.answer()
    draft = _draft(context)
    kind, arg = fields
    if kind == "x":
        return await dialog_cancel(update, context)
    if not await _still_allowed(update, context):
        return ConversationHandler.END
    if kind == "i" and arg:
        return await _choose_indicator(update, context, arg)
    if kind == "r" and arg == "ind":  # "📋 Tất cả chỉ tiêu" under the matches of words
        return await _ask(update, context, "ind")
    if "indicator" not in draft:
        return await _ask(update, context, "ind")
    if kind == "u" and arg in draft.get("choices", []):
        draft["unit"] = arg
        return await _ask(update, context, "period")
    if "unit" not in draft:
        return await _ask(update, context, "unit")
    if kind == "p" and arg:
        return await _choose_period(update, context, arg)
    if kind == "r" and arg in ("period", "value"):
        if arg == "period":
            draft.pop("period", None)
        draft.pop("value", None)
        return await _ask(update, context, arg if "period" in draft else "period")
    if kind == "fix" and draft.get("period"):
        return await _start_fix(update, context, "")
    if kind == "why" and draft.get("value"):
        return await _ask(update, context, "reason")
    if kind == "n" and draft.get("step") == "note":
        return await _finish(update, context, "")
    return await _ask(update, context, draft.get("step", "ind"), _kept(context))


async def dialog_fix_start(update: Update, context: Context) -> int:
    """✏️ Sửa under a saved report or /tiendo (bc:fix:<id>), or “Sửa số liệu kỳ này” under a
    one-line refusal (g:fix): the dialog at the value step, the report's parts filled in."""
    query = update.callback_query
    assert query is not None
    step, fix = STEP.parse(query.data), FIX.parse(query.data)
    if fix is None and (step is None or step[0] not in ("fix", "why")):
        await query.answer(strings.citizen.EXPIRED_BUTTON, show_alert=True)
        return ConversationHandler.END
    await query.answer()
    svc = context.bot_data
    if fix is None:
        draft = context.user_data.get("draft") or {}
        if not draft.get("period"):
            await send_html(update, context, strings.office.DIALOG_STALE)
            return ConversationHandler.END
        # ✏️ makes it a correction; ✍️ keeps what it was (a /sua without its reason stays one)
        draft["correction"] = ((step is not None and step[0] == "fix")
                               or draft.get("correction", False))
        return await _ask(update, context, "reason" if draft.get("value") else "value")
    try:
        report, who = await svc.run(svc.office.correction_target, actor(update), int(fix[1]))
    except ReportError as exc:
        await send_html(update, context, strings.citizen.esc(str(exc)))
        return ConversationHandler.END
    ind = svc.assistant.kb.indicators[report.indicator_id]
    context.user_data["draft"] = {
        "units": svc.office.units_for(who), "indicator": ind.id, "unit": report.unit_id,
        "choices": [report.unit_id], "period": report.period, "correction": True,
        "old": reporting.show_value(ind, report.value)}
    typed = context.user_data.pop("fix_value", "")
    if typed:  # “/sua 35,5” then a button: the value typed is kept
        return await _take_value(update, context, typed)
    return await _ask(update, context, "value")


async def dialog_cancel(update: Update, context: Context) -> int:
    """/huy, “hủy”, “thôi”, ✖: stop the dialog at any step."""
    context.user_data.pop("draft", None)
    await send_html(update, context, strings.office.DIALOG_CANCELLED)
    return ConversationHandler.END


async def dialog_timeout(update: Update, context: Context) -> None:
    draft = context.user_data.get("draft") or {}
    if draft.pop("one_line", None):  # a one-line refusal asked nothing: nothing to say
        return
    context.user_data.pop("draft", None)
    await send_html(update, context, strings.office.DIALOG_TIMEOUT)


async def stale_dialog_button(update: Update, context: Context) -> None:
    """A `g:` button of a dialog that has ended (or of one before a restart)."""
    query = update.callback_query
    assert query is not None
    if await pressed(update, STEP) is None:
        return
    await query.answer()
    await send_html(update, context, strings.office.DIALOG_STALE)


@user_errors
async def nothing_to_cancel(update: Update, context: Context) -> None:
    """/huy outside a dialog: the reports waiting for ✅, if any, are cancelled."""
    if not await official.cancel_open_cards(update, context):
        await send_html(update, context, strings.office.NOTHING_TO_STOP)
