"""Agendas: which business a meeting takes, in which order and time slot."""

from generator.domain.agenda.model import Agenda, AgendaItem
from generator.domain.agenda.store import agenda_path, load_agenda, read_agenda, render_agenda, write_agenda

__all__ = ["Agenda", "AgendaItem", "agenda_path", "load_agenda", "read_agenda", "render_agenda", "write_agenda"]
