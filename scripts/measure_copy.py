"""Count adverts that break a publishing property (issue 13), over the demo and a fresh campaign.

For each campaign: its stored variants, and a fresh generation with the default options. Run it from
any checkout, old or new, to compare:

    PYTHONPATH=. .venv/bin/python scripts/measure_copy.py
"""
import collections
import re

from adverts.generate import Options, generate, plan_groups
from adverts.variants import lint_variant
from planner import demo

WORD = re.compile(r"[a-z0-9]+")


def repeated_phrases(*fields):
    words = [w for f in fields for w in [None, *WORD.findall(f.lower().replace("'", "").replace("’", ""))]]
    grams = collections.Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3) if None not in words[i:i + 4])
    return [g for g, n in grams.items() if n > 1]


def violations(campaign, variants, org):
    counts = collections.Counter()
    heads = {t.key: t.headline for t in campaign.themes}
    no_form = re.search(r"no application form", campaign.role.description, re.I)
    for v in variants:
        own = heads.get(v.theme, "")
        short = own and v.primary_text.startswith(own)   # the headline opens the text; the field is its short form
        text = "\n".join([v.headline, v.primary_text, v.description, v.cta])
        counts["variants"] += 1
        if re.search(r"Looking for (getting|being|having)\b", text):
            counts["looking_for_gerund"] += 1
        # The description is a facts line beside the button (the pay, visible without "See more"): not counted.
        if repeated_phrases(*([] if short else [v.headline]), v.primary_text, v.cta):
            counts["repeated_4_word_phrase"] += 1
        if any(h and h.lower() in text.lower() for k, h in heads.items() if k != v.theme):
            counts["other_theme_headline"] += 1
        if no_form and "apply" in (v.cta + v.primary_text).lower():
            counts["cta_contradicts_role"] += 1
        if v.format == "facebook_feed" and "£" not in text:
            counts["facebook_without_pay"] += 1
        if [f for f in lint_variant(v, org) if not f.dismissed]:
            counts["lint_findings"] += 1
        if v.format != "job_post" and own and own not in text:
            counts["own_headline_missing"] += 1
    by_headline = collections.defaultdict(set)
    for v in variants:
        if v.format != "job_post":   # a job board's title is the job title, the same for every theme
            by_headline[v.headline].add(v.theme)
    counts["headline_shared_by_themes"] = sum(len(t) > 1 for t in by_headline.values())
    return counts


def fresh_campaign():
    """A new user's campaign: one persona (with a hope they typed), the three leadership themes, no form."""
    from adverts.model import Address
    from adverts.themes import library_theme
    from personas.library import library_persona
    from planner.campaign import Campaign, ChannelPlanEntry, Role
    persona = library_persona("leaders-elsewhere")
    persona.hopes.append("Being trusted to decide")
    themes = [library_theme(k) for k in ("rebel-at-work", "coach-not-command", "most-meaningful-work")]
    themes[1].addresses.append(Address(persona=persona.key, kind="hope", text="Being trusted to decide"))
    return Campaign(slug="fresh", name="Fresh", personas=[persona], themes=themes,
                    role=Role(title="Team Leader", description="Lead a small team in Bradford. 2 years' experience "
                              "essential. There is no application form: have a chat with us first.",
                              pay="£13.10 an hour", hours="30 hours a week", location="Bradford, Manningham",
                              personal_care="Yes: washing and dressing."),
                    channel_plan=[ChannelPlanEntry(persona=persona.key, channel="facebook", budget_gbp=200),
                                  ChannelPlanEntry(persona=persona.key, channel="job_board")])


def main() -> None:
    org = demo.ORGANISATION
    for make in (demo._leader_campaign, demo._worker_campaign, fresh_campaign):
        c = make()
        print(c.slug, "stored variants:", dict(violations(c, c.variants, org)))
        fresh = generate(c.model_copy(update={"variants": []}), org, plan_groups(c), Options())
        per_channel = dict(collections.Counter(v.channel for v in fresh))
        print(c.slug, "default generation:", len(fresh), "variants", per_channel)
        print(c.slug, "default generation:", dict(violations(c, fresh, org)))


if __name__ == "__main__":
    main()
