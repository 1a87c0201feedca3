"""Adverts: themes, variants, the wallpaper linter and the values fit."""
