/* Roster import: show that a big upload is on its way, and poll a running import's progress. */
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (form) {
    form.addEventListener("submit", function () {
      var busy = form.querySelector("[data-busy]");
      var button = form.querySelector("button[type=submit]");
      if (busy) { busy.hidden = false; }
      if (button) { button.disabled = true; }
    });
  }

  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var url = box.getAttribute("data-status-url");
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        bar.value = status.percent;
        text.textContent = status.total
          ? status.done.toLocaleString() + " / " + status.total.toLocaleString() + " (" + status.percent + "%)"
          : status.done.toLocaleString();
        if (status.finished) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  poll();
})();
