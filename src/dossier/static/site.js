/* The site's script: the search box of every page, and on the home page the claims index's sort and filters.
   Pages are complete without it; it only adds the search, hides and reorders rows.
   Loaded from a file (never inline) so the page's CSP (script-src 'self') holds; the search index is
   assets/recherche.js, a script written by the build (window.dossierIndex), so it works from file:// too.
   Every value from a dossier is put in the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var index = window.dossierIndex || [];
  var root = document.body.getAttribute("data-root") || "";

  function fold(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function compact(s) { return s.replace(/[\s.\-\/_]/g, ""); }
  function words(s) { return fold(s).split(/\s+/).filter(Boolean); }
  function hay(e) {
    if (!e.hay) {
      e.hay = fold([e.id, e.debtor, e.siren, e.invoices.join(" "), e.town, e.status_label, e.creditor].join(" "));
      e.flat = compact(e.hay);
    }
    return e;
  }
  // Every word of the query is in the entry, as typed or without its spaces, dots and hyphens (a SIREN
  // typed « 901 234 567 », an invoice number typed « f2026031 »).
  function matches(e, ws) {
    hay(e);
    var whole = compact(ws.join(""));
    return ws.every(function (w) { return e.hay.indexOf(w) !== -1 || e.flat.indexOf(compact(w)) !== -1; }) ||
      (whole.length > 3 && e.flat.indexOf(whole) !== -1);
  }
  function why(e, ws) {
    var whole = compact(ws.join(""));
    var inv = e.invoices.filter(function (n) { var f = compact(fold(n)); return ws.some(function (w) { return f.indexOf(compact(w)) !== -1; }) || f.indexOf(whole) !== -1; });
    if (inv.length) { return "facture " + inv.join(", "); }
    if (e.siren && whole.length > 2 && compact(e.siren).indexOf(whole) !== -1) { return "SIREN " + e.siren; }
    return "";
  }
  var byId = {};
  index.forEach(function (e) { byId[e.id] = e; });

  /* --- the search box of every page ------------------------------------------------------------ */
  var search = document.getElementById("recherche");
  var input = document.getElementById("recherche-texte");
  var panel = document.getElementById("recherche-resultats");
  var list = document.getElementById("recherche-liste");
  var found = document.getElementById("recherche-compte");
  function link(href, text, cls) {
    var a = document.createElement("a");
    a.href = root + href;
    a.textContent = text;
    if (cls) { a.className = cls; }
    return a;
  }
  function showResults() {
    var ws = words(input.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!ws.length) { panel.hidden = true; return; }
    var hits = index.filter(function (e) { return matches(e, ws); });
    found.textContent = hits.length ? hits.length + " dossier" + (hits.length > 1 ? "s" : "") + " trouvé" + (hits.length > 1 ? "s" : "")
      : "Aucun dossier trouvé";
    hits.slice(0, 12).forEach(function (e) {
      var li = document.createElement("li");
      li.appendChild(link(e.case_url, e.id, "id"));
      li.appendChild(document.createTextNode(" — "));
      li.appendChild(link(e.debtor_url, e.debtor));
      var more = [e.status_label, why(e, ws)].filter(Boolean).join(" · ");
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = " (" + more + ")";
      li.appendChild(span);
      list.appendChild(li);
    });
    panel.hidden = false;
  }
  if (search && input && panel && list && found && index.length) {
    search.hidden = false;
    input.addEventListener("input", showResults);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; showResults(); }
      if (ev.key === "Enter") { var first = list.querySelector("a"); if (first) { first.click(); } }
    });
  }

  /* --- the claims index of the home page: sort, filter, and both kept in the URL ----------------- */
  var table = document.getElementById("table-dossiers");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var original = rows.slice();
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
  var sorted = null;   // {key, ascending}

  function cellValue(row, i, type) {
    var cell = row.cells[i];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (type === "number") { return raw === "" ? -Infinity : parseFloat(raw); }
    return raw;
  }

  function sortBy(i, ascending) {
    var th = headers[i];
    var type = th.getAttribute("data-type") || "text";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    sorted = { key: th.getAttribute("data-key"), ascending: ascending };
    var order = rows.slice().sort(function (a, b) {
      var x = cellValue(a, i, type), y = cellValue(b, i, type), c;
      if (type === "number") { c = x - y; }
      else if (type === "date") { c = x === y ? 0 : (x === "" ? 1 : (y === "" ? -1 : (x < y ? -1 : 1))); }
      else { c = collator.compare(x, y); }
      if (c === 0) { c = collator.compare(a.cells[0].textContent, b.cells[0].textContent); }
      return ascending ? c : -c;
    });
    order.forEach(function (row) { tbody.appendChild(row); });
  }
  function unsort() {
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    sorted = null;
    original.forEach(function (row) { tbody.appendChild(row); });
  }

  headers.forEach(function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      sortBy(i, th.getAttribute("aria-sort") !== "ascending");
      save();
    });
  });

  var box = document.getElementById("filtres");
  var text = document.getElementById("filtre-texte");
  var status = document.getElementById("filtre-statut");
  var count = document.getElementById("filtre-compte");
  if (!(box && text && status && count)) { return; }

  function applyFilter() {
    var ws = words(text.value);
    var wanted = status.value;
    var shown = 0;
    rows.forEach(function (row) {
      var entry = byId[row.cells[0].querySelector("a").textContent.trim()];
      var textual = fold(row.textContent);
      var ok = (!wanted || row.getAttribute("data-status") === wanted) &&
        (ws.every(function (w) { return textual.indexOf(w) !== -1; }) || (entry !== undefined && matches(entry, ws)));
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " dossier" + (shown > 1 ? "s" : "") + " affiché" + (shown > 1 ? "s" : "") + " sur " + rows.length;
  }

  // The state lives in the fragment: #q=dupont&statut=paused&tri=total&ordre=desc (bookmarkable, kept on reload).
  function save() {
    var p = new URLSearchParams();
    if (text.value.trim()) { p.set("q", text.value.trim()); }
    if (status.value) { p.set("statut", status.value); }
    if (sorted) { p.set("tri", sorted.key); p.set("ordre", sorted.ascending ? "asc" : "desc"); }
    var hash = p.toString() ? "#" + p.toString() : "#dossiers";
    if (location.hash === hash) { return; }
    try { history.replaceState(null, "", hash); } catch (e) { location.replace(hash); }
  }
  function load() {
    var raw = location.hash.slice(1);
    if (raw.indexOf("=") === -1) { return false; }
    var p = new URLSearchParams(raw);
    text.value = p.get("q") || "";
    var wanted = p.get("statut") || "";
    status.value = Array.prototype.some.call(status.options, function (o) { return o.value === wanted; }) ? wanted : "";
    var key = p.get("tri");
    var i = headers.findIndex(function (h) { return h.getAttribute("data-key") === key; });
    if (i >= 0) { sortBy(i, p.get("ordre") !== "desc"); } else { unsort(); }
    applyFilter();
    return true;
  }

  box.hidden = false;
  text.addEventListener("input", function () { applyFilter(); save(); });
  status.addEventListener("change", function () { applyFilter(); save(); });
  window.addEventListener("hashchange", load);
  if (load()) { document.getElementById("dossiers").scrollIntoView(); } else { applyFilter(); }
}());
