/* thidua: the header search button, the search page, and the nominations table filter; no server. */
(function () {
  "use strict";
  // The site's root, from this script's own address (assets/thidua.js): works at any depth, any builder.
  var root = document.currentScript ? new URL("../", document.currentScript.src).href : null;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // A search button in the header, to the Pagefind search page (search needs JavaScript anyway).
  function headerSearch() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || !root || inner.querySelector(".td-search-link")) return;
    var link = document.createElement("a");
    link.className = "md-header__button md-icon td-search-link";
    link.href = root + "tim-kiem/";
    link.title = "Tìm kiếm";
    link.setAttribute("aria-label", "Tìm kiếm");
    link.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79' +
      'l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14' +
      ' 14 12 14 9.5 12 5 9.5 5"/></svg>';
    inner.appendChild(link);
  }

  // The search page: Pagefind's own UI (Vietnamese from <html lang="vi">), each nomination shown
  // with its unit and status; ?q= in the address starts a search.
  function searchPage() {
    var element = document.getElementById("td-search");
    if (!element || !window.PagefindUI || element.dataset.ready) return;
    element.dataset.ready = "1";
    var ui = new window.PagefindUI({
      element: "#td-search", baseUrl: new URL(root).pathname, showImages: false, showSubResults: false, autofocus: true, resetStyles: false,
      processResult: function (result) {
        var meta = result.meta || {};
        if (meta.unit || meta.status) {
          var line = [meta.unit, meta.status].filter(Boolean).map(escapeHtml).join(" · ");
          result.excerpt = "<strong>" + line + "</strong> — " + result.excerpt;
        }
        // Shown in the line above; Pagefind would list them again under English key names.
        delete meta.unit;
        delete meta.status;
        return result;
      }
    });
    // A visible label for Pagefind's input (it has only an aria-label): the page's own <label for>.
    var input = element.querySelector("input.pagefind-ui__search-input");
    if (input) input.id = "td-search-input";
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  function start() {
    headerSearch();
    searchPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

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
