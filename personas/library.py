"""The persona library, read from library.toml so users can read and extend it."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from personas.model import Persona

LIBRARY_FILE = Path(__file__).with_name("library.toml")


@lru_cache(maxsize=1)
def _library() -> tuple[Persona, ...]:
    with LIBRARY_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(Persona(library_key=entry["key"], **entry) for entry in data["persona"])


def library() -> list[Persona]:
    """Every library persona, as fresh copies the caller may edit."""
    return [persona.model_copy(deep=True) for persona in _library()]


def library_persona(key: str) -> Persona:
    for persona in _library():
        if persona.key == key:
            return persona.model_copy(deep=True)
    raise KeyError(f"no library persona {key!r}")
