/* The claims index: sort by a column, filter by text and status.
   The table is complete without this script; it only hides and reorders rows.
   Loaded from a file (never inline) so the page's CSP (script-src 'self') holds. */
(function () {
  "use strict";
  var table = document.getElementById("table-dossiers");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (type === "number") { return raw === "" ? -Infinity : parseFloat(raw); }
    return raw;
  }

  function sortBy(index) {
    var th = headers[index];
    var type = th.getAttribute("data-type") || "text";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type), c;
      if (type === "number") { c = x - y; }
      else if (type === "date") { c = x === y ? 0 : (x === "" ? 1 : (y === "" ? -1 : (x < y ? -1 : 1))); }
      else { c = collator.compare(x, y); }
      if (c === 0) { c = collator.compare(a.cells[0].textContent, b.cells[0].textContent); }
      return ascending ? c : -c;
    });
    sorted.forEach(function (row) { tbody.appendChild(row); });
  }

  headers.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(index); });
  });

  var box = document.getElementById("filtres");
  var text = document.getElementById("filtre-texte");
  var status = document.getElementById("filtre-statut");
  var count = document.getElementById("filtre-compte");
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function applyFilter() {
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var wanted = status.value;
    var shown = 0;
    rows.forEach(function (row) {
      var hay = fold(row.textContent);
      var ok = (!wanted || row.getAttribute("data-status") === wanted) &&
        words.every(function (w) { return hay.indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " dossier" + (shown > 1 ? "s" : "") + " affiché" + (shown > 1 ? "s" : "") + " sur " + rows.length;
  }
  if (box && text && status && count) {
    box.hidden = false;
    text.addEventListener("input", applyFilter);
    status.addEventListener("change", applyFilter);
    applyFilter();
  }
}());
