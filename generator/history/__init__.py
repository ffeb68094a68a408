"""Git history as the record of who changed and who approved each file, and when."""

from generator.history.errors import HistoryUnavailable
from generator.history.model import Approval, Change, History, Ignored
from generator.history.reader import read_history
from generator.history.trailers import format_trailer

__all__ = ["Approval", "Change", "History", "HistoryUnavailable", "Ignored", "format_trailer", "read_history"]
