"""The only package that speaks SQL. `Storage` is the database, one connection, WAL + FULL."""

from cdsbot.storage.base import Clock, utcnow
from cdsbot.storage.learning import Review
from cdsbot.storage.notices import Delivery, OutboxRow, Subscription
from cdsbot.storage.people import AuditEntry, Invite, InviteError, Role
from cdsbot.storage.reports import Pending, Report, Storage

__all__ = ["AuditEntry", "Clock", "Delivery", "Invite", "InviteError", "OutboxRow", "Pending",
           "Report", "Review", "Role", "Storage", "Subscription", "utcnow"]
