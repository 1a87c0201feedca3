"""An experiment: one factor tested across 2 to 5 arms, in one channel, for one persona.

It is stored inside the campaign (and travels in the campaign file), so a headline test is planned,
run and judged as one thing rather than read off whatever variants happen to have results.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from planner.model import Model

Factor = Literal["theme", "cta", "image"]
Status = Literal["draft", "running", "decided"]
#: The rate an experiment compares: (numerator stage, denominator stage). The denominator counts people.
Metric = Literal["starts/enquiries", "enquiries/reach", "retained/enquiries"]
METRIC_LABELS: dict[str, str] = {
    "starts/enquiries": "starts per enquiry",
    "enquiries/reach": "enquiries per person reached",
    "retained/enquiries": "still in post after probation, per enquiry",
}
MIN_ARMS, MAX_ARMS = 2, 5


class Override(Model):
    """A deliberate decision to judge before the planned number of people is reached."""

    by: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=2000)
    at: dt.datetime


class Rotation(Model):
    """For local channels: which arm each venue shows in which week, assigned at random from `seed`."""

    venues: list[str] = Field(min_length=1, max_length=50)
    weeks: int = Field(ge=1, le=52)
    start: dt.date
    seed: int = Field(ge=0, lt=2**32)


class Experiment(Model):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=500)
    hypothesis: str = ""
    factor: Factor
    channel: str = Field(min_length=1, max_length=64)
    persona: str = Field(min_length=1)
    arms: list[str] = Field(min_length=MIN_ARMS, max_length=MAX_ARMS, description="Variant keys, one per arm.")
    metric: Metric = "starts/enquiries"
    baseline_rate: float = Field(gt=0, lt=1, allow_inf_nan=False)
    min_difference: float = Field(gt=0, lt=1, allow_inf_nan=False,
                                  description="The smallest absolute difference worth detecting.")
    sample_size_per_arm: int = Field(ge=1)
    start: dt.date | None = None
    end: dt.date | None = None
    status: Status = "draft"
    override: Override | None = None
    rotation: Rotation | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        if len(set(self.arms)) != len(self.arms):
            raise ValueError("each arm must be a different variant")
        if self.start and self.end and self.end < self.start:
            raise ValueError("the end date is before the start date")
        if self.baseline_rate + self.min_difference >= 1:
            raise ValueError("the baseline rate plus the smallest difference must stay below 1")
        return self

    @property
    def stages(self) -> tuple[str, str]:
        numerator, denominator = self.metric.split("/")
        return numerator, denominator

    @property
    def people(self) -> str:
        """What the denominator counts, in words: the people each arm needs."""
        return {"reach": "people reached", "enquiries": "enquiries"}[self.stages[1]]

    @property
    def metric_label(self) -> str:
        return METRIC_LABELS[self.metric]

    def decidable(self, winner: str | None) -> str | None:
        """Why the experiment cannot be marked decided now, or None when it can: it needs a winner, or a
        recorded decision to stop early."""
        if winner is None and self.override is None:
            return ("its verdict names no winner yet: wait for the planned number of people, or record a decision "
                    "to stop early (on the Experiments page, or with planner experiment override)")
        return None

    def covers(self, day: dt.date | None) -> bool:
        """Whether a result row for a period starting on `day` belongs to the experiment's run."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)
