// bordergap: small progressive enhancements. Every page works without
// this script; it only saves questionnaire answers as you go.
(function () {
  "use strict";
  function csrf() {
    var el = document.querySelector('input[name="csrf_token"]');
    return el ? el.value : "";
  }
  // Forms marked data-autosave are saved in the background when a field
  // changes; the version field is updated from the answer, and a conflict
  // reloads the page to show both versions.
  document.addEventListener("change", function (ev) {
    var form = ev.target.form;
    if (!form || !form.hasAttribute("data-autosave")) return;
    var state = form.querySelector(".save-state");
    var data = new FormData(form);
    if (state) state.textContent = "Saving…";
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() }
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      if (r.status === 200) {
        var v = form.querySelector('input[name="version"]');
        if (v && r.body.version !== undefined) v.value = r.body.version;
        if (state) state.textContent = "Saved " + new Date().toLocaleTimeString();
      } else if (r.status === 409) {
        window.location = form.getAttribute("data-conflict-url") || window.location.href;
      } else {
        if (state) state.textContent = r.body.error || "Not saved";
      }
    }).catch(function () {
      if (state) state.textContent = "Not saved: no connection. Use the Save button when you are back online.";
    });
  });
})();
