"""People: roles, invites, names, and the audit log (`storage.people`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cdsbot import strings
from cdsbot.events import Event
from cdsbot.storage.base import Repository, iso


@dataclass(frozen=True)
class Role:
    id: int
    user_id: int
    role: str  # admin | official
    unit_id: str | None
    granted_by: int | None
    granted_via: str  # cli | env | invite | chat
    granted_at: str
    revoked_by: int | None = None
    revoked_at: str | None = None


@dataclass(frozen=True)
class Invite:
    code: str
    role: str
    unit_id: str | None
    created_by: int
    created_at: str
    expires_at: str
    used_by: int | None
    used_at: str | None
    revoked_at: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor_id: int | None
    chat_id: int | None
    action: str
    target: str
    outcome: str
    detail: str


class InviteError(ValueError):
    """An invite that cannot be used; the message tells the person why."""


Notice = Callable[[Role], tuple[str, str]]  # a role -> the (title, body) told of it
ROLE_COLUMNS = ("id, user_id, role, unit_id, granted_by, granted_via, granted_at, revoked_by, "
                "revoked_at")


class People(Repository):
    # --- audit ----------------------------------------------------------------------------------

    def audit(self, actor_id: int | None, chat_id: int | None, action: str, target: str = "",
              outcome: str = "ok", **detail: Any) -> None:
        """One audit row; call inside the transaction of the action it records."""
        self.db.execute(
            "INSERT INTO audit (at, actor_id, chat_id, action, target, outcome, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [iso(self.clock()), actor_id, chat_id, action, target, outcome,
             json.dumps(detail, ensure_ascii=False, default=str) if detail else ""],
        )

    def record(self, actor_id: int | None, chat_id: int | None, event: Event) -> None:
        """One typed audit event (cdsbot.events) in a transaction of its own: refusals,
        invalid input, exports, reloads."""
        with self.db.atomic():
            self.audit(actor_id, chat_id, event.action, event.target, event.outcome,
                       **event.detail())

    def audit_entries(self, limit: int = 20, since_id: int = 0,
                      actor_id: int | None = None) -> list[AuditEntry]:
        """The newest entries first (`actor_id`: only that person's)."""
        who = "" if actor_id is None else " AND actor_id = ?"
        rows = self.db.execute(
            "SELECT id, at, actor_id, chat_id, action, target, outcome, detail FROM audit "
            f"WHERE id > ?{who} ORDER BY id DESC LIMIT ?",
            [since_id, *([] if actor_id is None else [actor_id]), limit]).fetchall()
        return [AuditEntry(*r) for r in rows]

    def recent_audit(self, actor_id: int, action: str, outcome: str,
                     within: dt.timedelta) -> int:
        """How many `action` rows with `outcome` this person caused in the last `within`."""
        since = iso(self.clock() - within)
        return int(self.db.execute(
            "SELECT COUNT(*) FROM audit WHERE actor_id = ? AND action = ? AND outcome = ? AND "
            "at >= ?", [actor_id, action, outcome, since]).fetchone()[0])

    # --- roles ----------------------------------------------------------------------------------

    def active_roles(self, user_id: int | None = None) -> list[Role]:
        sql = f"SELECT {ROLE_COLUMNS} FROM roles WHERE revoked_at IS NULL"
        args: list[Any] = []
        if user_id is not None:
            sql += " AND user_id = ?"
            args.append(user_id)
        return [Role(*r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]

    def role(self, role_id: int) -> Role | None:
        row = self.db.execute(f"SELECT {ROLE_COLUMNS} FROM roles WHERE id = ?",
                              [role_id]).fetchone()
        return Role(*row) if row else None

    def _held(self, user_id: int, role: str, unit_id: str | None) -> Role | None:
        """The person's active grant of this role for this unit, if any."""
        return next((r for r in self.active_roles(user_id)
                     if r.role == role and r.unit_id == unit_id), None)

    def _grant(self, user_id: int, role: str, unit_id: str | None, by: int | None,
               via: str, **detail: Any) -> Role:
        existing = self._held(user_id, role, unit_id)
        if existing is not None:
            return existing
        cur = self.db.execute(
            "INSERT INTO roles (user_id, role, unit_id, granted_by, granted_via, granted_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", [user_id, role, unit_id, by, via, iso(self.clock())])
        self.audit(by, None, "grant", str(user_id), role=role, unit=unit_id, via=via, **detail)
        found = self.role(cur.lastrowid)
        assert found is not None
        return found

    def grant(self, user_id: int, role: str, unit_id: str | None, by: int | None,
              via: str, notice: tuple[str, str] | None = None, **detail: Any) -> Role:
        """Grant a role (idempotent: the same active grant is returned as it is, nothing
        written). `notice` (title, body) is queued to the person's private chat with a new
        grant, in the same transaction, so they learn of it (a grant from the command line).
        `detail`: more for the audit row (the command line's operating-system user)."""
        with self.db.atomic():
            before = {r.id for r in self.active_roles(user_id)}
            role_ = self._grant(user_id, role, unit_id, by, via, **detail)
            if notice is not None and role_.id not in before:
                self.storage.notices.queue(f"grant:{role_.id}", "grant", notice[0], notice[1],
                                           chats=[user_id])
            return role_

    # --- names ----------------------------------------------------------------------------------

    def remember(self, user_id: int, first_name: str, username: str,
                 has_role: bool = False) -> bool:
        """Keep (or refresh) the name of a person who has a role (in the database, or
        `has_role` from the configuration); False if nothing changed."""
        if not has_role and not self.active_roles(user_id):
            return False  # a citizen: nothing to write (and no write lock to wait for)
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO people (user_id, first_name, username, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                "first_name = excluded.first_name, username = excluded.username, "
                "updated_at = excluded.updated_at WHERE people.first_name IS NOT "
                "excluded.first_name OR people.username IS NOT excluded.username",
                [user_id, first_name[:64], username[:64], iso(self.clock())])
            return bool(cur.rowcount)

    def names(self) -> dict[int, tuple[str, str]]:
        """user id -> (first name, username) of everyone whose name is known."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT user_id, first_name, username FROM people").fetchall()}

    def revoke_user(self, user_id: int, by: int | None, via: str,
                    notice: Notice | None = None, **detail: Any) -> list[Role]:
        """Revoke every active role of a user; the rows stay, with who and when. `notice`
        (the role -> title, body) is queued to the person, as a grant's is."""
        with self.db.atomic():
            roles = self.active_roles(user_id)
            for r in roles:
                self._revoke(r, by, via, notice, **detail)
            return roles

    def revoke_role(self, role_id: int, by: int | None, via: str,
                    notice: Notice | None = None) -> Role | None:
        with self.db.atomic():
            found = self.role(role_id)
            if found is None or found.revoked_at is not None:
                return None
            self._revoke(found, by, via, notice)
            return found

    def _revoke(self, role: Role, by: int | None, via: str, notice: Notice | None,
                **detail: Any) -> None:
        self.db.execute("UPDATE roles SET revoked_by = ?, revoked_at = ? WHERE id = ?",
                        [by, iso(self.clock()), role.id])
        self.audit(by, None, "revoke", str(role.user_id), role=role.role, unit=role.unit_id,
                   via=via, **detail)
        if notice is not None:
            self.storage.notices.queue(f"revoke:{role.id}", "revoke", *notice(role),
                                       chats=[role.user_id])

    def last_revoked(self, user_id: int, role: str) -> Role | None:
        """The person's most recently revoked role of this kind, if they had one."""
        row = self.db.execute(
            f"SELECT {ROLE_COLUMNS} FROM roles WHERE user_id = ? AND role = ? AND revoked_at IS "
            "NOT NULL ORDER BY revoked_at DESC, id DESC LIMIT 1", [user_id, role]).fetchone()
        return Role(*row) if row else None

    # --- invites --------------------------------------------------------------------------------

    def create_invite(self, code: str, role: str, unit_id: str | None, by: int, chat_id: int,
                      valid: dt.timedelta) -> Invite:
        now = self.clock()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO invites (code, role, unit_id, created_by, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [code, role, unit_id, by, iso(now), iso(now + valid)])
            self.audit(by, chat_id, "invite", unit_id or "", role=role)
        invite = self.invite(code)
        assert invite is not None
        return invite

    def invite(self, code: str) -> Invite | None:
        row = self.db.execute("SELECT * FROM invites WHERE code = ?", [code]).fetchone()
        return Invite(*row) if row else None

    def revoke_invite(self, code: str, by: int, chat_id: int) -> Invite | None:
        """Revoke an unused invite; None if it was used, revoked or never existed."""
        with self.db.atomic():
            cur = self.db.execute("UPDATE invites SET revoked_at = ? WHERE code = ? AND "
                                  "used_at IS NULL AND revoked_at IS NULL",
                                  [iso(self.clock()), code])
            if not cur.rowcount:
                return None
            invite = self.invite(code)
            assert invite is not None
            self.audit(by, chat_id, "invite.revoke", invite.unit_id or "")
            return invite

    def open_invites(self) -> list[Invite]:
        rows = self.db.execute(
            "SELECT * FROM invites WHERE used_at IS NULL AND revoked_at IS NULL AND "
            "expires_at > ? ORDER BY created_at", [iso(self.clock())]).fetchall()
        return [Invite(*r) for r in rows]

    def use_invite(self, code: str, user_id: int, chat_id: int,
                   notice: Notice | None = None) -> Role:
        """Bind the user to the invite's role and unit, once; raises InviteError (also for
        someone who holds that role already: the invite is left unused). `notice`
        (title, body of the new role) is queued to whoever made the invite, in the same
        transaction: an administrator learns that their invite was used, and by whom."""
        with self.db.atomic():
            invite = self.invite(code)
            if invite is None or invite.revoked_at:
                raise InviteError(strings.invites.NOT_FOUND)
            if invite.used_at:  # by this person: they hold its role (a staff trial was told
                raise InviteError(strings.invites.USED_BY_YOU  # only "đã được dùng")
                                  if invite.used_by == user_id
                                  and self._held(user_id, invite.role, invite.unit_id)
                                  else strings.invites.USED)
            if invite.expires_at <= iso(self.clock()):
                raise InviteError(strings.invites.EXPIRED)
            if self._held(user_id, invite.role, invite.unit_id) is not None:
                # nothing would change: the invite stays for someone else, nobody is told
                raise InviteError(strings.invites.ALREADY_HELD)
            self.db.execute("UPDATE invites SET used_by = ?, used_at = ? WHERE code = ?",
                            [user_id, iso(self.clock()), code])
            self.audit(user_id, chat_id, "invite.use", code, unit=invite.unit_id)
            role = self._grant(user_id, invite.role, invite.unit_id, invite.created_by,
                               "invite")
            if notice is not None:
                self.storage.notices.queue(f"invite.use:{code}", "grant", *notice(role),
                                           chats=[invite.created_by])
            return role
