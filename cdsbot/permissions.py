"""Who may do what: every action that needs a right, declared once, and the one check.

In the spirit of datasette's `ensure_permission(action=…)`: the core (`Office.require`) looks an
action up in RULES, decides with `refusal`, audits a refusal and raises `NotAuthorised`. A
handler never decides; it names no role. Each rule also lists the commands and button kinds
that do the action, so the authorisation-matrix test drives every one of them.

Rights are re-checked on every command and every button press (button data comes from the
client and carries no authority). Telegram's anonymous admin, channel and service ids never
have a right of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdsbot import strings
from cdsbot.officials.reporting import SPECIAL_IDS

__all__ = ["RULES", "SPECIAL_IDS", "Actor", "Rule", "refusal"]

ANYONE = "anyone"  # every person
OFFICIAL = "official"  # an official (of any unit) or an admin
ADMIN = "admin"  # an admin (CDSBOT_ADMINS or granted)
CHAT = "chat"  # whoever speaks for the chat: anyone in a private chat, a group's admins


@dataclass(frozen=True)
class Actor:
    """Who acts, and where: what every permission check is given."""

    user_id: int
    chat_id: int
    private: bool  # the person's private chat with the bot
    chat_admin: bool = False  # administers this group (asked of Telegram) or posts as it


@dataclass(frozen=True)
class Rule:
    """What an action needs. `own`: and only on the person's own object (their pending or
    saved report, an answer sent to them), checked by the core on the object. `commands` and
    `buttons` are where people do it: commands without the slash, buttons as kinds of
    cdsbot.handlers.buttons ("kind:first" when only that first field does it)."""

    role: str
    private: bool = True
    own: bool = False
    commands: tuple[str, ...] = ()
    buttons: tuple[str, ...] = ()
    refusal: str = ""  # name of the strings.office message for a refusal, if not the usual


RULES: dict[str, Rule] = {
    # officials (admins may do all of it, for every unit)
    "report": Rule(OFFICIAL, commands=("baocao",), buttons=("dialog",)),
    "report.confirm": Rule(OFFICIAL, own=True, buttons=("pending:ok",)),
    "report.cancel": Rule(OFFICIAL, own=True, buttons=("pending:no",)),
    "report.correct": Rule(OFFICIAL, commands=("sua",), buttons=("fix",)),
    "report.withdraw": Rule(OFFICIAL, own=True, commands=("rutlai",),
                            buttons=("withdraw:wd", "withdraw:wdok")),
    # administrators
    "invite": Rule(ADMIN, commands=("moi",), buttons=("invite",)),
    "invite.revoke": Rule(ADMIN, buttons=("roles:ri",)),
    "roles.list": Rule(ADMIN, commands=("quyen",)),
    "revoke": Rule(ADMIN, buttons=("roles:rv", "roles:rvok")),
    "audit.read": Rule(ADMIN, commands=("nhatky",)),
    "export": Rule(ADMIN, commands=("xuat",)),
    "announce": Rule(ADMIN, commands=("thongbao",), buttons=("announce",)),
    "reload": Rule(ADMIN, commands=("tailai",)),
    "review": Rule(ADMIN, commands=("chuatraloi",), buttons=("review", "review-search")),
    "stats": Rule(ADMIN, commands=("thongke",)),
    # everyone
    "invite.use": Rule(ANYONE, commands=("start inv_",),
                       refusal="INVITE_PRIVATE_ONLY"),
    "subscription": Rule(CHAT, private=False, commands=("theodoi", "huytheodoi"),
                         buttons=("subscribe", "topics"), refusal="GROUP_ADMINS_ONLY"),
    "subscription.forget": Rule(ANYONE, buttons=("forget:subscription",),
                                refusal="FORGET_SUBSCRIPTION_PRIVATE"),
    "privacy.delete": Rule(ANYONE, private=False, buttons=("forget:ratings",)),
    "rate": Rule(ANYONE, private=False, own=True, buttons=("rate",)),
}


def refusal(rule: Rule, actor: Actor, admin: bool, official: bool) -> str | None:
    """Why `actor` (an admin? an official?) may not do what `rule` guards, in words; None if
    they may."""
    if rule.role == CHAT and not rule.private:
        reason = None if actor.private or actor.chat_admin else rule.refusal
    elif rule.role == ANYONE and not rule.private:
        reason = None
    elif actor.user_id in SPECIAL_IDS:
        reason = rule.refusal or "DENIED_SPECIAL"
    elif rule.private and not actor.private:
        reason = rule.refusal or "DENIED_PRIVATE"
    elif rule.role == ADMIN and not admin:
        reason = rule.refusal or "DENIED_ADMIN"
    elif rule.role == OFFICIAL and not (admin or official):
        reason = rule.refusal or "DENIED_OFFICIAL"
    else:
        reason = None
    return None if reason is None else getattr(strings.office, reason)
