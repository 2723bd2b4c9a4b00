// ServiceVision web app: small enhancements only; every page works without this script.
(function () {
  "use strict";

  // The draft editor: the statement's quality findings update as you type (debounced), from the
  // same check the API runs (VisionQualityCheck), through the page's findings handler.
  var statement = document.querySelector("[data-findings-url]");
  if (statement) {
    var list = document.getElementById("findings");
    var summary = document.getElementById("findings-summary");
    var timer = null;
    var render = function (report) {
      list.textContent = "";
      report.findings.forEach(function (f) {
        var li = document.createElement("li");
        li.className = "failed";
        li.textContent = f.message;
        list.appendChild(li);
      });
      summary.textContent = report.meetsAllCriteria
        ? "The statement meets every criterion."
        : report.findings.length + " finding(s) to look at.";
    };
    var check = function () {
      var url = statement.getAttribute("data-findings-url") + "&statement=" + encodeURIComponent(statement.value);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (report) { if (report) { render(report); } })
        .catch(function () { /* keep the last findings */ });
    };
    statement.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
  }

  // Copy buttons (the one-time invitation link).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = "Copied";
      }
    });
  });
})();
