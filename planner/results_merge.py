"""What an import does to stored results: it changes only the rows it is about, and only the cells it has.

An empty cell in our template means "leave it as stored", never zero; an Ads Manager export
knows reach, enquiries and spend, not hires, so it changes only those. A change that lowers a
stored count is listed ("enquiries 10 → 0") so the person importing can confirm it first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.funnel import ROW_KEY, FunnelOrderError, ResultRow, describe, reason

#: The fields of a row that an import can change (the rest is its key).
VALUE_FIELDS = tuple(name for name in ResultRow.model_fields if name not in ROW_KEY)


@dataclass(frozen=True)
class Incoming:
    """One imported row: its cells (what is added when nothing is stored under its key; an empty
    cell is absent) and the fields it changes in a stored row."""

    cells: dict[str, object]
    given: tuple[str, ...]

    @property
    def key(self) -> tuple:
        return tuple(self.cells.get(name) for name in ROW_KEY)

    def new_row(self) -> ResultRow:
        try:
            return ResultRow(**self.cells)
        except ValueError as error:  # e.g. starts filled in and conversations left empty
            raise FunnelOrderError(f"{describe(self.key)}: {reason(error)}") from None


@dataclass(frozen=True)
class Change:
    key: tuple
    field: str
    old: object
    new: object

    @property
    def lowers(self) -> bool:
        return isinstance(self.old, int | float) and isinstance(self.new, int | float) and self.new < self.old

    def __str__(self) -> str:
        return f"{describe(self.key)}: {self.field} {_show(self.old)} → {_show(self.new)}"


@dataclass
class Plan:
    """The rows an import adds, the stored rows it changes (by key) and every changed cell."""

    added: dict[tuple, ResultRow] = field(default_factory=dict)
    updated: dict[tuple, ResultRow] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    @property
    def lowering(self) -> list[Change]:
        return [change for change in self.changes if change.lowers]


class LoweringNotConfirmed(ValueError):
    """The import would lower stored counts and nobody confirmed it; nothing was written."""

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        super().__init__(f"Nothing was imported: it would lower {len(changes)} stored number(s), which needs "
                         "confirming first:\n" + "\n".join(f"  {c}" for c in changes))


def plan(stored: Mapping[tuple, ResultRow], incoming: Sequence[Incoming]) -> Plan:
    """Raises FunnelOrderError, naming the row, if a merged row would break the funnel."""
    result = Plan()
    for item in incoming:
        key = item.key
        if key in result.added:  # a file's sheets are checked for repeated rows; this keeps the rule anyway
            result.added[key] = _merged(result.added[key], item)
            continue
        before = result.updated.get(key) or stored.get(key)
        if before is None:
            result.added[key] = item.new_row()
            continue
        after = _merged(before, item)
        changed = [Change(key, name, getattr(before, name), getattr(after, name)) for name in VALUE_FIELDS
                   if getattr(before, name) != getattr(after, name)]
        if changed:
            result.updated[key] = after
            result.changes += changed
    return result


def _merged(before: ResultRow, item: Incoming) -> ResultRow:
    update = {name: item.cells[name] for name in item.given}
    try:
        return ResultRow.model_validate({**before.model_dump(), **update})
    except ValueError as error:
        raise FunnelOrderError(f"{describe(item.key)}: with the stages already recorded, {reason(error)}") from None


def _show(value: object) -> str:
    if value is None:
        return "not known yet"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
