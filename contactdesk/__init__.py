"""contactdesk: contacts, agreements and schedules for a town's network contact person."""

__version__ = "0.1.0"
