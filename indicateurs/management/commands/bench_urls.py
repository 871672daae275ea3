"""URLs of the benchmark: the project's, plus a trivial view that the page timings are
compared with. It goes through the same middleware (sessions, authentication, CSP…) and
login check as the real pages, and does nothing: no query of its own, no template."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__banc-essai__/trivial/", trivial, name="bench_trivial"),
    path("", include("ecogestion.urls")),
]
