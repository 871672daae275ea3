/* The small map of a neighbourhood page: perimeter and îlots, fitted to the perimeter.
 * Data come from the json_script "quartier-map-data". Shapes are vector layers, so they stay
 * visible on the plain background when the tiles cannot be loaded. */
(function () {
  "use strict";
  var container = document.getElementById("quartier-map");
  var source = document.getElementById("quartier-map-data");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(container, { scrollWheelZoom: false });

  if (data.tiles && data.tiles.url) {
    var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 });
    var warned = false;
    tiles.on("tileerror", function () {
      if (warned) {
        return;
      }
      warned = true;
      container.classList.add("map--no-tiles");
      var status = document.getElementById("quartier-map-status");
      if (status) {
        status.textContent += " " + (container.getAttribute("data-no-tiles") || "");
      }
    });
    tiles.addTo(map);
  }

  var perimetre = L.geoJSON(data.perimetre, {
    style: { color: "#134a28", weight: 3, fillColor: "#1d6b3a", fillOpacity: 0.12 },
  }).addTo(map);
  perimetre.bindTooltip(data.nom);

  (data.ilots || []).forEach(function (ilot) {
    L.geoJSON(ilot.geometrie, {
      style: { color: "#7a4b00", weight: 2, dashArray: "4 3", fillColor: "#ffbf47", fillOpacity: 0.35 },
    })
      .bindTooltip(ilot.nom)
      .addTo(map);
  });

  var bounds = perimetre.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [12, 12] });
  } else {
    map.setView([48.8566, 2.3522], 12);
  }
})();
