"""A fair rotation for local channels: which arm each venue shows in which week.

Leaflets and posters cannot be split at random person by person, so the arms take turns instead:
each venue cycles through every arm, in an order and from a starting point drawn at random from
the seed. Every arm gets (nearly) the same weeks at every venue, and no venue or week favours one.
The seed is shown with the plan, so anyone can draw the same schedule again.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from planner.experiments.model import Rotation


@dataclass(frozen=True)
class Slot:
    week: int
    starts: dt.date
    venue: str
    arm: str


def schedule(rotation: Rotation, arms: list[str]) -> list[Slot]:
    """One slot per venue per week, arms rotating week by week from a random start at each venue."""
    rng = random.Random(rotation.seed)
    order = rng.sample(arms, len(arms))
    offsets = {venue: rng.randrange(len(arms)) for venue in rotation.venues}
    return [Slot(week + 1, rotation.start + dt.timedelta(weeks=week), venue,
                 order[(offsets[venue] + week) % len(order)])
            for week in range(rotation.weeks) for venue in rotation.venues]
