"""Tests of sign-offs from git history, statuses, calendars and agendas."""
