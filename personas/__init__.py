"""Personas: where the people we want might be now, and what they hope for and fear."""
