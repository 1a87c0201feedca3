"""The shared base for the domain model.

Pydantic gives us validation with field-named errors, a lossless JSON round trip and a
JSON Schema for the campaign file, without any storage or UI concerns leaking in.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, field_validator

NUL = "\x00"


class Model(BaseModel):
    """Strict model: unknown fields are errors, so a typo in a campaign file is reported."""

    #: allow_inf_nan=False: inf, -inf and NaN are refused in every float field, so no database is asked to
    #: store what JSON cannot write (PostgreSQL's JSONB refuses them; SQLite kept them as "Infinity").
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False,
                              allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        """Text every database stores alike: PostgreSQL refuses NUL characters and unpaired surrogates
        (which only arrive as JSON escapes) in text and JSONB, so they are refused here on any database.

        Nested models check their own fields; this looks inside plain lists and dicts of text.
        """
        problem = _unstorable(value)
        if problem:
            raise ValueError(problem)
        return value


def _unstorable(value: object) -> str | None:
    if isinstance(value, str):
        if NUL in value:
            return "contains a NUL character (\\x00), which cannot be stored: remove it"
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                return f"contains an unpaired surrogate ({value[error.start]!r}), which is not text: remove it"
        return None
    if isinstance(value, list | tuple):
        return next(filter(None, map(_unstorable, value)), None)
    if isinstance(value, dict):
        return next(filter(None, map(_unstorable, [*value.keys(), *value.values()])), None)
    return None


def repeated(keys: Iterable[object]) -> list[object]:
    """Keys that occur more than once, in the order they first repeat."""
    seen: set[object] = set()
    again: list[object] = []
    for key in keys:
        if key in seen and key not in again:
            again.append(key)
        seen.add(key)
    return again


def refuse_repeated(what: str, keys: Iterable[object]) -> None:
    """Raise naming the field and the repeated keys: two items with one key cannot be told apart."""
    again = repeated(keys)
    if again:
        raise ValueError(f"{what}: {', '.join(repr(k) for k in again[:5])} "
                         f"{'is' if len(again) == 1 else 'are'} used more than once; each must be unique")
