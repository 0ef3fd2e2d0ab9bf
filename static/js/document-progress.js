// Polls a generated document's progress fragment and swaps it in until the document is
// ready or failed. Without JavaScript the page refreshes itself instead (<noscript>).
(function () {
  "use strict";
  function poll(container) {
    var url = container.getAttribute("data-document-progress");
    function finished() {
      var panel = container.querySelector("[data-finished]");
      return !panel || panel.getAttribute("data-finished") === "true";
    }
    function tick() {
      if (finished()) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          container.innerHTML = html;
          window.setTimeout(tick, 1000);
        })
        .catch(function () {
          window.setTimeout(tick, 5000);
        });
    }
    window.setTimeout(tick, 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-document-progress]").forEach(poll);
  });
})();
