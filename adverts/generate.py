"""Generate advert variants: themes x personas x channel formats, the most distinct ones first.

Each group (one theme, one persona, one channel in one format) carries its theme: the headline is
the theme's own (a long one opens the text, and the field holds its short form), and the body is
the theme's questions and the role's facts in sentences, with what to do next. Bodies and calls to
action give a few candidates per group; by default 2 to 4 per channel are kept (sized by the
sample-size planner and the channel's budget), chosen by maximal marginal relevance over TF-IDF
vectors so the variants test different ideas rather than the same idea reworded. The user's own
text with open linter findings stays out until it is fixed or allowed.
"""

from __future__ import annotations

import itertools
import random
import re
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

#: Calls to action tested against each other, by the campaign's way in: a conversation (Leeds) or a form.
CONVERSATION_CTAS = ("Chat to us first", "Learn more")
APPLICATION_CTAS = ("Apply now", "Learn more")
DEFAULT_CTAS = APPLICATION_CTAS
KEY_LENGTH = 64
#: Variants per channel by default: enough to test, few enough for a small provider to run.
FEWEST, MOST = 2, 4
#: Sizing a paid channel's test from its budget: people reached per pound (about £10 per 1,000 people
#: reached, an assumption to replace with your own results), enquiries per person reached, and the
#: smallest change worth detecting (a doubling). The sample-size planner turns these into people per arm.
REACH_PER_GBP = 100
BASELINE_ENQUIRY_RATE = 0.004
SMALLEST_LIFT = 1.0
_NO_FORM = re.compile(r"no (?:application )?forms?\b|without (?:an )?application form|no CVs?\b|"
                      r"chat (?:to|with) us first|start(?:s)? with a (?:chat|conversation)", re.IGNORECASE)

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
    #: At most this many new variants in all; None sizes each channel (2 to 4, see `variants_per_channel`).
    max_variants: int | None = None
    #: Calls to action to test; empty means the campaign's own way in (`ctas_for`).
    ctas: tuple[str, ...] = ()
    landing_page: str = ""
    #: 0 keeps the candidates closest to the theme; 1 keeps the most different from each other.
    diversity: float = 0.7
    #: Combinations scored per group; larger pools sample more of the templates' space.
    pool_size: int = 200

    def __post_init__(self) -> None:
        if self.max_variants is not None and self.max_variants < 1:
            raise ValueError("ask for at least one variant")
        if not 0 <= self.diversity <= 1:
            raise ValueError("diversity is between 0 and 1")
        if self.ctas and not [c for c in self.ctas if c.strip()]:
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
    """New variants for the groups, spread evenly across groups.

    At most `options.max_variants` in all, or by default 2 to 4 per channel (`variants_per_channel`).
    Copy already in the campaign is not generated again, and keys never clash with existing ones.
    """
    templates = templates or templates_module.default()
    report = progress or (lambda _fraction, _message: None)
    existing = {(v.format, v.headline, v.primary_text, v.cta) for v in campaign.variants}
    blocked = _Blocked(organisation)
    pools = []
    for index, group in enumerate(groups):
        report(0.6 * index / max(len(groups), 1), f"Writing copy for {group.theme} x {group.persona} "
               f"({group.format})")
        pool = [c for c in _candidates(campaign, organisation, group, options, templates, blocked)
                if (group.format, c.headline, c.body, c.cta) not in existing]
        pools.append(pool)
    if not any(pools):
        report(1.0, "Nothing new to generate")
        return []
    report(0.6, "Choosing the most distinct combinations")
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    vectorizer.fit([c.text for pool in pools for c in pool])
    budgets = _budgets(campaign, groups, options.max_variants)
    orders: dict[str, list[list[_Candidate]]] = {}
    for group, pool in zip(groups, pools, strict=True):
        # Each group offers up to the whole budget in its own order; taking them in turn spreads the
        # budget evenly, and a group with little copy leaves its share to the others.
        wanted = budgets[_budget_key(group, options.max_variants)]
        if not pool:
            continue
        vectors = vectorizer.transform([c.text for c in pool])
        query = vectorizer.transform([_query(campaign, group)])
        relevance = (vectors @ query.T).toarray().ravel()
        # Within-limit candidates outrank those over a limit; every candidate carries the theme's own headline.
        relevance += np.array([10.0 if c.within_limits else 0.0 for c in pool])
        picks = [pool[i] for i in select_distinct(vectors, wanted, options.diversity, relevance)]
        orders.setdefault(_budget_key(group, options.max_variants), []).append(picks)
    report(0.9, "Naming the variants and tagging their links")
    chosen = []
    for key, group_orders in orders.items():
        spread = [c for c in itertools.chain.from_iterable(itertools.zip_longest(*group_orders)) if c is not None]
        chosen += spread[:budgets[key]]
    keys = {v.key for v in campaign.variants}
    variants = [_variant(c, campaign, options, keys) for c in chosen]
    report(1.0, f"Generated {len(variants)} variant(s)")
    return variants


def _budget_key(group: Group, max_variants: int | None) -> str:
    return "all" if max_variants is not None else group.channel


def _budgets(campaign: Campaign, groups: list[Group], max_variants: int | None) -> dict[str, int]:
    """Variants wanted for the whole run, or for each channel when sized by default."""
    return {key: max_variants if max_variants is not None else variants_per_channel(campaign, key)
            for key in dict.fromkeys(_budget_key(group, max_variants) for group in groups)}


def variants_per_channel(campaign: Campaign, channel: str) -> int:
    """How many variants a channel can test by default: 2 to 4, sized by the sample-size planner and the budget.

    A paid channel's budget buys about REACH_PER_GBP people per pound; each arm needs the people the
    sample-size planner gives for a doubling of BASELINE_ENQUIRY_RATE. Unpaid channels test two.
    """
    from planner.channels import CHANNELS
    from planner.stats import sample_size

    budget = sum(e.budget_gbp or 0 for e in campaign.channel_plan if e.channel == channel)
    if channel not in CHANNELS or CHANNELS[channel].kind != "paid" or budget <= 0:
        return FEWEST
    per_arm = sample_size(BASELINE_ENQUIRY_RATE, SMALLEST_LIFT, relative=True)
    return max(FEWEST, min(MOST, int(budget * REACH_PER_GBP // per_arm)))


def way_in_is_conversation(campaign: Campaign) -> bool:
    """Whether the role says people start with a conversation and there is no application form."""
    role = campaign.role
    return bool(_NO_FORM.search(" ".join([role.description, role.team_model, role.personal_care])))


def ctas_for(campaign: Campaign, asked: Iterable[str] = (), templates: Templates | None = None) -> list[str]:
    """The calls to action to test: those asked for, or the campaign's way in; never 'apply' without a form."""
    templates = templates or templates_module.default()
    conversation = way_in_is_conversation(campaign)
    chosen = [c.strip() for c in asked if c.strip()] or list(CONVERSATION_CTAS if conversation else APPLICATION_CTAS)
    kept = [c for c in dict.fromkeys(chosen) if not (conversation and templates.cta(c).applies)]
    return kept or list(CONVERSATION_CTAS)


def _query(campaign: Campaign, group: Group) -> str:
    """What the group is about: the theme's message and the hopes and fears it answers for this persona."""
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    answered = [a.text for a in theme.addresses if a.persona in (persona.key, persona.library_key)]
    return " ".join([theme.headline, theme.headline, *theme.questions, *answered])


#: Slots that come from an answer the user gives, named as the user knows them.
FACT_LABELS = {
    "role": "the role title (question 1)", "a_role": "the role title (question 1)",
    "role_description": "the role description (question 1)",
    "pay": "the pay (question 1)", "pay_short": "the pay (question 1)", "pay_sentence": "the pay (question 1)",
    "hours": "the hours (question 1)", "hours_sentence": "the hours (question 1)",
    "place": "the location (question 1)", "place_short": "the location (question 1)",
    "place_sentence": "the location (question 1)", "who_we_are": "the role title and location (question 1)",
    "personal_care_sentence": "whether the role involves personal care (question 1)",
    "org": "the organisation's name", "headline": "the theme's headline (question 5)",
    "theme_headline": "the theme's headline (question 5)",
    "question": "the theme's questions (question 5)", "questions": "the theme's questions (question 5)",
    "hope_question": "a hope this theme answers (questions 4 and 5)",
    "hope_statement": "a hope this theme answers, with a statement (questions 4 and 5)",
    "support": "how we will support you (question 2)", "support_list": "how we will support you (question 2)",
    "support_sentence": "how we will support you (question 2)",
}


def missing_facts(campaign: Campaign, organisation: Organisation, group: Group,
                  templates: Templates | None = None) -> list[str]:
    """Why a group yields no copy: the unanswered facts its format's headline or body templates all need.

    Empty when the group can be written (then "nothing new" means every combination already exists).
    A fact whose text is held back by linter findings is named by `held_back`, not here.
    """
    templates = templates or templates_module.default()
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    if theme is None or persona is None:
        return []
    fmt = get_format(group.format).key
    values = templates_module.slot_values(campaign, organisation, theme, persona, templates, "Learn more", fmt)
    missing: list[str] = []
    for kind in ("headline", "body"):
        if templates.fill(kind, fmt, values):
            continue
        for template in (t for t in getattr(templates, kind) if t.suits(fmt)):
            missing += [FACT_LABELS.get(slot, slot) for slot in template.needs if not values.get(slot)]
    return list(dict.fromkeys(missing))


@dataclass(frozen=True)
class HeldBack:
    """A text of the user's that stays out of adverts until its linter findings are fixed or allowed."""

    where: str
    text: str
    findings: tuple[str, ...]

    @property
    def message(self) -> str:
        return (f"{self.where}: “{self.text}” stays out of the adverts until you fix or allow "
                f"{', '.join(f'“{f}”' for f in self.findings)}.")


class _Blocked:
    """The user's texts with open linter findings, linted once each for a run."""

    def __init__(self, organisation: Organisation) -> None:
        from adverts.org_rules import lint_for

        self._lint = lambda text: lint_for(text, organisation)
        self._seen: dict[str, tuple[str, ...]] = {}

    def findings(self, text: str) -> tuple[str, ...]:
        if text not in self._seen:
            self._seen[text] = tuple(dict.fromkeys(f.text for f in self._lint(text))) if text.strip() else ()
        return self._seen[text]

    def held_back(self, campaign: Campaign, theme: Theme, persona: Persona) -> list[HeldBack]:
        found = []
        for where, text in user_texts(campaign, theme, persona):
            if findings := self.findings(text):
                found.append(HeldBack(where, text, findings))
        return found


def user_texts(campaign: Campaign, theme: Theme, persona: Persona) -> list[tuple[str, str]]:
    """(where it is written, text) for every piece of the user's own text a group's adverts may use."""
    role = campaign.role
    texts = [("Question 1, role title", role.title), ("Question 1, pay", role.pay), ("Question 1, hours", role.hours),
             ("Question 1, location", role.location), ("Question 1, personal care", role.personal_care)]
    texts += [("Question 1, role description", s) for s in templates_module.role_sentences(role.description)]
    texts += [("Question 2, how we will support you", s.strip()) for s in campaign.looking_for.profile.support]
    texts += [(f"Question 5, {theme.name}: headline", theme.headline)]
    texts += [(f"Question 5, {theme.name}: question", q.strip()) for q in theme.questions]
    texts += [(f"Question 4, {persona.name}: hope", h) for h in itertools.chain(*templates_module.hope_forms(
        theme, persona))]
    return [(where, text.strip()) for where, text in texts if text.strip()]


def held_back(campaign: Campaign, organisation: Organisation, group: Group) -> list[HeldBack]:
    """The user's texts that keep out of this group's adverts because of open linter findings."""
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    if theme is None or persona is None:
        return []
    return _Blocked(organisation).held_back(campaign, theme, persona)


def campaign_held_back(campaign: Campaign, organisation: Organisation) -> list[HeldBack]:
    """Every text of the user's held back from this campaign's adverts, each once."""
    blocked = _Blocked(organisation)
    found: dict[str, HeldBack] = {}
    for theme in campaign.themes:
        for persona in campaign.personas:
            for item in blocked.held_back(campaign, theme, persona):
                found.setdefault(item.text, item)
    return list(found.values())


def copy_notes(campaign: Campaign, organisation: Organisation, group: Group) -> list[str]:
    """What the user should know about a group's copy: a headline moved into the text, texts held back."""
    theme = campaign.theme(group.theme)
    notes = []
    limit = templates_module.headline_limit(group.format)
    if theme is not None and limit is not None and len(theme.headline.strip()) > limit:
        notes.append(f"The headline “{theme.headline.strip()}” is {len(theme.headline.strip())} characters, over "
                     f"the {limit} the {get_format(group.format).label} headline shows: it opens the text, and the "
                     f"headline field says “{templates_module.short_headline(theme, limit)}”.")
    if way_in_is_conversation(campaign):
        notes.append("The role starts with a conversation and has no application form, so 'Apply now' is not "
                     "offered.")
    return notes + [item.message for item in held_back(campaign, organisation, group)]


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


def _candidates(campaign: Campaign, organisation: Organisation, group: Group, options: Options,
                templates: Templates, blocked: _Blocked) -> list[_Candidate]:
    theme, persona = campaign.theme(group.theme), campaign.persona(group.persona)
    if theme is None or persona is None:
        raise ValueError(f"the campaign has no theme {group.theme!r} or no persona {group.persona!r}")
    fmt = get_format(group.format)
    held = {item.text for item in blocked.held_back(campaign, theme, persona)}
    others = [t.headline for t in campaign.themes if t.key != theme.key and t.headline.strip()]
    combos = []
    for cta in ctas_for(campaign, options.ctas, templates):
        values = templates_module.slot_values(campaign, organisation, theme, persona, templates, cta, fmt.key, held)
        filled = {kind: templates.fill(kind, fmt.key, values) for kind in templates_module.KINDS}
        keep = set(values["questions"] + values["headline_opening"])
        for headline in filled["headline"]:
            seen = set() if values["headline_opening"] else phrases(headline)
            bodies = dict.fromkeys(tidy(body, seen, keep, others) for body in filled["body"])
            combos.extend((cta, headline, body, filled) for body in bodies if body)
    if len(combos) > options.pool_size:
        combos = random.Random(zlib.crc32(repr(group).encode())).sample(combos, options.pool_size)
    candidates = []
    for cta, headline, body, filled in combos:
        description = _description(filled["description"], fmt.key)
        texts = {"headline": headline, "primary_text": body, "description": description, "cta": cta}
        candidates.append(_Candidate(group, headline, body, cta, description,
                                     (filled["image_note"] or [""])[0], not over_limits(fmt.key, texts)))
    return candidates


def _description(options: list[str], fmt: str) -> str:
    """The first description that fits the format: a facts line (the pay) that may restate the text below the fold."""
    return next((d for d in options if not over_limits(fmt, {"description": d})), options[0] if options else "")


_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def phrases(text: str, size: int = 4) -> set[tuple[str, ...]]:
    """The text's runs of `size` words (lower case, apostrophes dropped): what "saying a phrase twice" compares."""
    words = _WORD.findall(text.lower().replace("'", "").replace("’", ""))
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def tidy(body: str, seen: set[tuple[str, ...]], keep: Iterable[str] = (), others: Iterable[str] = ()) -> str:
    """The body without any sentence that repeats a phrase already said or that is another theme's headline.

    `seen` starts with the phrases of the fields shown beside the body (the headline); sentences in
    `keep` (the theme's own questions and headline) always stay.
    """
    kept_whole = set("\n".join(keep).split("\n"))
    foreign = {" ".join(_WORD.findall(o.lower())) for o in others}
    seen = set(seen)
    paragraphs = []
    for paragraph in body.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            sentences = [line] if line in kept_whole else _SENTENCE.split(line)
            said = []
            for piece in sentences:
                words = phrases(piece)
                if piece not in kept_whole and (words & seen or " ".join(_WORD.findall(piece.lower())) in foreign):
                    continue
                seen |= words
                said.append(piece)
            if said:
                lines.append(" ".join(said))
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


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
