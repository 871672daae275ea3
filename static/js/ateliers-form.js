// Activity entry: filter long checkbox lists, fill the position from the phone's GPS.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-for]").forEach(function (input) {
    var list = document.getElementById(input.dataset.filterFor);
    if (!list) return;
    input.closest(".checks__filter").hidden = false;
    input.addEventListener("input", function () {
      var term = input.value.trim().toLocaleLowerCase("fr");
      list.querySelectorAll("li").forEach(function (li) {
        var box = li.querySelector("input");
        var match = !term || li.textContent.toLocaleLowerCase("fr").indexOf(term) !== -1;
        li.hidden = !(match || (box && box.checked));
      });
    });
  });

  // Show the chosen neighbourhood's actors (and those already ticked); the others on demand.
  var quartier = document.getElementById("id_quartier");
  var attendees = document.getElementById("id_acteurs_presents_liste");
  var showAll = document.getElementById("acteurs-tous");
  if (quartier && attendees && showAll) {
    showAll.closest(".checks__all").hidden = false;
    var narrow = function () {
      var wanted = quartier.value;
      attendees.querySelectorAll("input[data-quartiers]").forEach(function (box) {
        var inQuartier = box.dataset.quartiers.split(" ").indexOf(wanted) !== -1;
        box.closest("li").classList.toggle("other-quartier", !(inQuartier || box.checked || showAll.checked));
      });
    };
    quartier.addEventListener("change", narrow);
    showAll.addEventListener("change", narrow);
    narrow();
  }

  var button = document.getElementById("geoloc");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (button && lat && lng && "geolocation" in navigator) {
    button.closest(".geoloc").hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
      });
    });
  }
})();
