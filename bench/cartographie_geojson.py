"""Benchmark (not a test): the neighbourhood GeoJSON endpoint with 10 000 notes.

    DATABASE_URL=postgres://… .venv/bin/python bench/cartographie_geojson.py [--notes 10000]

Builds a throw-away organisation, neighbourhood, session and N notes inside a transaction that
is rolled back at the end (nothing stays in the database), calls the endpoint through Django's
test client as a facilitator, and prints the time (median of several runs), the query count and
the payload size, raw and gzip-compressed (the view gzips it for browsers that accept it).
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecogestion.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cartographie.load_data import build_notes  # noqa: E402
from cartographie.models import Annotation, Carte  # noqa: E402
from comptes.models import Organisation, Role, User  # noqa: E402
from quartiers.models import Quartier  # noqa: E402

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.38, 48.87], [2.39, 48.87], [2.39, 48.875], [2.38, 48.875], [2.38, 48.87]]],
}


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        with transaction.atomic():
            org = Organisation.objects.create(nom="Bench cartographie (temporaire)")
            user = User.objects.create_user(
                email="bench-carto@example.org", organisation=org, role=Role.FACILITATEUR
            )
            quartier = Quartier.objects.create(organisation=org, nom="Bench", perimetre=SQUARE)
            carte = Carte.objects.create(quartier=quartier, titre="Bench")
            start = time.perf_counter()
            Annotation.objects.bulk_create(build_notes(carte, args.notes), batch_size=5_000)
            built = time.perf_counter() - start
            client = Client()
            client.force_login(user)
            url = reverse("cartographie:quartier_notes", args=[quartier.pk])
            timings = []
            for _run in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
                    timings.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
            sent = response.content
            body = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
            print(f"database          {connection.vendor}")
            print(f"notes             {args.notes:,} (bulk_create in {built:.2f} s)")
            print(f"queries           {len(queries.captured_queries)}")
            median, low, high = (
                statistics.median(timings) * 1000,
                min(timings) * 1000,
                max(timings) * 1000,
            )
            print(
                f"time (median)     {median:.0f} ms "
                f"(min {low:.0f}, max {high:.0f}, {args.runs} runs)"
            )
            print(f"payload           {len(body) / 1024:,.0f} KiB")
            print(
                f"sent              {len(sent) / 1024:,.0f} KiB "
                f"(Content-Encoding: {response.get('Content-Encoding')})"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
