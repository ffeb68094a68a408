"""Agendas: which business a meeting takes, in which order and time slot."""

from generator.domain.agenda.model import Agenda, AgendaItem
from generator.domain.agenda.store import read_agenda, render_agenda

__all__ = ["Agenda", "AgendaItem", "read_agenda", "render_agenda"]
