"""The one place a question becomes a reply: used by the console, `ask` and the Telegram bot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cdsbot import knowledge, texts
from cdsbot.knowledge import KnowledgeBase
from cdsbot.search import Answer, Index


@dataclass(frozen=True)
class Reply:
    """What to show for one question: HTML text and the entry ids offered as choices."""

    answer: Answer
    html: str
    choices: tuple[str, ...]  # entry ids for "did you mean" buttons / numbered choices

    @property
    def plain(self) -> str:
        return texts.to_plain(self.html)


class Assistant:
    """A loaded knowledge base and its index; immutable once built."""

    def __init__(self, kb: KnowledgeBase, extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.kb = kb
        self.index = Index(kb, extra)

    @classmethod
    def load(cls, root: Path) -> Assistant:
        return cls(knowledge.load(root))

    def ask(self, question: str) -> Reply:
        ans = self.index.answer(question)
        choices: tuple[str, ...] = ()
        if ans.status == "suggest":
            choices = tuple(e for e, _ in ans.alternatives)
        html = texts.render_reply(self.kb, ans.status, ans.entry_id, list(choices), ans.reason)
        return Reply(ans, html, choices)

    def show(self, entry_id: str, extra: str = "") -> str:
        """The HTML answer for one entry (a chosen suggestion or menu item); `extra` is HTML
        added after the answer (an indicator's latest progress)."""
        return texts.render_answer(self.kb, self.kb.entries[entry_id], extra)
