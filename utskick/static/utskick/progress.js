// Improves the "Send now" progress bar: polls the run's progress and reloads when done.
// Without JavaScript the page shows the same bar and an "Update" link.
(function () {
  "use strict";
  var box = document.getElementById("send-progress");
  if (!box || box.dataset.finished === "1" || !window.fetch) {
    return;
  }
  var bar = document.getElementById("send-progress-bar");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
