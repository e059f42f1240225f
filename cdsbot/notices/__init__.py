"""Notifications: `schedule` (pure: what is due, quiet hours, the pace) and `courier` (the paced
outbox worker)."""
