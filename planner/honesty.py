"""The honesty rules: what we refuse to claim from small or observational numbers, and why.

Every report and page shows these in words, so a recruiter reading "P(best) 71%" also reads
that 12 hires cannot crown a winner, that channels were not randomised, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from planner.stats import Arm

#: No arm is called a winner unless every arm has this many trials...
MIN_TRIALS_PER_ARM = 30
#: ...and the arms have this many successes between them.
MIN_SUCCESSES_TOTAL = 10
#: And then only when its probability of being best reaches this.
WINNER_PROBABILITY = 0.95

PEEKING = ("Decide how many people each arm needs before you start (see the sample-size planner) and judge the "
           "result once, at that number. Checking again and again and stopping as soon as one arm looks ahead "
           "makes a false winner far more likely than the p-values suggest.")

CHANNELS_OBSERVATIONAL = ("Channels were not randomised: people choose where they look, so a channel's rate mixes "
                          "the channel with the people who use it. Channel figures show intervals, never p-values "
                          "or winners.")

DIVERGENT_DELIVERY = ("Meta delivers each ad variant to the people its algorithm expects to respond, so two Facebook "
                      "variants reach different audiences ('divergent delivery'). A difference between them mixes "
                      "the effect of the words with the effect of who saw them.")

SMALL_EXPECTED = ("Some expected counts are below 5, so the chi-squared p-values are rough; lean on the intervals "
                  "and P(best).")

SRM = ("Sample-ratio mismatch: the arms have {observed} {people} against a planned split of {planned} "
       "(chi-squared p = {p:.2g}). Something in delivery or tracking is uneven, so the comparison is not trustworthy "
       "until that is explained.")

SIMPSON = ("Simpson's paradox: taken together, {arm} looks {pooled} than {reference} (odds ratio {pooled_or}), "
           "but compared within each {strata} it looks {stratified} (Mantel-Haenszel odds ratio {mh_or}, 95% interval "
           "{low} to {high}), or the difference is not the same from one {strata} to the next. The {strata} mix "
           "differs between the arms, so neither view can be trusted on its own.")


def decision_ready(arms: Sequence[Arm]) -> bool:
    """Enough people to use the word 'winner' at all."""
    return (all(arm.trials >= MIN_TRIALS_PER_ARM for arm in arms)
            and sum(arm.successes for arm in arms) >= MIN_SUCCESSES_TOTAL)


def minimum_count_warning(arms: Sequence[Arm], label: Callable[[str], str] = str) -> str | None:
    """Why there are too few people to decide, naming the smallest arm in words (`label`)."""
    if decision_ready(arms):
        return None
    total = sum(arm.successes for arm in arms)
    smallest = min(arms, key=lambda arm: arm.trials)
    return (f"Too few to call a winner: we need at least {MIN_TRIALS_PER_ARM} in every arm and "
            f"{MIN_SUCCESSES_TOTAL} successes in all (smallest arm {label(smallest.name)}: {smallest.trials}; "
            f"successes: {total}). Read these as early signs, not a decision.")


def direction(odds_ratio: float) -> str:
    return "better" if odds_ratio > 1 else "worse" if odds_ratio < 1 else "no different"
