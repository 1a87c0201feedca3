"""The one way this product reaches Meta's Graph API: a pinned version, the settings, and two APIs.

`LiveApi` sends requests; `RecordingApi` records them and answers with made-up ids (dry-run), so
the exporter, the Insights import and the leads import run the same code either way. Both are
built as `FacebookAdsApi(FacebookSession(...))`, never through the SDK's class-level `init` (which
would install a crash reporter that posts tracebacks to Meta).

The access token is held only by `LiveApi`'s HTTP session and sent in the Authorization header,
never in a URL (URLs end up in debug logs and proxies). It is never stored or logged. Setting
`FB_GRAPH_URL` points every call at a stand-in (a local Graph API double), and then the token
goes only there.

Retries: a request Meta refused for rate limiting did nothing, so it is repeated after a backoff.
A 5xx, a transient error or a timeout may have done its work: reads are simply repeated, but a
create goes through `create_once`, which first looks the object up by its name under its parent
and reuses it if it is there, so a create answered with a 500 is never made twice.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

API_VERSION = "v26.0"
"""The pinned Graph API version (checked with facebook-business 26.0.3). Each version lives about a
year; Meta answers error 2635 once it has expired."""

GRAPH_URL_VARIABLE = "FB_GRAPH_URL"
TIMEOUT_SECONDS = (10.0, 60.0)
"""Connect and read timeouts: a stalled connection fails instead of hanging the export."""
RATE_LIMIT_CODES = frozenset({4, 17, 613, 80004})
MAX_ATTEMPTS = 5
MAX_DELAY_SECONDS = 300.0
DRY_RUN_ACCOUNT = "act_DRY_RUN"

Progress = Callable[[str], None]


class MetaSettingsError(ValueError):
    """A Meta setting that cannot be used (the message names it, never the token)."""


def checked_graph_url(value: str | None) -> str | None:
    """FB_GRAPH_URL checked: an http or https address of a server, or None for Meta's own."""
    if value is None or not value.strip():
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise MetaSettingsError(f"{GRAPH_URL_VARIABLE} must be an http:// or https:// address of a server, "
                                "without a query, a fragment or a user name.")
    return value.strip().rstrip("/")


@dataclass(frozen=True)
class FacebookSettings:
    """Where to send: from the environment or Streamlit secrets (FB_ACCESS_TOKEN, FB_AD_ACCOUNT_ID,
    FB_PAGE_ID, FB_BUSINESS_ID for A/B tests, which Meta keeps under the Business that owns the ad
    account, and FB_GRAPH_URL for a stand-in)."""

    access_token: str | None = field(default=None, repr=False)
    ad_account_id: str | None = None
    page_id: str | None = None
    graph_url: str | None = None
    business_id: str | None = None

    @classmethod
    def from_mapping(cls, source: Mapping[str, object]) -> FacebookSettings:
        """Raises MetaSettingsError when FB_GRAPH_URL is not an http(s) address."""
        def get(name: str) -> str | None:
            value = source.get(name)
            return str(value).strip() or None if value is not None else None

        return cls(get("FB_ACCESS_TOKEN"), get("FB_AD_ACCOUNT_ID"), get("FB_PAGE_ID"),
                   checked_graph_url(get(GRAPH_URL_VARIABLE)), get("FB_BUSINESS_ID"))

    def account(self) -> str:
        account = self.ad_account_id or DRY_RUN_ACCOUNT
        return account if account.startswith("act_") else f"act_{account}"

    def missing_for_live(self, experiment: bool = False) -> list[str]:
        needed = [("FB_ACCESS_TOKEN", self.access_token), ("FB_AD_ACCOUNT_ID", self.ad_account_id),
                  ("FB_PAGE_ID", self.page_id)]
        if experiment:
            needed.append(("FB_BUSINESS_ID", self.business_id))
        return [name for name, value in needed if not value]

    def live_api(self, *, on_retry: Progress | None = None) -> LiveApi:
        return LiveApi(self.access_token or "", graph_url=self.graph_url, on_retry=on_retry)


@dataclass(frozen=True)
class GraphRequest:
    method: str
    path: str
    params: dict

    def to_dict(self) -> dict:
        return {"method": self.method, "path": self.path, "params": self.params}


class GraphApi(FacebookAdsApi):
    """What both APIs share: creating an object at most once."""

    def __init__(self, session: FacebookSession, api_version: str, sleep: Callable[[float], None],
                 on_retry: Progress | None) -> None:
        super().__init__(session, api_version=api_version)
        self._sleep = sleep
        self._on_retry = on_retry or (lambda _message: None)

    @property
    def version(self) -> str:
        return self._api_version

    def create_once(self, create: Callable[[], Mapping], find: Callable[[], str | None]) -> str:
        """The id of the object `create` makes, made at most once.

        After an answer that leaves it unknown whether Meta made the object (a 5xx, a transient
        error, a timeout), `find` looks it up by name under its parent; only if it is not there is
        the create sent again. The last unconfirmed attempt is looked up too, so that a later re-run
        never repeats an object Meta did make.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return str(create()["id"])
            except (FacebookRequestError, requests.Timeout) as error:
                if not _maybe_done(error):
                    raise
                self._wait(error, attempt, f"Meta did not confirm the create ({_short(error)}); looking it up")
                found = find()
                if found:
                    return found
                if attempt == MAX_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, error: Exception, attempt: int, why: str) -> None:
        delay = _delay(error, attempt)
        self._on_retry(f"{why} in {delay:g} s (attempt {attempt} of {MAX_ATTEMPTS} failed).")
        self._sleep(delay)


class RecordingApi(GraphApi):
    """Sends nothing: records each request and answers with a made-up id (the dry-run)."""

    def __init__(self, api_version: str = API_VERSION) -> None:
        super().__init__(FacebookSession(), api_version, lambda _seconds: None, None)
        self.requests: list[GraphRequest] = []

    def call(self, method, path, params=None, headers=None, files=None, url_override=None, api_version=None):
        path = path if isinstance(path, str) else "/".join(map(str, path))
        self.requests.append(GraphRequest(method, path, json.loads(json.dumps(params or {}))))
        edge = path.rsplit("/", 1)[-1].rstrip("s").upper()
        body = json.dumps({"id": f"DRY_RUN_{edge}_{len(self.requests)}"})
        return FacebookResponse(body=body, http_status=200, call={"method": method, "path": path})


class LiveApi(GraphApi):
    """The real API (or the FB_GRAPH_URL stand-in), with timeouts, backoff and safe retries."""

    def __init__(
        self,
        access_token: str,
        *,
        api_version: str = API_VERSION,
        graph_url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Progress | None = None,
    ) -> None:
        session = FacebookSession(access_token=access_token, timeout=TIMEOUT_SECONDS)
        session.requests.params.pop("access_token", None)
        session.requests.headers["Authorization"] = f"Bearer {access_token}"
        url = checked_graph_url(graph_url if graph_url is not None else os.environ.get(GRAPH_URL_VARIABLE))
        if url:
            session.GRAPH = url
        super().__init__(session, api_version, sleep, on_retry)

    def call(self, method, path, params=None, headers=None, files=None, url_override=None, api_version=None):
        """Repeats what is safe to repeat: anything Meta refused for rate limiting, and reads."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return super().call(method, path, params, headers, files, url_override, api_version)
            except (FacebookRequestError, requests.Timeout) as error:
                limited, read = _rate_limited(error), method.upper() == "GET"
                if attempt == MAX_ATTEMPTS or not (limited or (read and _maybe_done(error))):
                    raise
                why = "Meta asked us to wait" if limited else "Meta did not answer"
                self._wait(error, attempt, f"{why} ({_short(error)}); retrying")
        raise AssertionError("unreachable")  # pragma: no cover


def named(objects: Iterable[Mapping], name: str) -> str | None:
    """The id of the object called `name` among `objects` (an SDK cursor pages through them)."""
    return next((str(o["id"]) for o in objects if o.get("name") == name), None)


def _rate_limited(error: Exception) -> bool:
    return isinstance(error, FacebookRequestError) and (
        error.api_error_code() in RATE_LIMIT_CODES or _usage_minutes(error) > 0)


def _maybe_done(error: Exception) -> bool:
    """True when Meta may have carried the request out although it did not say so."""
    if isinstance(error, requests.Timeout):
        return True
    return isinstance(error, FacebookRequestError) and not _rate_limited(error) and (
        bool(error.api_transient_error()) or (error.http_status() or 0) >= 500)


def _usage_minutes(error: FacebookRequestError) -> float:
    """Minutes until access returns, from Meta's X-Business-Use-Case-Usage header (0 when absent)."""
    header = (error.http_headers() or {}).get("X-Business-Use-Case-Usage") or ""
    try:
        usage = json.loads(header) if header else {}
        return float(max((entry.get("estimated_time_to_regain_access") or 0)
                         for entries in usage.values() for entry in entries))
    except (ValueError, TypeError, AttributeError):
        return 0.0


def _delay(error: Exception, attempt: int) -> float:
    """Exponential backoff, or longer when Meta's usage header says when access comes back."""
    minutes = _usage_minutes(error) if isinstance(error, FacebookRequestError) else 0.0
    return min(max(float(2 ** (attempt - 1)), minutes * 60.0), MAX_DELAY_SECONDS)


def _short(error: Exception) -> str:
    if not isinstance(error, FacebookRequestError):
        return type(error).__name__
    return f"code {error.api_error_code()}" if error.api_error_code() else f"HTTP {error.http_status()}"


def meta_error(error: FacebookRequestError) -> str:
    """Meta's own words for the user, with the code; never the request (it may hold personal data)."""
    body = error.body() if isinstance(error.body(), dict) else {}
    detail = body.get("error", {}) if isinstance(body.get("error"), dict) else {}
    title = detail.get("error_user_title")
    message = detail.get("error_user_msg") or error.api_error_message() or "no message"
    code, subcode = error.api_error_code(), error.api_error_subcode()
    suffix = f" (Meta error code {code}{f', subcode {subcode}' if subcode else ''})" if code is not None else ""
    return (f"{title}: {message}" if title else message) + suffix
