"""Honest-role checks: does the role description say plainly what candidates need to know?

Candidates in the first Wellbeing Teams workshop asked "Is this about personal care?", and a strong
candidate turned the job down late because nobody had said what self-management meant. So each
fact is checked in its own Role field (what adverts use) and in the description (what candidates
read); a fact stated in neither is missing, a fact stated only in its field is a softer warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from planner.campaign import Role

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
