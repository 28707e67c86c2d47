/* thidua: filter the nominations table in the browser; no server, no library. */
(function () {
  "use strict";
  // Material's search overlay is a role="dialog" without a name; screen readers need one.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Tìm kiếm");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", nameSearchDialog);
  else nameSearchDialog();
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d").replace(/\u0110/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function setup() {
    var table = document.getElementById("td-nominations");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var controls = { q: document.getElementById("td-q"), unit: document.getElementById("td-unit"),
                     kind: document.getElementById("td-kind"), status: document.getElementById("td-status") };
    var count = document.getElementById("td-count");
    var empty = document.getElementById("td-empty");
    var params = new URLSearchParams(window.location.search);
    Object.keys(controls).forEach(function (key) {
      if (params.get(key)) controls[key].value = params.get(key);
    });
    function apply() {
      var words = fold(controls.q.value).split(" ").filter(Boolean);
      var unit = controls.unit.value, kind = controls.kind.value, status = controls.status.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!unit || row.dataset.unit === unit) && (!kind || row.dataset.kind === kind) &&
          (!status || row.dataset.status === status) &&
          words.every(function (w) { return row.dataset.q.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Đang hiện " + shown + "/" + rows.length + " hồ sơ.";
      empty.hidden = shown !== 0;
      var query = new URLSearchParams();
      Object.keys(controls).forEach(function (key) { if (controls[key].value) query.set(key, controls[key].value); });
      var search = query.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
    Object.keys(controls).forEach(function (key) {
      controls[key].addEventListener(key === "q" ? "input" : "change", apply);
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
