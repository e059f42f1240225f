"""The knowledge base being served, and asking it: one owner per process, in the core.

The bot, the console and `ask` ask through it; the office, the courier and the dialogue read
the live knowledge base from it, so a reload (or a phrasing an admin attached) is seen by all of
them at once. With a database it keeps the books the bot keeps (questions counted per day and
outcome; those not answered confidently kept, masked, for the review); without one (the console,
`ask`) nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from cdsbot import knowledge, offload, privacy
from cdsbot.assistant import Assistant, Reply
from cdsbot.knowledge import KnowledgeBase, NoticeSettings
from cdsbot.search import Answer
from cdsbot.storage import Storage

ASKED_MEMORY = 10_000  # answers whose question is kept (in memory only) for a 👎 review


class Live:
    """The served knowledge base and its answer engine; swapped whole on reload or relearn.

    `asker(user_id)` says whether a citizen, an official or an admin asked and `today()` the
    local date: the office sets both when there is one (see Office)."""

    def __init__(self, root: Path, assistant: Assistant, storage: Storage | None = None) -> None:
        self.root = root
        self.assistant = assistant
        self.storage = storage
        self.asker: Callable[[int], str] = lambda user_id: "citizen"
        self.today: Callable[[], dt.date] = dt.date.today
        self.asked: OrderedDict[tuple[int, int], str] = OrderedDict()

    @classmethod
    def load(cls, root: Path, storage: Storage | None = None,
             kb: KnowledgeBase | None = None) -> Live:
        """Serve knowledge/ (`kb` when it is loaded already; KnowledgeError if it is invalid)
        with the phrasings admins attached."""
        kb = kb if kb is not None else knowledge.load(root)
        return cls(root, Assistant(kb, cls._phrasings(storage)), storage)

    @staticmethod
    def _phrasings(storage: Storage | None) -> tuple[tuple[str, str], ...]:
        return tuple(storage.learning.phrasings()) if storage is not None else ()

    def phrasings(self) -> tuple[tuple[str, str], ...]:
        """The phrasings admins attached to entries (none without a database)."""
        return self._phrasings(self.storage)

    @property
    def kb(self) -> KnowledgeBase:
        return self.assistant.kb

    def notices(self) -> NoticeSettings:
        """The live notification settings (the courier reads them at every send)."""
        return self.assistant.kb.notices

    # --- asking ---------------------------------------------------------------------------------

    def ask(self, question: str) -> Reply:
        """One question on its own (no conversation): `ask`; journaled like a chat's."""
        reply = self.assistant.ask(question)
        self.journal(reply.answer, question)
        return reply

    def journal(self, answer: Answer, question: str, user_id: int | None = None) -> None:
        """A question asked: counted per day and outcome (no text, no user); one not answered
        confidently is kept for the review, masked (as typed and normalised), with whether a
        citizen, an official or an admin asked (no id). Nothing without a database."""
        if self.storage is None:
            return
        status = answer.status
        stored = privacy.storable(question)  # masked; "" for emoji or zero-width only
        keep = status != "answer" and bool(stored)
        asker = self.asker(user_id) if keep and user_id is not None else "citizen"
        self.storage.learning.count_asked(self.today(), status,
                                          answer.entry_id if status == "answer" else None,
                                          stored if keep else None,
                                          typed=privacy.mask(question)[:500] if keep else "",
                                          asker=asker)

    def remember(self, chat_id: int, message_id: int, question: str) -> None:
        """The (normalised) question behind an answer sent, in memory only: a 👎 on that
        answer takes it to the review."""
        self.asked[(chat_id, message_id)] = question
        while len(self.asked) > ASKED_MEMORY:
            self.asked.popitem(last=False)

    def recall(self, chat_id: int, message_id: int) -> str | None:
        return self.asked.get((chat_id, message_id))

    def forget_questions(self, chat_id: int) -> None:
        """The person asked to delete their ratings: the questions of this chat go too."""
        for key in [k for k in list(self.asked) if k[0] == chat_id]:  # list(): one step, as
            self.asked.pop(key, None)  # the bot remembers on the event loop, forgets elsewhere

    # --- changing what is served ----------------------------------------------------------------

    def relearn(self) -> None:
        """Rebuild the answer engine with the phrasings admins attached (used at once). Built
        `offload.quiet()` (short switch interval, no collection), the old one freed piecemeal
        in a thread: called off the event loop, it does not stall it."""
        with offload.quiet():
            assistant = Assistant(self.kb, self._phrasings(self.storage))
        self._switch(assistant)

    def _switch(self, assistant: Assistant) -> None:
        """Serve `assistant` from now on; the replaced one is taken apart in a thread."""
        old, self.assistant = self.assistant, assistant
        offload.discard(old)

    async def reload(self, phrasings: tuple[tuple[str, str], ...] | None = None) -> list[str]:
        """Validate knowledge/ first; on success serve it, else keep the last good one and
        return the `file:line: message` problems. The checking and the index build run in a
        worker thread; the switch is one step on the event loop. `phrasings`: those admins
        attached, read by the caller (the bot reads them in its database thread)."""
        if phrasings is None:
            phrasings = self.phrasings()
        assistant, problems = await offload.run(self.prepare_reload, phrasings)
        if assistant is not None:
            self._switch(assistant)
        return problems

    def prepare_reload(self, phrasings: tuple[tuple[str, str], ...]
                       ) -> tuple[Assistant | None, list[str]]:
        """The checked knowledge base and its index (any thread), or None and the problems."""
        kb, problems = knowledge.check(self.root)
        return (None, problems) if kb is None else (Assistant(kb, phrasings), [])
