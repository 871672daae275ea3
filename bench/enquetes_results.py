"""Benchmark (not a test): survey results page and exports at 10 000 and 200 000 responses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eco_enquetes_bench \
        .venv/bin/python bench/enquetes_results.py [10000 200000]

Migrates the given database, fills one survey with ``enquetes.load_data.generate`` (topping up
between sizes), then times the results page (through the test client, as a Direction user),
the raw CSV and XLSX exports (streamed to nowhere) and reports the growth of resident memory during each call
and the process's peak RSS. Use a scratch database: it is filled, not cleaned.
"""

import os
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecogestion.settings")
os.environ.setdefault("ECOGESTION_MFA_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from comptes.models import Organisation, Role, User  # noqa: E402
from enquetes import load_data  # noqa: E402


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def measure(label, func):
    """Wall time, queries, and the peak resident memory above the level before the call
    (sampled every 20 ms: tracemalloc would slow the exports several times over)."""
    base, peak, running = _rss(), [0], [True]

    def sample():
        while running[0]:
            peak[0] = max(peak[0], _rss() - base)
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    reset_queries()
    t0 = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - t0
    running[0] = False
    thread.join()
    queries = len(connection.queries)
    print(
        f"  {label:22} {elapsed:8.2f} s   +{peak[0] / 2**20:6.1f} Mo RSS   {queries:3d} requêtes   {result}",
        flush=True,
    )
    return elapsed


def consume(response):
    size = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        size += len(chunk)
    return f"{size / 2**20:.1f} Mo"


def run(client, enquete):
    segment = enquete.questions.get(code="profil")
    results = reverse("enquetes:results", args=[enquete.pk])

    def export(name):
        return consume(client.get(reverse(name, args=[enquete.pk])))

    measure("page de résultats", lambda: client.get(results).status_code)
    measure("résultats ventilés", lambda: client.get(results, {"ventiler": segment.pk}).status_code)
    measure("synthèse CSV", lambda: export("enquetes:results_csv"))
    measure("réponses CSV", lambda: export("enquetes:responses_csv"))
    measure("réponses XLSX", lambda: export("enquetes:responses_xlsx"))


def main(sizes):
    setup_test_environment()
    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    print(f"Base : {connection.vendor} — {settings.DATABASES['default']['NAME']}")
    for size in sizes:
        # One organisation (and survey) per size, so that sizes can be measured in any order.
        organisation, _ = Organisation.objects.get_or_create(nom=f"Organisation benchmark {size}")
        user, _ = User.objects.get_or_create(
            email=f"bench-direction-{size}@example.org",
            defaults={"organisation": organisation, "role": Role.DIRECTION},
        )
        client = Client()
        client.force_login(user)
        t0 = time.perf_counter()
        enquete = load_data.generate({"organisation": organisation}, scale=0, total=size)
        print(f"\n{size} réponses (génération / complément : {time.perf_counter() - t0:.0f} s)")
        run(client, enquete)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  RSS maximale du processus : {rss:.0f} Mo")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 200_000])
