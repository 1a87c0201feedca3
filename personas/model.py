"""A persona: a group of people who may share our values, described by the roles they hold now."""

from __future__ import annotations

from pydantic import Field

from planner.model import Model


class Phrasing(Model):
    """One hope said to the reader, as a question and as a statement, so adverts use it as written."""

    hope: str
    question: str = ""
    statement: str = ""


class Persona(Model):
    """Question 3 and 4 of the method: where they are now, their hopes and their fears."""

    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    where_now: str = ""
    roles: list[str] = Field(default_factory=list, description="Roles held in life, work and community.")
    hopes: list[str] = Field(default_factory=list)
    fears: list[str] = Field(default_factory=list)
    phrasings: list[Phrasing] = Field(default_factory=list, description="Each hope as a question and a statement.")
    library_key: str | None = Field(default=None, description="The library persona this started from, if any.")
