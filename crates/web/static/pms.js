// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Language switch: apply on change (the button remains for browsers without scripts).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Instant JSON check of policy documents; the server still validates against the schema.
  document.querySelectorAll("textarea[data-json-check]").forEach(function (area) {
    var status = document.getElementById(area.getAttribute("aria-describedby"));
    function check() {
      if (!status) { return; }
      var text = area.value.trim();
      if (text === "") { status.textContent = ""; status.className = "json-status"; return; }
      try {
        var value = JSON.parse(text);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          throw new Error("{ … }");
        }
        status.textContent = area.dataset.ok;
        status.className = "json-status ok";
        area.setCustomValidity("");
      } catch (e) {
        status.textContent = area.dataset.bad + " " + e.message;
        status.className = "json-status bad";
        area.setCustomValidity(area.dataset.bad);
      }
    }
    area.addEventListener("input", check);
    check();
  });

  // Before the server ends an idle session, say so.
  var minutes = parseInt(document.body.dataset.idleMinutes || "0", 10);
  if (minutes > 1 && document.getElementById("whoami")) {
    var warnAfter = (minutes - 1) * 60 * 1000;
    var timer;
    var reset = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (document.querySelector(".idle-warning")) { return; }
        var note = document.createElement("p");
        note.className = "idle-warning";
        note.setAttribute("role", "alert");
        note.textContent = document.body.dataset.idleWarning;
        document.body.appendChild(note);
      }, warnAfter);
    };
    ["click", "keydown"].forEach(function (e) { document.addEventListener(e, reset, { passive: true }); });
    reset();
  }
})();
