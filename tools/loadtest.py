#!/usr/bin/env python3
"""Load test on loopback: N facilitators browsing and M residents using the public pages.

    python tools/loadtest.py --base-url http://127.0.0.1:8000 --facilitators 10 --residents 20 \
        --duration 60

Standard library only (threads + urllib), bounded in time, refuses any host but loopback. Each
virtual user is a thread with its own cookies; facilitators log in through the real login form
(demo accounts), then loop over FACILITATOR_PAGES; residents loop over RESIDENT_SCENARIOS:
answer a survey through its public link, add a map note through a public link (the open links
are found at start-up through one facilitator's pages), read the RGPD register.
Prints sustained requests/s, error rate, p50/p95/p99 latency, and the same per page.

Adding pages: append a path to FACILITATOR_PAGES ("{quartier}" is replaced by a neighbourhood id
found on the list page), or a function to RESIDENT_SCENARIOS (it receives a ``Client`` and makes
the requests of one resident visit, e.g. open a survey link and post an answer).
"""

import argparse
import http.cookiejar
import json
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_DURATION = 600
DEMO_PASSWORD = "demo-ecogestion"  # noqa: S105 - the documented demo password
FACILITATOR_ACCOUNTS = [
    "facilitatrice@demo.ecogestion.fr",
    "facilitateur@demo.ecogestion.fr",
    "direction@demo.ecogestion.fr",
    "admin@demo.ecogestion.fr",
]

FACILITATOR_PAGES = [
    "/",
    "/quartiers/",
    "/quartiers/{quartier}/",
    "/acteurs/",
    "/acteurs/?page=2",
    "/ateliers/",
    "/ateliers/calendrier/",
    "/enquetes/",
    "/cartographie/quartier/{quartier}/",
    "/indicateurs/",
    "/indicateurs/quartiers/{quartier}/",
]


# Public links found at start-up (one facilitator session reads them from the staff pages):
# {"enquete": ["/enquetes/r/<jeton>/", ...], "carte": ["/cartographie/p/<jeton>/", ...]}.
PUBLIC_LINKS: dict[str, list[str]] = {"enquete": [], "carte": []}
PUBLIC_LINK_PATTERNS = {
    "enquete": re.compile(r"/enquetes/r/[\w-]+/"),
    "carte": re.compile(r"/cartographie/p/[\w-]+/"),
}
INPUT_TAG = re.compile(r"<input\b[^>]*>", re.S)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_answers(html: str) -> dict[str, str]:
    """What a hurried resident sends: the first choice of every radio group, checkbox group and
    list, the lowest allowed number; text boxes left empty (the honeypot too)."""
    data: dict[str, str] = {}
    for tag in INPUT_TAG.findall(html):
        attrs = dict(ATTR.findall(tag))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or name in data:
            continue
        if kind in ("radio", "checkbox"):
            data[name] = attrs.get("value", "on")
        elif kind == "number":
            data[name] = attrs.get("min", "1")
        elif kind == "hidden":
            data[name] = attrs.get("value", "")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        values = [v for v in re.findall(r'<option value="([^"]*)"', options) if v]
        if values and name not in data:
            data[name] = values[0]
    return data


def resident_reads_the_rgpd_register(client: "Client") -> None:
    client.get("/rgpd/")


def resident_answers_a_survey(client: "Client") -> None:
    """Opens a survey's public link (QR code) and sends an answer; anything but the thank-you
    page counts as an error."""
    if not PUBLIC_LINKS["enquete"]:
        return
    link = random.choice(PUBLIC_LINKS["enquete"])
    html = client.get(link, label="GET /enquetes/r/<jeton>/")
    client.post(
        link,
        form_answers(html),
        label="POST /enquetes/r/<jeton>/",
        expect="Merci pour votre participation",
    )


def resident_adds_a_map_note(client: "Client") -> None:
    """Opens a map session's public link, loads the others' notes, places a note inside the
    neighbourhood and sends it; anything but the thank-you message counts as an error."""
    if not PUBLIC_LINKS["carte"]:
        return
    link = random.choice(PUBLIC_LINKS["carte"])
    html = client.get(link, label="GET /cartographie/p/<jeton>/")
    if 'id="carto-note-form"' not in html:
        return  # a closed session: nothing to add
    client.get(link + "notes.geojson", label="GET /cartographie/p/<jeton>/notes.geojson")
    lng, lat = inside_point(html)
    data = form_answers(html)
    data.update(
        geometrie=json.dumps({"type": "Point", "coordinates": [lng, lat]}),
        commentaire="Note du test de charge",
    )
    client.post(link, data, label="POST /cartographie/p/<jeton>/", expect='id="merci"')


def inside_point(html: str) -> tuple[float, float]:
    """A point of the neighbourhood: the middle of its perimeter's first ring (the demo
    perimeters are convex enough), read from the page's map configuration."""
    match = re.search(r'id="carto-config"[^>]*>(.*?)</script>', html, re.S)
    ring = json.loads(match.group(1))["perimetre"]["coordinates"][0] if match else [[2.38, 48.87]]
    while isinstance(ring[0][0], list):  # MultiPolygon
        ring = ring[0]
    return (
        round(sum(p[0] for p in ring) / len(ring), 6),
        round(sum(p[1] for p in ring) / len(ring), 6),
    )


def find_public_links(base_url: str, email: str) -> None:
    """Log one facilitator in and collect the open surveys' and map sessions' public links
    (from the survey pages and their "diffusion" page, the map sessions' pages)."""
    client = Client(base_url, Stats(), time.monotonic() + 120)
    login(client, email)
    staff_page = re.compile(r'href="(/enquetes/\d+/|/cartographie/(?:cartes|quartier)/\d+/)"')
    todo, seen = ["/enquetes/", "/cartographie/"], set()
    while todo and len(seen) < 60:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        html = client.get(path)
        for kind, pattern in PUBLIC_LINK_PATTERNS.items():
            for link in pattern.findall(html):
                if link not in PUBLIC_LINKS[kind]:
                    PUBLIC_LINKS[kind].append(link)
        for found in staff_page.findall(html):
            todo.extend(
                [found, found + "diffusion/"] if found.startswith("/enquetes/") else [found]
            )
    # Keep the links that take answers today (closed surveys answer 410, closed sessions have
    # no form), as seen by a resident without an account.
    resident = Client(base_url, Stats(), time.monotonic() + 120)
    for kind, marker in (("enquete", "survey-form"), ("carte", 'id="carto-note-form"')):
        PUBLIC_LINKS[kind] = [link for link in PUBLIC_LINKS[kind] if marker in resident.get(link)]


RESIDENT_SCENARIOS = [
    resident_answers_a_survey,
    resident_answers_a_survey,
    resident_adds_a_map_note,
    resident_adds_a_map_note,
    resident_reads_the_rgpd_register,
]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, label: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.samples[label].append(seconds)
            if not ok:
                self.errors[label] += 1


class Client:
    """One virtual user: a cookie jar and timed requests (redirects followed)."""

    def __init__(self, base_url: str, stats: Stats, deadline: float):
        self.base_url = base_url.rstrip("/")
        self.stats = stats
        self.deadline = deadline
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(
        self, method: str, path: str, data: dict | None = None, label: str = "", expect: str = ""
    ) -> str:
        label = label or method + " " + re.sub(r"/\d+/", "/<id>/", path)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # Only http(s) on loopback: the base URL was checked in main().
        req = urllib.request.Request(self.base_url + path, data=body, method=method)  # noqa: S310
        req.add_header("Referer", self.base_url + path)
        start = time.perf_counter()
        text, ok = "", False
        try:
            with self.opener.open(req, timeout=30) as response:  # noqa: S310
                text = response.read().decode("utf-8", "replace")
                ok = response.status < 400 and expect in text
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            pass
        if time.monotonic() <= self.deadline:  # requests cut by the end of the run don't count
            self.stats.add(label, time.perf_counter() - start, ok)
        return text

    def get(self, path: str, label: str = "") -> str:
        return self.request("GET", path, label=label)

    def post(self, path: str, data: dict, label: str = "", expect: str = "") -> str:
        return self.request("POST", path, data=data, label=label, expect=expect)

    def csrf_token(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""


def login(client: Client, email: str) -> None:
    html = client.get("/accounts/login/", label="GET /accounts/login/")
    client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": client.csrf_token(html), "login": email, "password": DEMO_PASSWORD},
        label="POST /accounts/login/",
    )


def facilitator(client: Client, email: str, think: float, stop: threading.Event) -> None:
    login(client, email)
    listing = client.get("/quartiers/")
    ids = re.findall(r'href="/quartiers/(\d+)/"', listing) or ["0"]
    while not stop.is_set():
        for page in FACILITATOR_PAGES:
            if stop.is_set():
                return
            client.get(page.format(quartier=random.choice(ids)))
            time.sleep(random.uniform(0, think))


def resident(client: Client, think: float, stop: threading.Event) -> None:
    while not stop.is_set():
        random.choice(RESIDENT_SCENARIOS)(client)
        time.sleep(random.uniform(0, think))


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def report(stats: Stats, elapsed: float) -> int:
    everything = [s for samples in stats.samples.values() for s in samples]
    errors = sum(stats.errors.values())
    total = len(everything)
    print(f"\n{total} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s")
    print(f"errors: {errors} ({100 * errors / max(total, 1):.2f} %)")
    print(
        "latency ms: p50 {:.0f}  p95 {:.0f}  p99 {:.0f}  max {:.0f}".format(
            *(1000 * percentile(everything, p) for p in (50, 95, 99, 100))
        )
    )
    print(f"\n{'page':40} {'n':>6} {'err':>5} {'p50':>6} {'p95':>6}  (ms)")
    for label in sorted(stats.samples):
        samples = stats.samples[label]
        print(
            f"{label:40} {len(samples):6} {stats.errors[label]:5} "
            f"{1000 * statistics.median(samples):6.0f} {1000 * percentile(samples, 95):6.0f}"
        )
    return 1 if errors else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--facilitators", type=int, default=10)
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help=f"seconds (≤ {MAX_DURATION})")
    parser.add_argument("--think", type=float, default=1.0, help="max pause between pages (s)")
    args = parser.parse_args(argv)
    parts = urllib.parse.urlsplit(args.base_url)
    host = parts.hostname
    if parts.scheme not in ("http", "https"):
        parser.error("--base-url must be http:// or https://")
    if host not in LOOPBACK:
        parser.error(f"{host}: load tests run on loopback only")
    duration = min(args.duration, MAX_DURATION)

    find_public_links(args.base_url, FACILITATOR_ACCOUNTS[0])
    print(
        f"public links: {len(PUBLIC_LINKS['enquete'])} survey(s), "
        f"{len(PUBLIC_LINKS['carte'])} map session(s)"
    )
    stats, stop = Stats(), threading.Event()
    deadline = time.monotonic() + duration
    threads = []
    for i in range(args.facilitators):
        client = Client(args.base_url, stats, deadline)
        email = FACILITATOR_ACCOUNTS[i % len(FACILITATOR_ACCOUNTS)]
        threads.append(threading.Thread(target=facilitator, args=(client, email, args.think, stop)))
    for _ in range(args.residents):
        client = Client(args.base_url, stats, deadline)
        threads.append(threading.Thread(target=resident, args=(client, args.think, stop)))
    print(
        f"{args.facilitators} facilitators + {args.residents} residents on {args.base_url} "
        f"for {duration} s…"
    )
    started = time.monotonic()
    for thread in threads:
        thread.daemon = True
        thread.start()
    time.sleep(duration)
    stop.set()
    elapsed = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=35)
    return report(stats, elapsed)


if __name__ == "__main__":
    sys.exit(main())
