"""Git history as the record of who changed and who approved each file, and when."""

from generator.domain.history.errors import HistoryUnavailable
from generator.domain.history.model import Approval, Change, History, Ignored
from generator.domain.history.trailers import format_trailer

__all__ = ["Approval", "Change", "History", "HistoryUnavailable", "Ignored", "format_trailer"]
