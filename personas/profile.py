"""The printable one-page "Could this be you?" profile, as a self-contained HTML document.

Every piece of user text goes through html.escape, and each item gets dir="auto" so Urdu or
Arabic lines read right to left. Print styles fit the three columns on one A4 landscape page.
The copy the page prints is linted like an advert (profile_findings), since it reaches candidates too.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, NamedTuple

from personas.questions import filled
from planner.campaign import Campaign, Organisation

if TYPE_CHECKING:  # the linter (spaCy) is imported when the profile is checked, not to print it
    from adverts.lint import Finding

HEADINGS = (
    ("appreciate", "What people appreciate about you"),
    ("matters", "What matters to you"),
    ("support", "How we will support you"),
)

_STYLE = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", sans-serif; color: #1d2a33;
       margin: 0 auto; max-width: 297mm; padding: 10mm; line-height: 1.4; overflow-wrap: anywhere; }
header { border-bottom: 3px solid #2e7d6b; margin-bottom: 6mm; }
header p { margin: 0; color: #4a5a66; }
h1 { font-size: 26pt; margin: 1mm 0; color: #2e7d6b; }
.columns { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; }
section { background: #f3f8f6; border-radius: 4mm; padding: 4mm 5mm; break-inside: avoid; }
h2 { font-size: 13pt; margin: 0 0 2mm; color: #2e7d6b; }
ul { margin: 0; padding-inline-start: 5mm; }
li { margin-bottom: 1.5mm; }
footer { margin-top: 6mm; font-size: 9.5pt; color: #4a5a66; }
footer dt { font-weight: 600; display: inline; }
footer dd { display: inline; margin: 0 3mm 0 1mm; }
@media print { body { padding: 0; } section { background: none; border: 1px solid #9fc9bd; } }
"""


def _list(items: list[str]) -> str:
    return "".join(f'<li dir="auto">{escape(item)}</li>' for item in filled(items)) or "<li>(not written yet)</li>"


class ProfileFindings(NamedTuple):
    """The findings in one piece of the printed profile; `where` names it as the page shows it."""

    where: str
    text: str
    findings: list[Finding]


def printed_texts(campaign: Campaign, organisation: Organisation) -> list[tuple[str, str]]:
    """Every piece of copy the printable page shows, as (where, text): the role, the three headings'
    items and the descriptions of the values in its footer."""
    profile = campaign.looking_for.profile
    described = {value.name: value.description for value in organisation.values}
    texts = [("Role", _title(campaign))]
    texts += [(heading, item) for field, heading in HEADINGS for item in filled(getattr(profile, field))]
    texts += [(f"Our values: {name}", described.get(name, "")) for name in filled(campaign.looking_for.values)]
    return [(where, text) for where, text in texts if text.strip()]


def profile_findings(campaign: Campaign, organisation: Organisation) -> list[ProfileFindings]:
    """The printed profile's copy linted with the organisation's rules, where anything was found."""
    from adverts.org_rules import lint_for

    checked = (ProfileFindings(where, text, lint_for(text, organisation))
               for where, text in printed_texts(campaign, organisation))
    return [item for item in checked if item.findings]


def _title(campaign: Campaign) -> str:
    return campaign.role.title.strip() or campaign.name


def profile_html(campaign: Campaign, organisation: Organisation) -> str:
    """The whole document: organisation, role, the three headings, and the values being looked for."""
    profile = campaign.looking_for.profile
    title = _title(campaign)
    columns = "".join(
        f'<section><h2>{heading}</h2><ul>{_list(getattr(profile, field))}</ul></section>'
        for field, heading in HEADINGS
    )
    described = {value.name: value.description for value in organisation.values}
    values = "".join(
        f'<dt dir="auto">{escape(name)}</dt><dd dir="auto">{escape(described.get(name, ""))}</dd>'
        for name in filled(campaign.looking_for.values)
    )
    footer = f"<footer><dl><dt>Our values:</dt> {values}</dl></footer>" if values else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Could this be you? {escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<header><p dir="auto">{escape(organisation.name)}</p><h1>Could this be you?</h1>'
        f'<p dir="auto">{escape(title)}</p></header><div class="columns">{columns}</div>{footer}</body></html>\n'
    )
