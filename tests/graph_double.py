"""A Graph API double on 127.0.0.1 for the Meta tests (export, Insights, leads).

It records every request (method, path, form or query parameters, headers) and answers like the
Graph API: a POST to `{node}/{edge}` creates an object and answers its id; a GET of `{node}/{edge}`
lists what was created there (ad sets under their campaign, ads under their ad set) with cursor
paging; `{form}/leads` pages through the leads given to `add_leads`. Scripted answers (errors,
insights pages) are served in order, optionally after the create was carried out ("created, then
answered 500").
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from planner.meta import API_VERSION

#: The parameter that names an object's parent, by edge, for listings under the parent.
PARENTS = {"adsets": "campaign_id", "ads": "adset_id"}


@dataclass
class Scripted:
    edge: str
    after: int
    status: int
    body: dict
    headers: dict = field(default_factory=dict)
    create_anyway: bool = False
    delay: float = 0.0
    method: str | None = None


class GraphDouble(ThreadingHTTPServer):
    """Answers like the Graph API: new ids for creates, listings, leads, and scripted answers in order."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.script: deque[Scripted] = deque()
        self.objects: list[dict] = []
        self.leads: dict[str, list[dict]] = {}
        self.page_size = 2
        self.next_id = 1000
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def fail(self, edge: str, status: int, error: dict, *, after: int = 0, headers: dict | None = None,
             create_anyway: bool = False, delay: float = 0.0, method: str | None = None) -> None:
        """Answer a request to `edge` (with `method`, if given) with this error once `after` earlier ones
        have succeeded; with `create_anyway` the create is carried out first (Meta made it, then answered
        an error), and `delay` holds the answer back that many seconds (past a client's read timeout)."""
        self.script.append(Scripted(edge, after, status, {"error": error}, headers or {}, create_anyway, delay,
                                    method))

    def answer(self, edge: str, body: dict, *, status: int = 200, after: int = 0) -> None:
        """Answer a request to `edge` with this body (e.g. an insights page), once `after` others succeeded."""
        self.script.append(Scripted(edge, after, status, body))

    def add_leads(self, form_id: str, leads: list[dict]) -> None:
        self.leads.setdefault(form_id, []).extend(leads)

    def sent(self) -> list[tuple[str, str, dict]]:
        return [(r["method"], r["path"], r["params"]) for r in self.requests]

    def created(self, edge: str) -> list[dict]:
        return [o for o in self.objects if o["edge"] == edge]

    # Answers -----------------------------------------------------------------------------

    def respond(self, method: str, path: str, params: dict) -> tuple[int, dict, dict, float]:
        node, _, edge = path.rpartition("/")
        scripted = None
        with self.lock:
            if self.script and self.script[0].edge == edge and self.script[0].method in (None, method):
                if self.script[0].after > 0:
                    self.script[0].after -= 1
                else:
                    scripted = self.script.popleft()
            if scripted is not None and not (scripted.create_anyway and method == "POST"):
                return scripted.status, scripted.body, scripted.headers, scripted.delay
            if method == "POST":
                made = self._create(node, edge, params)
                if scripted is not None:
                    return scripted.status, scripted.body, scripted.headers, scripted.delay
                return 200, made, {}, 0.0
        if edge == "leads":
            return *self._leads(node, params), 0.0
        return 200, self._page([{"id": o["id"], "name": o["params"].get("name")} for o in self.objects
                                if o["edge"] == edge and node in (o["node"], o["params"].get(PARENTS.get(edge)))],
                               params), {}, 0.0

    def _create(self, node: str, edge: str, params: dict) -> dict:
        self.next_id += 1
        self.objects.append({"id": str(self.next_id), "node": node, "edge": edge, "params": params})
        return {"id": str(self.next_id)}

    def _leads(self, form_id: str, params: dict) -> tuple[int, dict, dict]:
        if form_id not in self.leads:
            return 400, {"error": {"message": f"Unsupported get request. Object with ID '{form_id}' does not "
                                              "exist, cannot be loaded due to missing permissions, or does not "
                                              "support this operation.", "type": "GraphMethodException",
                                   "code": 100, "error_subcode": 33}}, {}
        leads = self.leads[form_id]
        for rule in json.loads(params.get("filtering") or "[]"):
            if rule["field"] == "time_created" and rule["operator"] == "GREATER_THAN":
                leads = [lead for lead in leads if _unix(lead.get("created_time")) > int(rule["value"])]
        return 200, self._page(leads, params), {}

    def _page(self, items: list[dict], params: dict) -> dict:
        start = int(params.get("after") or 0)
        page = items[start:start + self.page_size]
        body: dict = {"data": page, "paging": {"cursors": {"before": str(start),
                                                           "after": str(start + len(page))}}}
        if start + self.page_size < len(items):
            body["paging"]["next"] = f"{self.url}/{API_VERSION}/next?after={start + len(page)}"
        return body


def _unix(text: str | None) -> int:
    try:
        return int(dt.datetime.strptime(text or "", "%Y-%m-%dT%H:%M:%S%z").timestamp())
    except ValueError:
        return 0


class _Handler(BaseHTTPRequestHandler):
    server: GraphDouble

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = dict(parse_qsl(body if self.command == "POST" else parts.query, keep_blank_values=True))
        prefix = f"/{API_VERSION}/"
        assert parts.path.startswith(prefix), parts.path
        path = parts.path[len(prefix):]
        self.server.requests.append({
            "method": self.command, "path": path, "params": params,
            "query": parts.query, "authorization": self.headers.get("Authorization"),
        })
        status, answer, headers, delay = self.server.respond(self.command, path, params)
        time.sleep(delay)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


def serve() -> GraphDouble:
    server = GraphDouble()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server: GraphDouble) -> None:
    server.shutdown()
    server.server_close()
