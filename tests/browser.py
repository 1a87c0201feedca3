"""Run the real app with `streamlit run` on 127.0.0.1 and drive Debian's Chromium with Playwright.

No `playwright install`: the browser is /usr/bin/chromium, with flags that keep it off the network.
Set REQUIRE_BROWSER=1 (CI does) to fail instead of skipping when Chromium is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
#: axe-core from the npm registry, installed by `npm ci` (.ci/run); never fetched while tests run.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.2 A and AA rules; the test fails on a violation of these impacts.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = ("serious", "critical")


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(database_url: str, timeout: float = 60, script: Path | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` (or `script`) on a free port with its own database; yield its URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    raise RuntimeError(f"streamlit did not start:\n{output}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script (no 'Running...' indicator)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    # Elements of the previous run linger, marked stale, until the new run's are all drawn.
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


class ScriptRuns:
    """Follows the app's script runs through Streamlit's own messages on the websocket.

    The page cannot show this reliably (a quick run never flips the 'running' state on screen), so a
    wait for "the run my click started has ended" reads the protocol: each run opens with a
    new_session message and closes with script_finished. A run cut short by another (a click while
    a field's change is still running) may close without its script_finished, so what counts is the
    last message, not a tally of both.
    """

    def __init__(self, page) -> None:
        self.started = 0
        self.running = False  # a run has started and not finished, or ended early for one that is coming
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        from google.protobuf.message import DecodeError
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except DecodeError:
            return
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.started += 1
            self.running = True
        elif kind == "script_finished":
            self.running = message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN

    def settled_since(self, started_before: int) -> bool:
        return self.started > started_before and not self.running

    def wait_since(self, page, started_before: int, timeout: float = 60) -> None:
        """Wait until a run started after `started_before` runs, and every run since has ended."""
        deadline = time.monotonic() + timeout
        while not self.settled_since(started_before):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app did not finish a script run within {timeout:g} s")
            page.wait_for_timeout(50)


_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def open_app(context, url: str):
    """A new page on the app, counting its script runs, after the first run has ended."""
    page = context.new_page()
    _RUNS[page] = runs = ScriptRuns(page)
    page.set_default_timeout(60_000)
    page.goto(url)
    runs.wait_since(page, 0)
    wait_for_app(page)
    return page


def reload(page) -> None:
    """Reload the page (a new session) and wait for its first run."""
    runs = _RUNS[page]
    before = runs.started
    page.reload()
    runs.wait_since(page, before)
    wait_for_app(page)


@contextmanager
def rerun(page) -> Iterator[None]:
    """Around an action that reruns the script: wait until that run (and any st.rerun after it) has ended."""
    runs = _RUNS[page]
    before = runs.started
    yield
    runs.wait_since(page, before)
    wait_for_app(page)


def scroll_to(locator) -> None:
    """Scroll the app so this element is at the top of the window (for a screenshot that shows it)."""
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_page(page, title: str) -> None:
    """Click a page's link in the sidebar by its title (ui/navigation.py) and wait for it to run."""
    with rerun(page):
        page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()


def open_tab(where, name: str) -> None:
    """Select a tab of st.tabs by its label (in a page, or a locator within one), and wait for the run that draws
    it: the app's tabs draw only the open one (on_change="rerun")."""
    tab = where.get_by_role("tab", name=name, exact=True)
    if tab.get_attribute("aria-selected") != "true":
        with rerun(getattr(where, "page", where)):
            tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


COMMIT_WAIT_MS = 1500  # how long a committed field outside a form may take to start its rerun


def type_into(field, text: str) -> None:
    """Replace a text field's content and leave it, as a person does: Streamlit commits on blur. Outside a form
    the commit reruns the script: wait for that run to end, so the next click does not land mid-run."""
    page = field.page
    runs = _RUNS.get(page)
    in_form = field.evaluate("element => Boolean(element.closest('[data-testid=\"stForm\"]'))")
    before = runs.started if runs is not None else 0
    field.fill(text)
    field.press("Tab")
    if runs is None or in_form:
        return
    deadline = time.monotonic() + COMMIT_WAIT_MS / 1000
    while runs.started == before and time.monotonic() < deadline:  # no run when the text did not change
        page.wait_for_timeout(50)
    if runs.started > before:
        runs.wait_since(page, before)
        wait_for_app(page)


def fill(where, fields: dict[str, str]) -> None:
    """Type into text fields found by their exact labels, on a page or within a part of it."""
    for label, text in fields.items():
        type_into(where.get_by_label(label, exact=True), text)


def click(page, locator) -> None:
    """Click something that reruns the script (a button), and wait for the run to end."""
    with rerun(page):
        locator.click()


def choose(page, label: str, *options: str) -> None:
    """Pick options in a multiselect by their visible labels, then close its menu."""
    field = page.get_by_label(label, exact=True)
    for option in options:
        field.click()
        field.press_sequentially(option[:12])  # typing opens the menu and narrows it to the option
        page.get_by_role("option", name=option, exact=True).click()
    field.press("Escape")


def pick(page, where, label: str, option: str) -> None:
    """Choose an option of an st.selectbox by its visible text: typing opens the menu and narrows it."""
    field = where.get_by_label(label, exact=True)
    field.click()
    field.press_sequentially(option[:12])
    page.get_by_role("option", name=option, exact=True).click()


ROW_HEIGHT = 35  # st.data_editor's row (and header) height in pixels
GRID_DEBOUNCE_MS = 150  # st.data_editor hands its edits to the app this long after the last one


def edit_grid_row(page, grid, row: int, cells: list[str], *, add: bool = False, first_column: int = 0,
                  rows: int | None = None) -> None:
    """Type cells left to right into row `row` of an st.data_editor (a canvas grid), adding the row first.

    A click selects the row's first cell, arrow keys move right `first_column` cells, Enter opens the
    cell's editor, and Tab commits it and moves one cell right. `rows`: wait until the grid shows that many
    rows first (it is drawn afresh when new data arrives, which would drop the selection).
    """
    if add:
        grid.hover()
        grid.get_by_role("button", name="Add row").click()
    canvas = grid.get_by_test_id("data-grid-canvas")
    canvas.wait_for(state="visible")
    if rows is not None:  # header, the rows, and the row that adds one
        expect(canvas).to_have_attribute("height", str(ROW_HEIGHT * (rows + 2)))
    # The grid's scroller sits over its canvas and takes the click, as it does for a person.
    canvas.click(position={"x": 60, "y": ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2}, force=True)
    expect(canvas).to_be_focused()
    for _ in range(first_column):
        page.keyboard.press("ArrowRight")
    for text in cells:
        page.keyboard.press("Enter")
        edit_open_cell(page, text)
    page.wait_for_timeout(GRID_DEBOUNCE_MS * 3)  # nothing on the page shows the hand-over, so wait past it


def edit_open_cell(page, text: str) -> None:
    """Type into the grid's open cell editor and commit with Tab (which moves one cell right)."""
    editor = page.locator("#portal").locator("textarea, input").first
    editor.wait_for()
    editor.fill(text)
    editor.press("Tab")
    editor.wait_for(state="detached")


def require_axe() -> None:
    if not AXE.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {AXE} is missing (npm ci)")
        pytest.skip(f"{AXE} is missing (npm ci)")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical WCAG A/AA violations, each with the
    elements it found (their CSS selectors) and, for contrast, the colours axe measured."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""", AXE_TAGS)
    return [violation for violation in found if violation["impact"] in BLOCKING_IMPACTS]


def heading_skips(page) -> list[str]:
    """Where the visible headings of the page's main area skip a level ("h2 then h4"), or do not start at h1."""
    levels = page.get_by_test_id("stMain").locator("h1, h2, h3, h4, h5, h6").evaluate_all(
        "nodes => nodes.filter(n => n.offsetParent !== null).map(n => Number(n.tagName[1]))")
    skips = [f"h{a} then h{b}" for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    return skips if levels[:1] == [1] else [f"starts at h{levels[0] if levels else '(none)'}", *skips]


def choose_in_grid(page, grid, row: int, column: int, option: str) -> None:
    """Choose an option in a selectbox cell of an st.data_editor (row and column from 0), outside a form:
    the edit reruns the script, which this waits for."""
    canvas = grid.get_by_test_id("data-grid-canvas")
    canvas.wait_for(state="visible")
    with rerun(page):
        canvas.click(position={"x": 60, "y": ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2}, force=True)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.locator("#portal").get_by_text(option, exact=True).click()
