(function () {
  "use strict";
  var script = document.currentScript;
  var root = script && script.closest(".kit-view");
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var data = JSON.parse(root.querySelector("script.kit-view-data").textContent);
  var controls = root.querySelector(".kit-controls");
  var search = document.createElement("input");
  search.type = "search";
  search.className = "kit-search";
  search.id = data.id + "-search";
  search.placeholder = "Filter " + data.noun + "\u2026";
  search.setAttribute("aria-label", "Filter " + data.noun);
  search.autocomplete = "off";
  controls.appendChild(search);
  var selects = data.filters.map(function (filter) {
    var label = document.createElement("label");
    label.appendChild(document.createTextNode(filter.label + " "));
    var select = document.createElement("select");
    select.className = "kit-filter";
    select.id = data.id + "-" + filter.key;
    select.setAttribute("data-key", filter.key);
    [""].concat(filter.options).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value === "" ? "(all)" : value;
      select.appendChild(option);
    });
    label.appendChild(select);
    controls.appendChild(label);
    return select;
  });
  var count = document.createElement("span");
  count.className = "kit-count";
  count.setAttribute("aria-live", "polite");
  controls.appendChild(count);
  var tbody = root.querySelector("tbody");
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
  controls.classList.add("kit-ready");
  root.querySelector(".kit-noscript").hidden = true;
  render();
})();
