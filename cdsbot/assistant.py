"""The one place a question becomes a reply: used by the console, `ask` and the Telegram bot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from cdsbot import address, aspects, knowledge, strings, vietnamese
from cdsbot.knowledge import KnowledgeBase, Referral
from cdsbot.search import Answer, Index

MENU_ALIASES = {"goals": "muctieu", "services": "dichvu", "milestones": "moc",
                "contact": "lienhe", "plan": "kehoach", "help": "trogiup"}
TOPIC_MENUS = {"dichvu": "services", "lienhe": "contacts"}  # menus that list a topic's entries
# the referral for procedures outside our subject (knowledge/referrals.yaml): second to ours
OTHER_PROCEDURES = "thu-tuc-khac"
# A refused message that shares some of our subject with its closest entries (subject weight,
# see search.Index._subject) and scores this close to them is shown them after the refusal:
# "muốn phản ánh ổ gà…" is not clearly our subject, and the city's reporting app is the entry.
# On the dev sets most out-of-scope messages (weather, gold, traffic fines) stay bare refusals.
RELATED_SUBJECT, RELATED_AT, MAX_RELATED = 1.5, 0.35, 2


@dataclass(frozen=True)
class Reply:
    """What to show for one question: HTML text and the entry ids offered as choices."""

    answer: Answer
    html: str
    choices: tuple[str, ...]  # entry ids for "did you mean" buttons / numbered choices

    @property
    def plain(self) -> str:
        return strings.citizen.to_plain(self.html)


class Assistant:
    """A loaded knowledge base and its index; immutable once built."""

    def __init__(self, kb: KnowledgeBase, extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.kb = kb
        self.index = Index(kb, extra)

    @classmethod
    def load(cls, root: Path) -> Assistant:
        return cls(knowledge.load(root))

    def ask(self, question: str) -> Reply:
        """One question on its own (no conversation): `ask` and inline mode; said to the
        writer as they call themselves ("cho bác hỏi": "bác", not "bạn")."""
        reply = self.reply(self.index.answer(question), self.index.read(question))
        return replace(reply, html=strings.citizen.addressed(reply.html,
                                                             address.self_name(question)))

    def reply(self, ans: Answer, question: str, context: str = "", read_as: str = "") -> Reply:
        """How to show the engine's result; an honest "I don't know" names who can help
        (`context`: the title of the conversation's topic, when the question is about it;
        `read_as`: the question with what the conversation said of the asker, "… 68 tuoi",
        for `show`)."""
        choices: tuple[str, ...] = ()
        if ans.status == "suggest":
            choices = tuple(e for e, _ in ans.alternatives)
        elif (ans.reason in ("out_of_scope", "no_match", "english")
              and ans.subject >= RELATED_SUBJECT):
            choices = tuple(e for e, s in ans.alternatives[:MAX_RELATED] if s >= RELATED_AT)
        referral = (self.referral(question, ans, context) if ans.status in ("none", "suggest")
                    else None)
        if ans.status == "answer" and ans.entry is not None:
            html = self.show(ans.entry.id, asked=ans, question=read_as or question)
        else:
            html = strings.citizen.render_unanswered(self.kb, ans.status, list(choices),
                                                     ans.reason, referral)
        if ans.english and ans.status != "answer" and ans.reason != "english":
            html = strings.citizen.read_in_english(html)  # (`show` says it of an answer; the
            # refusal of an English message says it in both languages)
        return Reply(ans, html, choices)

    def _referrals_named(self, said: str) -> list[tuple[int, Referral]]:
        """The referrals whose words a text uses, with the length of the longest one; another
        procedure's (`OTHER_PROCEDURES`) only when no subject of ours is named too ("tích hợp
        giấy khai sinh vào vneid" is VNeID's: the police, a review)."""
        padded = f" {vietnamese.normalise(said)} "
        hits = [(len(term), ref) for ref in self.kb.referrals for term in
                map(vietnamese.normalise, ref.terms) if term and f" {term} " in padded]
        ours = [h for h in hits if h[1].subject != OTHER_PROCEDURES]
        return ours or hits

    def names_another_procedure(self, message: str) -> bool:
        """True when a message names a procedure outside our subject, and nothing of ours
        ("mất bằng lái xe thì cấp lại thế nào")."""
        hits = self._referrals_named(message)
        return bool(hits) and all(ref.subject == OTHER_PROCEDURES for _, ref in hits)

    def referral(self, question: str, ans: Answer | None = None,
                 context: str = "") -> Referral | None:
        """Who can help with a question the bot cannot answer (or offers choices for, in case
        none fits): the referral whose words the question (or else the conversation's topic,
        or its closest entry's title) uses, longest first; else, for a question about our
        subject, the default (the first in referrals.yaml)."""
        if not self.kb.referrals:
            return None
        texts_to_try = [question, *([context] if context else [])]
        if ans is not None and ans.english:  # its reading too ("register the birth")
            texts_to_try.insert(1, self.index.read(question))
        if ans is not None and ans.alternatives and (ans.reason == "no_match"
                                                     or ans.status == "suggest"):
            texts_to_try.append(self.kb.entries[ans.alternatives[0][0]].title)
        for said in texts_to_try:
            hits = self._referrals_named(said)
            if hits:
                return max(hits, key=lambda h: h[0])[1]
        if ans is not None and ans.reason in ("out_of_scope", "english"):
            return None  # not our subject (or not read), and no subject of ours named
        return self.kb.referrals[0]

    def menu(self, name: str, today: dt.date) -> tuple[str, tuple[str, ...]] | None:
        """(HTML, entry ids offered as choices) of a browsable menu; None for an unknown name.
        The bot shows the choices as buttons, the console as numbers."""
        name = MENU_ALIASES.get(name, name)
        kb = self.kb
        if name == "muctieu":
            return strings.citizen.render_goals(kb), tuple(kb.indicators)
        if name in TOPIC_MENUS:
            # today's rules first: "mức độ 4" (the name until 15/8/2022) after "toàn trình"
            ids = tuple(sorted(kb.topics[TOPIC_MENUS[name]].entry_ids,
                               key=lambda e: not self.index.entry_current[e]))
            return strings.citizen.render_topic(kb, TOPIC_MENUS[name], ids), ids
        if name == "moc":
            return strings.citizen.render_milestones(kb, today), ()
        if name == "kehoach":
            return strings.citizen.render_plan(kb), kb.topics["plan"].entry_ids
        if name == "trogiup":
            return strings.citizen.HELP, ()
        return None

    def candidates(self, question: str, k: int) -> list[str]:
        """Up to k entries worth offering for a question (inline mode): for a question about
        our subject, those at least as close as a "did you mean" suggestion; with no question,
        the plan's own entries."""
        if not question.strip():
            return list(self.kb.topics["plan"].entry_ids[:k])
        th = self.index.thresholds
        found = self.index.assess(question, k=k)
        if found.refused or not found.ranked or not th.on_subject(found.subject,
                                                                  found.ranked[0][1]):
            return []
        return [e for e, s in found.ranked if s >= th.suggest_at]

    def show(self, entry_id: str, extra: str = "", asked: Answer | None = None,
             question: str = "") -> str:
        """The HTML answer for one entry; `extra` is HTML added after the answer (an
        indicator's latest progress). Given the engine's reading of the question (`asked`),
        the answer is led by what was asked (`aspects.lead`; the exemption first for a cost
        asked by someone exempt, `aspects.exemption_first`); a chosen suggestion or a menu
        item is shown as written."""
        entry = self.kb.entries[entry_id]
        text = entry.answer
        if asked is not None:
            text = aspects.exemption_first(aspects.lead(text, asked.aspect, asked.yes_no),
                                           question, asked.aspect)
        indicator = self.kb.indicators.get(entry_id)
        if indicator is not None and not strings.indicators.says_unmeasured(text):
            # "… đạt chưa?" must not read the target as the result
            text = f"{text}\n{strings.indicators.unmeasured(indicator.year)}"
        html = strings.citizen.render_answer(self.kb, entry, extra, text)
        return strings.citizen.read_in_english(html) if asked and asked.english else html
