"""Tracking every variant: a UTM-tagged link, a QR code of it, and a short spoken code.

Paid and online adverts are attributed through the link's utm_content (the variant key);
offline ones through the QR code or a code people say on the phone ("RBL-7K"). Codes are drawn
from characters that are hard to mishear or misread, and the store keeps every code ever issued
so none is reused (planner.storage.tracking).
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Container, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import segno

from adverts.model import Variant
from planner.channels import CHANNELS

#: Letters kept apart by sound and by sight: no B/D/E/G/P/T/V/Z (they rhyme with C on a poor line),
#: no I/L/O/S/U/Q (1, 0, 5 and V look-alikes), no N (M), no J (K).
LETTERS = "ACFHKMRWXY"
#: Digits without 0, 1 and 5 (O, I/L and S) or 2 and 8 (Z and B).
DIGITS = "34679"
#: Every code: three letters, a hyphen, a digit and a letter ("RBL-7K" in spirit: "HMK-7R").
CODE_PATTERN = re.compile(rf"^[{LETTERS}]{{3}}-[{DIGITS}][{LETTERS}]+$")

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


class CodeSpaceExhaustedError(RuntimeError):
    """An organisation has used (almost) every spoken code."""


def utm_medium(channel: str) -> str:
    kind = CHANNELS[channel].kind if channel in CHANNELS else "offline"
    return {"paid": "paid_social", "online": "referral", "offline": "qr"}[kind]


def utm_link(landing_page: str, *, channel: str, campaign: str, variant: str) -> str:
    """The landing page with utm_source, utm_medium, utm_campaign and utm_content (= variant) set.

    Any other query parameters and the fragment are kept; existing UTM values are replaced.
    """
    if not landing_page.strip():
        return ""
    parts = urlsplit(landing_page.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the landing page must be a full web address starting https://, not {landing_page!r}")
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in UTM_KEYS]
    tags = [("utm_source", channel), ("utm_medium", utm_medium(channel)), ("utm_campaign", campaign),
            ("utm_content", variant)]
    return urlunsplit(parts._replace(query=urlencode(kept + tags)))


def landing_page(link: str) -> str:
    """A tagged link without its UTM parameters: the page it lands on."""
    if not link:
        return ""
    parts = urlsplit(link)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in UTM_KEYS]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def usual_landing_page(variants: Iterable[Variant]) -> str:
    """The landing page most variants link to, so new variants default to the same one."""
    pages = [landing_page(v.link) for v in variants if v.link]
    return max(dict.fromkeys(pages), key=pages.count) if pages else ""


def qr_code(link: str) -> segno.QRCode:
    """A QR code of the link, with medium error correction so a creased leaflet still scans."""
    if not link:
        raise ValueError("this variant has no link yet: set a landing page first")
    return segno.make_qr(link, error="m")


def qr_png(link: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr_code(link).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(link: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr_code(link).save(out, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True)
    return out.getvalue()


def normalise_code(text: str) -> str:
    """What someone typed or wrote down ("hmk 7r", "HMK7R") as the stored form "HMK-7R"."""
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return f"{compact[:3]}-{compact[3:]}" if len(compact) > 3 else compact


def new_code(taken: Container[str], choose: Callable[[str], str] = secrets.choice, attempts: int = 200) -> str:
    """A fresh code not in `taken`; the suffix grows a letter at a time if the short ones run out."""
    for extra in range(3):
        for _ in range(attempts):
            code = (choose(LETTERS) + choose(LETTERS) + choose(LETTERS) + "-" + choose(DIGITS)
                    + "".join(choose(LETTERS) for _ in range(1 + extra)))
            if code not in taken:
                return code
    raise CodeSpaceExhaustedError("no free spoken code could be found for this organisation")
