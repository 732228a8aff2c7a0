/* Status page of a background PDF: ask the server every two seconds and reload when it is ready or failed.
   Without JavaScript the page refreshes itself (meta refresh in <noscript>). */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.getAttribute("data-pending") !== "true" || !window.fetch) { return; }
  var url = box.getAttribute("data-job-status-url");
  var progress = box.querySelector("[data-job-progress]");
  var status = document.querySelector("[data-job-status]");
  var elapsed = box.querySelector("[data-job-elapsed]");
  var delay = 2000;

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        if (!data.pending) { window.location.reload(); return; }
        if (progress && progress.textContent !== data.progress) { progress.textContent = data.progress; }
        if (status) { status.textContent = data.status_label; }
        if (elapsed) { elapsed.textContent = data.elapsed === null ? "" : " (" + data.elapsed + " s)"; }
        delay = 2000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
