/* The report's data browsers (kit.browse): every row, filtered in the page, no server and no network.
   Data files register themselves with kitData(name, payload) and are loaded by <script> elements,
   which also works for pages opened from disk. Text from articles is only ever set as textContent. */
(function () {
  "use strict";
  var C = window.KIT_BROWSER;
  var PAGE = 100;
  var FIRST = 20;  // lines drawn before the rest of the first page is read
  var loaded = {}, waiting = {};

  window.kitData = function (name, payload) {
    loaded[name] = payload;
    (waiting[name] || []).forEach(function (done) { done(payload); });
    delete waiting[name];
  };

  function load(name) {
    return new Promise(function (resolve, reject) {
      if (Object.prototype.hasOwnProperty.call(loaded, name)) { resolve(loaded[name]); return; }
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push(resolve);
      if (!first) { return; }
      var script = document.createElement("script");
      script.src = "data/" + encodeURIComponent(name) + ".js";
      script.onerror = function () { reject(new Error("the data file " + name + ".js could not be read")); };
      document.head.appendChild(script);
    });
  }

  function loadRows(names) {
    return Promise.all(names.map(load)).then(function (chunks) { return [].concat.apply([], chunks); });
  }

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  var params = new URLSearchParams(window.location.search);
  function status(text) { $("status").textContent = text; }
  function fail(err) { status("Could not load the data: " + (err && err.message ? err.message : err)); }

  /* --- words, as Python's re sees them (kit.explore.term_pattern) --- */
  var W = "[\\p{L}\\p{N}_]";
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&"); }
  function termRegex(term) {
    var words = term.trim().split(/\s+/).map(function (w) {
      return w.split("*").map(escapeRe).join(W + "*");
    });
    return "(?<!" + W + ")" + words.join("\\s+") + "(?!" + W + ")";
  }
  function parseTerms(q) {
    return q.split(",").map(function (t) { return t.trim(); }).filter(function (t) { return t.length; });
  }
  function shardOf(word) {
    return Array.from(word).slice(0, C.index.shardChars).map(function (ch) {
      return /^[a-z0-9]$/.test(ch) ? ch : "u" + ch.codePointAt(0).toString(16);
    }).join("");
  }
  /* The documents a word (or a prefix, with `*`) is in, from the index: {doc: count}. */
  function postings(token, prefix) {
    token = token.toLowerCase();
    var head = shardOf(token);
    var shards = C.index.shards.filter(function (s) {
      return prefix && Array.from(token).length < C.index.shardChars ? s.indexOf(head) === 0 : s === head;
    });
    return Promise.all(shards.map(function (s) { return load("index-" + s); })).then(function (maps) {
      var found = {};
      maps.forEach(function (words) {
        Object.keys(words).forEach(function (w) {
          if (prefix ? w.indexOf(token) !== 0 : w !== token) { return; }
          var p = words[w];
          for (var i = 0; i < p.length; i += 2) { found[p[i]] = (found[p[i]] || 0) + p[i + 1]; }
        });
      });
      return found;
    });
  }
  /* Candidate documents for a term, and an exact count when the term is one plain word. */
  function termPostings(term) {
    var first = term.trim().split(/\s+/)[0];
    var m = new RegExp(W + "+", "u").exec(first);
    if (!m) { return Promise.resolve(null); }  // no word to look up: every document is a candidate
    var prefix = first.charAt(m.index + m[0].length) === "*";
    var plain = !prefix && m[0] === first && term.trim() === first;
    return postings(m[0], prefix).then(function (found) { return {docs: found, exact: plain}; });
  }

  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function download(name, header, rows) {
    var lines = [header.map(csvCell).join(",")].concat(rows.map(function (r) { return r.map(csvCell).join(","); }));
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var a = el("a", {href: URL.createObjectURL(blob), download: name});
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function cellNode(kind, value, href) {
    var td = el("td", {"class": kind});
    if (kind === "link" || (href && kind === "link")) {
      var a = el("a", {href: href}, value === "" ? "(untitled)" : value);
      td.appendChild(a);
    } else {
      td.textContent = kind === "num" && value !== "" ? fmt(value) : value;
    }
    return td;
  }

  function header(columns) {
    var tr = el("tr");
    columns.forEach(function (c) { tr.appendChild(el("th", {scope: "col"}, c.label)); });
    var thead = $("rows").querySelector("thead");
    thead.textContent = "";
    thead.appendChild(tr);
  }

  function pager(total, page, go) {
    var box = $("pager");
    box.textContent = "";
    if (total <= PAGE) { return; }
    var pages = Math.ceil(total / PAGE);
    var prev = el("button", {type: "button"}, "Previous");
    var next = el("button", {type: "button"}, "Next");
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    prev.onclick = function () { go(page - 1); };
    next.onclick = function () { go(page + 1); };
    box.appendChild(prev);
    box.appendChild(el("span", {}, "Page " + fmt(page + 1) + " of " + fmt(pages)));
    box.appendChild(next);
  }

  function label(text, control) {
    var l = el("label", {}, text);
    l.appendChild(control);
    return l;
  }

  /* --- a table of rows with search, filters, paging and CSV --- */
  function tableBrowser(cfg, rows, extraFilter) {
    var keys = cfg.columns.map(function (c) { return c.key; });
    var at = {};
    keys.concat(["href", "doc"]).forEach(function (k, i) { at[k] = i; });
    var searchAt = (cfg.search || []).map(function (k) { return at[k]; });
    var hay = rows.map(function (r) { return searchAt.map(function (i) { return r[i]; }).join("\n").toLowerCase(); });
    var controls = $("controls");
    var search = el("input", {type: "search", placeholder: "Search " + cfg.noun + " (as you type)",
                              "aria-label": "Search " + cfg.noun});
    search.value = params.get("q") || "";
    controls.appendChild(label("Search", search));
    var selects = [], dates = null, words = null;
    (cfg.filters || []).forEach(function (f) {
      if (f.type === "dates") {
        var from = el("input", {type: "date", "aria-label": "From"}), to = el("input", {type: "date", "aria-label": "To"});
        from.value = params.get("from") || "";
        to.value = params.get("to") || "";
        controls.appendChild(label("From", from));
        controls.appendChild(label("To", to));
        dates = {i: at[f.key], from: from, to: to};
      } else if (f.type === "words") {
        var input = el("input", {type: "search", "class": "words", placeholder: "words, prefix*; then Enter",
                                 "aria-label": f.label});
        input.value = params.get(f.key) || "";
        controls.appendChild(label(f.label, input));
        words = input;
      } else {
        var counts = {};
        rows.forEach(function (r) { var v = r[at[f.key]]; if (v !== "") { counts[v] = (counts[v] || 0) + 1; } });
        var select = el("select", {"aria-label": f.label, "data-key": f.key});
        select.appendChild(el("option", {value: ""}, "All"));
        Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); })
          .slice(0, 1000).forEach(function (v) { select.appendChild(el("option", {value: v}, v + " (" + fmt(counts[v]) + ")")); });
        var wanted = params.get(f.key);
        if (wanted !== null) {
          if (!counts[wanted]) { select.appendChild(el("option", {value: wanted}, wanted + " (0)")); }
          select.value = wanted;
        }
        controls.appendChild(label(f.label, select));
        selects.push({i: at[f.key], select: select});
      }
    });
    var csv = el("button", {type: "button"}, "Download CSV");
    controls.appendChild(csv);
    header(cfg.columns);
    var shown = [], page = 0, wordDocs = null;

    function draw() {
      var tbody = $("rows").querySelector("tbody");
      tbody.textContent = "";
      shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
        var tr = el("tr");
        cfg.columns.forEach(function (c) { tr.appendChild(cellNode(c.kind, r[at[c.key]], r[at.href])); });
        tbody.appendChild(tr);
      });
      pager(shown.length, page, function (p) { page = p; draw(); });
    }
    function apply() {
      var q = search.value.trim().toLowerCase();
      var chosen = selects.filter(function (s) { return s.select.value !== ""; });
      var lo = dates && dates.from.value, hi = dates && dates.to.value;
      var t0 = performance.now();
      shown = [];
      for (var n = 0; n < rows.length; n++) {
        var r = rows[n];
        if (q && hay[n].indexOf(q) < 0) { continue; }
        var ok = true;
        for (var k = 0; k < chosen.length; k++) { if (String(r[chosen[k].i]) !== chosen[k].select.value) { ok = false; break; } }
        if (!ok) { continue; }
        if (lo && !(r[dates.i] && r[dates.i] >= lo)) { continue; }
        if (hi && !(r[dates.i] && r[dates.i] <= hi)) { continue; }
        if (wordDocs && !wordDocs[r[at.doc]]) { continue; }
        if (extraFilter && !extraFilter(r, at)) { continue; }
        shown.push(r);
      }
      page = 0;
      status(fmt(shown.length) + " of " + fmt(rows.length) + " " + cfg.noun +
             (shown.length > PAGE ? " (" + fmt(PAGE) + " a page)" : "") + ".");
      document.body.setAttribute("data-search-ms", String(Math.round(performance.now() - t0)));
      draw();
    }
    var timer = null;
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
    selects.forEach(function (s) { s.select.addEventListener("change", apply); });
    if (dates) { dates.from.addEventListener("change", apply); dates.to.addEventListener("change", apply); }
    function applyWords() {
      var list = words.value.trim().split(/\s+/).filter(function (w) { return w; });
      if (!list.length) { wordDocs = null; apply(); return Promise.resolve(); }
      status("Looking the words up…");
      return Promise.all(list.map(function (w) {
        var m = new RegExp(W + "+", "u").exec(w);
        return m ? postings(m[0], w.charAt(m.index + m[0].length) === "*") : Promise.resolve({});
      })).then(function (sets) {
        wordDocs = sets.reduce(function (acc, s) {
          if (acc === null) { return s; }
          var both = {};
          Object.keys(acc).forEach(function (d) { if (s[d]) { both[d] = 1; } });
          return both;
        }, null);
        apply();
      }, fail);
    }
    if (words) {
      words.addEventListener("keydown", function (e) { if (e.key === "Enter") { applyWords(); } });
      words.addEventListener("change", applyWords);
    }
    csv.addEventListener("click", function () {
      download(C.key + ".csv", cfg.columns.map(function (c) { return c.label; }).concat(["Link"]),
               shown.map(function (r) { return cfg.columns.map(function (c) { return r[at[c.key]]; }).concat([r[at.href]]); }));
    });
    if (words && words.value.trim()) { applyWords(); } else { apply(); }
    return {apply: apply};
  }

  /* --- keyword in context over any word --- */
  function chunkOf(doc) {
    var starts = C.index.textStarts, lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= doc) { lo = mid; } else { hi = mid - 1; } }
    return lo;
  }
  function docText(doc) {
    var chunk = chunkOf(doc);
    return load(C.index.texts[chunk]).then(function (texts) { return texts[doc - C.index.textStarts[chunk]]; });
  }
  function squash(s) { return s.replace(/\s+/g, " "); }
  function context(text, start, end, window) {
    var left = text.slice(Math.max(0, start - window), start), right = text.slice(end, end + window);
    if (start > window && left.indexOf(" ") >= 0) { left = "\u2026" + left.slice(left.indexOf(" ") + 1); }
    if (end + window < text.length && right.indexOf(" ") >= 0) { right = right.slice(0, right.lastIndexOf(" ")) + "\u2026"; }
    return [squash(left), text.slice(start, end), squash(right)];
  }
  function sentenceOf(starts, pos) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= pos) { found = mid; lo = mid + 1; } else { hi = mid - 1; } }
    return found;
  }

  function kwicBrowser(articles) {
    var byDoc = {};
    articles.forEach(function (r) { byDoc[r[r.length - 1]] = r; });  // rows end with their doc number
    var controls = $("controls");
    var box = el("input", {type: "search", placeholder: "a word, a phrase, prefix*; commas for several",
                           "aria-label": "Words to find"});
    box.value = params.get("q") || "";
    var go = el("button", {type: "button", "class": "primary"}, "Search");
    var outlets = {};
    articles.forEach(function (r) { outlets[r[1]] = (outlets[r[1]] || 0) + 1; });
    var outlet = el("select", {"aria-label": "Outlet"});
    outlet.appendChild(el("option", {value: ""}, "All"));
    Object.keys(outlets).sort(function (a, b) { return outlets[b] - outlets[a]; }).forEach(function (o) {
      outlet.appendChild(el("option", {value: o}, o + " (" + fmt(outlets[o]) + ")"));
    });
    if (params.get("outlet")) { outlet.value = params.get("outlet"); }
    var csv = el("button", {type: "button"}, "Download CSV");
    controls.appendChild(label("Find (whole words, any case)", box));
    controls.appendChild(go);
    controls.appendChild(label("Outlet", outlet));
    controls.appendChild(csv);
    var columns = [{key: "left", label: "", kind: "kwic-left"}, {key: "match", label: "Match", kind: "kwic-match"},
                   {key: "right", label: "", kind: "kwic-right"}, {key: "outlet", label: "Outlet", kind: "text"},
                   {key: "date", label: "Date", kind: "date"}, {key: "title", label: "Article", kind: "link"}];
    header(columns);
    var run = 0, state = null;

    function linesOf(doc, text, regex, sents) {
      var out = [], m, meta = byDoc[doc] || ["", "", "", ""];
      regex.lastIndex = 0;
      while ((m = regex.exec(text)) !== null) {
        if (m[0].length === 0) { regex.lastIndex++; continue; }
        var parts = context(text, m.index, m.index + m[0].length, 60);
        var s = sentenceOf(sents, m.index);
        out.push({left: parts[0], match: parts[1], right: parts[2], outlet: meta[1], date: meta[2],
                  title: meta[0] || "(untitled)", href: meta[meta.length - 2] + (s >= 0 ? "#s" + s : "")});
      }
      return out;
    }
    function scan(upto) {  // read candidate documents until `upto` lines are found (Infinity: all)
      var my = run;
      function step() {
        if (my !== run) { return Promise.resolve(); }
        if (state.lines.length >= upto || state.next >= state.docs.length) { return Promise.resolve(); }
        var doc = state.docs[state.next++];
        return docText(doc).then(function (entry) {
          state.lines = state.lines.concat(linesOf(doc, entry[0], state.regex, entry[1]));
          return step();
        });
      }
      return step();
    }
    function draw() {
      var tbody = $("rows").querySelector("tbody");
      tbody.textContent = "";
      state.lines.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (r) {
        var tr = el("tr");
        columns.forEach(function (c) { tr.appendChild(cellNode(c.kind, r[c.key], r.href)); });
        tbody.appendChild(tr);
      });
      var known = state.total !== null ? state.total : state.lines.length;
      pager(Math.max(known, state.lines.length), state.page, function (p) {
        state.page = p;
        scan((p + 1) * PAGE).then(draw);
      });
      var done = state.next >= state.docs.length;
      status((state.total !== null || done ? fmt(known) : fmt(state.lines.length) + "+") + " matches of \u201c" +
             state.query + "\u201d in " + fmt(state.docs.length) + " article" + (state.docs.length === 1 ? "" : "s") +
             (outlet.value ? " from " + outlet.value : "") + ".");
    }
    function search() {
      var q = box.value.trim();
      run += 1;
      if (!q) { status("Type a word and press Enter or Search."); $("rows").querySelector("tbody").textContent = ""; return; }
      var terms = parseTerms(q);
      var t0 = performance.now();
      status("Searching\u2026");
      var regex = new RegExp(terms.map(termRegex).join("|"), "giu");
      Promise.all(terms.map(termPostings)).then(function (found) {
        var every = found.some(function (f) { return f === null; });
        var docs = {}, total = 0, exact = !every;
        if (every) { Object.keys(byDoc).forEach(function (d) { docs[d] = 1; }); }
        found.forEach(function (f) {
          if (!f) { return; }
          exact = exact && f.exact;
          Object.keys(f.docs).forEach(function (d) { docs[d] = 1; });
        });
        var list = Object.keys(docs).map(Number).filter(function (d) {
          return !outlet.value || (byDoc[d] && byDoc[d][1] === outlet.value);
        }).sort(function (a, b) { return a - b; });
        if (exact && terms.length === 1) {
          var f0 = found[0];
          list.forEach(function (d) { total += f0.docs[d]; });
        }
        state = {query: q, regex: regex, docs: list, next: 0, lines: [], page: 0,
                 total: exact && terms.length === 1 ? total : null};
        var my = run;
        return scan(FIRST).then(function () {  // the first lines at once, the rest of the page as it comes
          if (my !== run) { return; }
          document.body.setAttribute("data-search-ms", String(Math.round(performance.now() - t0)));
          draw();
          return scan(PAGE).then(function () { if (my === run) { draw(); } });
        });
      }).catch(fail);
    }
    go.addEventListener("click", search);
    box.addEventListener("keydown", function (e) { if (e.key === "Enter") { search(); } });
    outlet.addEventListener("change", search);
    csv.addEventListener("click", function () {
      if (!state) { return; }
      status("Reading every matching article\u2026");
      scan(Infinity).then(function () {
        draw();
        download("kwic.csv", ["Left", "Match", "Right", "Outlet", "Date", "Article", "Link"], state.lines.map(function (r) {
          return [r.left, r.match, r.right, r.outlet, r.date, r.title, r.href];
        }));
      }).catch(fail);
    });
    if (box.value) { search(); } else { status("Type a word and press Enter or Search: every article is searched."); }
  }

  /* --- actor profiles --- */
  function bars(months) {
    if (!months.length) { return null; }
    var w = 600, h = 120, max = Math.max.apply(null, months.map(function (m) { return m[1]; }));
    var bw = w / months.length;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + (h + 30));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Mentions by month, " + months[0][0] + " to " + months[months.length - 1][0]);
    months.forEach(function (m, i) {
      var r = document.createElementNS(ns, "rect");
      var bh = max ? Math.max(1, h * m[1] / max) : 0;
      r.setAttribute("x", String(i * bw + 1));
      r.setAttribute("y", String(h - bh));
      r.setAttribute("width", String(Math.max(1, bw - 2)));
      r.setAttribute("height", String(bh));
      var t = document.createElementNS(ns, "title");
      t.textContent = m[0] + ": " + fmt(m[1]);
      r.appendChild(t);
      svg.appendChild(r);
    });
    [months[0], months[months.length - 1]].forEach(function (m, k) {
      var t = document.createElementNS(ns, "text");
      t.setAttribute("x", k ? String(w) : "0");
      t.setAttribute("y", String(h + 20));
      t.setAttribute("text-anchor", k ? "end" : "start");
      t.textContent = m[0];
      svg.appendChild(t);
    });
    var t = document.createElementNS(ns, "text");
    t.setAttribute("x", "0");
    t.setAttribute("y", "12");
    t.textContent = "most in a month: " + fmt(max);
    svg.appendChild(t);
    return svg;
  }

  function actorBrowser(actors, quotes) {
    var byName = {};
    actors.forEach(function (a) { byName[a[1].toLowerCase()] = a; });
    var controls = $("controls");
    var list = el("datalist", {id: "actor-names"});
    actors.forEach(function (a) { list.appendChild(el("option", {value: a[1]})); });
    var pick = el("input", {type: "search", list: "actor-names", placeholder: "any actor: type a name",
                            "aria-label": "Actor"});
    pick.value = params.get("actor") || (actors.length ? actors[0][1] : "");
    controls.appendChild(list);
    controls.appendChild(label("Actor (" + fmt(actors.length) + ")", pick));
    var quoteCols = C.quotes.columns || [];
    var at = {};
    quoteCols.map(function (c) { return c.key; }).concat(["href"]).forEach(function (k, i) { at[k] = i; });
    var current = null;
    var view = null;

    function show() {
      var a = byName[pick.value.trim().toLowerCase()];
      var extra = $("extra");
      extra.textContent = "";
      if (!a) { status("No actor of that name: pick one from the list."); return; }
      current = a;
      var profile = el("div", {"class": "profile"});
      profile.appendChild(el("h2", {}, a[1]));
      profile.appendChild(el("p", {}, (a[2] ? a[2] + ", n" : "N") + "amed " + fmt(a[3]) + " times in " + fmt(a[4]) +
                                      " articles."));
      profile.appendChild(el("h2", {}, "Mentions by month"));
      var chart = bars(a[5]);
      profile.appendChild(chart || el("p", {}, "No dated mention."));
      profile.appendChild(el("h2", {}, "Named in the same sentence as"));
      if (a[6].length) {
        var ul = el("ul");
        a[6].forEach(function (p) {
          var li = el("li");
          li.appendChild(el("a", {href: "?actor=" + encodeURIComponent(p[0])}, p[0]));
          li.appendChild(document.createTextNode(" (" + fmt(p[1]) + (p[1] === 1 ? " sentence)" : " sentences)")));
          ul.appendChild(li);
        });
        profile.appendChild(ul);
      } else {
        profile.appendChild(el("p", {}, "No other actor shares a sentence with this one."));
      }
      profile.appendChild(el("h2", {}, "What they are quoted as saying"));
      extra.appendChild(profile);
      if (view) { view.apply(); }
    }
    if (quoteCols.length) {
      view = tableBrowser({columns: quoteCols, search: ["quote"], filters: [], noun: "quotations"}, quotes,
                          function (r, idx) { return current !== null && r[idx.speaker] === current[1]; });
    }
    pick.addEventListener("change", show);
    pick.addEventListener("keydown", function (e) { if (e.key === "Enter") { show(); } });
    show();
  }

  function start() {
    if (C.message) { status(C.message); return; }
    if (C.key === "kwic") {
      loadRows(C.articles).then(function (articles) { kwicBrowser(articles); }).catch(fail);
    } else if (C.key === "actors") {
      Promise.all([loadRows(C.chunks), C.quotes.chunks ? loadRows(C.quotes.chunks) : Promise.resolve([])])
        .then(function (r) { actorBrowser(r[0], r[1]); }).catch(fail);
    } else {
      loadRows(C.chunks).then(function (rows) { tableBrowser(C, rows); }).catch(fail);
    }
  }
  start();
})();
