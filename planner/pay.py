"""The National Living Wage by date, and the hourly pay a role's pay text states.

The rates are data: add a row to RATES when the government announces the next one. The National
Living Wage is the legal minimum hourly pay for workers aged 21 and over in the UK.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rate:
    start: dt.date
    hourly: Decimal


#: (in force from, £ an hour for workers aged 21 and over), oldest first.
RATES: tuple[Rate, ...] = (
    Rate(dt.date(2024, 4, 1), Decimal("11.44")),
    Rate(dt.date(2025, 4, 1), Decimal("12.21")),
    Rate(dt.date(2026, 4, 1), Decimal("12.71")),
)

WHY = ("It is the legal minimum for workers aged 21 and over; an advert below it breaks the law and loses "
       "the trust of everyone who reads it.")

_HOURLY = re.compile(r"£\s?(\d{1,3}(?:\.\d{1,2})?)\s*(?:an|per|a|/)\s*(?:hour|hr)\b", re.IGNORECASE)


def national_living_wage(on: dt.date) -> Rate | None:
    """The rate in force on a date, or None before the first rate in the table."""
    in_force = [rate for rate in RATES if rate.start <= on]
    return in_force[-1] if in_force else None


def hourly_rates(pay: str) -> list[Decimal]:
    """Every hourly amount the pay text states ("£12.71 an hour", "£13 per hour")."""
    return [Decimal(match.group(1)) for match in _HOURLY.finditer(pay)]


def below_living_wage(pay: str, dates: list[dt.date]) -> tuple[Decimal, Rate] | None:
    """The lowest hourly pay stated and the rate it falls below on the latest of the dates, if it does."""
    rates = hourly_rates(pay)
    in_force = [rate for day in dates if (rate := national_living_wage(day)) is not None]
    if not rates or not in_force:
        return None
    highest = max(in_force, key=lambda rate: rate.start)
    lowest = min(rates)
    return (lowest, highest) if lowest < highest.hourly else None


def pay_problem(pay: str, dates: list[dt.date]) -> str | None:
    """One plain sentence when the stated hourly pay is below the National Living Wage for the dates."""
    found = below_living_wage(pay, dates)
    if found is None:
        return None
    lowest, rate = found
    return (f"The pay, £{lowest:.2f} an hour, is below the National Living Wage of £{rate.hourly:.2f} an hour "
            f"in force from {rate.start:%-d %B %Y}.")
