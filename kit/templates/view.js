(function () {
  "use strict";
  var script = document.currentScript;
  var root = script && script.closest(".kit-view");
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var data = JSON.parse(root.querySelector("script.kit-view-data").textContent);
  var search = root.querySelector("input.kit-search");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select.kit-filter"));
  var tbody = root.querySelector("tbody");
  var count = root.querySelector(".kit-count");
  var haystack = data.rows.map(function (row) {
    return data.columns.map(function (c) { return String(row[c.key]); }).join(" ").toLowerCase();
  });

  function cell(row, column) {
    var td = document.createElement("td");
    td.className = column.kind;
    if (column.kind === "link") {
      var a = document.createElement("a");
      a.setAttribute("href", String(row.href));
      a.textContent = String(row[column.key]);
      td.appendChild(a);
    } else {
      td.textContent = String(row[column.key]);
    }
    return td;
  }

  function render() {
    var query = search.value.trim().toLowerCase();
    var chosen = selects.filter(function (s) { return s.value !== ""; })
      .map(function (s) { return [s.getAttribute("data-key"), s.value]; });
    var matches = [];
    for (var i = 0; i < data.rows.length; i++) {
      var row = data.rows[i];
      if (query && haystack[i].indexOf(query) === -1) { continue; }
      if (!chosen.every(function (kv) { return String(row[kv[0]]) === kv[1]; })) { continue; }
      matches.push(row);
    }
    var fragment = document.createDocumentFragment();
    matches.slice(0, data.page).forEach(function (row) {
      var tr = document.createElement("tr");
      data.columns.forEach(function (c) { tr.appendChild(cell(row, c)); });
      fragment.appendChild(tr);
    });
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    tbody.appendChild(fragment);
    var n = matches.length.toLocaleString("en");
    count.textContent = n + (matches.length === 1 ? " match" : " matches") +
      (matches.length > data.page ? "; the first " + data.page + " are shown" : "");
    root.setAttribute("data-matches", String(matches.length));
  }

  search.addEventListener("input", render);
  search.addEventListener("keydown", function (event) { event.stopPropagation(); });
  selects.forEach(function (s) { s.addEventListener("change", render); });
  root.querySelector(".kit-controls").hidden = false;
  root.querySelector(".kit-noscript").hidden = true;
  render();
})();
