/* A background import's page (templates/imports/import_job.html): poll the job
   (GET /api/v1/import-jobs/<id>/), move the progress bar, and reload once it has ended. Without
   JavaScript the page refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var interval = (parseInt(box.getAttribute("data-interval"), 10) || 2) * 1000;
  function poll() {
    fetch(box.getAttribute("data-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { setTimeout(poll, interval * 2); return; }
        bar.value = job.progress;
        bar.textContent = job.progress + "%";
        if (job.status === "queued" || job.status === "running") { setTimeout(poll, interval); }
        else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, interval * 2); });
  }
  setTimeout(poll, interval);
})();
