"""The chat widget on the demo clinic page, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import Stack, free_port, http

pytestmark = [pytest.mark.browser, pytest.mark.rasa]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = PROJECT_ROOT / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


class WebSide:
    def __init__(self, stack: Stack, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "RASA_REST_URL": stack.rest_url, "WEB_PORT": str(self.port),
                    "BOT_VAR_DIR": str(stack.var_dir),
                    "WEB_ALLOWED_ORIGINS": self.url, "BOT_COUNTRY": "US"}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=PROJECT_ROOT, env=self.env,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if http("GET", f"{self.url}/health", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"web side did not start; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)


@pytest.fixture(scope="module")
def web_side(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSide]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium first")
    side = WebSide(stack, tmp_path_factory.mktemp("web") / "web.log")
    side.start()
    yield side
    side.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


# The browser's time zone decides the crisis lines' country (a page without data-country): New York's unless a
# test says otherwise, whatever the machine's own zone.
@pytest.fixture
def timezone_id() -> str:
    return "America/New_York"


@pytest.fixture
def page(browser: object, web_side: WebSide, timezone_id: str) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE, timezone_id=timezone_id)
    page = context.new_page()
    page.requests = []
    page.console_errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("dialog", lambda d: (page.console_errors.append("dialog: " + d.message), d.dismiss()))
    page.goto(web_side.url + "/")
    yield page
    context.close()


def open_chat(page: object) -> None:
    page.get_by_role("button", name=re.compile("chat", re.I)).click()
    page.get_by_role("log").get_by_text("automated guide").wait_for()


def say(page: object, text: str) -> None:
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_open_and_greet_at_phone_size(page: object) -> None:
    launcher = page.get_by_role("button", name=re.compile("chat", re.I))
    assert launcher.is_visible()
    open_chat(page)
    assert page.get_by_role("log").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "widget-phone-greeting.png"))
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_crisis_message_shows_the_crisis_number(page: object) -> None:
    open_chat(page)
    say(page, "I want to kill myself")
    page.get_by_role("log").get_by_text("988 Suicide & Crisis Lifeline").wait_for()
    assert "911" in page.get_by_role("log").inner_text()
    page.screenshot(path=str(SHOTS / "widget-phone-crisis.png"))


@pytest.mark.parametrize("timezone_id", ["Europe/Berlin"])
def test_a_browser_in_berlin_gets_germanys_lines(page: object) -> None:
    open_chat(page)
    say(page, "I want to kill myself")
    page.get_by_role("log").get_by_text("TelefonSeelsorge").wait_for()
    assert "112" in page.get_by_role("log").inner_text()


def test_quick_replies_are_buttons(page: object) -> None:
    open_chat(page)
    page.get_by_role("button", name="Yes, store my check-ins").click()
    page.get_by_role("log").get_by_text("I'll keep your check-ins").wait_for()
    say(page, "check in")
    page.get_by_role("button", name="7", exact=True).click()
    page.get_by_role("log").get_by_text("How anxious").wait_for()


def test_markup_in_messages_is_inert(page: object) -> None:
    open_chat(page)
    payload = '<img src="x" onerror="alert(1)"><b>bold</b><script>alert(2)</script>'
    say(page, payload)
    log = page.get_by_role("log")
    log.get_by_text(payload).wait_for()
    assert page.evaluate("""() => {
        const host = document.querySelector('recovery-guide-chat');
        return host.shadowRoot.querySelectorAll('.log b, .log script, .log img[src="x"]').length;
    }""") == 0
    assert not [e for e in page.console_errors if "dialog" in e]


def test_reload_keeps_the_conversation_and_end_chat_forgets_it(page: object) -> None:
    open_chat(page)
    say(page, "are you a bot?")
    page.get_by_role("log").get_by_text("not a person, not a therapist").wait_for()
    page.reload()
    page.get_by_role("log").get_by_text("not a person, not a therapist").wait_for()
    assert page.get_by_role("log").get_by_text("are you a bot?").is_visible()
    page.get_by_role("button", name="End chat").click()
    assert page.evaluate("() => sessionStorage.length") == 0
    page.reload()
    page.get_by_role("button", name=re.compile("chat", re.I)).click()
    page.get_by_role("log").get_by_text("automated guide").wait_for()
    assert page.get_by_role("log").get_by_text("are you a bot?").count() == 0


def test_help_now_first_then_the_panel_follows_the_country_named(page: object) -> None:
    open_chat(page)
    say(page, "help now")
    page.get_by_role("log").get_by_text("988").first.wait_for()
    say(page, "I'm in the UK")
    page.get_by_role("log").get_by_text("United Kingdom").wait_for()
    page.get_by_role("button", name="Need help now?").click()
    panel = page.get_by_role("region", name="Crisis help").inner_text()
    assert "116 123" in panel and "988" not in panel
    say(page, "help now")
    page.get_by_role("log").get_by_text("116 123").last.wait_for()
    assert "None" not in page.get_by_role("log").inner_text()


def test_no_request_leaves_localhost(page: object) -> None:
    open_chat(page)
    say(page, "how have I been doing?")
    page.get_by_role("log").get_by_text("any check-ins").wait_for()
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts


def test_keyboard_only(page: object) -> None:
    launcher = page.get_by_role("button", name=re.compile("chat", re.I))
    for _ in range(12):
        page.keyboard.press("Tab")
        if launcher.evaluate("b => b.getRootNode().activeElement === b"):
            break
    page.keyboard.press("Enter")
    page.get_by_role("log").get_by_text("automated guide").wait_for()
    assert page.evaluate("() => document.querySelector('recovery-guide-chat').shadowRoot.activeElement.id") \
        == "rg-input"
    page.keyboard.type("what can you do")
    page.keyboard.press("Enter")
    page.get_by_role("log").get_by_text("I can: record").wait_for()
    page.keyboard.press("Escape")
    assert launcher.is_visible()


def test_server_down_shows_it_and_the_crisis_link_still_works(page: object, web_side: WebSide) -> None:
    open_chat(page)
    web_side.stop()
    try:
        say(page, "hello?")
        page.get_by_role("log").get_by_text("can't reach the chat service").wait_for()
        page.get_by_role("button", name="Need help now?").click()
        help_text = page.get_by_role("region", name="Crisis help").inner_text()
        assert "988" in help_text and "911" in help_text
        page.screenshot(path=str(SHOTS / "widget-phone-offline.png"))
    finally:
        web_side.start()
    page.get_by_role("log").get_by_text("Connected again").wait_for(timeout=30_000)


def test_a_refused_message_is_said_with_the_crisis_line(page: object) -> None:
    """A message the web side cannot take (here its body is broken on the way) is said to be refused, with
    the crisis line the refusal carries, instead of "can't reach the chat service"."""
    open_chat(page)
    page.route("**/webhooks/rest/webhook", lambda route: route.continue_(post_data=b"\xff\xfe"))
    say(page, "hello")
    log = page.get_by_role("log")
    log.get_by_text("couldn't take that message in").wait_for()
    assert "988" in log.inner_text() and "can't reach" not in log.inner_text()


def test_desktop_screenshot_and_no_csp_violations(browser: object, web_side: WebSide) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    response = page.goto(web_side.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    open_chat(page)
    page.screenshot(path=str(SHOTS / "widget-desktop.png"))
    context.close()
    assert not errors, errors


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(("foreground", "background"), [
    ("#ffffff", "#14532d"),  # header, launcher, user messages
    ("#1d2327", "#eef3ef"),  # bot messages
    ("#8a1c1c", "#fdf2f2"),  # "Need help now?"
    ("#3b0d0d", "#fff7f7"),  # crisis help text
    ("#4a5560", "#ffffff"),  # notices
    ("#14532d", "#ffffff"),  # quick replies
])
def test_default_colours_meet_wcag_aa(foreground: str, background: str) -> None:
    widget = (PROJECT_ROOT / "bot" / "sides" / "web_static" / "widget.js").read_text()
    assert foreground in widget and background in widget
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


@pytest.mark.parametrize("timezone_id", ["UTC"])  # the reminder's time below is the browser's
def test_daily_reminder_shows_while_the_widget_is_open(page: object) -> None:
    import datetime as dt

    open_chat(page)
    page.get_by_role("button", name="Yes, store my check-ins").click()
    page.get_by_role("log").get_by_text("I'll keep your check-ins").wait_for()
    now = dt.datetime.utcnow().strftime("%H:%M")
    say(page, f"remind me every day at {now}")
    page.get_by_role("log").get_by_text(f"every day at {now}").wait_for()
    page.evaluate("() => document.querySelector('recovery-guide-chat').checkReminders()")
    page.get_by_role("log").get_by_text("time for your daily check-in").wait_for()
    assert page.get_by_role("button", name="Check in now").is_visible()
    page.evaluate("() => document.querySelector('recovery-guide-chat').checkReminders()")
    page.wait_for_timeout(500)
    assert page.get_by_role("log").get_by_text("time for your daily check-in").count() == 1  # once a day
