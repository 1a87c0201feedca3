"""Persona Campaign Planner: values-based recruitment campaigns for adult social care."""

__version__ = "0.1.0"
