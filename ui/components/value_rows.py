"""Values typed into the Purpose and values page's small forms, checked before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass

from planner.campaign import Value


class RowError(ValueError):
    """A row that cannot be saved; the message names it."""


@dataclass(frozen=True)
class ValueRow:
    name: str
    description: str
    words: str  # comma-separated, as typed

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.description.strip() or self.words.strip())


def values_from_rows(rows: list[ValueRow]) -> list[Value]:
    """The values to save: wholly blank rows are left out; a row with content but no name, or a name used
    twice, is refused with a message naming the row, so nothing typed is silently dropped."""
    values: list[Value] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        if row.blank:
            continue
        name = row.name.strip()
        if not name:
            raise RowError(f"Value {number} has a description or words but no name: give it a name, or clear "
                           "its fields to leave it out.")
        if name.casefold() in seen:
            raise RowError(f"Value {number} has the same name as value {seen[name.casefold()]}: '{name}'.")
        seen[name.casefold()] = number
        values.append(Value(name=name, description=row.description.strip(),
                            words=[w.strip() for w in row.words.split(",") if w.strip()]))
    return values
