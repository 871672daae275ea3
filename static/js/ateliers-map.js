// Activity place on a small Leaflet map: tap to set the point (form) or see it (detail page).
// Shapes are drawn with vector layers, so they show even when the tiles fail to load.
(function () {
  "use strict";
  var configNode = document.getElementById("ateliers-map-config");
  var container = document.getElementById("lieu-map");
  if (!configNode || !container || typeof L === "undefined") return;
  var config = JSON.parse(configNode.textContent);
  container.hidden = false;
  // A read-only map is not focusable itself (its zoom buttons are), as axe asks.
  var map = L.map(container, { scrollWheelZoom: false, keyboard: !!config.editable }).setView([48.8566, 2.3522], 12);
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  var perimeter = null;
  var point = null;
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var quartier = document.getElementById("id_quartier");

  function showPerimeter(id) {
    if (perimeter) { map.removeLayer(perimeter); perimeter = null; }
    var shape = config.perimetres[id];
    if (!shape) return;
    perimeter = L.geoJSON(shape, { style: { color: "#134a28", weight: 2, fillOpacity: 0.08 } }).addTo(map);
    if (!point) map.fitBounds(perimeter.getBounds(), { maxZoom: 17, animate: false });
  }

  function setPoint(latlng, pan) {
    if (point) point.setLatLng(latlng);
    else point = L.circleMarker(latlng, { radius: 9, color: "#a4161a", weight: 3, fillOpacity: 0.6 }).addTo(map);
    if (pan) map.setView(latlng, Math.max(map.getZoom(), 16), { animate: false });
  }

  if (config.point) setPoint(config.point, true);
  else if (lat && lng && lat.value && lng.value) setPoint([parseFloat(lat.value), parseFloat(lng.value)], true);
  showPerimeter(quartier ? quartier.value : config.quartier);

  if (config.editable && lat && lng) {
    map.on("click", function (event) {
      setPoint(event.latlng, false);
      lat.value = event.latlng.lat.toFixed(6);
      lng.value = event.latlng.lng.toFixed(6);
    });
    if (quartier) quartier.addEventListener("change", function () { showPerimeter(quartier.value); });
    // The map lives in a closed <details>: size it when it opens.
    var details = container.closest("details");
    if (details) details.addEventListener("toggle", function () { map.invalidateSize(); });
  }
})();
