"""Git history as the record of who changed and who approved each file, and when."""

from .errors import HistoryUnavailable
from .model import Approval, Change, History, Ignored
from .reader import read_history
from .trailers import format_trailer

__all__ = ["Approval", "Change", "History", "HistoryUnavailable", "Ignored", "format_trailer", "read_history"]
