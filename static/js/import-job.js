// An import job's page (templates/admin/import_export/members_import_job.html): asks the
// job's status every two seconds and moves the bar and the count without reloading; reloads
// once the task is done with it. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var box = document.getElementById("import-job-progress");
  if (!box || !window.fetch) {
    return;
  }
  var bar = box.querySelector("progress");
  var count = document.getElementById("import-job-count");
  var state = document.getElementById("import-job-state");

  function show(status) {
    bar.max = status.total;
    if (status.processed) {
      bar.value = status.processed;
    } else {
      bar.removeAttribute("value"); // an indeterminate bar: nothing counted yet
    }
    bar.textContent = status.text;
    count.textContent = status.text;
    state.textContent = status.state_label;
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        // Done, or stalled (or moving again): the page says so once reloaded.
        if (!status.running || String(status.stalled) !== box.getAttribute("data-stalled")) {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
