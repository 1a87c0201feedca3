"""The seven persona questions as steps, and what "complete" means for each.

A step is complete when nothing in `missing` remains; `notes` are worth a look but do not block.
Blank (empty or whitespace-only) entries are kept as the user typed them but never count as answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adverts.themes import unanswered
from planner.campaign import Campaign, Organisation, ValuesReview
from planner.channels import channel_label
from planner.honest_role import campaign_gaps, check_role


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str
    question: str


STEPS: tuple[Step, ...] = (
    Step(1, "role", "The role", "What is the role?"),
    Step(2, "looking_for", "Who we are looking for", "Who are we looking for, and what are their values?"),
    Step(3, "personas", "Where might they be now", "What roles might they hold now in life, work and community?"),
    Step(4, "hopes_fears", "Hopes and fears", "What might they hope for, and fear, about changing direction?"),
    Step(5, "message", "The message", "How do we show we understand those hopes and fears?"),
    Step(6, "values_fit", "Does it still fit our values", "Would the message attract people who share our values?"),
    Step(7, "channels", "Where and how to advertise", "Where and how must we advertise so they see us?"),
)


@dataclass(frozen=True)
class StepStatus:
    step: Step
    missing: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def filled(items: list[str]) -> list[str]:
    """The entries that say something: blank ones are kept in the campaign but are not answers."""
    return [item for item in items if item.strip()]


def _blank_note(what: str, items: list[str]) -> list[str]:
    blanks = len(items) - len(filled(items))
    if not blanks:
        return []
    return [f"{what}: {blanks} blank {'entry' if blanks == 1 else 'entries'} (kept, but not counted)."]


def latest_review(campaign: Campaign, target: str) -> ValuesReview | None:
    """The most recent review of a 'theme:<key>' or 'variant:<key>' target; later reviews supersede."""
    return next((review for review in reversed(campaign.reviews) if review.target == target), None)


def _role(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    role = campaign.role
    missing = [f"The role needs a {label}." for label, text in (("title", role.title),
                                                              ("description", role.description)) if not text.strip()]
    checks = check_role(role)
    missing += [check.message for check in checks if check.status == "missing"]
    missing += [gap.message for gap in campaign_gaps(campaign)]
    return missing, [check.message for check in checks if check.status == "field_only"]


def _looking_for(campaign: Campaign, organisation: Organisation) -> tuple[list[str], list[str]]:
    wanted, profile = campaign.looking_for, campaign.looking_for.profile
    described = {value.name: value.description.strip() for value in organisation.values}
    missing = [] if filled(wanted.values) else ["Choose the organisation values you are looking for."]
    missing += [f"The value {name!r} needs a description (on Purpose and values)."
                for name in filled(wanted.values) if not described.get(name)]
    if not filled(wanted.characteristics):
        missing.append("List the characteristics you are looking for.")
    for heading, items in (("What people appreciate about you", profile.appreciate),
                           ("What matters to you", profile.matters), ("How we will support you", profile.support)):
        if not filled(items):
            missing.append(f"'Could this be you?' needs at least one entry under '{heading}'.")
    notes = _blank_note("Characteristics", wanted.characteristics)
    notes += [f"The value {name!r} is no longer one of the organisation's values."
              for name in filled(wanted.values) if name not in described]
    return missing, notes


def _personas(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    if not campaign.personas:
        return ["Choose at least one persona from the library, or write your own."], []
    missing = [f"Persona {p.name or p.key!r}: say what roles they hold in life, work and community."
               for p in campaign.personas if not filled(p.roles)]
    missing += [f"Persona {p.key!r} needs a name." for p in campaign.personas if not p.name.strip()]
    return missing, [note for p in campaign.personas for note in _blank_note(f"{p.name} roles", p.roles)]


def _hopes_fears(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    if not campaign.personas:
        return ["Add personas first (step 3)."], []
    missing, notes = [], []
    for persona in campaign.personas:
        for kind, items in (("hope", persona.hopes), ("fear", persona.fears)):
            if not filled(items):
                missing.append(f"Persona {persona.name!r}: add at least one {kind}.")
            notes += _blank_note(f"{persona.name} {kind}s", items)
    return missing, notes


def _message(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    if not campaign.themes:
        return ["Add at least one theme, from the library or your own."], []
    missing = [f"Theme {t.name!r} needs a headline question." for t in campaign.themes if not t.headline.strip()]
    missing += [f"Theme {t.name!r}: link it to the hopes and fears it answers."
                for t in campaign.themes if not t.addresses]
    spoken_to = {address.persona for theme in campaign.themes for address in theme.addresses}
    missing += [f"No theme speaks to persona {p.name!r} yet." for p in campaign.personas if p.key not in spoken_to]
    hopes_and_fears = unanswered(campaign.personas, campaign.themes)
    notes = [f"{len(hopes_and_fears)} hopes and fears are not answered by any theme yet."] if hopes_and_fears else []
    return missing, notes


def _values_fit(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    if not campaign.themes:
        return ["Add themes first (step 5)."], []
    missing = []
    targets = [(f"theme:{t.key}", f"Theme {t.name!r}", True) for t in campaign.themes]
    targets += [(f"variant:{v.key}", f"Variant {v.key!r}", False) for v in campaign.variants]
    for target, label, required in targets:
        review = latest_review(campaign, target)
        if review is None and required:
            missing.append(f"{label}: a reviewer has not said whether it fits our values.")
        elif review is not None and not review.fits:
            missing.append(f"{label}: {review.reviewer} said it does not fit our values. Rework it and review again.")
    return missing, []


def _channels(campaign: Campaign, _: Organisation) -> tuple[list[str], list[str]]:
    if not campaign.personas:
        return ["Add personas first (step 3)."], []
    planned = {entry.persona for entry in campaign.channel_plan}
    missing = [f"Persona {p.name!r}: choose at least one channel." for p in campaign.personas if p.key not in planned]
    names = {p.key: p.name for p in campaign.personas}
    for entry in campaign.channel_plan:
        where = f"{names.get(entry.persona, entry.persona)}, {channel_label(entry.channel)}"
        if not entry.why.strip():
            missing.append(f"{where}: say why this channel reaches them.")
        if entry.budget_gbp is None and not entry.effort.strip():
            missing.append(f"{where}: give a budget or the effort it takes.")
        if entry.start is None or entry.end is None:
            missing.append(f"{where}: give start and end dates.")
        elif entry.end < entry.start:
            missing.append(f"{where}: the end date is before the start date.")
    notes = [f"A channel plan entry names persona {key!r}, which is not in this campaign."
             for key in sorted(planned - set(names))]
    return missing, notes


_CHECKS: dict[str, Callable[[Campaign, Organisation], tuple[list[str], list[str]]]] = {
    "role": _role, "looking_for": _looking_for, "personas": _personas, "hopes_fears": _hopes_fears,
    "message": _message, "values_fit": _values_fit, "channels": _channels,
}


def step_statuses(campaign: Campaign, organisation: Organisation) -> list[StepStatus]:
    """Every step, in order, with what it still needs."""
    statuses = []
    for step in STEPS:
        missing, notes = _CHECKS[step.key](campaign, organisation)
        statuses.append(StepStatus(step, tuple(missing), tuple(notes)))
    return statuses


def step(key: str) -> Step:
    return next(s for s in STEPS if s.key == key)
