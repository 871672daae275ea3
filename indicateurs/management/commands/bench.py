"""Benchmark on the dataset of ``generate_load_data``: median and p95 time of the main pages,
each as a ratio to a trivial Django view served the same way, SQL queries per page, the time to
build each PDF report, and the peak memory of the largest export.

Pages are requested through Django's test client in this process (same middleware, same
database), so the ratio to the trivial view measures what the page itself costs."""

import resource
import statistics
import threading
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

from comptes.models import Organisation, User
from indicateurs import services
from indicateurs.models import Rapport, TypeRapport
from quartiers.models import Quartier

from .generate_load_data import BENCH_ORGANISATION, BENCH_USERS

# Plain static storage: the benchmark does not need collectstatic's manifest.
BENCH_SETTINGS = {
    "ALLOWED_HOSTS": ["*"],
    "ROOT_URLCONF": "indicateurs.management.commands.bench_urls",
    "ECOGESTION_MFA_REQUIRED": False,
    "DEBUG": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}
# (label, url name, kwargs builder). A page whose app is absent is skipped.
SURVEY_URL_NAMES = ["enquetes:resultats", "enquetes:results", "enquetes:detail"]


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


class Command(BaseCommand):
    help = "Mesure les pages, les rapports PDF et l'export sur le banc d'essai."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, runs, **options):
        organisation = Organisation.objects.filter(nom=BENCH_ORGANISATION).first()
        if organisation is None:
            raise CommandError("Lancez d'abord : manage.py generate_load_data")
        user = User.objects.get(email=BENCH_USERS["direction"][0])
        quartier = Quartier.objects.filter(organisation=organisation).order_by("nom").first()
        with override_settings(**BENCH_SETTINGS):
            pages = [("Vue triviale (connectée, sans requête)", reverse("bench_trivial"))]
            pages.append(("Tableau de bord Direction", reverse("indicateurs:direction")))
            pages.append(
                ("Tableau de bord quartier", reverse("indicateurs:quartier", args=[quartier.pk]))
            )
            pages.append(("Liste des acteurs", self._url("acteurs:list")))
            survey_url = self._survey_url(organisation)
            pages.append(("Résultats d'enquête", survey_url))
            segment = self._segment(organisation)
            if survey_url and segment:
                pages.append(
                    ("Résultats d'enquête ventilés par segment", f"{survey_url}?ventiler={segment}")
                )
            client = Client()
            client.force_login(user)
            results = []
            for label, url in pages:
                if url is None:
                    results.append((label, None))
                    continue
                results.append((label, self._measure(client, url, runs)))
        trivial = results[0][1]["median"]
        self.stdout.write("\n| Page | médiane (ms) | p95 (ms) | × vue triviale | requêtes SQL |")
        self.stdout.write("|---|---:|---:|---:|---:|")
        for label, m in results:
            if m is None:
                self.stdout.write(f"| {label} | — | — | — | (application absente) |")
                continue
            self.stdout.write(
                f"| {label} | {m['median']:.1f} | {m['p95']:.1f} | "
                f"{m['median'] / trivial:.1f} | {m['queries']} |"
            )
        self.stdout.write("")
        for kind, q in (
            (TypeRapport.FICHE_QUARTIER, quartier),
            (TypeRapport.BILAN_PROGRAMME, None),
        ):
            rapport = Rapport.objects.create(
                organisation=organisation,
                type_rapport=kind,
                annee=time.localtime().tm_year,
                quartier=q,
            )
            t0 = time.monotonic()
            services.rapport_construire(rapport_id=rapport.pk)
            rapport.refresh_from_db()
            self.stdout.write(
                f"- PDF {rapport.get_type_rapport_display()} : {time.monotonic() - t0:.1f} s "
                f"({rapport.etat}, {rapport.fichier.size // 1024} Kio)"
            )
        with override_settings(**BENCH_SETTINGS):
            client = Client()
            client.force_login(user)
            for fmt in ("csv", "xlsx"):
                url = reverse("indicateurs:export", args=[fmt])
                t0 = time.monotonic()
                size = sum(len(chunk) for chunk in client.get(url).streaming_content)
                elapsed = time.monotonic() - t0
                # Memory in a second run: tracemalloc slows Python down several times.
                tracemalloc.start()
                for _chunk in client.get(url).streaming_content:
                    pass
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                self.stdout.write(
                    f"- Export {fmt.upper()} de toutes les valeurs : {elapsed:.1f} s, "
                    f"{size // 1024} Kio, pic mémoire {peak / 1024 / 1024:.1f} Mio"
                )

        self._survey_exports(user, organisation)

    def _survey_exports(self, user, organisation):
        """The largest export: raw survey responses (CSV streamed, XLSX written to a temporary
        file then streamed). Peak resident memory above the level before the call, sampled
        every 20 ms (tracemalloc would slow the export several times over)."""
        try:
            from enquetes.models import Enquete, Participation  # noqa: PLC0415 - optional app
        except ImportError:
            return
        enquete = Enquete.objects.filter(organisation=organisation).first()
        if enquete is None:
            return
        total = Participation.objects.filter(enquete=enquete).count()
        with override_settings(**BENCH_SETTINGS):
            client = Client()
            client.force_login(user)
            for name in ("enquetes:responses_csv", "enquetes:responses_xlsx"):
                url = self._url(name, enquete.pk)
                if url is None:
                    continue
                base, peak, running = _rss(), [0], [True]

                def sample(base=base, peak=peak, running=running):
                    while running[0]:
                        peak[0] = max(peak[0], _rss() - base)
                        time.sleep(0.02)

                thread = threading.Thread(target=sample, daemon=True)
                thread.start()
                t0 = time.monotonic()
                size = sum(len(chunk) for chunk in client.get(url).streaming_content)
                elapsed = time.monotonic() - t0
                running[0] = False
                thread.join()
                self.stdout.write(
                    f"- Export des réponses {name.rsplit('_', 1)[1].upper()} "
                    f"({total} réponses) : {elapsed:.1f} s, {size // 1024} Kio, "
                    f"pic mémoire +{peak[0] / 1024 / 1024:.0f} Mio au-dessus du niveau "
                    f"d'avant (pic RSS du processus depuis son début : "
                    f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} Mio)"
                )

    def _segment(self, organisation):
        try:
            from enquetes.models import Question  # noqa: PLC0415 - optional app
        except ImportError:
            return None
        return (
            Question.objects.filter(enquete__organisation=organisation, segment=True)
            .order_by("ordre", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    def _url(self, name, *args):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    def _survey_url(self, organisation):
        try:
            from enquetes.models import Enquete  # noqa: PLC0415 - optional app
        except ImportError:
            return None
        enquete = Enquete.objects.filter(organisation=organisation).first()
        if enquete is None:
            return None
        for name in SURVEY_URL_NAMES:
            url = self._url(name, enquete.pk)
            if url:
                return url
        return None

    def _measure(self, client, url, runs):
        client.get(url)  # warm-up
        timings = []
        counted = []

        def count(execute, sql, params, many, context):
            counted.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        return {
            "median": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))],
            "queries": len(counted),
        }
