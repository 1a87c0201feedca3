"""A variant as a print-ready leaflet or poster: one PDF with the leaflet, tear-off strips and pocket cards.

The page carries the headline and body, the pay and hours and the honest personal-care line, the
spoken code in large type, a QR code of the variant's own tracked link, the contact details and a frame
for the photo described by the image note. Page 2 is a sheet of pocket cards to hand out after a
two-minute talk. WeasyPrint lays it out on Pango and HarfBuzz, so Urdu and Arabic are shaped and run
right to left, and it embeds the Noto fonts named in planner.printing.fonts.

Long text (a full generated leaflet on A5, or Urdu's taller lines) sets the leaflet's type, and the cards',
smaller until it fits, down to a floor; past that the print is refused rather than cut off.

Every piece of user text is HTML-escaped; the document fetches nothing but its own fonts and data URIs.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from importlib import resources
from string import Template
from typing import TYPE_CHECKING, Any, Literal

from adverts.model import Variant
from adverts.tracking import qr_svg
from planner.campaign import Campaign, Organisation
from planner.printing.fonts import family_stack, font_face_css
from planner.translations import PROTECTED, Texts, label_key, texts_for, variant_key

if TYPE_CHECKING:
    from weasyprint import Document

Size = Literal["A4", "A5", "A6"]


@dataclass(frozen=True)
class Paper:
    width_mm: int
    height_mm: int
    margin_mm: int
    base_pt: float
    qr_mm: int
    strips: int
    strip_mm: int
    cards: int


#: Noticeboard sizes (A4, A5) get tear-off strips; A6 is a handout and has none. A5's strips are shorter, as
#: its type is smaller: the code and phone number still fit, and the leaflet's text gets the room. Cards are
#: 85 x 54 mm.
PAPERS: dict[Size, Paper] = {
    "A4": Paper(210, 297, 12, 13, 42, 8, 40, 8),
    "A5": Paper(148, 210, 9, 9.5, 32, 6, 32, 3),
    "A6": Paper(105, 148, 6, 7, 24, 0, 0, 2),
}
#: Nastaliq sets each word on a slant and needs tall lines: a smaller size keeps an Urdu leaflet on its page.
SCRIPT_SCALE = {"nastaliq": 0.85}
#: A leaflet whose text is too long for its paper at the paper's own type size is set smaller, in steps of
#: STEP_PT, but never below the A6 handout's size (scaled for the script like every size): below that a
#: leaflet is hard to read at arm's length, so longer text is refused instead.
MIN_PT, STEP_PT = 7.0, 0.25
#: A pocket card's type, and the smallest it is set in when a long headline or translation needs room.
CARD_PT, MIN_CARD_PT = 8.5, 6.0
CARD_MM, GAP_MM = 85, 4  # a pocket card is the size of a bank card, 85 x 54 mm


class LeafletError(ValueError):
    """The campaign or variant lacks something a leaflet must carry; the message says what."""


def _template(name: str) -> Template:
    return Template(resources.files("planner.printing").joinpath(name).read_text(encoding="utf-8"))


def _ltr(text: str) -> str:
    """Codes, phone numbers and links keep their left-to-right order inside Urdu or Arabic text."""
    return f'<span class="ltr" dir="ltr">{escape(text)}</span>'


def _text(text: str, values: dict[str, str] | None = None) -> str:
    """Escaped text whose codes, amounts, phone numbers and links run left to right even in Urdu or Arabic,
    with {placeholders} replaced by `values`."""
    def isolate(match: re.Match[str]) -> str:
        token = match.group()
        name = token[1:-1] if token.startswith("{") else None
        return _ltr(values[name]) if values and name in values else _ltr(token)

    pieces, last = [], 0
    for match in PROTECTED.finditer(text):
        pieces += [escape(text[last:match.start()]), isolate(match)]
        last = match.end()
    return "".join(pieces) + escape(text[last:])


def _paragraphs(text: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return "".join(f'<p dir="auto"{attribute}>{_text(part.strip())}</p>'
                   for part in re.split(r"\n\s*\n|\n", text) if part.strip())


def problems(campaign: Campaign, variant: Variant) -> list[str]:
    """What the campaign or variant must still give before it can be printed."""
    found = []
    missing_facts = [name for name in ("pay", "hours", "personal_care") if not getattr(campaign.role, name).strip()]
    if missing_facts:
        found.append("the role's " + ", ".join(name.replace("_", " ") for name in missing_facts)
                     + " (question 1): a leaflet states them plainly")
    if not variant.headline.strip():
        found.append(f"a headline for variant {variant.key}")
    if not variant.link:
        found.append(f"a tracking link for variant {variant.key}: set a landing page")
    if not variant.spoken_code:
        found.append(f"a spoken code for variant {variant.key}: save the campaign to issue one")
    if not (campaign.contact.phone.strip() or campaign.contact.email.strip()):
        found.append("a contact phone number or email for the campaign")
    return found


def leaflet_html(campaign: Campaign, organisation: Organisation, variant: Variant, texts: Texts,
                 size: Size = "A4", base_pt: float | None = None, card_pt: float = CARD_PT) -> str:
    """The leaflet as one HTML document for WeasyPrint (LeafletError if something it must carry is missing),
    its type set at `base_pt` (before the script's scale) or else at the paper's own size, and the pocket
    cards' at `card_pt`."""
    missing = problems(campaign, variant)
    if missing:
        raise LeafletError(f"cannot print {variant.key}: it still needs " + "; ".join(missing))
    paper = PAPERS[size]
    contact = campaign.contact
    reach = contact.phone.strip() or contact.email.strip()
    code = variant.spoken_code or ""
    values = {"phone": reach, "code": code}

    def label(name: str) -> str:
        return _text(texts[label_key(name)], values)

    def own(field: str) -> str:
        return texts.texts.get(variant_key(variant.key, field), "")

    facts = "".join(f'<div><dt>{label(name)}</dt><dd dir="auto">{_text(texts[f"role.{name}"])}</dd></div>'
                    for name in ("pay", "hours", "personal_care"))
    contact_parts = [f'<span dir="auto">{escape(contact.name)}</span>' if contact.name.strip() else "",
                     f"<span>{_ltr(contact.phone)}</span>" if contact.phone.strip() else "",
                     f"<span>{_ltr(contact.email)}</span>" if contact.email.strip() else ""]
    qr = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(variant.link, scale=1)).decode("ascii")
    strip = (f'<div class="strip"><div class="strip-text"><span>{label("tear_off")}</span><b>{escape(code)}</b>'
             f"<span>{escape(reach)}</span></div></div>")
    strips = f'<div class="strips">{strip * paper.strips}</div>' if paper.strips else ""
    card = (f'<div class="card"><div class="words"><h2 dir="auto">{_text(own("headline"))}</h2>'
            f'<p dir="auto">{_text(texts["role.pay"])}</p><p dir="auto">{_text(texts["role.hours"])}</p>'
            f'<p>{label("say_code")}</p><p class="code ltr">{escape(code)}</p><p>{_ltr(reach)}</p></div>'
            f'<div><img src="{qr}" alt=""></div></div>')
    script_scale = SCRIPT_SCALE.get(texts.language.script, 1)
    css = _template("leaflet.css").substitute(
        page_size=size, margin=paper.margin_mm, families=family_stack(texts.language),
        base_pt=round((base_pt or paper.base_pt) * script_scale, 2), card_pt=round(card_pt * script_scale, 2),
        content_height=paper.height_mm - 2 * paper.margin_mm - 1, qr_mm=paper.qr_mm, strip_mm=paper.strip_mm,
        strips=max(paper.strips, 1), card_mm=CARD_MM, gap_mm=GAP_MM,
        card_columns=(paper.width_mm - 2 * paper.margin_mm + GAP_MM) // (CARD_MM + GAP_MM))
    return _template("leaflet.html").substitute(
        lang=texts.language.code, dir=texts.language.direction, script=texts.language.script,
        title=escape(own("headline")), font_faces=font_face_css(), css=css, organisation=escape(organisation.name),
        headline=_text(own("headline")), photo=escape(f"Photo: {variant.image_note}" if variant.image_note
                                                       else "Photo"),
        body=_paragraphs(own("primary_text")) + _paragraphs(own("description"), "facts-line"),
        facts=facts, say_code=label("say_code"), code=escape(code), call_and_say=label("call_and_say"),
        cta=_text(own("cta")), qr=qr, link=escape(variant.link), scan=label("scan"),
        contact_label=label("contact"), contact="".join(contact_parts), strips=strips, cards=card * paper.cards)


def _document(html: str) -> Document:
    from weasyprint import HTML  # imported on use: it loads Pango, which only printing needs
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).render(font_config=FontConfiguration())


def render_pdf(html: str) -> bytes:
    """The PDF of a leaflet document: fonts embedded, nothing fetched but local fonts and data URIs."""
    return _document(html).write_pdf()


def _boxes(box: Any, css_class: str) -> Iterator[Any]:
    """Every box in a laid-out page whose element has this class."""
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == css_class:
        yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child, css_class)


def _leaflet_pages(document: Document) -> int:
    """How many pages the leaflet takes: the pocket cards start on a page of their own after it."""
    return next(index for index, page in enumerate(document.pages) if any(_boxes(page._page_box, "cards")))


def _cards_overflow(document: Document) -> bool:
    """Whether a pocket card's words run past its bottom edge (the card cuts them off)."""
    for page in document.pages:
        for card in _boxes(page._page_box, "card"):
            bottom = card.content_box_y() + card.height
            if any(line.position_y + line.margin_height() > bottom + 0.5
                   for words in _boxes(card, "words") for line in words.children):
                return True
    return False


def type_sizes(largest: float, smallest: float) -> list[float]:
    """Type sizes from `largest` down to `smallest` in steps of STEP_PT."""
    steps = round((largest - smallest) / STEP_PT)
    return [largest - step * STEP_PT for step in range(max(steps, 0) + 1)]


@dataclass
class _Bisection:
    """The search for the largest of `sizes` (largest first) that fits. A text that fits in one size fits
    in every smaller one, so the sizes are bisected: sizes[low] does not fit, sizes[high] does."""
    sizes: list[float]
    low: int = -1
    high: int | None = None

    @property
    def done(self) -> bool:
        return self.high is not None and self.high - self.low == 1

    @property
    def hopeless(self) -> bool:
        return self.low == len(self.sizes) - 1

    def next(self) -> int:
        """The size to try next (the answer, once done)."""
        if self.high is None:
            return 0 if self.low < 0 else len(self.sizes) - 1
        return self.high if self.done else (self.low + self.high) // 2

    def record(self, index: int, fits: bool) -> None:
        if fits:
            self.high = index
        else:
            self.low = index


@dataclass(frozen=True)
class Leaflet:
    """A printed leaflet: the PDF, the texts used (whose `stale` and `missing` the caller reports) and the
    type sizes of the leaflet and its pocket cards, smaller than the paper's own (`paper_pt`, CARD_PT)
    when the text needed it to fit."""
    pdf: bytes
    texts: Texts
    base_pt: float
    paper_pt: float
    card_pt: float

    @property
    def smaller(self) -> str:
        """What was set smaller than usual to fit its text, said for the user ('' if nothing was)."""
        return "; ".join(
            [f"type set at {self.base_pt:g} pt instead of {self.paper_pt:g} pt to fit the text"] * (
                self.base_pt < self.paper_pt)
            + [f"pocket cards' type set at {self.card_pt:g} pt instead of {CARD_PT:g} pt to fit their text"] * (
                self.card_pt < CARD_PT))


def leaflet_pdf(campaign: Campaign, organisation: Organisation, variant: Variant, *, size: Size = "A4",
                lang: str = "en") -> Leaflet:
    """The leaflet's PDF: the leaflet on page 1 in the largest type that keeps it on its page (the strips
    would otherwise run off it), then the pocket cards on page 2 in the largest type that keeps their words
    on the card. LeafletError if even the smallest type does not fit."""
    texts = texts_for(campaign, lang, variant)
    paper = PAPERS[size]

    # One render answers both searches: whether the leaflet stays on page 1 and whether the cards' words
    # stay on the cards do not depend on each other.
    page, cards = _Bisection(type_sizes(paper.base_pt, MIN_PT)), _Bisection(type_sizes(CARD_PT, MIN_CARD_PT))
    while True:
        tried = page.next(), cards.next()
        document = _document(leaflet_html(campaign, organisation, variant, texts, size,
                                          page.sizes[tried[0]], cards.sizes[tried[1]]))
        page.record(tried[0], _leaflet_pages(document) == 1)
        cards.record(tried[1], not _cards_overflow(document))
        if page.hopeless:
            larger = [name for name in PAPERS if PAPERS[name].height_mm > paper.height_mm]
            choose = f" or choose a larger paper size ({' or '.join(larger)})" if larger else ""
            raise LeafletError(f"the text does not fit on the page: even in {MIN_PT:g} pt type an {size} leaflet "
                               f"cannot hold it; shorten the body{choose}")
        if cards.hopeless or (tried == (page.high, cards.high) and len(document.pages) > 2):
            raise LeafletError(f"the pocket cards' text does not fit on an 85 x 54 mm card even in "
                               f"{MIN_CARD_PT:g} pt type: shorten the headline, or the pay or hours line")
        if page.done and cards.done and tried == (page.high, cards.high):
            break
    return Leaflet(document.write_pdf(), texts, page.sizes[page.high], paper.base_pt, cards.sizes[cards.high])
