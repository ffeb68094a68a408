"""Turning records into what people read: the pack, the site, iCalendar, CSV, formatted money and dates."""
