"""How an advert will look: a Facebook and Instagram feed card, and a leaflet thumbnail.

The feed card shows what a reader sees before tapping: the primary text cut at "See more", the
image brief, then the headline, the description and the call-to-action button. Every piece of user
text is escaped with html.escape before it goes into the markup, which is our own.
"""

from __future__ import annotations

import html

import streamlit as st

from adverts import templates as templates_module
from adverts.formats import fold
from adverts.model import Variant

STYLE = (
    "<style>.feed-card{max-width:420px;border:1px solid #dadde1;border-radius:8px;background:#fff;"
    "font-family:Helvetica,Arial,sans-serif;color:#050505;font-size:15px;line-height:1.35}"
    ".feed-card .who{padding:10px 12px 4px;font-weight:600}.feed-card .who small{display:block;font-weight:400;"
    "color:#65676b;font-size:12px}.feed-card .text{padding:4px 12px 10px;white-space:pre-wrap}"
    ".feed-card .more{color:#65676b;font-weight:600}.feed-card .image{background:#e4e6eb;color:#65676b;"
    "font-size:12px;padding:48px 16px;text-align:center}.feed-card .link{display:flex;align-items:center;"
    "gap:8px;background:#f0f2f5;padding:8px 12px}.feed-card .link div{flex:1;min-width:0}"
    ".feed-card .headline{font-weight:600}.feed-card .description{color:#65676b;font-size:13px}"
    ".feed-card button{border:0;border-radius:6px;background:#e4e6eb;font-weight:600;padding:8px 12px}"
    ".leaflet{width:150px;height:212px;border:1px solid #999;padding:10px;overflow:hidden;font-family:Georgia,serif;"
    "background:#fffdf5;position:relative}.leaflet .headline{font-weight:700;font-size:13px;line-height:1.2}"
    ".leaflet .text{font-size:6.5px;line-height:1.3;margin-top:6px;white-space:pre-wrap}"
    ".leaflet .code{position:absolute;right:8px;bottom:8px;font:700 9px monospace;border:1px solid #333;"
    "padding:2px 3px;background:#fff}</style>"
)


def cut_at_fold(text: str, limit: int) -> tuple[str, bool]:
    """The text a feed shows before "See more" (cut at a word), and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:"), True


def button_label(cta: str) -> str:
    """The button Meta shows for the call to action ("CONTACT_US" -> "Contact us"), or the text itself."""
    button = templates_module.default().cta(cta).facebook_button
    return button.replace("_", " ").capitalize() if button else cta


def feed_preview_html(variant: Variant, organisation: str) -> str:
    shown, cut = cut_at_fold(variant.primary_text, fold(variant.format) or 125)
    more = '… <span class="more">See more</span>' if cut else ""
    return (f'{STYLE}<div class="feed-card"><div class="who">{html.escape(organisation)}<small>Sponsored</small>'
            f'</div><div class="text">{html.escape(shown)}{more}</div>'
            f'<div class="image">{html.escape(variant.image_note or "Image")}</div>'
            f'<div class="link"><div><div class="headline">{html.escape(variant.headline)}</div>'
            f'<div class="description">{html.escape(variant.description)}</div></div>'
            f'<button>{html.escape(button_label(variant.cta))}</button></div></div>')


def leaflet_thumbnail_html(variant: Variant) -> str:
    code = variant.spoken_code or "code"
    return (f'{STYLE}<div class="leaflet"><div class="headline">{html.escape(variant.headline)}</div>'
            f'<div class="text">{html.escape(variant.primary_text)}</div>'
            f'<div class="code">{html.escape(code)}</div></div>')


def show_preview(variant: Variant, organisation: str) -> None:
    """The feed card for a Facebook or Instagram variant, a thumbnail for a leaflet, the text for other formats."""
    if variant.format == "facebook_feed":
        st.html(feed_preview_html(variant, organisation))
    elif variant.format == "leaflet":
        st.html(leaflet_thumbnail_html(variant))
    else:
        st.text(variant.primary_text)
