// bordergap: small progressive enhancements. Every page works without
// this script; it only saves questionnaire answers as you go.
(function () {
  "use strict";
  function csrf() {
    var el = document.querySelector('input[name="csrf_token"]');
    return el ? el.value : "";
  }
  // Forms marked data-autosave are saved in the background when a field
  // changes. One save runs at a time per form: a change made while a save is
  // in flight is sent after it, with the version the server returned, so
  // quick successive edits never conflict with each other. A real conflict
  // (someone else saved) opens the page that shows both versions.
  var busy = new WeakMap();
  function save(form) {
    if (busy.get(form)) { busy.set(form, "again"); return; }
    busy.set(form, "busy");
    var state = form.querySelector(".save-state");
    if (state) state.textContent = "Saving…";
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() }
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      var again = busy.get(form) === "again";
      busy.delete(form);
      if (r.status === 200) {
        var v = form.querySelector('input[name="version"]');
        if (v && r.body.version !== undefined) v.value = r.body.version;
        if (state) state.textContent = "Saved " + new Date().toLocaleTimeString();
        if (again) save(form);
      } else if (r.status === 409) {
        window.location = form.getAttribute("data-conflict-url") || window.location.href;
      } else if (state) {
        state.textContent = r.body.error || "Not saved";
      }
    }).catch(function () {
      busy.delete(form);
      if (state) state.textContent = "Not saved: no connection. Use the Save button when you are back online.";
    });
  }
  document.addEventListener("change", function (ev) {
    var form = ev.target.form;
    if (form && form.hasAttribute("data-autosave")) save(form);
  });
})();
