"""Arms that differ only in the factor under test.

A theme test gives each arm its own theme's headline and questions, and everything else (who we
are and where, pay and hours, the call to action, description, image note, persona, channel and
landing page) word for word the same, so a difference in results can be put down to the theme.
A call-to-action test keeps the copy identical and changes only the call to action; an image test
changes only the image note. Each arm is a variant of its own, with its own `utm_content` and
spoken code (issued by the store when the campaign is saved).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from adverts import templates as templates_module
from adverts.formats import formats_for_channel, over_limits
from adverts.model import Theme, Variant
from adverts.tracking import utm_link
from planner.campaign import Campaign, Organisation
from planner.channels import CHANNELS

KEY_LENGTH = 64
DEFAULT_CTA = "Chat to us first"


class ArmError(ValueError):
    """The arms cannot be written; the message says what to fill in or choose."""


@dataclass(frozen=True)
class ArmCopy:
    """What one arm says: the factor's part and the shared part, kept apart so both can be shown."""

    label: str
    theme: Theme
    headline: str
    lead: str
    """The factor's own words at the start of the primary text (a theme's questions)."""
    shared: str
    description: str
    cta: str
    image_note: str
    notes: tuple[str, ...] = ()

    @property
    def primary_text(self) -> str:
        return "\n\n".join(part for part in (self.lead, self.shared) if part)


def theme_arms(campaign: Campaign, organisation: Organisation, themes: list[Theme], channel: str, persona: str,
               cta: str | None = DEFAULT_CTA) -> list[ArmCopy]:
    """One arm per theme: its own headline and questions; the rest shared word for word."""
    fmt = formats_for_channel(channel)[0]
    shared, description, image_note = _shared(campaign, organisation, channel, cta, themes[0], persona)
    arms = []
    for theme in themes:
        if not theme.headline.strip():
            raise ArmError(f"theme {theme.name!r} has no headline: write one in question 5")
        questions = "\n".join(q.strip() for q in theme.questions if q.strip())
        notes: tuple[str, ...] = ()
        lead = questions
        too_long = over_limits(fmt.key, {"headline": theme.headline})
        if too_long:
            notes = (f"The headline is {too_long[0].length} characters, over the {fmt.label} limit of "
                     f"{too_long[0].limit.maximum} ({too_long[0].limit.why}), so it also opens the primary text.",)
            lead = f"{theme.headline.strip()}\n\n{questions}".strip()
        arms.append(ArmCopy(theme.key, theme, theme.headline.strip(), lead, shared, description, cta or "",
                            image_note, notes))
    return arms


def cta_arms(campaign: Campaign, organisation: Organisation, theme: Theme, channel: str, persona: str,
             ctas: list[str]) -> list[ArmCopy]:
    """The same copy under each call to action."""
    base = theme_arms(campaign, organisation, [theme], channel, persona, None)[0]
    return [ArmCopy(cta, theme, base.headline, base.lead, base.shared,
                    base.description, cta, base.image_note, base.notes) for cta in ctas]


def image_arms(campaign: Campaign, organisation: Organisation, theme: Theme, channel: str, persona: str, cta: str,
               images: list[str]) -> list[ArmCopy]:
    """The same copy with each image, described by its note."""
    base = theme_arms(campaign, organisation, [theme], channel, persona, cta)[0]
    return [ArmCopy(f"image-{i}", theme, base.headline, base.lead, base.shared, base.description, cta, note,
                    base.notes) for i, note in enumerate(images, start=1)]


def variants_for(arms: list[ArmCopy], campaign: Campaign, experiment_key: str, persona: str, channel: str,
                 landing_page: str) -> list[Variant]:
    """The arms as variants with keys no other variant uses, each linked with its own utm_content."""
    taken = {v.key for v in campaign.variants}
    fmt = formats_for_channel(channel)[0]
    variants = []
    for arm in arms:
        key = _key(f"{experiment_key}-{_slug(arm.label)}", taken)
        taken.add(key)
        variants.append(Variant(
            key=key, theme=arm.theme.key, persona=persona, channel=channel, format=fmt.key, headline=arm.headline,
            primary_text=arm.primary_text, description=arm.description, cta=arm.cta, image_note=arm.image_note,
            link=utm_link(landing_page, channel=channel, campaign=campaign.slug, variant=key)))
    return variants


def _shared(campaign: Campaign, organisation: Organisation, channel: str, cta: str | None,
            theme: Theme, persona: str) -> tuple[str, str, str]:
    """The words every arm shares (who we are and where, pay and hours, personal care, what to do next),
    written by the templates' own sentence shapers so experiments read like every other advert.

    `cta` None means a call-to-action test: the next step is then said without naming any one way in.
    """
    role = campaign.role
    missing = [label for label, value in (("the role title", role.title), ("the location", role.location),
                                          ("the pay", role.pay)) if not value.strip()]
    if missing:
        raise ArmError(f"fill in {', '.join(missing)} (question 1) first: every arm states them")
    fmt = formats_for_channel(channel)[0].key
    values = templates_module.slot_values(campaign, organisation, theme, campaign.persona(persona),
                                          templates_module.default(), cta or DEFAULT_CTA, fmt)
    facts = " ".join(v[0] for v in (values["who_we_are"], values["pay_sentence"], values["hours_sentence"]) if v)
    care = (values["personal_care_sentence"] or [""])[0]
    step = values["next_step"][0] if cta else NEXT_STEP[_kind(channel)]
    description = role.pay.strip() if len(role.pay.strip()) <= 30 else ""
    image_note = ("A real photo of the team with someone they support (with consent). The same photo on every arm, "
                  "so only the words differ.")
    return "\n\n".join(part for part in (facts, care, step) if part), description, image_note


#: What to do next in a call-to-action test, in words that never name the call to action (the button
#: does), so the arms differ only in the button.
NEXT_STEP = {
    "paid": "Tap the button below to take the next step.",
    "online": "Follow the link to take the next step.",
    "offline": "Scan the QR code, or call us and say the code on this page.",
}


def _kind(channel: str) -> str:
    return CHANNELS[channel].kind if channel in CHANNELS else "offline"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "arm"


def _key(key: str, taken: set[str]) -> str:
    base = key if len(key) <= KEY_LENGTH - 3 else f"{key[:KEY_LENGTH - 12]}-{zlib.crc32(key.encode()):08x}"
    candidates = [base] + [f"{base}-{n}" for n in range(2, 100)]
    return next(k for k in candidates if k not in taken)
