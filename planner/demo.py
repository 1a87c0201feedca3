"""Two demo campaigns built from the values-based method, with illustrative (made-up) results."""

from __future__ import annotations

import datetime as dt

from adverts.generate import Group, Options, generate
from adverts.themes import library_theme
from personas.library import library_persona
from planner.campaign import (
    Campaign,
    ChannelPlanEntry,
    Contact,
    GeoTarget,
    LookingFor,
    Organisation,
    Profile,
    Role,
    SignOffRequirement,
    Value,
)
from planner.enquiry import Enquiry
from planner.experiments import plan as planning
from planner.funnel import ResultRow
from planner.storage import Store

#: The demo's dates follow today: an illustrative pilot round that has ended, and the next round to plan.
_TODAY = dt.date.today()
PILOT_ROUND = (_TODAY - dt.timedelta(days=42), _TODAY - dt.timedelta(days=15))
NEXT_ROUND = (_TODAY + dt.timedelta(days=14), _TODAY + dt.timedelta(days=41))

ILLUSTRATIVE = "Results in this demo are illustrative, made up to show the reports; they are not real data."

ORGANISATION = Organisation(
    slug="neighbourhood-wellbeing",
    name="Neighbourhood Wellbeing Teams (demo)",
    purpose="Small, self-managed neighbourhood teams that support older people to live well at home "
    "and be part of their community.",
    values=[
        Value(name="Compassion", description="Great relationships built on respect, kindness and generosity, "
              "including kindness to yourself.",
              words=["kind", "kindness", "respect", "warm", "generous", "wellbeing"]),
        Value(name="Responsibility", description="Managing your own time and work, and deciding together "
              "instead of waiting to be told.",
              words=["decide", "decision", "own", "responsibility", "trust", "organise"]),
        Value(name="Collaboration", description="Working closely with the person, their family and friends, "
              "and the team.", words=["together", "team", "family", "with", "share", "neighbour"]),
        Value(name="Curiosity", description="Learning continuously and asking questions to improve how we work.",
              words=["learn", "question", "ask", "curious", "develop", "grow"]),
        Value(name="Creativity", description="Solving problems together in new ways and bringing your whole "
              "self, hobbies and interests to work.", words=["idea", "new", "hobby", "whole self", "different", "try"]),
        Value(name="Flourishing", description="Paying attention to everyone's wellbeing so people, the team "
              "and the community thrive.", words=["wellbeing", "thrive", "community", "meaningful", "live well"]),
    ],
    # The Camden theme "the most meaningful work of your life" says it on purpose; the linter's finding is allowed.
    allow_list=["meaningful work"],
)

_PROFILE = Profile(
    appreciate=["Warm, friendly and reliable", "A great listener and a good problem-solver",
                "Honest and trustworthy, with a can-do attitude", "Kind, generous and full of energy"],
    matters=["People: family, friends and neighbours matter a lot to you",
             "Your community: you like knowing what is happening locally",
             "Trying new things and being up for a challenge", "Being busy, with interests and hobbies to share",
             "Taking responsibility and deciding things together"],
    support=["A small, self-organised team of no more than twelve people",
             "A team meeting every week to plan and decide",
             "Paid training from day one, and a buddy", "No traditional manager, but a coach whenever you need one"],
)


def _leader_campaign() -> Campaign:
    leaders = library_persona("leaders-elsewhere")
    themes = [library_theme(key) for key in ("rebel-at-work", "coach-not-command", "most-meaningful-work")]
    campaign = Campaign(
        slug="wellbeing-leader-camden",
        name="Wellbeing Leader, Camden (demo)",
        role=Role(
            title="Wellbeing Leader",
            description="Coach two self-managed Wellbeing Teams in extra-care housing in Camden, and be the "
            "Registered Manager responsible to the Care Quality Commission (CQC), the care regulator. You coach "
            "rather than manage: the teams plan, decide and solve problems together, and you help them learn how. "
            "The pay is £42,000 to £46,000 a year for 37 hours a week on a permanent contract, based in Camden. "
            "We pay for your criminal record check (DBS), and you start with paid training in coaching and "
            "self-management.",
            pay="£42,000 to £46,000 a year", hours="37 hours a week, Monday to Friday, with some flexibility",
            location="Camden, north London", personal_care="No. You will not help people wash or dress day to "
            "day, but you will support teams who help people wash, dress and take medication.",
            team_model="Self-managed teams with no traditional manager: you are their coach.",
        ),
        looking_for=LookingFor(
            values=["Compassion", "Responsibility", "Curiosity", "Creativity"],
            characteristics=["Detail-conscious and organised", "A completer-finisher", "Empathetic",
                             "A coaching approach"],
            profile=_PROFILE,
        ),
        personas=[leaders],
        themes=themes,
        channel_plan=[
            ChannelPlanEntry(persona=leaders.key, channel="facebook", why="One advert per theme, tested against "
                             "each other within 25 km of Camden.", budget_gbp=300,
                             start=NEXT_ROUND[0], end=NEXT_ROUND[1]),
            ChannelPlanEntry(persona=leaders.key, channel="linkedin", why="Leaders in other sectors keep their "
                             "profiles current here.", budget_gbp=0, effort="Two posts a week from the team"),
            ChannelPlanEntry(persona=leaders.key, channel="council_site", why="The borough lists every role it "
                             "funds; some candidates look nowhere else.", effort="One listing"),
        ],
        # phone numbers from Ofcom's ranges reserved for drama: they never ring anyone
        contact=Contact(name="Sam in the recruitment team", phone="020 7946 0123", email="jobs@example.org",
                        street_address="Judd Street", postcode="WC1H 9JE", region="London"),
        geo=GeoTarget(label="Camden Town Hall", latitude=51.5290, longitude=-0.1255, radius_km=25),
        signoff_requirements=[
            SignOffRequirement(who="Head of Provider Services", role="Commissioner", scope="profile"),
            SignOffRequirement(who="Co-production partner", role="Expert by experience", scope="adverts"),
        ],
        notes=ILLUSTRATIVE,
    )
    return _with_experiment(_with_variants(campaign, [Group(t.key, leaders.key, "facebook", "facebook_feed")
                                                       for t in themes]))


def _with_experiment(campaign: Campaign) -> Campaign:
    """The pilot round could not name a winner (too few people), so the next round is a planned headline test:
    the three themes as Meta's A/B test, sized by the sample-size planner."""
    request = planning.Request(
        factor="theme", channel="facebook", persona="leaders-elsewhere", key="headline-test",
        name="Which headline brings leaders who start?", baseline_rate=0.05, min_difference=0.10,
        hypothesis="Leaders who see themselves as rebels at work are the ones who start and stay.",
        start=NEXT_ROUND[0], end=NEXT_ROUND[1])
    planned = planning.plan(campaign, ORGANISATION, request)
    return campaign.model_copy(update={"variants": campaign.variants + planned.variants,
                                       "experiments": [planned.experiment]})


def _with_variants(campaign: Campaign, groups: list[Group]) -> Campaign:
    """The campaign with one generated variant per group (keys theme-channel, as the results use)."""
    options = Options(max_variants=len(groups), landing_page=f"https://jobs.example.org/{campaign.slug}")
    return campaign.model_copy(update={"variants": generate(campaign, ORGANISATION, groups, options)})


_WORKER_PERSONAS = ["active-retired", "returning-parents", "hospitality", "retail-customer-service",
                    "education-childcare", "students"]
_WORKER_THEMES = {"keep-contributing": "active-retired", "life-is-experience": "returning-parents",
                  "read-a-room": "hospitality", "people-not-queues": "retail-customer-service",
                  "study-and-earn": "students"}
_LOCAL_CHANNELS = {"active-retired": "community_centre", "returning-parents": "school_college",
                   "hospitality": "facebook", "retail-customer-service": "facebook",
                   "education-childcare": "school_college", "students": "recruitment_fair"}


def _worker_campaign() -> Campaign:
    personas = [library_persona(key) for key in _WORKER_PERSONAS]
    themes = [library_theme(key) for key in _WORKER_THEMES]
    groups = [Group(theme, persona, channel, fmt)
              for theme, persona in _WORKER_THEMES.items()
              for channel, fmt in (("facebook", "facebook_feed"), (_LOCAL_CHANNELS[persona], "leaflet"))
              if not (channel == "facebook" and fmt == "leaflet")]
    campaign = Campaign(
        slug="wellbeing-workers-wigan",
        name="Wellbeing Workers, Wigan (demo)",
        role=Role(
            title="Wellbeing Worker",
            description="Support older people in one Wigan neighbourhood to live well at home: helping with "
            "washing, dressing, meals and medication, and with getting out and seeing friends. You work in a "
            "small self-managed team that plans its own rota with the people it supports. The pay is £12.90 an "
            "hour, including travel time between visits, and 45p a mile if you drive; most visits are a short "
            "walk apart. You choose 16 to 37 hours a week, guaranteed, on a permanent contract, never zero "
            "hours. We pay for your criminal record check (DBS) and for your training from day one. There is no "
            "application form: have a chat with us first.",
            pay="£12.90 an hour, paid for travel time, plus paid training",
            hours="Choose 16 to 37 guaranteed hours a week",
            location="Wigan town centre and Pemberton", personal_care="Yes: washing, dressing, going to the "
            "toilet and medication, always in the way each person wants.",
            team_model="Self-managed team of up to twelve with a coach, no traditional manager.",
        ),
        looking_for=LookingFor(values=["Compassion", "Responsibility", "Collaboration", "Flourishing"],
                               characteristics=["Kind", "Reliable", "Up for learning"], profile=_PROFILE),
        personas=personas,
        themes=themes,
        channel_plan=[
            ChannelPlanEntry(persona=p, channel=_LOCAL_CHANNELS[p], why="Where this group already spends time.",
                             budget_gbp=150 if _LOCAL_CHANNELS[p] == "facebook" else 40,
                             effort="" if _LOCAL_CHANNELS[p] == "facebook" else "Half a day a week for a month")
            for p in _WORKER_PERSONAS
        ],
        contact=Contact(name="Amina in the recruitment team", phone="07700 900123", email="jobs@example.org",
                        street_address="Library Street", postcode="WN1 1NN", region="Greater Manchester"),
        geo=GeoTarget(label="Wigan town centre", latitude=53.5450, longitude=-2.6325, radius_km=25),
        signoff_requirements=[SignOffRequirement(who="Co-production partner", role="Expert by experience",
                                                 scope="adverts"),
                              SignOffRequirement(who="Co-production partner", role="Expert by experience",
                                                 scope="profile")],
        notes=ILLUSTRATIVE,
    )
    return _with_variants(campaign, groups)


def _row(variant: str, channel: str, counts: tuple[int, ...], cost: float, *, estimate: bool = False) -> ResultRow:
    keys = ("reach", "enquiries", "conversations", "invited", "attended", "offers", "starts", "retained")
    return ResultRow(variant=variant, channel=channel, period_start=PILOT_ROUND[0],
                     period_end=PILOT_ROUND[1], reach_is_estimate=estimate, cost_gbp=cost,
                     **dict(zip(keys, counts, strict=True)))


def _worker_results() -> list[ResultRow]:
    return [
        _row("read-a-room-facebook", "facebook", (9200, 61, 24, 14, 11, 5, 4, 3), 150),
        _row("people-not-queues-facebook", "facebook", (8800, 48, 15, 9, 6, 2, 2, 1), 150),
        _row("life-is-experience-facebook", "facebook", (10100, 72, 30, 18, 13, 6, 5, 4), 150),
        _row("keep-contributing-community_centre", "community_centre", (300, 22, 15, 10, 9, 4, 4, 4), 40,
             estimate=True),
        _row("life-is-experience-school_college", "school_college", (450, 18, 11, 8, 7, 3, 3, 2), 40, estimate=True),
        _row("study-and-earn-recruitment_fair", "recruitment_fair", (800, 35, 20, 12, 5, 2, 1, 0), 60, estimate=True),
    ]


def _leader_results() -> list[ResultRow]:
    return [
        _row("rebel-at-work-facebook", "facebook", (12400, 41, 12, 6, 5, 1, 1, 1), 100),
        _row("coach-not-command-facebook", "facebook", (11900, 23, 6, 3, 3, 0, 0, 0), 100),
        _row("most-meaningful-work-facebook", "facebook", (12100, 30, 9, 4, 3, 0, 0, 0), 100),
    ]


_SAID = ("Saw it on Facebook", "A friend told me", "Leaflet at the community centre", "", "Facebook advert",
         "At the jobs fair", "My daughter's school newsletter", "Can't remember")


def _enquiries(results: list[ResultRow]) -> list[Enquiry]:
    """A few illustrative enquirers per row: tracked source and what they said, which often differ."""
    people = []
    for row in results:
        for i in range(min(row.enquiries, 6)):
            said = _SAID[(len(people) + i) % len(_SAID)]
            people.append(Enquiry(
                reference=f"demo-{len(people) + 1:03d}", enquired_on=row.period_start + dt.timedelta(days=i),
                tracked_variant=row.variant, tracked_channel=row.channel,
                self_reported_source=said, stage=("starts" if i < row.starts else "enquiries"),
            ))
    return people


def load_demo(store: Store) -> list[str]:
    """Load the demo organisation and both campaigns; campaigns already present are left alone."""
    existing = {summary.slug for summary in store.campaigns()}
    loaded = []
    for campaign, results in ((_leader_campaign(), _leader_results()), (_worker_campaign(), _worker_results())):
        if campaign.slug not in existing:
            store.import_campaign(ORGANISATION, campaign, results, _enquiries(results))
            loaded.append(campaign.slug)
    return loaded
