"""The verdict: one decision, `{winner, reason}`, that every guard can stop.

A report can carry many warnings, but a recruiter acts on the one sentence that names a winner. So
a warning that undermines the comparison (too few people, a sample-ratio mismatch, Simpson's
reversal, arms that never shared a channel, the planned sample not reached) is a *blocker*: with
any blocker the winner is null and the reason says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from planner import honesty


class Ranked(Protocol):
    name: str
    p_best: float
    expected_loss: float


@dataclass(frozen=True)
class Verdict:
    winner: str | None
    reason: str

    def to_dict(self) -> dict:
        return {"winner": self.winner, "reason": self.reason}


def decide(arms: Sequence[Ranked], blockers: Sequence[str], label: Callable[[str], str] = str) -> Verdict:
    """Name the arm whose P(best) reaches the threshold, unless a blocker fired; say why either way."""
    if not arms:
        return Verdict(None, "No winner: no arm has any results yet.")
    best = max(arms, key=lambda arm: arm.p_best)
    if blockers:
        more = f" ({len(blockers) - 1} more reason(s) below.)" if len(blockers) > 1 else ""
        return Verdict(None, f"No winner yet. {blockers[0]}{more} {label(best.name)} leads so far "
                             f"(P(best) {best.p_best:.0%}), which may well change.")
    if best.p_best >= honesty.WINNER_PROBABILITY:
        return Verdict(best.name, f"{label(best.name)} is very likely the best (P(best) {best.p_best:.1%}; expected "
                                  f"loss of choosing it {best.expected_loss:.2%}).")
    return Verdict(None, f"No clear winner yet: {label(best.name)} leads with P(best) {best.p_best:.0%}, below "
                         f"{honesty.WINNER_PROBABILITY:.0%}.")
