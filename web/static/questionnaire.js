// bordergap questionnaire: counts the changes of each autosaved form, so
// that the server can tell two quick saves of the same tab (a note typed,
// then a level clicked) from an answer changed elsewhere. It listens in the
// capture phase, before app.js reads the form. Pages work without it.
(function () {
  "use strict";
  document.addEventListener("change", function (ev) {
    var form = ev.target.form;
    if (!form || !form.hasAttribute("data-autosave")) return;
    var seq = form.querySelector('input[name="seq"]');
    if (seq) seq.value = String((parseInt(seq.value, 10) || 0) + 1);
  }, true);
})();
