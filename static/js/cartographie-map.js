/* Cartographie sensible: the neighbourhood map, the team's drawing map, the note editor and
 * the residents' tap-to-place map. Configuration comes from json_script#carto-config; every
 * text residents wrote goes into the page through textContent (never innerHTML). */
(function () {
  "use strict";

  var configNode = document.getElementById("carto-config");
  var mapNode = document.getElementById("carto-map");
  if (!configNode || !mapNode || typeof L === "undefined") return;
  var config = JSON.parse(configNode.textContent);
  var categories = {};
  config.categories.forEach(function (c) { categories[c.code] = c; });
  var statusNode = document.getElementById("carto-status");

  var T = config.textes;
  function say(text) { if (statusNode) statusNode.textContent = text; }
  function fmt(n) { return n.toLocaleString(document.documentElement.lang || "fr"); }
  // Fill "%(name)s" placeholders of the translated texts.
  function t(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  // Colour the legend swatches (no inline style attributes in templates: strict CSP).
  document.querySelectorAll("[data-couleur]").forEach(function (el) {
    el.style.setProperty("--swatch", el.getAttribute("data-couleur"));
  });

  if (config.icones) L.Icon.Default.imagePath = config.icones;
  var map = L.map(mapNode, { preferCanvas: true, zoomSnap: 0.25, zoomDelta: 0.5, zoomControl: false });
  L.control.zoom({ zoomInTitle: T.zoom_avant, zoomOutTitle: T.zoom_arriere }).addTo(map);
  var tiles = L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 19 });
  var tileErrors = 0;
  var tileNote = document.getElementById("carto-tiles-status");
  tiles.on("tileerror", function () {
    // Offline or blocked tiles: keep the shapes on a plain background, say it once.
    tileErrors += 1;
    if (tileErrors !== 1) return;
    mapNode.classList.add("carto-map--notiles");
    if (tileNote) { tileNote.textContent = T.fond_indisponible; tileNote.hidden = false; }
  });
  tiles.addTo(map);

  var perimeter = null;
  if (config.perimetre) {
    perimeter = L.geoJSON(config.perimetre, {
      style: { color: "#134a28", weight: 3, fillColor: "#1d6b3a", fillOpacity: 0.04 },
      interactive: false,
    }).addTo(map);
  }
  (config.ilots || []).forEach(function (ilot) {
    L.geoJSON(ilot.geometrie, {
      style: { color: "#4d5550", weight: 1, dashArray: "4 3", fill: false },
      interactive: false,
    }).addTo(map);
  });
  if (perimeter) {
    map.fitBounds(perimeter.getBounds(), { padding: [10, 10] });
  } else {
    map.setView([48.8566, 2.3522], 12);
  }

  // Notes may lie up to 150 m outside the perimeter (the street around it): widen the first
  // view so that none is cut off at the edge.
  function showAll(notes) {
    var bounds = notes.getBounds();
    if (!bounds.isValid() || map.getBounds().pad(-0.05).contains(bounds)) return;
    if (perimeter) bounds.extend(perimeter.getBounds());
    map.fitBounds(bounds, { padding: [10, 10] });
  }

  function colourOf(feature) {
    var c = categories[feature.properties.categorie];
    return c ? c.couleur : "#6b6b6b";
  }

  function popupFor(feature) {
    var p = feature.properties;
    var c = categories[p.categorie];
    var box = document.createElement("div");
    box.className = "carto-popup";
    var title = document.createElement("strong");
    title.textContent = (c ? c.icone + " " + c.nom : p.categorie) + " · " + (config.ressentis[p.ressenti] || p.ressenti);
    box.appendChild(title);
    if (p.commentaire) {
      var text = document.createElement("p");
      text.textContent = p.commentaire;
      box.appendChild(text);
    }
    if (p.auteur) {
      var who = document.createElement("p");
      who.className = "muted";
      who.textContent = "— " + p.auteur;
      box.appendChild(who);
    }
    return box;
  }

  function notesLayer(features) {
    // Thousands of notes: smaller dots so that the map stays readable (the density view helps).
    var radius = features.length > 2000 ? 3.5 : 6;
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: radius, color: "#ffffff", weight: 1, fillColor: colourOf(feature), fillOpacity: 0.9,
        });
      },
      style: function (feature) {
        var colour = colourOf(feature);
        if (/Point$/.test(feature.geometry.type)) {
          // L.geoJSON applies "style" to point markers too: keep them solid dots.
          return { color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9 };
        }
        return { color: colour, weight: 3, fillColor: colour, fillOpacity: 0.25 };
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(function () { return popupFor(feature); }); },
    });
  }

  function loadNotes(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  // --- Neighbourhood map: filters, legend counts, density ------------------------------------
  function initViewer(drawingAlso) {
    var all = [];
    var layer = null;
    var densityLayer = null;
    var filters = document.getElementById("carto-filters");

    function checked(name) {
      if (!filters) return null;
      var boxes = filters.querySelectorAll('input[name="' + name + '"]');
      if (!boxes.length) return null;
      var set = {};
      boxes.forEach(function (b) { if (b.checked) set[b.value] = true; });
      return set;
    }

    function view() {
      var input = filters && filters.querySelector('input[name="vue"]:checked');
      return input ? input.value : "notes";
    }

    function render() {
      var cats = checked("categorie"), feelings = checked("ressenti"), sessions = checked("carte");
      var counts = {};
      var shown = all.filter(function (f) {
        var p = f.properties;
        if ((feelings && !feelings[p.ressenti]) || (sessions && !sessions[String(p.carte)])) return false;
        // The legend counts what each category would show, ticked or not.
        counts[p.categorie] = (counts[p.categorie] || 0) + 1;
        return !cats || cats[p.categorie];
      });
      if (layer) map.removeLayer(layer);
      if (densityLayer) { map.removeLayer(densityLayer); densityLayer = null; }
      document.querySelectorAll("[data-count-for]").forEach(function (el) {
        var n = counts[el.getAttribute("data-count-for")] || 0;
        el.textContent = "(" + fmt(n) + ")";
      });
      if (view() === "densite") {
        layer = null;
        renderDensity(sessions, cats, feelings);
        return;
      }
      layer = notesLayer(shown).addTo(map);
      say(shown.length === all.length
        ? t(T.affichees, { n: fmt(all.length) })
        : t(T.affichees_sur, { n: fmt(shown.length), total: fmt(all.length) }));
    }

    function renderDensity(sessions, cats, feelings) {
      if (!config.densite_url) return;
      var params = new URLSearchParams();
      // An empty selection must select nothing: send an impossible value rather than no filter.
      [["carte", sessions], ["categorie", cats], ["ressenti", feelings]].forEach(function (pair) {
        if (!pair[1]) return;
        var keys = Object.keys(pair[1]);
        (keys.length ? keys : ["0"]).forEach(function (k) { params.append(pair[0], k); });
      });
      loadNotes(config.densite_url + "?" + params.toString()).then(function (data) {
        var max = 1;
        data.features.forEach(function (f) { max = Math.max(max, f.properties.count); });
        if (densityLayer) map.removeLayer(densityLayer);
        densityLayer = L.geoJSON(data, {
          style: function (f) {
            var t = f.properties.count / max;
            return { color: "#7a2e00", weight: 0.5, fillColor: "hsl(" + Math.round(50 - 50 * t) + ",90%," + Math.round(75 - 35 * t) + "%)", fillOpacity: 0.35 + 0.45 * t };
          },
          onEachFeature: function (f, l) { l.bindPopup(t(T.n_notes, { n: fmt(f.properties.count) })); },
        }).addTo(map);
        say(t(T.densite, { cells: fmt(data.features.length), max: fmt(max) }));
      }).catch(function () { say(T.echec_densite); });
    }

    if (filters) filters.addEventListener("change", render);
    if (config.notes_url) {
      say(T.chargement);
      loadNotes(config.notes_url).then(function (data) {
        all = data.features;
        render();
        if (layer) showAll(layer);
      }).catch(function () { say(T.echec_notes); });
    }
    if (drawingAlso) initDrawing(false);
  }

  // --- Drawing a note (team) or editing one ---------------------------------------------------
  function geometryInput() { return document.getElementById("id_geometrie"); }
  function geometryStatus(text) {
    var node = document.getElementById("id_geometrie_status");
    if (node) node.textContent = text;
  }

  function initDrawing(editing) {
    var input = geometryInput();
    if (!input || !L.Control.Draw) return;
    var drawn = new L.FeatureGroup().addTo(map);
    function store() {
      var layers = drawn.getLayers();
      if (!layers.length) { input.value = ""; geometryStatus(T.aucun_trace); return; }
      input.value = JSON.stringify(layers[0].toGeoJSON().geometry);
      geometryStatus(T.trace_pret);
    }
    if (input.value) {
      try {
        L.geoJSON(JSON.parse(input.value), {
          style: { color: "#d62728", weight: 3 },
          pointToLayer: function (f, latlng) { return L.marker(latlng); },
        }).eachLayer(function (l) { drawn.addLayer(l); });
        if (editing && drawn.getLayers().length) map.fitBounds(drawn.getBounds(), { maxZoom: 18, padding: [30, 30] });
      } catch (e) { input.value = ""; }
    }
    var control = new L.Control.Draw({
      position: "topleft",
      draw: { polyline: { shapeOptions: { color: "#d62728" } }, polygon: { allowIntersection: false, shapeOptions: { color: "#d62728" } }, rectangle: false, circle: false, circlemarker: false, marker: true },
      edit: { featureGroup: drawn, remove: true },
    });
    map.addControl(control);
    map.on(L.Draw.Event.CREATED, function (e) {
      drawn.clearLayers();
      drawn.addLayer(e.layer);
      store();
    });
    map.on(L.Draw.Event.EDITED, store);
    map.on(L.Draw.Event.DELETED, store);
  }

  // --- Residents: tap the map to place the note -----------------------------------------------
  function initPublic() {
    var placeAt = null;  // set once the form is there (a closed session has none)
    if (config.notes_url) {
      loadNotes(config.notes_url).then(function (data) {
        var others = notesLayer(data.features).addTo(map);
        // Residents often mark the very spot someone else did: tapping an existing note
        // places theirs there too (and shows what the other said).
        others.on("click", function (e) { if (placeAt) placeAt(e.latlng); });
        showAll(others);
        say(t(T.affichees, { n: fmt(data.features.length) }));
      }).catch(function () { /* others' notes are a bonus; the form still works */ });
    }
    var input = geometryInput();
    if (!input) return;
    var marker = null;
    function place(latlng) {
      if (!marker) {
        marker = L.circleMarker(latlng, { radius: 11, color: "#ffffff", weight: 3, fillColor: "#d62728", fillOpacity: 1 }).addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
      input.value = JSON.stringify({ type: "Point", coordinates: [Number(latlng.lng.toFixed(6)), Number(latlng.lat.toFixed(6))] });
      geometryStatus(T.place);
    }
    if (input.value) {
      try {
        var g = JSON.parse(input.value);
        if (g && g.type === "Point") place(L.latLng(g.coordinates[1], g.coordinates[0]));
      } catch (e) { input.value = ""; }
    }
    placeAt = place;
    map.on("click", function (e) { place(e.latlng); });
    // Keyboard: the arrow keys and +/- move the focused map (Leaflet); Enter, or the button
    // under the map, places the note at the centre of the map (a crosshair shows it).
    mapNode.addEventListener("keydown", function (e) {
      if (e.target === mapNode && e.key === "Enter") { e.preventDefault(); place(map.getCenter()); }
    });
    // The buttons sit under the map, not on it: on a phone the map is too narrow for them.
    var actions = document.getElementById("carto-map-actions");
    if (actions) {
      actions.hidden = false;
      var centre = document.getElementById("carto-placer-centre");
      if (centre) centre.addEventListener("click", function () { place(map.getCenter()); });
      var locate = document.getElementById("carto-localiser");
      if (locate && navigator.geolocation && window.isSecureContext) {
        locate.hidden = false;
        locate.addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (pos) {
            var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
            map.setView(ll, 18);
            place(ll);
          }, function () { say(T.position_introuvable); }, { timeout: 10000 });
        });
      }
    }
    var form = document.getElementById("carto-note-form");
    if (form) {
      form.addEventListener("submit", function (e) {
        if (!input.value) {
          e.preventDefault();
          geometryStatus(T.placer_dabord);
          var node = document.getElementById("id_geometrie_status");
          if (node) { node.classList.add("field-error"); node.focus(); }
          mapNode.scrollIntoView({ behavior: "smooth", block: "center" });
        }
      });
    }
    // After "Merci", put the focus on the message so that screen readers announce it.
    var thanks = document.getElementById("merci");
    if (thanks) thanks.focus();
  }

  if (config.mode === "public") initPublic();
  else if (config.mode === "edition") initDrawing(true);
  else initViewer(config.mode === "dessin");
})();
