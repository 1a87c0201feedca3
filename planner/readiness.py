"""Co-production sign-off and the readiness summary: what is still missing before advertising.

From the decision-making agreement: the people named (a co-production partner, the person being
supported) sign off the profile and the adverts before advertising begins. A sign-off records a
fingerprint of what was approved, so changing the profile or the adverts afterwards asks for it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

from personas.profile import HEADINGS
from personas.questions import StepStatus, step_statuses
from planner.campaign import Campaign, Organisation, SignOff, SignOffOverride, SignOffRequirement
from planner.honest_role import Gap, campaign_gaps, check_role

Scope = Literal["profile", "adverts"]
SCOPES: dict[Scope, str] = {"profile": "the role and 'Could this be you?' profile", "adverts": "the adverts"}
SignOffState = Literal["awaiting", "approved", "declined", "out_of_date"]


#: What a person approves in an advert: its words and picture, where and to whom. Not its status, linter
#: dismissals, or the tracking code and link the store assigns.
_APPROVED_VARIANT_FIELDS = {"key", "theme", "persona", "channel", "format", "headline", "primary_text",
                            "description", "cta", "image_note"}


def fingerprint(campaign: Campaign, scope: Scope) -> str:
    """A short hash of what a sign-off of this scope approves."""
    if scope == "profile":
        content = {"role": campaign.role.model_dump(mode="json"),
                   "looking_for": campaign.looking_for.model_dump(mode="json")}
    else:
        content = {"themes": [t.model_dump(mode="json") for t in campaign.themes],
                   "variants": [v.model_dump(mode="json", include=_APPROVED_VARIANT_FIELDS)
                                for v in campaign.variants]}
        if campaign.translations:  # each language version is signed off too (absent before any, so older
            # sign-offs stay current)
            content["translations"] = {code: {key: text.text for key, text in translation.texts.items()}
                                       for code, translation in campaign.translations.items()}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def sign_off(campaign: Campaign, requirement: SignOffRequirement, approved: bool, comment: str = "",
             email: str = "") -> Campaign:
    """Record a decision by someone who must sign off, against what the campaign says now; `email`: who
    recorded it, where sign-in is configured."""
    updated = campaign.model_copy(deep=True)
    updated.signoffs = [*updated.signoffs, SignOff(
        who=requirement.who, email=email, scope=requirement.scope, approved=approved, comment=comment,
        at=dt.datetime.now(dt.UTC), fingerprint=fingerprint(campaign, requirement.scope),
    )]
    return updated


@dataclass(frozen=True)
class SignOffStatus:
    requirement: SignOffRequirement
    latest: SignOff | None
    state: SignOffState

    @property
    def message(self) -> str:
        who, what = self.requirement.who, SCOPES[self.requirement.scope]
        return {
            "awaiting": f"Waiting for {who} to sign off {what}.",
            "approved": f"{who} approved {what}.",
            "declined": f"{who} did not approve {what}" + (f": {self.latest.comment}" if self.latest
                                                           and self.latest.comment.strip() else "."),
            "out_of_date": f"{what.capitalize()} changed since {who} approved; ask {who} to sign off again.",
        }[self.state]


def signoff_statuses(campaign: Campaign) -> list[SignOffStatus]:
    """Each requirement with its latest decision; a later decision replaces an earlier one."""
    statuses = []
    for requirement in campaign.signoff_requirements:
        latest = next((s for s in reversed(campaign.signoffs)
                       if s.who == requirement.who and s.scope == requirement.scope), None)
        if latest is None:
            state: SignOffState = "awaiting"
        elif not latest.approved:
            state = "declined"
        elif latest.fingerprint is not None and latest.fingerprint != fingerprint(campaign, requirement.scope):
            state = "out_of_date"
        else:
            state = "approved"
        statuses.append(SignOffStatus(requirement, latest, state))
    return statuses


@dataclass(frozen=True)
class Readiness:
    steps: list[StepStatus]
    signoffs: list[SignOffStatus]
    signoff_missing: tuple[str, ...]
    #: The role's "what's missing" checks that failed (pay, contract, DBS, training, travel, driving).
    gaps: tuple[Gap, ...] = ()
    #: Names for the role's other missing facts ("Say plainly: the pay." is "pay"), by message.
    fact_checks: dict[str, str] = field(default_factory=dict)

    @property
    def missing(self) -> list[tuple[str, str]]:
        """(section, what is missing) for everything that blocks advertising, in the order to fix it."""
        return [(section, message) for _, section, message in self.named_missing]

    @property
    def named_missing(self) -> list[tuple[str, str, str]]:
        """(check, section, message): the role's facts and gaps by name, the rest by their step or "signoff"."""
        named = self.fact_checks | {gap.message: gap.check for gap in self.gaps}
        items = [(named.get(m, s.step.key), f"{s.step.number}. {s.step.title}", m) for s in self.steps
                 for m in s.missing]
        return items + [("signoff", "Sign-off", m) for m in self.signoff_missing]

    @property
    def ready_to_advertise(self) -> bool:
        return not self.missing

    @property
    def complete_steps(self) -> int:
        return sum(s.complete for s in self.steps)


def readiness(campaign: Campaign, organisation: Organisation) -> Readiness:
    """The seven steps and the sign-offs: ready to advertise only when nothing is missing."""
    signoffs = signoff_statuses(campaign)
    missing = [f"Record who must sign off {what} (for example a co-production partner, or the person "
               "being supported)." for scope, what in SCOPES.items()
               if not any(r.scope == scope for r in campaign.signoff_requirements)]
    missing += [status.message for status in signoffs if status.state != "approved"]
    facts = {check.message: check.fact.key for check in check_role(campaign.role) if check.status == "missing"}
    return Readiness(step_statuses(campaign, organisation), signoffs, tuple(missing), tuple(campaign_gaps(campaign)),
                     facts)


# The sign-off gate -----------------------------------------------------------------------------
#: Lint categories that stop a campaign being ready: a barrier keeps people out, and copy asserting a
#: personal attribute breaks Meta's rules (and equality law) for employment ads.
GATING_CATEGORIES = ("barrier", "personal-attribute")


def held_back(campaign: Campaign, organisation: Organisation) -> list[tuple[str, str]]:
    """(section, message) for what keeps a campaign from "ready" beyond the questions and sign-offs: open
    barrier or personal-attribute findings in the saved role, profile and adverts, and adverts still in draft.
    Rejected adverts never go out, so they hold nothing back."""
    # Imported here: the linter and variant checks load spaCy and scikit-learn, which `planner readiness`
    # and the step pages do not need.
    from adverts.org_rules import lint_for
    from adverts.variants import lint_variant

    held: list[tuple[str, str]] = []
    profile = campaign.looking_for.profile
    texts = [("Role title", campaign.role.title), ("Role description", campaign.role.description),
             ("Characteristics", "\n".join(campaign.looking_for.characteristics)),
             *((f"Profile, {heading}", "\n".join(getattr(profile, field))) for field, heading in HEADINGS)]
    for label, text in texts:
        held += [("The role and profile", f"{label}: “{f.text}” ({f.category}). {f.why}")
                 for f in lint_for(text, organisation) if f.category in GATING_CATEGORIES]
    live = [v for v in campaign.variants if v.status != "rejected"]
    for variant in live:
        open_findings = [f for f in lint_variant(variant, organisation)
                         if not f.dismissed and f.category in GATING_CATEGORIES]
        held += [("Adverts", f"{variant.spoken_code or variant.key} “{variant.headline}”: “{f.text}” in the "
                  f"{f.field.replace('_', ' ')} ({f.category}). Reword it, or dismiss it with a reason.")
                 for f in open_findings]
    drafts = [v for v in live if v.status == "draft"]
    if drafts:
        held.append(("Adverts", f"{len(drafts)} of {len(live)} adverts are still drafts: pin each one that "
                     "should run, or reject it."))
    return held


def outstanding_fingerprint(outstanding: list[str]) -> str:
    return hashlib.sha256(json.dumps(sorted(outstanding)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Gate:
    """Whether the campaign may advertise: ready, or overridden for exactly what is outstanding now."""

    readiness: Readiness
    held: list[tuple[str, str]]
    override: SignOffOverride | None

    @property
    def outstanding(self) -> list[str]:
        return [f"{where}: {message}" for where, message in [*self.readiness.missing, *self.held]]

    @property
    def ready(self) -> bool:
        return not self.outstanding

    @property
    def may_advertise(self) -> bool:
        """Ready, or under a recorded override of exactly what is still outstanding."""
        return self.ready or self.override is not None


def gate(campaign: Campaign, organisation: Organisation) -> Gate:
    """Readiness with the sign-off gate; the latest override counts only while what it overrode is unchanged."""
    summary = readiness(campaign, organisation)
    held = held_back(campaign, organisation)
    outstanding = [f"{where}: {message}" for where, message in [*summary.missing, *held]]
    latest = campaign.overrides[-1] if campaign.overrides else None
    valid = latest if latest is not None and outstanding and latest.fingerprint == outstanding_fingerprint(
        outstanding) else None
    return Gate(summary, held, valid)


def override(campaign: Campaign, organisation: Organisation, who: str, reason: str, email: str = "") -> Campaign:
    """Record a decision to advertise although something is outstanding (ValueError when nothing is)."""
    outstanding = gate(campaign, organisation).outstanding
    if not outstanding:
        raise ValueError("Nothing is outstanding: the campaign is ready without an override.")
    updated = campaign.model_copy(deep=True)
    updated.overrides = [*updated.overrides, SignOffOverride(
        who=who, email=email, reason=reason, outstanding=outstanding,
        fingerprint=outstanding_fingerprint(outstanding), at=dt.datetime.now(dt.UTC))]
    return updated
