"""Results per variant x channel x period, through the funnel from reach to retention.

Every stage counts people from that stage's own source, and a stage can never exceed the one
before it: a row that breaks this is rejected with the row and the stage named.
"""

from __future__ import annotations

import datetime as dt

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


class FunnelOrderError(ValueError):
    """A later stage has more people than an earlier one."""


class ResultRow(Model):
    variant: str = Field(min_length=1, description="Variant key or spoken code.")
    channel: str = Field(min_length=1)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    reach: int | None = Field(default=None, ge=0)
    reach_is_estimate: bool = False
    enquiries: int = Field(default=0, ge=0)
    conversations: int = Field(default=0, ge=0)
    invited: int = Field(default=0, ge=0)
    attended: int = Field(default=0, ge=0)
    offers: int = Field(default=0, ge=0)
    starts: int = Field(default=0, ge=0)
    retained: int = Field(default=0, ge=0)
    cost_gbp: float = Field(default=0, ge=0)

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
    def no_shows(self) -> int:
        return self.invited - self.attended
