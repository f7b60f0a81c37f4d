// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Language switch: apply on change (the button remains for browsers without scripts).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Copy buttons (an API key shown once): without scripts the readonly field is selected and
  // copied by hand, so the button only appears when it can work.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.dataset.copied; }
      }, function () {
        field.focus();
        field.select();
      });
    });
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  // Device subtypes: offer only those of the chosen type (the server checks the pair anyway).
  document.querySelectorAll("select[data-sub-types-of]").forEach(function (sub) {
    var type = document.getElementById(sub.dataset.subTypesOf);
    if (!type) { return; }
    function sync() {
      sub.querySelectorAll("optgroup").forEach(function (group) {
        var other = type.value !== "" && group.dataset.type !== type.value;
        group.hidden = other;
        group.disabled = other;
      });
      var chosen = sub.options[sub.selectedIndex];
      if (chosen && chosen.parentElement.disabled) { sub.value = ""; }
    }
    type.addEventListener("change", sync);
    sync();
  });

  // Instant JSON check of policy documents; the server still validates against the schema.
  document.querySelectorAll("textarea[data-json-check]").forEach(function (area) {
    // The status is the first element describing the area (the server's errors may follow).
    var status = document.getElementById((area.getAttribute("aria-describedby") || "").split(" ")[0]);
    function check() {
      if (!status) { return; }
      var text = area.value.trim();
      if (text === "") { status.textContent = ""; status.className = "json-status"; return; }
      try {
        var value = JSON.parse(text);
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          throw new Error("{ … }");
        }
        // Well-formed is not valid: next to the server's schema errors, say nothing.
        var schemaErrors = document.querySelector("[data-schema-errors]");
        status.textContent = schemaErrors ? "" : area.dataset.ok;
        status.className = schemaErrors ? "json-status" : "json-status ok";
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

  // The policy builder and its JSON tab: switch tabs here instead of through the server, and
  // keep both in sync as either is edited (the same mapping as the server's).
  var policyForm = document.getElementById("policy-form");
  if (policyForm) { policyBuilder(policyForm); }

  // API reference: filter the operations (and the navigation) as the reader types.
  var search = document.getElementById("op-search");
  if (search) {
    search.hidden = false;
    var count = document.getElementById("op-search-count");
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      document.querySelectorAll("article.op").forEach(function (op) {
        var text = (op.dataset.search || "").toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        op.hidden = !match;
        var link = document.querySelector('[data-op="' + op.id + '"]');
        if (link) { link.hidden = !match; }
        if (match) { shown += 1; }
      });
      document.querySelectorAll("section.docs-tag").forEach(function (section) {
        var any = section.querySelector("article.op:not([hidden])");
        section.hidden = !any;
        var entry = document.querySelector('[data-tag="' + section.id + '"]');
        if (entry) { entry.hidden = !any; }
      });
      count.textContent = words.length ? shown + " / " + document.querySelectorAll("article.op").length : "";
    });
  }

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

  function policyBuilder(form) {
    var type = form.dataset.policyType;
    var area = document.getElementById("policies");
    var editor = document.getElementById("editor");
    var builderPanel = document.getElementById("builder-panel");
    var SHARE = [["typeOfShare", true], ["validForInMinutes", true], ["transactionsAllowed", true],
      ["encryptionType", true], ["shareDomain", true], ["source", true], ["protocol", false]];
    var MISP = [["allowAuthRequestDelegation", true], ["allowKycRequestDelegation", true],
      ["allowKeyBindingDelegation", true], ["trustBindedAuthVerificationToken", false], ["allowVciRequestDelegation", false]];

    function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    function list(v) { return Array.isArray(v) ? v : []; }
    function controls(name) { return Array.prototype.slice.call(form.querySelectorAll('[name="' + name + '"]')); }
    function chosen(name) {
      var out = [];
      controls(name).forEach(function (el) {
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.selectedOptions, function (o) { if (o.value && out.indexOf(o.value) < 0) { out.push(o.value); } });
        } else if (el.checked && out.indexOf(el.value) < 0) {
          out.push(el.value);
        }
      });
      return out;
    }
    function authKey(item) {
      if (!isObject(item) || typeof item.authType !== "string") { return null; }
      var sub = typeof item.authSubType === "string" ? item.authSubType : "";
      return sub ? item.authType + ":" + sub : item.authType;
    }
    function attributeName(item) { return isObject(item) && typeof item.attributeName === "string" ? item.attributeName : null; }
    function text(item) { return typeof item === "string" ? item : null; }
    // The chosen keys with their base item: the base's order first, then new ones.
    function ordered(keys, base, key) {
      var out = [];
      var has = function (k) { return out.some(function (o) { return o[0] === k; }); };
      base.forEach(function (item) { var k = key(item); if (k !== null && keys.indexOf(k) >= 0 && !has(k)) { out.push([k, item]); } });
      keys.forEach(function (k) { if (!has(k)) { out.push([k, null]); } });
      return out;
    }

    function toDocument(base) {
      var doc = isObject(base) ? Object.assign({}, base) : {};
      if (type === "Auth") {
        var token = form.elements.authTokenType.value;
        if (!token) { delete doc.authTokenType; } else if ("authTokenType" in doc) { doc.authTokenType = token; } else { doc = Object.assign({ authTokenType: token }, doc); }
        var mandatory = chosen("mandatory");
        doc.allowedAuthTypes = ordered(chosen("authType"), list(doc.allowedAuthTypes), authKey).map(function (p) {
          var flag = mandatory.indexOf(p[0]) >= 0;
          if (p[1]) { return Object.assign({}, p[1], { mandatory: flag }); }
          var at = p[0].indexOf(":");
          return { authType: at < 0 ? p[0] : p[0].slice(0, at), authSubType: at < 0 ? "" : p[0].slice(at + 1), mandatory: flag };
        });
        doc.allowedKycAttributes = ordered(chosen("kycAttribute"), list(doc.allowedKycAttributes), attributeName)
          .map(function (p) { return p[1] || { attributeName: p[0] }; });
        var languages = chosen("kycLanguage");
        if (languages.length || "kycLanguages" in doc) {
          doc.kycLanguages = ordered(languages, list(doc.kycLanguages), text).map(function (p) { return p[0]; });
        }
      } else if (type === "MISP") {
        var flags = chosen("mispFlag");
        MISP.forEach(function (f) {
          var on = flags.indexOf(f[0]) >= 0;
          if (on || f[1] || f[0] in doc) { doc[f[0]] = on; }
        });
      } else {
        var settings = isObject(doc.dataSharePolicies) ? Object.assign({}, doc.dataSharePolicies) : {};
        SHARE.forEach(function (f) {
          var el = form.elements[f[0]];
          var value = el ? el.value.trim() : "";
          if (!value && !f[1]) { delete settings[f[0]]; } else { settings[f[0]] = value; }
        });
        doc.dataSharePolicies = settings;
        var encrypted = chosen("encrypted");
        doc.shareableAttributes = ordered(chosen("shareableAttribute"), list(doc.shareableAttributes), attributeName).map(function (p) {
          var flag = encrypted.indexOf(p[0]) >= 0;
          if (p[1]) { return Object.assign({}, p[1], { encrypted: flag }); }
          return { attributeName: p[0], source: [{ attribute: p[0] }], encrypted: flag };
        });
      }
      return doc;
    }

    function parse() {
      try { var v = JSON.parse(area.value); return isObject(v) ? v : null; } catch (e) { return null; }
    }
    function choose(name, values) {
      controls(name).forEach(function (el) {
        if (el.tagName === "SELECT") {
          values.forEach(function (v) {
            if (v && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) { el.add(new Option(v, v)); }
          });
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
        } else {
          el.checked = values.indexOf(el.value) >= 0;
        }
      });
    }
    // A row of checkboxes for a value the document has and the page does not offer yet.
    function ensureRows(name, keys) {
      var first = form.querySelector('input[name="' + name + '"]');
      if (!first) { return; }
      var body = first.closest("tbody");
      keys.forEach(function (key) {
        if (body.querySelector('tr[data-key="' + CSS.escape(key) + '"]')) { return; }
        var row = body.rows[body.rows.length - 1].cloneNode(true);
        row.dataset.key = key;
        row.querySelectorAll("input").forEach(function (input) {
          input.value = key;
          input.checked = false;
          input.id = input.name + "-" + key.replace(/[^A-Za-z0-9]/g, "-");
        });
        var labels = row.querySelectorAll("label");
        labels[0].lastChild.textContent = " " + key;
        var hidden = labels[1] && labels[1].querySelector(".visually-hidden");
        if (hidden) { hidden.textContent = key + ": "; }
        body.appendChild(row);
      });
    }
    function fromDocument(doc) {
      if (type === "Auth") {
        choose("authTokenType", typeof doc.authTokenType === "string" ? [doc.authTokenType] : []);
        var types = list(doc.allowedAuthTypes);
        var keys = types.map(authKey).filter(function (k) { return k !== null; });
        ensureRows("authType", keys);
        choose("authType", keys);
        choose("mandatory", types.filter(function (i) { return authKey(i) !== null && i.mandatory === true; }).map(authKey));
        choose("kycAttribute", list(doc.allowedKycAttributes).map(attributeName).filter(Boolean));
        choose("kycLanguage", list(doc.kycLanguages).filter(function (l) { return typeof l === "string"; }));
      } else if (type === "MISP") {
        choose("mispFlag", MISP.map(function (f) { return f[0]; }).filter(function (f) { return doc[f] === true; }));
      } else {
        var settings = isObject(doc.dataSharePolicies) ? doc.dataSharePolicies : {};
        SHARE.forEach(function (f) {
          var el = form.elements[f[0]];
          if (!el) { return; }
          var value = typeof settings[f[0]] === "string" ? settings[f[0]] : "";
          if (el.tagName === "SELECT") { choose(f[0], [value]); } else { el.value = value; }
        });
        var items = list(doc.shareableAttributes);
        var names = items.map(attributeName).filter(Boolean);
        ensureRows("shareableAttribute", names);
        choose("shareableAttribute", names);
        choose("encrypted", items.filter(function (i) { return attributeName(i) && i.encrypted === true; }).map(attributeName));
      }
    }

    function builderChanged() {
      area.value = JSON.stringify(toDocument(parse()), null, 2);
      area.dispatchEvent(new Event("input"));
    }
    builderPanel.addEventListener("change", builderChanged);
    builderPanel.addEventListener("input", function (e) { if (e.target.tagName === "INPUT" && e.target.type === "text") { builderChanged(); } });
    area.addEventListener("input", function () { var doc = parse(); if (doc) { fromDocument(doc); } });

    form.querySelectorAll("button[data-panel]").forEach(function (tab) {
      tab.addEventListener("click", function (e) {
        var json = tab.value === "json";
        // Back to the builder with JSON that does not parse: let the server explain, as without scripts.
        if (!json && !parse()) { return; }
        e.preventDefault();
        builderPanel.hidden = json;
        document.getElementById("json-panel").hidden = !json;
        editor.value = json ? "json" : "builder";
        form.querySelectorAll("button[data-panel]").forEach(function (t) { t.setAttribute("aria-pressed", String(t === tab)); });
      });
    });
  }
})();
