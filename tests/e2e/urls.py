"""The project's URLs plus one page that draws a Leaflet map under the real CSP (tests only)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from ecogestion.urls import urlpatterns as project_urlpatterns

MAP_PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% load leaflet_tags %}
{% block head %}{% leaflet_css %}{% endblock %}
{% block content %}<h1>Carte</h1>
<div id="carte" class="map" role="region" aria-label="Carte du quartier"></div>
{{ tiles|json_script:"tiles-url" }}
{% leaflet_js %}
<script nonce="{{ csp_nonce }}">
  const map = L.map("carte").setView([48.87, 2.385], 15);
  L.tileLayer(JSON.parse(document.getElementById("tiles-url").textContent)).addTo(map);
  L.polygon([[48.87, 2.38], [48.87, 2.39], [48.875, 2.39]]).addTo(map);
  document.body.dataset.mapReady = "oui";
</script>
<script>document.body.dataset.sansNonce = "exécuté";</script>
{% endblock %}"""
)


def map_page(request):
    from django.conf import settings

    return HttpResponse(MAP_PAGE.render({"tiles": settings.MAP_TILES_URL}, request))


urlpatterns = [*project_urlpatterns, path("test-carte/", map_page)]
