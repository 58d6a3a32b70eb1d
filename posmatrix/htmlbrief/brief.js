(function () {
"use strict";
var D = JSON.parse(document.getElementById("pm-data").textContent);
var body = document.body, tip = document.getElementById("tip");
var pinned = false, hiddenH = {}, hiddenG = {};
var byVoice = D.stances.map(function (row) {
  var m = {};
  row.forEach(function (c) { m[c[0]] = c; });
  return m;
});

function campName(c) {
  return c ? "camp " + c : "set aside (too few positions)";
}

function h(tag, cls, txt) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (txt !== undefined && txt !== null) e.textContent = txt;
  return e;
}
function signed(x) {
  if (x === null || x === undefined) return "\u2013";
  return x === 0 ? "0" : (x > 0 ? "+" : "") + String(x);
}
function label(x) {
  var s = D.scale;
  if (x === null) return "not addressed";
  if (Number.isInteger(x) && x >= s[0] && x <= s[1] && s[2].length) return s[2][x - s[0]];
  return String(x);
}
function pct(a) { return a === null ? "\u2013" : Math.round(a * 100) + "%"; }
function cut(t, n) { return t.length <= n ? t : t.slice(0, n - 1).replace(/\s+\S*$/, "") + "\u2026"; }
function vname(v) { var V = D.voices[v]; return V[4] || V[0]; }
function voiceName(v) {
  var V = D.voices[v];
  return V[0] + " \u2014 " + D.holders[V[2]][1] + ", " + campName(V[3]);
}
function issueName(i) { return D.issues[i][1]; }
function quoteItems(list, n) {
  var ul = h("ul");
  list.slice(0, n).forEach(function (q) { ul.appendChild(h("li")).appendChild(h("q", "", cut(D.quotes[q], 320))); });
  if (list.length > n) ul.appendChild(h("li", "muted", "\u2026 and " + (list.length - n) + " more"));
  return ul;
}

function place(x, y) {
  tip.style.left = "0px"; tip.style.top = "0px";
  var w = tip.offsetWidth, ht = tip.offsetHeight;
  var vw = document.documentElement.clientWidth, vh = window.innerHeight;
  var left = x + 14, top = y + 14;
  if (left + w > vw - 4) left = Math.max(4, x - w - 14);
  if (top + ht > vh - 4) top = Math.max(4, y - ht - 14);
  tip.style.left = left + "px"; tip.style.top = top + "px";
}
function show(nodes, x, y, pin) {
  if (pinned && !pin) return;
  tip.replaceChildren();
  if (pin) {
    var b = h("button", "close", "\u00d7");
    b.type = "button"; b.setAttribute("aria-label", "Close");
    b.addEventListener("click", function () { close(true); });
    tip.appendChild(b);
  }
  nodes.forEach(function (n) { tip.appendChild(n); });
  tip.hidden = false;
  pinned = !!pin;
  place(x, y);
}
function close(force) {
  if (pinned && !force) return;
  pinned = false; tip.hidden = true;
}
function at(el) { var r = el.getBoundingClientRect(); return [r.right, r.top]; }

/* ---- heatmap ---- */
function pairNodes(a, b) {
  var n = D.voices.length, score = D.agreement[a * n + b];
  var out = [h("h3", "", vname(a) + " \u00d7 " + vname(b))];
  var shared = [];
  D.stances[a].forEach(function (c) { if (byVoice[b][c[0]] && !hiddenG[D.issues[c[0]][2]]) shared.push(c[0]); });
  out.push(h("p", "", a === b ? "The same voice." :
    "Agreement " + pct(score) + " over " + shared.length + " shared issue" + (shared.length === 1 ? "" : "s") + "."));
  out.push(h("p", "muted", voiceName(a))); out.push(h("p", "muted", voiceName(b)));
  var ul = h("ul");
  shared.slice(0, 6).forEach(function (i) {
    var li = ul.appendChild(h("li"));
    li.appendChild(h("strong", "", cut(issueName(i), 110)));
    [a, b].forEach(function (v) {
      var c = byVoice[v][i], d = li.appendChild(h("div"));
      d.appendChild(h("span", "who", vname(v) + " " + signed(c[1])));
      if (c[2].length) { d.appendChild(document.createTextNode(" ")); d.appendChild(h("q", "", cut(D.quotes[c[2][0]], 220))); }
    });
  });
  if (shared.length > 6) ul.appendChild(h("li", "muted", "\u2026 and " + (shared.length - 6) + " more issues"));
  if (a !== b) out.push(ul);
  return out;
}
function blockNodes(a, b) {
  var B = D.blocks, k = B.sizes.length, s = B.agreement[a * k + b];
  return [h("h3", "", "Camp " + (a + 1) + " \u00d7 camp " + (b + 1)),
    h("p", "", "Mean agreement " + pct(s) + " between " + B.sizes[a] + " and " + B.sizes[b] + " voices.")];
}
var heat = document.getElementById("heat"), hcur = document.getElementById("heat-cursor");
var hpos = [0, 1];
function heatShow(el, x, y, pin) {
  if (D.large) { var a = +el.getAttribute("data-a"), b = +el.getAttribute("data-b"); show(blockNodes(a, b), x, y, pin); }
  else { show(pairNodes(+el.getAttribute("y"), +el.getAttribute("x")), x, y, pin); }
}
function heatCell(i, j) {
  return D.large ? heat.querySelector('rect[data-a="' + i + '"][data-b="' + j + '"]')
                 : heat.querySelector('rect[x="' + j + '"][y="' + i + '"]');
}
if (heat) {
  heat.addEventListener("mouseover", function (e) { var t = e.target; if (t.tagName === "rect" && t !== hcur) heatShow(t, e.clientX, e.clientY, false); });
  heat.addEventListener("mouseleave", function () { close(false); });
  heat.addEventListener("click", function (e) { var t = e.target; if (t.tagName === "rect" && t !== hcur) { heatShow(t, e.clientX, e.clientY, true); e.stopPropagation(); } });
  heat.addEventListener("keydown", function (e) {
    var n = D.large ? D.blocks.sizes.length : D.voices.length, d = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}[e.key];
    if (d) {
      hpos = [Math.min(n - 1, Math.max(0, hpos[0] + d[0])), Math.min(n - 1, Math.max(0, hpos[1] + d[1]))];
    } else if (e.key === "Enter" || e.key === " ") {
      pinned = false;
    } else if (e.key === "Escape") { close(true); return; } else return;
    e.preventDefault();
    var c = heatCell(hpos[0], hpos[1]); if (!c) return;
    ["x", "y", "width", "height"].forEach(function (k) { hcur.setAttribute(k, c.getAttribute(k)); }); hcur.classList.add("on");
    var p = at(c); heatShow(c, p[0], p[1], e.key === "Enter" || e.key === " ");
  });
}

/* ---- map ---- */
var map = document.getElementById("posmap"), mcur = document.getElementById("map-cursor"), mpos = -1;
function voiceNodes(v) {
  var V = D.voices[v], out = [h("h3", "", vname(v)), h("p", "", D.holders[V[2]][1] + " \u00b7 " + campName(V[3]) + " \u00b7 " + D.stances[v].length + " issues"),
    h("p", "muted", "Source: " + D.sources[V[1]][1])];
  var ul = h("ul"), n = 0;
  D.stances[v].forEach(function (c) {
    if (n >= 4 || hiddenG[D.issues[c[0]][2]]) return; n++;
    var li = ul.appendChild(h("li"));
    li.appendChild(h("span", "who", D.issues[c[0]][0] + " " + signed(c[1])));
    if (c[2].length) { li.appendChild(document.createTextNode(" ")); li.appendChild(h("q", "", cut(D.quotes[c[2][0]], 200))); }
  });
  out.push(ul);
  return out;
}
function mapShow(el, x, y, pin) {
  var v = +el.getAttribute("data-v"); mpos = v;
  mcur.setAttribute("cx", el.getAttribute("cx")); mcur.classList.add("on"); mcur.setAttribute("cy", el.getAttribute("cy"));
  show(voiceNodes(v), x, y, pin);
}
if (map) {
  map.addEventListener("mouseover", function (e) { var t = e.target; if (t.tagName === "circle" && t !== mcur) mapShow(t, e.clientX, e.clientY, false); });
  map.addEventListener("mouseleave", function () { close(false); });
  map.addEventListener("click", function (e) { var t = e.target; if (t.tagName === "circle" && t !== mcur) { mapShow(t, e.clientX, e.clientY, true); e.stopPropagation(); } });
  map.addEventListener("keydown", function (e) {
    var n = D.voices.length, step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[e.key];
    if (e.key === "Escape") { close(true); return; }
    if (!step && e.key !== "Enter") return;
    e.preventDefault();
    if (step) { var v = mpos; for (var k = 0; k < n; k++) { v = (v + step + n) % n; if (!hiddenH[D.voices[v][2]]) break; } mpos = v; pinned = false; }
    if (mpos < 0) mpos = 0;
    var c = map.querySelector('circle[data-v="' + mpos + '"]'), p = at(c);
    mapShow(c, p[0], p[1], e.key === "Enter");
  });
}

/* ---- stance table ---- */
var st = document.getElementById("stance-table");
function cellNodes(td) {
  var v = +td.parentNode.getAttribute("data-v"), i = td.cellIndex - 2, c = byVoice[v][i];
  var out = [h("h3", "", vname(v)), h("p", "", issueName(i)),
    h("p", "", "Stance " + signed(c[1]) + ": " + label(c[1])), h("p", "muted", voiceName(v))];
  if (c[2].length) out.push(quoteItems(c[2], 4)); else out.push(h("p", "muted", "No quote given."));
  return out;
}
if (st) {
  var first = st.querySelector("td.s"); if (first) first.tabIndex = 0;
  st.addEventListener("mouseover", function (e) { var t = e.target.closest("td.s"); if (t) show(cellNodes(t), e.clientX, e.clientY, false); });
  st.addEventListener("mouseleave", function () { close(false); });
  st.addEventListener("click", function (e) { var t = e.target.closest("td.s"); if (t) { show(cellNodes(t), e.clientX, e.clientY, true); e.stopPropagation(); } });
  st.addEventListener("focusin", function (e) { var t = e.target.closest("td.s"); if (t) { var p = at(t); show(cellNodes(t), p[0], p[1], false); } });
  st.addEventListener("keydown", function (e) {
    var t = e.target.closest("td.s"); if (!t) return;
    if (e.key === "Escape") { close(true); return; }
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); var p = at(t); show(cellNodes(t), p[0], p[1], true); return; }
    var d = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}[e.key];
    if (!d) return;
    e.preventDefault();
    var rows = Array.prototype.filter.call(st.tBodies[0].rows, function (r) { return r.offsetParent !== null; });
    var r = rows.indexOf(t.parentNode), c = t.cellIndex, next = null;
    for (var k = 1; k < 400 && !next; k++) {
      var rr = rows[r + d[0] * k], cc = c + d[1] * k;
      if (!rr || cc < 2 || cc >= rr.cells.length) break;
      var cand = rr.cells[cc];
      if (cand.classList.contains("s") && cand.offsetParent !== null) next = cand;
    }
    if (next) { t.tabIndex = -1; next.tabIndex = 0; pinned = false; next.focus(); }
  });
}

document.addEventListener("click", function (e) { if (pinned && !tip.contains(e.target)) close(true); });
document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(true); });

/* ---- filters ---- */
function applyFilters() {
  hiddenH = {}; hiddenG = {};
  document.querySelectorAll("#filters input[type=checkbox]").forEach(function (b) {
    var key = b.getAttribute("data-filter") + b.value;
    body.classList.toggle("hide-" + key, !b.checked);
    if (!b.checked) (b.getAttribute("data-filter") === "h" ? hiddenH : hiddenG)[+b.value] = true;
  });
  var shown = D.voices.filter(function (V) { return !hiddenH[V[2]]; }).length;
  var issues = D.issues.filter(function (I) { return !hiddenG[I[2]]; }).length;
  if (heat && !D.large) {
    heat.querySelectorAll("g > rect").forEach(function (r) {
      r.classList.toggle("off", !!(hiddenH[D.voices[+r.getAttribute("x")][2]] || hiddenH[D.voices[+r.getAttribute("y")][2]]));
    });
  }
  var state = document.getElementById("filter-state");
  if (state) state.textContent =
    "Showing " + shown + " of " + D.voices.length + " voices and " + issues + " of " + D.issues.length + " issues.";
  search();
}
var filters = document.getElementById("filters");
if (filters) filters.addEventListener("change", applyFilters);

/* ---- quote search ---- */
var qbox = document.getElementById("q-search"), qres = document.getElementById("q-results"), qcount = document.getElementById("q-count");
var lower = null, timer = null;
function search() {
  if (!qbox) return;
  if (!lower) lower = D.quotes.map(function (q) { return q.toLowerCase(); });
  var needle = qbox.value.trim().toLowerCase(), hits = 0, frag = document.createDocumentFragment();
  D.stances.forEach(function (row, v) {
    var V = D.voices[v];
    if (hiddenH[V[2]]) return;
    row.forEach(function (c) {
      var I = D.issues[c[0]];
      if (hiddenG[I[2]]) return;
      c[2].forEach(function (q) {
        if (needle && lower[q].indexOf(needle) < 0 && V[0].toLowerCase().indexOf(needle) < 0 && I[0].toLowerCase().indexOf(needle) < 0) return;
        hits++;
        if (hits > 100) return;
        var li = h("li");
        li.appendChild(h("span", "who", V[0]));
        li.appendChild(document.createTextNode(" on " + I[0] + ": " + signed(c[1]) + " (" + label(c[1]) + ") "));
        var text = D.quotes[q], at = needle ? lower[q].indexOf(needle) : -1, qq = h("q");
        if (at >= 0) {
          qq.appendChild(document.createTextNode(text.slice(0, at)));
          qq.appendChild(h("mark", "", text.slice(at, at + needle.length)));
          qq.appendChild(document.createTextNode(text.slice(at + needle.length)));
        } else qq.textContent = text;
        li.appendChild(qq);
        frag.appendChild(li);
      });
    });
  });
  qres.replaceChildren(frag);
  qcount.textContent = hits + (hits === 1 ? " quote" : " quotes") + (needle ? " match" + (hits === 1 ? "es" : "") : "") + (hits > 100 ? "; the first 100 shown." : ".");
}
if (qbox) qbox.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });

/* ---- sortable tables ---- */
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    var b = th.querySelector("button.sort"); if (!b) return;
    b.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var tb = table.tBodies[0], rows = Array.prototype.slice.call(tb.rows);
      function key(r) { var c = r.cells[col]; if (!c) return ""; var s = c.getAttribute("data-sort"); return s === null ? c.textContent.trim().toLowerCase() : (s === "" ? Infinity : +s); }
      rows.sort(function (x, y) {
        var a = key(x), b2 = key(y), r = typeof a === "number" && typeof b2 === "number" ? a - b2 : String(a).localeCompare(String(b2));
        return asc ? r : -r;
      });
      rows.forEach(function (r) { tb.appendChild(r); });
    });
  });
});

/* ---- print: open the evidence ---- */
var opened = [];
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
});
window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });

applyFilters();
body.classList.add("js");
})();
