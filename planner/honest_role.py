"""Honest-role checks: does the role description say plainly what candidates need to know?

Candidates in the first Wellbeing Teams workshop asked "Is this about personal care?", and a strong
candidate turned the job down late because nobody had said what self-management meant. So each
fact is checked in its own Role field (what adverts use) and in the description (what candidates
read); a fact stated in neither is missing, a fact stated only in its field is a softer warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from planner.campaign import Campaign, Role
from planner.pay import WHY, pay_problem

Status = Literal["ok", "field_only", "missing"]


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    field: str
    why: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RoleCheck:
    fact: Fact
    status: Status
    evidence: tuple[str, ...]

    @property
    def message(self) -> str:
        if self.status == "missing":
            return f"Say plainly: {self.fact.label.lower()}."
        if self.status == "field_only":
            return f"{self.fact.label}: stated in the role facts, but not in the description candidates read."
        return f"{self.fact.label}: stated."


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)


FACTS: tuple[Fact, ...] = (
    Fact("personal_care", "Whether the role involves personal care", "personal_care",
         "People who find out late that the job includes washing, dressing or medication walk out of the "
         "workshop or the job: their time and yours is wasted. Say it plainly, yes or no.",
         _words(r"personal care", r"wash", r"bath", r"shower", r"dress(?!ing down)", r"toilet", r"continence",
                r"medication", r"medicine", r"hoist")),
    Fact("team_model", "How the team is managed", "team_model",
         "A candidate who expects a boss, or who does not want one, needs to know before applying: "
         "self-management unexplained cost Wellbeing Teams a strong candidate at the last stage.",
         _words(r"self[- ]?manag", r"self[- ]?organi[sz]", r"manager", r"managed by", r"report(?:s|ing)? to",
                r"coach", r"supervis", r"team leader")),
    Fact("pay", "The pay", "pay",
         "People changing sector must know they can afford to; an advert without pay loses exactly the "
         "people who cannot take a risk on it.",
         _words(r"£\s?\d[\d,.]*", r"\d[\d,.]*\s?(?:pounds|gbp)\b", r"(?:real |national )?living wage", r"salary of",
                r"per hour", r"an hour", r"per annum")),
    Fact("hours", "The hours", "hours",
         "Parents, family carers, students and retired people apply only when the hours fit their lives.",
         _words(r"\d+\s?(?:to|-|–)?\s?\d*\s?hours", r"full[- ]time", r"part[- ]time", r"days a week",
                r"monday to friday", r"weekends?", r"nights?", r"shifts?", r"term[- ]time", r"flexible hours")),
    Fact("location", "Where the work is", "location",
         "Most people want work close to home, and people are more comfortable in their own neighbourhood: "
         "say where the work is and whether there is travel between visits.",
         _words(r"based (?:in|at)", r"located in", r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b",
                r"travel", r"neighbourhood", r"town centre", r"city centre")),
)


def _field_in_description(value: str, description: str) -> str | None:
    """The field's own words found in the description (e.g. the place name), if any."""
    first = value.split(",")[0].strip()
    if len(first) >= 3 and first.casefold() in description.casefold():
        return first
    return None


def check_role(role: Role) -> list[RoleCheck]:
    """One check per fact: where it is stated, with the words that showed it in the description."""
    checks = []
    for fact in FACTS:
        field_value = getattr(role, fact.field)
        evidence = [match.group(0) for match in fact.pattern.finditer(role.description)]
        own_words = _field_in_description(field_value, role.description) if field_value.strip() else None
        if own_words:
            evidence.append(own_words)
        found = tuple(dict.fromkeys(e.strip() for e in evidence))
        if found:
            status: Status = "ok"
        elif field_value.strip():
            status = "field_only"
        else:
            status = "missing"
        checks.append(RoleCheck(fact, status, found))
    return checks


@dataclass(frozen=True)
class Gap:
    """A "what's missing" check that failed: its name (stable, for the CLI's JSON), what to do and why."""

    check: str
    message: str
    why: str


_CONTRACT = _words(r"permanent", r"fixed[- ]term", r"temporary", r"bank\b", r"zero[- ]hours?", r"guaranteed",
                   r"contracted hours", r"salaried", r"full[- ]time", r"part[- ]time", r"contract")
_DBS = re.compile(r"\bDBS\b[^.]*\b(?:pay|paid|free|cost|fee)|\b(?:pay|paid|free|cost|fee)\w*\b[^.]*\bDBS\b",
                  re.IGNORECASE)
_TRAINING = _words(r"training", r"induction", r"care certificate", r"qualification", r"course", r"shadow")
_HOME_CARE = _words(r"home care", r"domiciliary", r"at home", r"in their (?:own )?homes?", r"between visits",
                    r"visits? to people")
_TRAVEL_TIME = _words(r"travel time", r"time travell?ing", r"paid for travel")
_MILEAGE = _words(r"mileage", r"\d+p (?:a|per) mile", r"per mile", r"a mile", r"walk", r"no car", r"bus",
                  r"public transport", r"on foot")
_DRIVING = _words(r"driving licen[cs]e", r"driver", r"must drive", r"own car", r"access to a car", r"car essential",
                  r"able to drive")
_DRIVING_NEEDED = _words(r"rural", r"villages", r"across the (?:county|district|borough)",
                         r"no (?:bus|public transport)")


def role_gaps(role: Role, dates: list[dt.date]) -> list[Gap]:
    """What a candidate needs to know that the role does not say yet, each with why it matters.

    `dates` are the campaign's advertising dates: the National Living Wage is the one in force then.
    """
    text = " ".join([role.description, role.pay, role.hours, role.location, role.personal_care, role.team_model])
    gaps = []
    if problem := pay_problem(f"{role.pay} {role.description}", dates):
        gaps.append(Gap("national_living_wage", problem, WHY))
    if not role.hours.strip() or not _CONTRACT.search(text):
        gaps.append(Gap("hours_and_contract", "Say the hours and the contract type (permanent, fixed-term or bank), "
                        "and whether it is a zero-hours contract.",
                        "People with children, caring or study to fit around need to know the hours are "
                        "theirs; a zero-hours contract found out late loses them at the last stage."))
    if not _DBS.search(text):
        gaps.append(Gap("dbs_check", "Say who pays for the DBS check.",
                        "A DBS check costs money; people on low incomes need to know they will not pay to start."))
    if not _TRAINING.search(text):
        gaps.append(Gap("training", "Say what training is offered, and whether it is paid.",
                        "People new to care apply when they know they will be taught; most of the "
                        "hidden talent pool has never done the job."))
    if _HOME_CARE.search(text) and not (_TRAVEL_TIME.search(text) and _MILEAGE.search(text)):
        gaps.append(Gap("travel", "For home care, say whether travel time between visits is paid and the mileage "
                        "rate (or that visits are on foot).",
                        "Unpaid travel time can take home pay below the legal minimum; people compare "
                        "the real hourly pay."))
    if _DRIVING.search(text) and not _DRIVING_NEEDED.search(text):
        gaps.append(Gap("driving", "Ask for a driving licence only if the role needs one, and say why (for example "
                        "visits across villages with no buses).",
                        "A driving requirement the role does not need shuts out younger people, people who "
                        "cannot afford a car and many disabled people."))
    return gaps


def campaign_dates(campaign: Campaign, today: dt.date | None = None) -> list[dt.date]:
    """The days the campaign advertises (its channel plan's dates), and today: pay must be lawful on all of them."""
    planned = [day for entry in campaign.channel_plan for day in (entry.start, entry.end) if day is not None]
    return [today or dt.date.today(), *planned]


def campaign_gaps(campaign: Campaign, today: dt.date | None = None) -> list[Gap]:
    """The role's "what's missing" checks for this campaign's dates."""
    return role_gaps(campaign.role, campaign_dates(campaign, today))
