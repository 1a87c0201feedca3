"""Changes to a campaign's personas and themes (questions 3 to 5), keeping references consistent.

Each function returns a new, validated Campaign; the caller saves it. Keys are made from names and
kept unique, so a persona or theme written in any script gets a valid key.
"""

from __future__ import annotations

from adverts import themes as theme_library
from adverts.model import Address, Theme
from personas import library as persona_library
from personas.model import Persona
from planner.campaign import Campaign
from planner.slugs import unique_slug


class InUseError(ValueError):
    """Removing this would leave advert variants pointing at nothing."""


def _copy(campaign: Campaign) -> Campaign:
    return campaign.model_copy(deep=True)


def add_library_personas(campaign: Campaign, keys: list[str]) -> Campaign:
    """Copy library personas into the campaign (a key already used gets a fresh one)."""
    updated = _copy(campaign)
    for key in keys:
        persona = persona_library.library_persona(key)
        persona.key = unique_slug(persona.key, {p.key for p in updated.personas}, "persona")
        updated.personas = [*updated.personas, persona]
    return updated


def new_persona(campaign: Campaign, name: str, where_now: str = "", roles: list[str] = ()) -> Campaign:
    """A persona of the user's own, named as typed, with where they are now and their roles: one save adds it
    whole."""
    updated = _copy(campaign)
    key = unique_slug(name, {p.key for p in updated.personas}, "persona")
    updated.personas = [*updated.personas, Persona(key=key, name=name, where_now=where_now, roles=list(roles))]
    return updated


def _refuse_if_used(campaign: Campaign, field: str, key: str, what: str) -> None:
    used_by = [v.key for v in campaign.variants if getattr(v, field) == key]
    if used_by:
        raise InUseError(f"advert variants {what}: {', '.join(used_by)}")


def remove_persona(campaign: Campaign, key: str) -> Campaign:
    """Remove a persona with its theme links and channel plan; refused while variants speak to it."""
    _refuse_if_used(campaign, "persona", key, "still speak to this persona")
    updated = _copy(campaign)
    updated.personas = [p for p in updated.personas if p.key != key]
    for theme in updated.themes:
        theme.addresses = [a for a in theme.addresses if a.persona != key]
    updated.channel_plan = [entry for entry in updated.channel_plan if entry.persona != key]
    return updated


def suggestions(persona: Persona) -> tuple[list[str], list[str]]:
    """Starter hopes and fears not yet on the persona: from its library entry, else from the whole library."""
    if persona.library_key:
        sources = [persona_library.library_persona(persona.library_key)]
    else:
        sources = persona_library.library()
    hopes = [h for source in sources for h in source.hopes if h not in persona.hopes]
    fears = [f for source in sources for f in source.fears if f not in persona.fears]
    return list(dict.fromkeys(hopes)), list(dict.fromkeys(fears))


def add_library_themes(campaign: Campaign, keys: list[str]) -> Campaign:
    """Copy library themes in, keeping only their links to personas this campaign has."""
    updated = _copy(campaign)
    by_library_key: dict[str, str] = {}
    for persona in updated.personas:
        if persona.library_key:
            by_library_key.setdefault(persona.library_key, persona.key)
    for key in keys:
        theme = theme_library.library_theme(key)
        theme.key = unique_slug(theme.key, {t.key for t in updated.themes}, "theme")
        theme.addresses = [
            Address(persona=by_library_key[a.persona], kind=a.kind, text=a.text)
            for a in theme.addresses if a.persona in by_library_key
        ]
        updated.themes = [*updated.themes, theme]
    return updated


def new_theme(campaign: Campaign, name: str, headline: str, questions: list[str] = (),
              addresses: list[Address] = ()) -> Campaign:
    """A theme of the user's own, with its supporting questions and the hopes and fears it answers: one save adds
    it linked."""
    updated = _copy(campaign)
    key = unique_slug(name, {t.key for t in updated.themes}, "theme")
    updated.themes = [*updated.themes, Theme(key=key, name=name, headline=headline, questions=list(questions),
                                             addresses=list(addresses))]
    return updated


def remove_theme(campaign: Campaign, key: str) -> Campaign:
    """Remove a theme; refused while advert variants are built from it. Its reviews stay as history."""
    _refuse_if_used(campaign, "theme", key, "are built from this theme")
    updated = _copy(campaign)
    updated.themes = [t for t in updated.themes if t.key != key]
    return updated


def address_options(campaign: Campaign, theme: Theme | None = None) -> dict[str, str]:
    """Every hope and fear a theme (or a new one: None) could answer, as spec -> label; links to text since edited
    are kept."""
    names = {p.key: p.name for p in campaign.personas}
    current = [Address(persona=p.key, kind=kind, text=text)
               for p in campaign.personas for kind, items in (("hope", p.hopes), ("fear", p.fears))
               for text in items if text.strip()]
    options = {theme_library.address_spec(a): f"{names[a.persona]} · {a.kind}: {a.text}" for a in current}
    for address in theme.addresses if theme else []:
        options.setdefault(theme_library.address_spec(address),
                           f"{names.get(address.persona, address.persona)} · {address.kind}: {address.text} "
                           "(no longer on the persona)")
    return options
