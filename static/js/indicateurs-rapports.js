// Report status: poll the small status partial of every unfinished report until it is done.
(function () {
  "use strict";
  var DELAY = 2000;

  function poll(element) {
    var url = element.getAttribute("data-poll-url");
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          element.replaceWith(fresh);
          if (fresh.hasAttribute("data-poll-url")) { poll(fresh); }
        })
        .catch(function () { window.setTimeout(function () { poll(element); }, DELAY * 3); });
    }, DELAY);
  }

  document.querySelectorAll("[data-poll-url]").forEach(poll);
})();
