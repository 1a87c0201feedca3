"""Hand edits to a campaign's results table: only the rows the person changed, added or deleted.

The table is shown from a copy of the stored rows (with their ids and versions) taken when it was
opened; the edited table keeps each loaded row's position as its index, and rows added in the
table get positions after the last loaded one. Saving sends just the difference, so an edit in
one tab never overwrites rows another tab or an import wrote (planner.storage.results_store).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from pydantic import ValidationError

from planner.funnel import ResultRow
from planner.storage.results_store import Edits, StoredRow


def edits_from_table(loaded: Sequence[StoredRow], edited: pd.DataFrame) -> tuple[Edits, list[str]]:
    """The edits between the loaded rows and the edited table, and a message for each invalid row."""
    rows, errors = {}, []
    records = edited.astype(object).where(edited.notna(), None).to_dict("index")
    for number, (position, values) in enumerate(records.items(), 1):
        try:
            rows[position] = ResultRow(**{k: v for k, v in values.items() if v is not None})
        except (ValidationError, ValueError) as error:
            problems = error.errors() if isinstance(error, ValidationError) else [{"loc": (), "msg": str(error)}]
            errors += [f"Row {number}: " + (f"{'.'.join(map(str, p['loc']))}: " if p["loc"] else "")
                       + str(p["msg"]).removeprefix("Value error, ") for p in problems]
    kept = {position: row for position, row in rows.items() if position < len(loaded)}
    return Edits(
        changed=[(loaded[position], row) for position, row in kept.items() if row != loaded[position].row],
        added=[row for position, row in rows.items() if position >= len(loaded)],
        deleted=[stored for position, stored in enumerate(loaded) if position not in rows],
    ), errors
