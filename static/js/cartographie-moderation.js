/* Moderation queue: a "select all" box for bulk publish/reject (the queue works without it). */
(function () {
  "use strict";
  var all = document.getElementById("tout-cocher");
  if (!all) return;
  all.hidden = false;
  all.parentElement.hidden = false;
  var boxes = document.querySelectorAll('input[name="notes"]');
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
})();
