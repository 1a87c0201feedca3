"""Send the plan to Meta with the facebook-business SDK, or record what would be sent (dry-run).

Dry-run and live run the same code: only the `FacebookAdsApi` differs. `RecordingApi` answers
every call with a made-up id and records it; `LiveApi` sends it, retrying rate limits and
transient errors with backoff. Every object is created PAUSED, and each id is recorded as
soon as Meta returns it, so a re-run after a failure resumes instead of duplicating.

The access token is held only by `LiveApi`'s HTTP session and sent in the Authorization
header, never in a URL (URLs end up in debug logs and proxies). It is never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import requests
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.business import Business
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

from adverts.variants import check_variants
from planner.exports.ads_plan import (
    API_VERSION,
    ExportPlan,
    Grouping,
    Objective,
    build_experiment_plan,
    build_plan,
    facebook_variants,
)
from planner.exports.compliance import compliance_problems, explanation
from planner.storage import Store
from planner.storage.facebook_objects import FacebookObject, facebook_objects, record_facebook_object

DRY_RUN_ACCOUNT = "act_DRY_RUN"
DRY_RUN_PAGE = "DRY_RUN_PAGE"
DRY_RUN_BUSINESS = "DRY_RUN_BUSINESS"
RATE_LIMIT_CODES = frozenset({4, 17, 613, 80004})
MAX_ATTEMPTS = 5
MAX_DELAY_SECONDS = 300.0

Progress = Callable[[str], None]


class FacebookExportError(Exception):
    """The export stopped; the message is for the user (Meta's own words where it gave them)."""


class ComplianceError(FacebookExportError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Nothing was sent to Meta: the export breaks the Employment rules.\n- "
                         + "\n- ".join(problems))


@dataclass(frozen=True)
class GraphRequest:
    method: str
    path: str
    params: dict

    def to_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "params": self.params}


@dataclass(frozen=True)
class FacebookSettings:
    """Where to send: from the environment or Streamlit secrets (FB_ACCESS_TOKEN, FB_AD_ACCOUNT_ID, FB_PAGE_ID,
    and FB_BUSINESS_ID for A/B tests, which Meta keeps under the Business that owns the ad account)."""

    access_token: str | None = field(default=None, repr=False)
    ad_account_id: str | None = None
    page_id: str | None = None
    business_id: str | None = None

    @classmethod
    def from_mapping(cls, source: Mapping[str, object]) -> FacebookSettings:
        def get(name: str) -> str | None:
            value = source.get(name)
            return str(value).strip() or None if value is not None else None

        return cls(get("FB_ACCESS_TOKEN"), get("FB_AD_ACCOUNT_ID"), get("FB_PAGE_ID"), get("FB_BUSINESS_ID"))

    def account(self) -> str:
        account = self.ad_account_id or DRY_RUN_ACCOUNT
        return account if account.startswith("act_") else f"act_{account}"

    def missing_for_live(self, experiment: bool = False) -> list[str]:
        needed = [("FB_ACCESS_TOKEN", self.access_token), ("FB_AD_ACCOUNT_ID", self.ad_account_id),
                  ("FB_PAGE_ID", self.page_id)]
        if experiment:
            needed.append(("FB_BUSINESS_ID", self.business_id))
        return [name for name, value in needed if not value]


class RecordingApi(FacebookAdsApi):
    """A FacebookAdsApi that sends nothing: it records each request and answers with a made-up id."""

    def __init__(self, api_version: str = API_VERSION) -> None:
        super().__init__(FacebookSession(), api_version=api_version)
        self.requests: list[GraphRequest] = []

    def call(self, method, path, params=None, headers=None, files=None, url_override=None, api_version=None):
        path = path if isinstance(path, str) else "/".join(map(str, path))
        self.requests.append(GraphRequest(method, path, json.loads(json.dumps(params or {}))))
        edge = path.rsplit("/", 1)[-1].rstrip("s").upper()
        body = json.dumps({"id": f"DRY_RUN_{edge}_{len(self.requests)}"})
        return FacebookResponse(body=body, http_status=200, call={"method": method, "path": path})


class LiveApi(FacebookAdsApi):
    """The real API, with retries on rate limits (codes 4, 17, 613, 80004) and transient errors."""

    def __init__(
        self,
        access_token: str,
        *,
        api_version: str = API_VERSION,
        graph_url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Progress | None = None,
    ) -> None:
        session = FacebookSession(access_token=access_token)
        session.requests.params.pop("access_token", None)
        session.requests.headers["Authorization"] = f"Bearer {access_token}"
        if graph_url:
            session.GRAPH = graph_url.rstrip("/")
        super().__init__(session, api_version=api_version)
        self._sleep = sleep
        self._on_retry = on_retry or (lambda _message: None)

    def call(self, method, path, params=None, headers=None, files=None, url_override=None, api_version=None):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return super().call(method, path, params, headers, files, url_override, api_version)
            except FacebookRequestError as error:
                if attempt == MAX_ATTEMPTS or not _retryable(error):
                    raise
                delay = _delay(error, attempt)
                self._on_retry(f"Meta asked us to wait ({_short(error)}); retrying in {delay:g} s "
                               f"(attempt {attempt + 1} of {MAX_ATTEMPTS}).")
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


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
    api: FacebookAdsApi,
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
    With `experiment`, its arms go out as Meta's A/B test: one ad set per arm and an ad study over them.
    """
    say = progress or (lambda _message: None)
    record = store.campaign(ref)
    campaign = record.campaign
    if experiment:
        plan = build_experiment_plan(campaign, experiment, objective=objective, page_id=page_id, today=today)
    else:
        plan = build_plan(campaign, objective=objective, page_id=page_id, group_by=group_by, today=today)
    if blocked is None:
        blocked = blocked_variants(store, record.id)
    problems = compliance_problems(plan, {ad.variant: blocked.get(ad.variant, []) for ad in plan.ads})
    if problems:
        raise ComplianceError(problems)
    live = not isinstance(api, RecordingApi)
    result = ExportResult(api._api_version, plan, explanation(campaign, plan))
    known = {(o.kind, o.local_key): o for o in facebook_objects(store, record.id)}
    account = AdAccount(account_id, api=api)
    total = 1 + len(plan.adsets) + 2 * len(plan.ads) + (1 if plan.study else 0)

    def ensure(kind: str, key: str, name: str, create: Callable[[], object], what: str) -> str:
        done = len(result.created) + len(result.reused)
        if (kind, key) in known:
            result.reused.append(known[(kind, key)])
            return known[(kind, key)].fb_id
        say(f"[{done + 1}/{total}] {'Creating' if live else 'Would create'} {what}")
        try:
            created = create()
        except FacebookRequestError as error:
            message = _user_message(error, what, done)
            if kind == "study":
                message += ("\nMeta did not accept an A/B test for this account. The arms' ad sets and ads exist, "
                            "PAUSED. To advertise without Meta's split, run the plain export (planner export facebook "
                            "CAMPAIGN, without --experiment); the arms are then compared under divergent delivery.")
            raise FacebookExportError(message) from None
        except requests.RequestException as error:  # not retried: Meta may have received it
            raise FacebookExportError(f"Could not reach Meta while creating the {what} ({type(error).__name__}). "
                                      f"{done} object(s) were created before this and are recorded: check Ads "
                                      "Manager, then run the export again to carry on.") from None
        obj = FacebookObject(kind, key, name, str(created["id"]))
        if live:
            record_facebook_object(store, record.id, obj)
        result.created.append(obj)
        return obj.fb_id

    with warnings.catch_warnings():
        # The SDK warns that ids are strings where it expects integers; Meta's ids are numeric strings.
        warnings.filterwarnings("ignore", message="value of .* might not be compatible", category=UserWarning)
        _create_all(plan, account, ensure, Business(business_id, api=api))
    if isinstance(api, RecordingApi):
        result.requests = list(api.requests)
    return result


def _create_all(plan: ExportPlan, account: AdAccount, ensure: Callable[..., str], business: Business) -> None:
    """Campaign, then ad sets, then a creative and an ad per variant (each needs its parent's id), then the
    A/B test over the ad sets when the plan is an experiment."""
    campaign_id = ensure("campaign", plan.campaign_key, plan.campaign_name,
                         lambda: account.create_campaign(params=plan.campaign_params),
                         f"campaign {plan.campaign_name!r}")
    adset_ids = {
        adset.key: ensure("adset", adset.key, adset.name,
                          lambda adset=adset: account.create_ad_set(params={"campaign_id": campaign_id,
                                                                            **adset.params}),
                          f"ad set {adset.name!r}")
        for adset in plan.adsets
    }
    for ad in plan.ads:
        creative_id = ensure("creative", ad.variant, ad.creative_name,
                             lambda ad=ad: account.create_ad_creative(params=ad.creative_params),
                             f"creative for variant {ad.variant!r}")
        ensure("ad", ad.variant, ad.ad_name,
               lambda ad=ad, creative_id=creative_id: account.create_ad(
                   params=plan.ad_params(ad, adset_ids[ad.adset], creative_id)),
               f"ad for variant {ad.variant!r}")
    if plan.study:
        study = plan.study
        ensure("study", study.key, study.name, lambda: business.create_ad_study(params=study.request(adset_ids)),
               f"A/B test {study.name!r}")


def blocked_variants(store: Store, ref: str | int) -> dict[str, list[str]]:
    """The Facebook variants' open personal-attribute findings (dismissed ones do not count), by variant key."""
    record = store.campaign(ref)
    organisation, _ = store.organisation(record.organisation)
    keys = [v.key for v in facebook_variants(record.campaign)]
    checks = check_variants(record.campaign, organisation, keys=keys)
    return {key: [f"\u201c{b.text}\u201d: {b.finding.why}" for b in check.facebook_blockers]
            for key, check in checks.items() if check.facebook_blockers}


def _retryable(error: FacebookRequestError) -> bool:
    status = error.http_status() or 0
    return bool(error.api_transient_error()) or error.api_error_code() in RATE_LIMIT_CODES or status >= 500


def _delay(error: FacebookRequestError, attempt: int) -> float:
    """Exponential backoff, or longer when Meta's usage header says when access comes back."""
    delay = float(2 ** (attempt - 1))
    header = (error.http_headers() or {}).get("X-Business-Use-Case-Usage") or ""
    try:
        usage = json.loads(header) if header else {}
        minutes = max((entry.get("estimated_time_to_regain_access") or 0)
                      for entries in usage.values() for entry in entries)
    except (ValueError, TypeError, AttributeError):
        minutes = 0
    return min(max(delay, minutes * 60.0), MAX_DELAY_SECONDS)


def _short(error: FacebookRequestError) -> str:
    return f"code {error.api_error_code()}" if error.api_error_code() else f"HTTP {error.http_status()}"


def _user_message(error: FacebookRequestError, what: str, done: int) -> str:
    """Meta's own words for the user, with the field it blamed; never the request (it may hold user data)."""
    body = error.body() if isinstance(error.body(), dict) else {}
    detail = body.get("error", {}) if isinstance(body.get("error"), dict) else {}
    title = detail.get("error_user_title")
    message = detail.get("error_user_msg") or error.api_error_message() or "no message"
    lines = [f"Meta refused the {what}: " + (f"{title}: {message}" if title else message)]
    blame = error.api_blame_field_specs()
    if blame:
        fields = [".".join(map(str, spec)) if isinstance(spec, list) else str(spec) for spec in blame]
        lines.append(f"Field: {', '.join(fields)}")
    code = error.api_error_code()
    subcode = error.api_error_subcode()
    if code is not None:
        lines.append(f"(Meta error code {code}{f', subcode {subcode}' if subcode else ''}.)")
    lines.append(f"{done} object(s) were created before this and are recorded: fix the problem and run the "
                 "export again to carry on from here.")
    return "\n".join(lines)
