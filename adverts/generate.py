"""Generate advert variants: themes x personas x channel formats, the most distinct ones first.

For each group (one theme, one persona, one channel in one format) the templates give many
headline x body x call-to-action combinations. Only as many as the user asks for are kept, chosen
by maximal marginal relevance over TF-IDF vectors: each pick is close to the theme and the
persona's hopes but as unlike the picks before it as possible, so the variants test different
ideas rather than the same idea reworded. Candidates within the format's limits come first.
"""

from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from adverts import templates as templates_module
from adverts.formats import formats_for_channel, get_format, over_limits
from adverts.model import Theme, Variant
from adverts.templates import Templates
from adverts.tracking import utm_link
from personas.model import Persona
from planner.campaign import Campaign, Organisation

#: Calls to action tested against each other by default: a conversation (Leeds) or a form.
DEFAULT_CTAS = ("Chat to us first", "Apply now")
KEY_LENGTH = 64

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Group:
    """One theme spoken to one persona in one channel's format."""

    theme: str
    persona: str
    channel: str
    format: str


@dataclass(frozen=True)
class Options:
    max_variants: int = 30
    ctas: tuple[str, ...] = DEFAULT_CTAS
    landing_page: str = ""
    #: 0 keeps the candidates closest to the theme; 1 keeps the most different from each other.
    diversity: float = 0.7
    #: Combinations scored per group; larger pools sample more of the templates' space.
    pool_size: int = 200

    def __post_init__(self) -> None:
        if self.max_variants < 1:
            raise ValueError("ask for at least one variant")
        if not 0 <= self.diversity <= 1:
            raise ValueError("diversity is between 0 and 1")
        if not [c for c in self.ctas if c.strip()]:
            raise ValueError("choose at least one call to action")
        utm_link(self.landing_page, channel="facebook", campaign="check", variant="check")  # a bad address fails here


@dataclass(frozen=True)
class _Candidate:
    group: Group
    headline: str
    body: str
    cta: str
    description: str
    image_note: str
    within_limits: bool

    @property
    def text(self) -> str:
        return f"{self.headline} {self.body} {self.cta}"


def plan_groups(campaign: Campaign, themes: Iterable[str] | None = None, personas: Iterable[str] | None = None,
                channels: Iterable[str] | None = None, *, addressed_only: bool = True) -> list[Group]:
    """The groups to generate for: each theme with each persona it speaks to, in each channel's formats.

    Channels default to the persona's channel plan (question 7), or Facebook when it has none.
    With `addressed_only`, a theme goes only to personas whose hopes or fears it answers, unless it
    answers none of this campaign's personas.
    """
    chosen_themes = [t for t in campaign.themes if themes is None or t.key in set(themes)]
    chosen_personas = [p for p in campaign.personas if personas is None or p.key in set(personas)]
    channel_list = list(channels) if channels is not None else None
    groups = []
    for theme in chosen_themes:
        speaks_to = [p for p in chosen_personas if _answers(theme, p)]
        for persona in speaks_to if addressed_only and speaks_to else chosen_personas:
            planned = [e.channel for e in campaign.channel_plan if e.persona == persona.key]
            for channel in dict.fromkeys(channel_list if channel_list is not None else planned or ["facebook"]):
                groups.extend(Group(theme.key, persona.key, channel, f.key) for f in formats_for_channel(channel))
    return groups


def _answers(theme: Theme, persona: Persona) -> bool:
    return any(a.persona in (persona.key, persona.library_key) for a in theme.addresses)


def generate(campaign: Campaign, organisation: Organisation, groups: list[Group], options: Options = Options(),
             templates: Templates | None = None, progress: Progress | None = None) -> list[Variant]:
    """New variants for the groups, at most `options.max_variants`, spread evenly across groups.

    Copy already in the campaign is not generated again, and keys never clash with existing ones.
    """
    templates = templates or templates_module.default()
    report = progress or (lambda _fraction, _message: None)
    existing = {(v.format, v.headline, v.primary_text, v.cta) for v in campaign.variants}
    pools = []
    for index, group in enumerate(groups):
        report(0.6 * index / max(len(groups), 1), f"Filling templates for {group.theme} x {group.persona} "
               f"({group.format})")
        pool = [c for c in _candidates(campaign, organisation, group, options, templates)
                if (group.format, c.headline, c.body, c.cta) not in existing]
        pools.append(pool)
    if not any(pools):
        report(1.0, "Nothing new to generate")
        return []
    report(0.6, "Choosing the most distinct combinations")
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    vectorizer.fit([c.text for pool in pools for c in pool])
    per_group = math.ceil(options.max_variants / len(groups))
    orders = []
    for group, pool in zip(groups, pools, strict=True):
        if not pool:
            orders.append([])
            continue
        vectors = vectorizer.transform([c.text for c in pool])
        query = vectorizer.transform([_query(campaign, group)])
        relevance = (vectors @ query.T).toarray().ravel()
        # Within-limit candidates always outrank those over a limit; MMR orders each set.
        relevance += np.array([10.0 if c.within_limits else 0.0 for c in pool])
        orders.append([pool[i] for i in select_distinct(vectors, per_group, options.diversity, relevance)])
    report(0.9, "Naming the variants and tagging their links")
    chosen = [c for c in itertools.chain.from_iterable(itertools.zip_longest(*orders)) if c is not None]
    keys = {v.key for v in campaign.variants}
    variants = [_variant(c, campaign, options, keys) for c in chosen[:options.max_variants]]
    report(1.0, f"Generated {len(variants)} variant(s)")
    return variants


def select_distinct(vectors, k: int, diversity: float = 0.7, relevance: np.ndarray | None = None) -> list[int]:
    """Indices of up to k rows chosen by maximal marginal relevance on cosine similarity.

    Each step picks argmax of (1 - diversity) * relevance - diversity * (max similarity to the picks
    so far). Rows are expected L2-normalised (as TfidfVectorizer gives), so a dot product is the cosine.
    """
    count = vectors.shape[0]
    if count == 0 or k <= 0:
        return []
    similarity = vectors @ vectors.T
    similarity = similarity.toarray() if hasattr(similarity, "toarray") else np.asarray(similarity)
    relevance = np.zeros(count) if relevance is None else np.asarray(relevance, dtype=float)
    closest = np.zeros(count)
    available = np.ones(count, dtype=bool)
    picks: list[int] = []
    while len(picks) < min(k, count):
        score = np.where(available, (1 - diversity) * relevance - diversity * closest, -np.inf)
        best = int(np.argmax(score))
        picks.append(best)
        available[best] = False
        closest = np.maximum(closest, similarity[best])
    return picks


def _query(campaign: Campaign, group: Group) -> str:
    """What the group is about: the theme's message and the hopes and fears it answers for this persona."""
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    answered = [a.text for a in theme.addresses if a.persona in (persona.key, persona.library_key)]
    return " ".join([theme.headline, theme.headline, *theme.questions, *(answered or persona.hopes)])


#: Slots that come from an answer the user gives, named as the user knows them.
FACT_LABELS = {
    "role": "the role title (question 1)", "role_description": "the role description (question 1)",
    "pay": "the pay (question 1)", "pay_short": "the pay (question 1)", "hours": "the hours (question 1)",
    "place": "the location (question 1)", "place_short": "the location (question 1)",
    "personal_care": "whether the role involves personal care (question 1)",
    "org": "the organisation's name", "headline": "the theme's headline (question 5)",
    "question": "the theme's questions (question 5)", "questions": "the theme's questions (question 5)",
    "hope": "the persona's hopes (question 4)", "persona_line": "the persona's hopes (question 4)",
    "support": "how we will support you (question 2)", "support_list": "how we will support you (question 2)",
}


def missing_facts(campaign: Campaign, organisation: Organisation, group: Group,
                  templates: Templates | None = None) -> list[str]:
    """Why a group yields no copy: the unanswered facts its format's headline or body templates all need.

    Empty when the group can be written (then "nothing new" means every combination already exists).
    """
    templates = templates or templates_module.default()
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    if theme is None or persona is None:
        return []
    values = templates_module.slot_values(campaign, organisation, theme, persona, templates, "Apply now")
    fmt = get_format(group.format).key
    missing: list[str] = []
    for kind in ("headline", "body"):
        if templates.fill(kind, fmt, values):
            continue
        for template in (t for t in getattr(templates, kind) if t.suits(fmt)):
            missing += [FACT_LABELS.get(slot, slot) for slot in template.slots if not values.get(slot)]
    return list(dict.fromkeys(missing))


def _candidates(campaign: Campaign, organisation: Organisation, group: Group, options: Options,
                templates: Templates) -> list[_Candidate]:
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    if theme is None or persona is None:
        raise ValueError(f"the campaign has no theme {group.theme!r} or no persona {group.persona!r}")
    fmt = get_format(group.format)
    combos = []
    for cta in dict.fromkeys(c.strip() for c in options.ctas if c.strip()):
        values = templates_module.slot_values(campaign, organisation, theme, persona, templates, cta)
        filled = {kind: templates.fill(kind, fmt.key, values) for kind in templates_module.KINDS}
        combos.extend((cta, headline, body, filled) for headline in filled["headline"] for body in filled["body"]
                      if headline not in body)  # a headline repeated in the body wastes the reader's time
    if len(combos) > options.pool_size:
        combos = random.Random(zlib.crc32(repr(group).encode())).sample(combos, options.pool_size)
    candidates = []
    for index, (cta, headline, body, filled) in enumerate(combos):
        descriptions = filled["description"] or [""]
        fitting = [d for d in descriptions if not over_limits(fmt.key, {"description": d})] or descriptions
        texts = {"headline": headline, "primary_text": body, "description": fitting[index % len(fitting)], "cta": cta}
        candidates.append(_Candidate(group, headline, body, cta, texts["description"],
                                     (filled["image_note"] or [""])[0], not over_limits(fmt.key, texts)))
    return candidates


def _variant(candidate: _Candidate, campaign: Campaign, options: Options, keys: set[str]) -> Variant:
    group = candidate.group
    key = _unique_key(group, keys)
    keys.add(key)
    return Variant(
        key=key, theme=group.theme, persona=group.persona, channel=group.channel, format=group.format,
        headline=candidate.headline, primary_text=candidate.body, description=candidate.description,
        cta=candidate.cta, image_note=candidate.image_note,
        link=utm_link(options.landing_page, channel=group.channel, campaign=campaign.slug, variant=key),
    )


def _unique_key(group: Group, taken: set[str]) -> str:
    """The shortest free key: theme-channel, then theme-persona-channel, then numbered from 2."""
    short = _fit(f"{group.theme}-{group.channel}")
    if short not in taken:
        return short
    base = _fit(f"{group.theme}-{group.persona}-{group.channel}", reserve=5)
    numbered = (f"{base}-{n}" for n in itertools.count(2))
    return next(key for key in itertools.chain([base], numbered) if key not in taken)


def _fit(key: str, reserve: int = 0) -> str:
    """Shorten a long key to fit, keeping it unique with a short checksum of the whole."""
    room = KEY_LENGTH - reserve
    if len(key) <= room:
        return key
    return f"{key[:room - 9]}-{zlib.crc32(key.encode()):08x}"
