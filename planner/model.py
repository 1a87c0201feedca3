"""The shared base for the domain model.

Pydantic gives us validation with field-named errors, a lossless JSON round trip and a
JSON Schema for the campaign file, without any storage or UI concerns leaking in.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

NUL = "\x00"


class Model(BaseModel):
    """Strict model: unknown fields are errors, so a typo in a campaign file is reported."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        """PostgreSQL cannot store a NUL character in text or JSONB, so it is refused everywhere alike.

        Nested models check their own fields; this looks inside plain lists and dicts of text.
        """
        if _has_nul(value):
            raise ValueError("contains a NUL character (\\x00), which cannot be stored: remove it")
        return value


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False
