"""Meeting records and decision records: what the panel decided, and who took part."""

from generator.domain.decisions.model import Action, Approved, Decision, Declaration, MeetingRecord, UnmetNeed
from generator.domain.decisions.reader import RecordReader, Records
from generator.domain.decisions.rules import cross_check
from generator.domain.decisions.schema import decision_schema, meeting_schema

__all__ = [
    "Action",
    "Approved",
    "Decision",
    "Declaration",
    "MeetingRecord",
    "RecordReader",
    "Records",
    "UnmetNeed",
    "cross_check",
    "decision_schema",
    "meeting_schema",
]
