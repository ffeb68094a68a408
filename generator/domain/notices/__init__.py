"""Decision notices and the case record: who is told what, by when, and what was sent (meetings/<date>/notices.yml)."""

from generator.domain.notices.log import LOG_FILE, NoticeLogReader, SentNotice, log_entry, log_text
from generator.domain.notices.rules import (
    NoticeState,
    Recipient,
    case_record_due,
    due_after,
    notice_due,
    notice_states,
)

__all__ = [
    "LOG_FILE",
    "NoticeLogReader",
    "NoticeState",
    "Recipient",
    "SentNotice",
    "case_record_due",
    "due_after",
    "log_entry",
    "log_text",
    "notice_due",
    "notice_states",
]
