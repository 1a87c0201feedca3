"""Results per variant x channel x period, through the funnel from reach to retention.

Every stage counts people from that stage's own source, and a stage can never exceed the one
before it: a row that breaks this is rejected with the row and the stage named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from pydantic import Field, model_validator

from planner.model import Model

#: Funnel stages in order, with the label shown to users.
STAGES: list[tuple[str, str]] = [
    ("reach", "Reach (impressions, or people reached offline)"),
    ("enquiries", "Clicks or enquiries"),
    ("conversations", "First conversations"),
    ("invited", "Invited to a workshop or interview"),
    ("attended", "Attended"),
    ("offers", "Offers"),
    ("starts", "Starts"),
    ("retained", "Still in post after probation"),
]
STAGE_KEYS = [key for key, _ in STAGES]
#: Stages people only know later (after conversations, interviews, probation): None while not known yet.
LATER_STAGES = tuple(STAGE_KEYS[2:])


class FunnelOrderError(ValueError):
    """A later stage has more people than an earlier one."""


#: The largest count of people and the largest sum of money in one row: anything larger is a mistake, and
#: refused alike on every database (PostgreSQL's integer columns stop at 2**31 - 1).
MAX_COUNT = 10**9
MAX_GBP = 10**9

#: Longest variant and channel names a result row keeps (the database columns' widths).
TEXT_LIMITS = {"variant": 200, "channel": 64}


#: The later stages are None (null, an empty cell) while people are still being interviewed or on probation.
NOT_KNOWN_YET = "Empty (null) while not known yet, which is not 0."


class ResultRow(Model):
    variant: str = Field(min_length=1, max_length=TEXT_LIMITS["variant"], description="Variant key or spoken code.")
    channel: str = Field(min_length=1, max_length=TEXT_LIMITS["channel"])
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    reach: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    reach_is_estimate: bool = False
    enquiries: int = Field(default=0, ge=0, le=MAX_COUNT)
    conversations: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    invited: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    attended: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    offers: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    starts: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    retained: int | None = Field(default=None, ge=0, le=MAX_COUNT, description=NOT_KNOWN_YET)
    cost_gbp: float = Field(default=0, ge=0, le=MAX_GBP)

    @model_validator(mode="after")
    def _funnel_never_increases(self) -> ResultRow:
        previous_key, previous = None, None
        for key in STAGE_KEYS:
            count = getattr(self, key)
            if count is None:
                continue
            if previous is not None and count > previous:
                raise FunnelOrderError(
                    f"{key} ({count}) is more than {previous_key} ({previous}): "
                    "a funnel stage can never exceed the stage before it"
                )
            previous_key, previous = key, count
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self

    @property
    def no_shows(self) -> int | None:
        """Invited but did not attend; None while either is not known yet."""
        if self.invited is None or self.attended is None:
            return None
        return self.invited - self.attended


#: The fields a row is identified by: one variant in one channel over one period.
ROW_KEY = ("variant", "channel", "period_start", "period_end")
#: The fields an advertising platform knows; the later stages come from the recruiter.
DIGITAL_FIELDS = ("reach", "enquiries", "cost_gbp")


@dataclass(frozen=True)
class Tally:
    """One rate over rows: the rows where both stages are known count in both parts, the rest in neither.

    A row whose stage is not known yet is no evidence either way, so it is left out of that stage's
    rate (and only that stage's), and counted here so the report can say so."""

    successes: int
    trials: int
    rows: int
    unknown_rows: int
    unknown_people: int
    """The denominator's people in the rows left out (where the denominator itself is known)."""

    @property
    def known(self) -> bool:
        """Some row knows both stages: the rate can be shown (if there are trials)."""
        return self.unknown_rows < self.rows


def tally(rows: Iterable[ResultRow], numerator: str, denominator: str) -> Tally:
    successes = trials = count = unknown_rows = unknown_people = 0
    for row in rows:
        count += 1
        top, bottom = getattr(row, numerator), getattr(row, denominator)
        if top is None or bottom is None:
            unknown_rows += 1
            unknown_people += bottom or 0
        else:
            successes, trials = successes + top, trials + bottom
    return Tally(successes, trials, count, unknown_rows, unknown_people)


def known_sum(rows: Iterable[ResultRow], stage: str) -> tuple[int | None, int]:
    """A stage's sum over the rows that know it (None if none does), and how many rows do not (partial)."""
    values = [getattr(row, stage) for row in rows]
    known = [value for value in values if value is not None]
    return (sum(known) if known else None), len(values) - len(known)


def row_key(row: ResultRow) -> tuple:
    return tuple(getattr(row, name) for name in ROW_KEY)


def funnel_increases(counts: dict[str, np.ndarray]) -> list[tuple[int, str, int, str, int]]:
    """The never-increasing rule over whole columns at once, for imports of many rows.

    Returns (row index, stage, count, earlier stage, earlier count) for the first stage that
    breaks the rule in each row. Missing stages (NaN, as for unknown reach) are skipped, as
    ResultRow skips None.
    """
    present = [key for key in STAGE_KEYS if key in counts]
    if not present:
        return []
    size = len(counts[present[0]])
    previous = np.full(size, np.nan)
    previous_stage = np.full(size, -1)
    found: dict[int, tuple[int, str, int, str, int]] = {}
    for position, key in enumerate(present):
        current = np.asarray(counts[key], dtype=float)
        broken = np.flatnonzero(~np.isnan(current) & ~np.isnan(previous) & (current > previous))
        for index in broken:
            found.setdefault(int(index), (int(index), key, int(current[index]),
                                          present[previous_stage[index]], int(previous[index])))
        known = ~np.isnan(current)
        previous = np.where(known, current, previous)
        previous_stage = np.where(known, position, previous_stage)
    return [found[index] for index in sorted(found)]


def describe(key: tuple) -> str:
    """A row key as people read it: 'read-a-room in facebook 2026-03-02 to 2026-03-08'."""
    variant, channel, start, end = key
    period = f" {start} to {end}" if start or end else ""
    return f"{variant} in {channel}{period}"


def reason(error: ValueError) -> str:
    """A validation error's messages without pydantic's 'Value error, ' prefixes."""
    errors = getattr(error, "errors", None)
    if callable(errors):
        return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in errors())
    return str(error)
