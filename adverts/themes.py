"""The theme library (themes.toml) and the check for hopes and fears no theme answers yet."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from adverts.model import Address, Theme
from personas.model import Persona

LIBRARY_FILE = Path(__file__).with_name("themes.toml")


def address_spec(address: Address) -> str:
    """An address as one string, "persona|kind|text": the form themes.toml uses, and a stable widget option."""
    return f"{address.persona}|{address.kind}|{address.text}"


def address_from_spec(spec: str) -> Address:
    persona, kind, text = spec.split("|", 2)
    return Address(persona=persona, kind=kind, text=text)


@lru_cache(maxsize=1)
def _library() -> tuple[Theme, ...]:
    with LIBRARY_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Theme(
            library_key=entry["key"],
            **{**entry, "addresses": [address_from_spec(spec) for spec in entry.get("addresses", [])]},
        )
        for entry in data["theme"]
    )


def library() -> list[Theme]:
    """Every library theme, as fresh copies the caller may edit."""
    return [theme.model_copy(deep=True) for theme in _library()]


def library_theme(key: str) -> Theme:
    for theme in _library():
        if theme.key == key:
            return theme.model_copy(deep=True)
    raise KeyError(f"no library theme {key!r}")


def unanswered(personas: list[Persona], themes: list[Theme]) -> list[Address]:
    """The hopes and fears that no theme addresses yet, in persona order (blank entries are not hopes or fears)."""
    answered = {(a.persona, a.kind, a.text) for theme in themes for a in theme.addresses}
    return [
        Address(persona=p.key, kind=kind, text=text)
        for p in personas
        for kind, items in (("hope", p.hopes), ("fear", p.fears))
        for text in items
        if text.strip() and (p.key, kind, text) not in answered
    ]
