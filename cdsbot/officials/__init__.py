"""Officials and administrators: `reporting` (pure: parse and validate a report, progress) and
`office` (who may do what, reports, invites, the audit log), without Telegram."""
