"""Send the plan to Meta with the facebook-business SDK, or record what would be sent (dry-run).

Dry-run and live run the same code: only the API differs (`planner.meta`: `RecordingApi` records,
`LiveApi` sends). Every object is created PAUSED, and each id is recorded as soon as Meta returns
it, so a re-run after a failure resumes instead of duplicating; a create Meta did not confirm is
looked up by its name under its parent before it is sent again (`GraphApi.create_once`).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import requests
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.business import Business
from facebook_business.adobjects.campaign import Campaign as FbCampaign
from facebook_business.adobjects.page import Page
from facebook_business.exceptions import FacebookRequestError

from adverts.variants import check_variants
from planner.exports.ads_plan import (
    ExportPlan,
    Grouping,
    Objective,
    build_experiment_plan,
    build_plan,
    facebook_variants,
)
from planner.exports.compliance import compliance_problems, explanation
from planner.exports.lead_form import LeadForm, lead_form, with_lead_form
from planner.meta import GraphApi, GraphRequest, RecordingApi, meta_error, named
from planner.storage import Store
from planner.storage.facebook_objects import FacebookObject, facebook_objects, record_facebook_object

DRY_RUN_PAGE = "DRY_RUN_PAGE"
DRY_RUN_BUSINESS = "DRY_RUN_BUSINESS"

Progress = Callable[[str], None]


class FacebookExportError(Exception):
    """The export stopped; the message is for the user (Meta's own words where it gave them)."""


class ComplianceError(FacebookExportError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Nothing was sent to Meta: the export breaks the Employment rules.\n- "
                         + "\n- ".join(problems))


@dataclass
class ExportResult:
    api_version: str
    plan: ExportPlan
    explanation: list[str]
    created: list[FacebookObject] = field(default_factory=list)
    reused: list[FacebookObject] = field(default_factory=list)
    requests: list[GraphRequest] = field(default_factory=list)
    """The requests made (dry-run: the requests a live run would send)."""

    def dry_run_document(self) -> dict:
        return {"api_version": self.api_version, "requests": [r.to_dict() for r in self.requests]}

    def live_document(self) -> dict:
        def rows(objects: list[FacebookObject]) -> list[dict]:
            return [{"kind": o.kind, "local_key": o.local_key, "name": o.name, "id": o.fb_id} for o in objects]

        return {"api_version": self.api_version, "created": rows(self.created), "reused": rows(self.reused)}


def export(
    store: Store,
    ref: str | int,
    api: GraphApi,
    *,
    account_id: str,
    page_id: str,
    blocked: Mapping[str, list[str]] | None = None,
    objective: Objective = "traffic",
    group_by: Grouping = "persona-theme",
    today: dt.date | None = None,
    progress: Progress | None = None,
    experiment: str | None = None,
    business_id: str = DRY_RUN_BUSINESS,
) -> ExportResult:
    """Check the campaign against the Employment rules, then create (or resume) its objects through `api`.

    With a RecordingApi nothing is sent and nothing is recorded; the result lists the requests.
    `blocked` (variant key -> open personal-attribute findings) defaults to what the linter finds now.
    With the leads objective an instant form is created on the Page first, and every creative opens it.
    With `experiment`, its arms go out as Meta's A/B test: one ad set per arm and an ad study over them.
    """
    say = progress or (lambda _message: None)
    record = store.campaign(ref)
    campaign = record.campaign
    if experiment:
        plan = build_experiment_plan(campaign, experiment, objective=objective, page_id=page_id, today=today)
    else:
        plan = build_plan(campaign, objective=objective, page_id=page_id, group_by=group_by, today=today)
    form = lead_form(campaign, store.organisation(record.organisation)[0], plan.tag) if objective == "leads" else None
    if blocked is None:
        blocked = blocked_variants(store, record.id)
    problems = compliance_problems(plan, {ad.variant: blocked.get(ad.variant, []) for ad in plan.ads})
    if problems:
        raise ComplianceError(problems)
    live = not isinstance(api, RecordingApi)
    result = ExportResult(api.version, plan, explanation(campaign, plan))
    known = {(o.kind, o.local_key): o for o in facebook_objects(store, record.id)}
    total = (form is not None) + 1 + len(plan.adsets) + 2 * len(plan.ads) + (plan.study is not None)

    def ensure(kind: str, key: str, name: str, create: Callable[[], Mapping], find: Callable[[], str | None],
               what: str) -> str:
        done = len(result.created) + len(result.reused)
        if (kind, key) in known:
            result.reused.append(known[(kind, key)])
            return known[(kind, key)].fb_id
        say(f"[{done + 1}/{total}] {'Creating' if live else 'Would create'} {what}")
        try:
            fb_id = api.create_once(create, lambda: find() if live else None)
        except FacebookRequestError as error:
            message = _user_message(error, what, done)
            if kind == "study":
                message += ("\nMeta did not accept an A/B test for this account. The arms' ad sets and ads exist, "
                            "PAUSED. To advertise without Meta's split, run the plain export (planner export facebook "
                            "CAMPAIGN, without --experiment); the arms are then compared under divergent delivery.")
            raise FacebookExportError(message) from None
        except requests.RequestException as error:
            raise FacebookExportError(f"Could not reach Meta while creating the {what} ({type(error).__name__}). "
                                      f"{done} object(s) were created before this and are recorded: check Ads "
                                      "Manager, then run the export again to carry on.") from None
        obj = FacebookObject(kind, key, name, fb_id)
        if live:
            record_facebook_object(store, record.id, obj)
        result.created.append(obj)
        return obj.fb_id

    with warnings.catch_warnings():
        # The SDK warns that ids are strings where it expects integers; Meta's ids are numeric strings.
        warnings.filterwarnings("ignore", message="value of .* might not be compatible", category=UserWarning)
        form_id = _create_form(form, Page(page_id, api=api), ensure) if form else None
        adset_ids = _create_all(plan, AdAccount(account_id, api=api), ensure, form_id)
        if plan.study:
            _create_study(plan, adset_ids, Business(business_id, api=api), ensure)
    if isinstance(api, RecordingApi):
        result.requests = list(api.requests)
    return result


def _create_form(form: LeadForm, page: Page, ensure: Callable[..., str]) -> str:
    return ensure("leadform", "form", form.name, lambda: page.create_lead_gen_form(params=form.params),
                  lambda: named(page.get_lead_gen_forms(fields=["id", "name"]), form.name),
                  f"instant form {form.name!r}")


def _create_all(plan: ExportPlan, account: AdAccount, ensure: Callable[..., str],
                form_id: str | None) -> dict[str, str]:
    """Campaign, then ad sets, then a creative and an ad per variant: each needs its parent's id. Returns
    the ad sets' ids by local key.

    Each object is looked up under its parent (by its tagged name) only when a create went unconfirmed.
    """
    fields = ["id", "name"]
    campaign_id = ensure("campaign", plan.campaign_key, plan.campaign_name,
                         lambda: account.create_campaign(params=plan.campaign_params),
                         lambda: named(account.get_campaigns(fields=fields), plan.campaign_name),
                         f"campaign {plan.campaign_name!r}")
    adset_ids = {
        adset.key: ensure("adset", adset.key, adset.name,
                          lambda adset=adset: account.create_ad_set(params={"campaign_id": campaign_id,
                                                                            **adset.params}),
                          lambda adset=adset: named(FbCampaign(campaign_id, api=account.get_api())
                                                    .get_ad_sets(fields=fields), adset.name),
                          f"ad set {adset.name!r}")
        for adset in plan.adsets
    }
    for ad in plan.ads:
        params = with_lead_form(ad.creative_params, form_id) if form_id else ad.creative_params
        creative_id = ensure("creative", ad.variant, ad.creative_name,
                             lambda params=params: account.create_ad_creative(params=params),
                             lambda ad=ad: named(account.get_ad_creatives(fields=fields), ad.creative_name),
                             f"creative for variant {ad.variant!r}")
        adset_id = adset_ids[ad.adset]
        ensure("ad", ad.variant, ad.ad_name,
               lambda ad=ad, creative_id=creative_id, adset_id=adset_id: account.create_ad(
                   params=plan.ad_params(ad, adset_id, creative_id)),
               lambda ad=ad, adset_id=adset_id: named(AdSet(adset_id, api=account.get_api())
                                                      .get_ads(fields=fields), ad.ad_name),
               f"ad for variant {ad.variant!r}")
    return adset_ids


def _create_study(plan: ExportPlan, adset_ids: dict[str, str], business: Business, ensure: Callable[..., str]) -> None:
    """Meta's A/B test over the experiment's ad sets: one cell per arm."""
    study = plan.study
    ensure("study", study.key, study.name, lambda: business.create_ad_study(params=study.request(adset_ids)),
           lambda: named(business.get_ad_studies(fields=["id", "name"]), study.name), f"A/B test {study.name!r}")


def blocked_variants(store: Store, ref: str | int) -> dict[str, list[str]]:
    """The Facebook variants' open personal-attribute findings (dismissed ones do not count), by variant key."""
    record = store.campaign(ref)
    organisation, _ = store.organisation(record.organisation)
    keys = [v.key for v in facebook_variants(record.campaign)]
    checks = check_variants(record.campaign, organisation, keys=keys)
    return {key: [f"\u201c{b.text}\u201d: {b.finding.why}" for b in check.facebook_blockers]
            for key, check in checks.items() if check.facebook_blockers}


def _user_message(error: FacebookRequestError, what: str, done: int) -> str:
    """Meta's own words for the user, with the field it blamed; never the request (it may hold user data)."""
    lines = [f"Meta refused the {what}: {meta_error(error)}."]
    blame = error.api_blame_field_specs()
    if blame:
        fields = [".".join(map(str, spec)) if isinstance(spec, list) else str(spec) for spec in blame]
        lines.append(f"Field: {', '.join(fields)}")
    lines.append(f"{done} object(s) were created before this and are recorded: fix the problem and run the "
                 "export again to carry on from here.")
    return "\n".join(lines)
