"""Slugs for campaigns and organisations: short, readable, URL-safe."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, fallback: str = "campaign") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    if slug.isdigit():  # "2024" would read as a campaign id wherever a campaign is named by id or slug
        return f"{fallback}-{slug}"
    return slug or fallback


def unique_slug(text: str, taken: set[str], fallback: str = "campaign") -> str:
    base = slugify(text, fallback)
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:56]}-{n}"
        n += 1
    return slug
