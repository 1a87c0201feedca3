"""The shared base for the domain model.

Pydantic gives us validation with field-named errors, a lossless JSON round trip and a
JSON Schema for the campaign file, without any storage or UI concerns leaking in.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict model: unknown fields are errors, so a typo in a campaign file is reported."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)
