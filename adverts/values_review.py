"""Question 6 for a whole campaign: each theme and variant, with the values it shows and leaves out.

The scoring is `adverts.values_fit.values_fit` (lemmas, the value's own words and TF-IDF similarity);
a theme is scored as the words a reader sees, its headline and supporting questions. Everything is
fitted in one call so common words count for little across the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass

from adverts.model import Variant
from adverts.values_fit import ValueScore, values_fit
from planner.campaign import Campaign, Value


@dataclass(frozen=True)
class ReviewTarget:
    target: str
    label: str
    text: str
    scores: tuple[ValueScore, ...]

    @property
    def shown(self) -> list[str]:
        return [score.value for score in self.scores if score.shows]

    @property
    def left_out(self) -> list[str]:
        return [score.value for score in self.scores if not score.shows]


def review_targets(campaign: Campaign, values: list[Value]) -> list[ReviewTarget]:
    """Every theme, then every variant, as 'theme:<key>' or 'variant:<key>' with its value scores."""
    items = [(f"theme:{t.key}", f"Theme: {t.name}", Variant(
        key=f"t{i}", theme=t.key, persona="", channel="", format="", headline=t.headline,
        primary_text="\n".join(t.questions))) for i, t in enumerate(campaign.themes)]
    items += [(f"variant:{v.key}", f"Variant: {v.key}", v.model_copy(update={"key": f"v{i}"}))
              for i, v in enumerate(campaign.variants)]
    fits = values_fit([variant for *_, variant in items], values, campaign.looking_for.values)
    return [
        ReviewTarget(target, label, "\n".join(t for t in (variant.headline, variant.primary_text, variant.description,
                                                           variant.cta) if t.strip()), fits[variant.key].scores)
        for target, label, variant in items
    ]
