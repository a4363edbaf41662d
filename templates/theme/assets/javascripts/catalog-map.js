/* The map page: every paper as a dot on a canvas, from map/points.json (catalog.js
 * loads this script only on a page with [data-catalog-map]).
 * - colour by tag, by named region or by year (?colour=), with a legend; ?tag= and
 *   ?year= dim the other papers;
 * - pan (drag, arrow keys), zoom (wheel, pinch, + and -, the buttons); from the
 *   keyboard, space chooses the paper nearest the centre (a cross marks it) and Enter
 *   opens the chosen paper;
 * - hover shows a paper's title (from papers/list.json, loaded once the map is drawn),
 *   a click opens its page; a tap on a touch screen chooses it, a second tap opens it;
 * - ?focus=<arXiv ID> centres the map on a paper; the chosen paper and its nearest
 *   neighbours on the map are listed as links after the map, for keyboards and
 *   screen readers as well as anyone else.
 * Every value from the data or the address reaches the page as text (textContent,
 * option values, URL parameters), never as markup. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);
  var box = document.querySelector("[data-catalog-map]");
  if (!box || !window.fetch || !window.URLSearchParams || !document.createElement("canvas").getContext) return;

  var TAG_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"];
  var OTHER = "#8c8c8c";
  var YEAR_STOPS = [[63, 111, 181], [154, 111, 176], [232, 116, 59]];  // oldest, middle, newest
  var NEIGHBOURS = 10;

  var form = box.querySelector("form");
  var canvas = box.querySelector("canvas");
  var frame = box.querySelector(".catalog-map__frame");
  var tip = box.querySelector(".catalog-map__tip");
  var legend = box.querySelector(".catalog-map__legend");
  var panel = box.querySelector(".catalog-map__focus");
  var context = canvas.getContext("2d");

  var data = null;        // points.json
  var titles = null;      // arXiv ID -> title, from papers/list.json
  var count = 0;
  var colourOf = null;    // per paper: index into colours, -1 dimmed
  var colours = [];
  var hollow = -1;        // the colour drawn as rings: papers with no tag
  var view = { x: 0, y: 0, k: 1 };  // the data point at the canvas' centre, pixels per unit
  var fit = 1;
  var size = { w: 0, h: 0 };
  var hover = -1;
  var keyboard = false;   // the canvas has the keyboard's focus: a cross marks the centre
  var focus = -1;
  var pending = false;
  var params = new URLSearchParams(location.search);
  var state = { colour: params.get("colour") || "", tag: params.get("tag") || "", year: params.get("year") || "" };
  var usual = "tag";      // the colouring when the address names none

  function css(name, fallback) {
    var value = getComputedStyle(box).getPropertyValue(name).trim();
    return value || fallback;
  }

  function paperUrl(id) { return new URL("papers/" + id + "/", root).href; }

  function mapUrl(id) {
    var query = new URLSearchParams(location.search);
    query.set("focus", id);
    return location.pathname + "?" + query.toString();
  }

  function canonicalId(text) {
    return String(text || "").trim().replace(/^arxiv:/i, "").replace(/v\d+$/, "");
  }

  // --- colours and filters --------------------------------------------------------

  function yearColour(year, low, high) {
    var t = high > low ? (year - low) / (high - low) : 1;
    var scaled = t * (YEAR_STOPS.length - 1);
    var i = Math.min(YEAR_STOPS.length - 2, Math.floor(scaled));
    var f = scaled - i;
    var rgb = [0, 1, 2].map(function (c) { return Math.round(YEAR_STOPS[i][c] + (YEAR_STOPS[i + 1][c] - YEAR_STOPS[i][c]) * f); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function tagNumber(slug) {
    for (var i = 0; i < data.tags.length; i++) if (data.tags[i][0] === slug) return i;
    return -1;
  }

  function matches(i, wanted) {
    if (state.year && String(data.year[i]) !== state.year) return false;
    return !state.tag || data.tag[i].indexOf(wanted) >= 0;
  }

  function classify() {
    colourOf = new Int16Array(count);
    colours = [];
    hollow = -1;
    var entries = [];
    if (state.colour === "region") {
      var shown = Math.min(data.regions.length, TAG_COLOURS.length);
      var rest = 0;
      for (var g = 0; g < shown; g++) {
        colours.push(TAG_COLOURS[g]);
        entries.push({ label: data.regions[g][2], count: data.regions[g][3], colour: TAG_COLOURS[g] });
      }
      for (var q = 0; q < count; q++) {
        var r = data.region[q];
        colourOf[q] = r >= 0 && r < shown ? r : shown;
        if (!(r >= 0 && r < shown)) rest++;
      }
      colours.push(OTHER);
      hollow = shown;
      if (rest) entries.push({ label: "No named region", count: rest, colour: OTHER, hollow: true });
    } else if (state.colour === "year") {
      var years = {};
      for (var i = 0; i < count; i++) if (data.year[i]) years[data.year[i]] = (years[data.year[i]] || 0) + 1;
      var list = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
      var low = list[0], high = list[list.length - 1];
      list.forEach(function (year, k) {
        colours.push(yearColour(year, low, high));
        entries.push({ label: String(year), count: years[year], colour: colours[k], year: String(year) });
      });
      var undated = 0;
      for (var j = 0; j < count; j++) {
        colourOf[j] = data.year[j] ? list.indexOf(data.year[j]) : colours.length;
        if (!data.year[j]) undated++;
      }
      if (undated) { colours.push(OTHER); entries.push({ label: "No date", count: undated, colour: OTHER }); }
    } else {
      // The most common tags get a colour each; a paper takes the rarest of its tags
      // that has one, the most specific.
      var counts = data.tags.map(function () { return 0; });
      data.tag.forEach(function (tags) { tags.forEach(function (t) { counts[t]++; }); });
      var ranked = counts.map(function (c, t) { return [c, t]; }).filter(function (p) { return p[0] > 0; })
        .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (p) { return p[1]; });
      // the tag the map is filtered by always has a colour: the first
      var chosen = state.tag ? tagNumber(state.tag) : -1;
      if (chosen >= 0 && counts[chosen]) ranked = [chosen].concat(ranked.filter(function (t) { return t !== chosen; }));
      ranked = ranked.slice(0, TAG_COLOURS.length);
      ranked.forEach(function (t, k) {
        colours.push(TAG_COLOURS[k]);
        entries.push({ label: data.tags[t][1], count: counts[t], colour: TAG_COLOURS[k], tag: data.tags[t][0] });
      });
      var other = 0, none = 0;
      for (var p = 0; p < count; p++) {
        var best = -1;
        data.tag[p].forEach(function (t) {
          var k = ranked.indexOf(t);
          if (k >= 0 && (best < 0 || counts[t] < counts[ranked[best]])) best = k;
        });
        if (best < 0) { if (data.tag[p].length) other++; else none++; }
        colourOf[p] = best >= 0 ? best : (data.tag[p].length ? ranked.length : ranked.length + 1);
      }
      colours.push(OTHER, OTHER);
      hollow = colours.length - 1;
      if (other) entries.push({ label: "Other tags", count: other, colour: OTHER });
      if (none) entries.push({ label: "No tag", count: none, colour: OTHER, hollow: true });
    }
    var wanted = state.tag ? tagNumber(state.tag) : -1;
    for (var m = 0; m < count; m++) if (!matches(m, wanted)) colourOf[m] = -1;
    showLegend(entries);
  }

  function showLegend(entries) {
    legend.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "catalog-map__swatch" + (entry.hollow ? " catalog-map__swatch--hollow" : "");
      swatch.style.setProperty("--swatch", entry.colour);
      swatch.setAttribute("aria-hidden", "true");
      var filter = entry.tag ? "tag" : (entry.year ? "year" : null);
      var value = entry.tag || entry.year;
      var label = entry.label + " (" + entry.count + ")";
      if (filter) {
        var button = document.createElement("button");
        button.type = "button";
        button.appendChild(swatch);
        button.appendChild(document.createTextNode(label));
        var on = state[filter] === value;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.title = on ? "Show all papers" : "Show only these papers";
        button.addEventListener("click", function () { setFilter(filter, on ? "" : value); });
        item.appendChild(button);
      } else {
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(label));
      }
      legend.appendChild(item);
    });
  }

  function setFilter(name, value) {
    state[name] = value;
    var select = form.elements[name];
    if (select) select.value = value;
    changed();
  }

  function changed() {
    var query = new URLSearchParams(location.search);
    ["tag", "year"].forEach(function (name) { if (state[name]) query.set(name, state[name]); else query.delete(name); });
    if (state.colour !== usual) query.set("colour", state.colour); else query.delete("colour");
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    classify();
    schedule();
  }

  // --- view ------------------------------------------------------------------------

  function radius() {
    var base = count > 5000 ? 2 : count > 1000 ? 2.6 : count > 200 ? 3.5 : 5;
    return base * Math.min(3, Math.sqrt(view.k / fit));
  }

  function toScreen(i) {
    return [(data.x[i] - view.x) * view.k + size.w / 2, (data.y[i] - view.y) * view.k + size.h / 2];
  }

  function whole() {
    view.x = data.scale / 2;
    view.y = data.scale / 2;
    fit = Math.min(size.w, size.h) / (data.scale * 1.08) || 1;
    view.k = fit;
  }

  function zoom(factor, sx, sy) {
    var k = Math.max(fit * 0.5, Math.min(fit * 200, view.k * factor));
    if (sx === undefined) { sx = size.w / 2; sy = size.h / 2; }
    // keep the data point under (sx, sy) where it is
    var dx = (sx - size.w / 2) / view.k + view.x;
    var dy = (sy - size.h / 2) / view.k + view.y;
    view.k = k;
    view.x = dx - (sx - size.w / 2) / k;
    view.y = dy - (sy - size.h / 2) / k;
    schedule();
  }

  function resize() {
    var rect = frame.getBoundingClientRect();
    var ratio = window.devicePixelRatio || 1;
    var first = !size.w;
    var oldFit = fit;
    size.w = Math.max(1, Math.round(rect.width));
    size.h = Math.max(1, Math.round(rect.height));
    canvas.width = Math.round(size.w * ratio);
    canvas.height = Math.round(size.h * ratio);
    if (!data) return;
    if (first) { whole(); } else {
      fit = Math.min(size.w, size.h) / (data.scale * 1.08) || 1;
      view.k *= fit / oldFit;
    }
    schedule();
  }

  function schedule() {
    if (pending || !data) return;
    pending = true;
    requestAnimationFrame(draw);
  }

  // --- drawing ---------------------------------------------------------------------

  function dots(indexes, r, fill, ring) {
    context.fillStyle = fill;
    context.strokeStyle = fill;
    context.lineWidth = Math.max(1, r / 2.5);
    if (ring) r = Math.max(1, r - context.lineWidth / 2);
    context.beginPath();
    for (var n = 0; n < indexes.length; n++) {
      var p = toScreen(indexes[n]);
      if (p[0] < -r || p[1] < -r || p[0] > size.w + r || p[1] > size.h + r) continue;
      context.moveTo(p[0] + r, p[1]);
      context.arc(p[0], p[1], r, 0, 2 * Math.PI);
    }
    if (ring) context.stroke(); else context.fill();
  }

  function draw() {
    pending = false;
    var started = performance.now();
    var ratio = canvas.width / size.w;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, size.w, size.h);
    var r = radius();
    var groups = colours.map(function () { return []; });
    var dimmed = [];
    for (var i = 0; i < count; i++) {
      if (colourOf[i] < 0) dimmed.push(i); else groups[colourOf[i]].push(i);
    }
    context.globalAlpha = 0.28;
    dots(dimmed, Math.max(1.2, r * 0.7), OTHER);
    context.globalAlpha = count > 2000 ? 0.75 : 0.9;
    groups.forEach(function (members, k) { if (members.length) dots(members, r, colours[k], k === hollow); });
    context.globalAlpha = 1;
    labels();
    if (keyboard) cross(css("--md-default-fg-color", "#000"));
    ring(hover, r + 3, css("--md-default-fg-color", "#000"), 1.5);
    ring(focus, r + 5, css("--md-accent-fg-color", "#526cfe"), 3);
    canvas.setAttribute("data-drawn", String(count));
    canvas.setAttribute("data-draw-ms", (performance.now() - started).toFixed(1));
  }

  function cross(colour) {
    var x = size.w / 2, y = size.h / 2;
    context.strokeStyle = colour;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(x - 10, y); context.lineTo(x - 3, y); context.moveTo(x + 3, y); context.lineTo(x + 10, y);
    context.moveTo(x, y - 10); context.lineTo(x, y - 3); context.moveTo(x, y + 3); context.lineTo(x, y + 10);
    context.stroke();
  }

  function ring(i, r, colour, width) {
    if (i < 0) return;
    var p = toScreen(i);
    context.strokeStyle = colour;
    context.lineWidth = width;
    context.beginPath();
    context.arc(p[0], p[1], r, 0, 2 * Math.PI);
    context.stroke();
  }

  function labels() {
    var fg = css("--md-default-fg-color", "#000");
    var bg = css("--md-default-bg-color", "#fff");
    context.font = "600 13px " + css("--md-text-font-family", "sans-serif").replace(/^,\s*/, "") + ", sans-serif";
    context.textAlign = "center";
    context.textBaseline = "middle";
    context.lineJoin = "round";
    var taken = [];
    data.regions.forEach(function (region) {
      var x = (region[0] - view.x) * view.k + size.w / 2;
      var y = (region[1] - view.y) * view.k + size.h / 2;
      var w = context.measureText(region[2]).width;
      if (x < 0 || x > size.w || y < 0 || y > size.h) return;
      // a name near an edge moves in rather than being cut
      x = Math.max(w / 2 + 4, Math.min(size.w - w / 2 - 4, x));
      y = Math.max(12, Math.min(size.h - 12, y));
      var box_ = [x - w / 2 - 4, y - 10, x + w / 2 + 4, y + 10];
      for (var t = 0; t < taken.length; t++) {
        var o = taken[t];
        if (box_[0] < o[2] && o[0] < box_[2] && box_[1] < o[3] && o[1] < box_[3]) return;
      }
      taken.push(box_);
      context.strokeStyle = bg;
      context.lineWidth = 4;
      context.strokeText(region[2], x, y);
      context.fillStyle = fg;
      context.fillText(region[2], x, y);
    });
  }

  // --- pointing ----------------------------------------------------------------------

  function nearestTo(sx, sy, within) {
    var best = -1, bestD = Infinity, reach = within || radius() + 5;
    for (var i = 0; i < count; i++) {
      var p = toScreen(i);
      var d = (p[0] - sx) * (p[0] - sx) + (p[1] - sy) * (p[1] - sy);
      if (d < bestD && (colourOf[i] >= 0 || d < reach * reach / 4)) { bestD = d; best = i; }
    }
    return bestD <= reach * reach ? best : -1;
  }

  function titleOf(i) {
    var id = data.id[i];
    return titles && titles[id] ? titles[id] : "arXiv:" + id;
  }

  function showTip(i, sx, sy) {
    if (i < 0) { tip.hidden = true; return; }
    tip.textContent = titleOf(i) + (data.year[i] ? " (" + data.year[i] + ")" : "");
    tip.hidden = false;
    var left = Math.min(Math.max(4, sx + 12), size.w - tip.offsetWidth - 4);
    var top = sy + 14 + tip.offsetHeight > size.h ? sy - 14 - tip.offsetHeight : sy + 14;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }

  function neighbours(i) {
    var found = [];
    for (var j = 0; j < count; j++) {
      if (j === i) continue;
      var dx = data.x[j] - data.x[i], dy = data.y[j] - data.y[i];
      found.push([dx * dx + dy * dy, j]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || (data.id[a[1]] < data.id[b[1]] ? -1 : 1); });
    return found.slice(0, NEIGHBOURS).map(function (pair) { return pair[1]; });
  }

  function paperLink(i) {
    var a = document.createElement("a");
    a.href = paperUrl(data.id[i]);
    a.textContent = titleOf(i);
    return a;
  }

  function showFocus(missing) {
    panel.textContent = "";
    if (focus < 0) {
      var hint = document.createElement("p");
      hint.className = "catalog-map__hint";
      hint.textContent = missing
        ? "arXiv:" + missing + " is not on this map."
        : "Choose a paper on the map (or open the map from a paper's page) to list its nearest neighbours here.";
      panel.appendChild(hint);
      return;
    }
    var heading = document.createElement("h2");
    heading.id = "on-the-map";
    heading.appendChild(paperLink(focus));
    heading.lastChild.className = "catalog-map__focused";
    panel.appendChild(heading);
    var facts = document.createElement("p");
    facts.className = "catalog-map__facts";
    facts.textContent = "arXiv:" + data.id[focus] + (data.year[focus] ? " · " + data.year[focus] : "");
    panel.appendChild(facts);
    var intro = document.createElement("p");
    intro.textContent = "Nearest on the map:";
    panel.appendChild(intro);
    var list = document.createElement("ol");
    list.className = "catalog-map__neighbours";
    neighbours(focus).forEach(function (j) {
      var item = document.createElement("li");
      item.appendChild(paperLink(j));
      item.appendChild(document.createTextNode(" "));
      var move = document.createElement("a");
      move.href = mapUrl(data.id[j]);
      move.className = "catalog-map__move";
      move.textContent = "show on the map";
      move.setAttribute("aria-label", "Show on the map: arXiv:" + data.id[j]);
      move.addEventListener("click", function (event) { event.preventDefault(); choose(j, true); });
      item.appendChild(move);
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function choose(i, centre) {
    focus = i;
    var query = new URLSearchParams(location.search);
    if (i >= 0) query.set("focus", data.id[i]); else query.delete("focus");
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    // A few hundred papers fit on the screen as they are: the chosen one is only ringed.
    if (i >= 0 && centre && count > 300) {
      view.x = data.x[i];
      view.y = data.y[i];
      view.k = Math.max(view.k, fit * (count > 3000 ? 6 : 3));
    }
    showFocus();
    schedule();
  }

  function setUpPointer() {
    var pointers = {};
    var downAt = null;
    var moved = 0;
    canvas.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = [event.offsetX, event.offsetY];
      try { canvas.setPointerCapture(event.pointerId); } catch (error) { /* a pointer already gone */ }
      downAt = [event.offsetX, event.offsetY];
      moved = 0;
    });
    canvas.addEventListener("pointermove", function (event) {
      var ids = Object.keys(pointers);
      var last = pointers[event.pointerId];
      if (!last) {
        if (event.pointerType === "mouse") {
          var i = nearestTo(event.offsetX, event.offsetY);
          canvas.style.cursor = i >= 0 ? "pointer" : "grab";
          if (i !== hover) { hover = i; schedule(); }
          showTip(i, event.offsetX, event.offsetY);
        }
        return;
      }
      if (ids.length === 2) {
        var other = pointers[ids[0] === String(event.pointerId) ? ids[1] : ids[0]];
        var before = Math.hypot(last[0] - other[0], last[1] - other[1]);
        var after = Math.hypot(event.offsetX - other[0], event.offsetY - other[1]);
        if (before > 0) zoom(after / before, (event.offsetX + other[0]) / 2, (event.offsetY + other[1]) / 2);
      } else {
        view.x -= (event.offsetX - last[0]) / view.k;
        view.y -= (event.offsetY - last[1]) / view.k;
        schedule();
      }
      moved += Math.abs(event.offsetX - last[0]) + Math.abs(event.offsetY - last[1]);
      pointers[event.pointerId] = [event.offsetX, event.offsetY];
      tip.hidden = true;
    });
    function up(event) {
      var was = pointers[event.pointerId];
      delete pointers[event.pointerId];
      if (!was || event.type === "pointercancel" || moved > 6 || Object.keys(pointers).length) return;
      var i = nearestTo(downAt[0], downAt[1]);
      if (i < 0) return;
      if (event.pointerType === "mouse" || i === focus) { location.href = paperUrl(data.id[i]); return; }
      choose(i, false);
      showTip(i, downAt[0], downAt[1]);
    }
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    canvas.addEventListener("pointerleave", function () { if (hover >= 0) { hover = -1; schedule(); } tip.hidden = true; });
    canvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(Math.exp(-event.deltaY * (event.deltaMode ? 0.05 : 0.0015)), event.offsetX, event.offsetY);
    }, { passive: false });
    canvas.addEventListener("focus", function () { keyboard = canvas.matches(":focus-visible"); schedule(); });
    canvas.addEventListener("blur", function () { keyboard = false; schedule(); });
    canvas.addEventListener("keydown", function (event) {
      if (!keyboard) { keyboard = true; schedule(); }
      var step = Math.min(size.w, size.h) / 8 / view.k;
      var keys = {
        ArrowLeft: function () { view.x -= step; }, ArrowRight: function () { view.x += step; },
        ArrowUp: function () { view.y -= step; }, ArrowDown: function () { view.y += step; },
        "+": function () { zoom(1.4); }, "=": function () { zoom(1.4); }, "-": function () { zoom(1 / 1.4); },
        "0": function () { whole(); }
      };
      var action = keys[event.key];
      if (event.key === " " || (event.key === "Enter" && focus < 0)) {
        // the paper nearest the centre (the cross drawn while the map has the keyboard)
        event.preventDefault();
        var i = nearestTo(size.w / 2, size.h / 2, Infinity);
        if (i >= 0) choose(i, false);
        return;
      }
      if (!action) {
        if (event.key === "Enter" && focus >= 0) location.href = paperUrl(data.id[focus]);
        return;
      }
      event.preventDefault();
      action();
      schedule();
    });
  }

  function setUpControls() {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // Tags where most papers have one (the vocabulary may not fit the catalog's field),
    // else the named regions, else years.
    var tagged = 0, dated = 0;
    for (var i = 0; i < count; i++) { if (data.tag[i].length) tagged++; if (data.year[i]) dated++; }
    var colour = form.elements.colour;
    var offered = Array.prototype.map.call(colour.options, function (o) { return o.value; });
    usual = tagged >= 0.3 * count ? "tag" : (data.regions.length && offered.indexOf("region") >= 0 ? "region" : (dated ? "year" : "tag"));
    if (offered.indexOf(state.colour) < 0) state.colour = usual;
    colour.value = state.colour;
    ["tag", "year"].forEach(function (name) {
      var select = form.elements[name];
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === state[name]; });
      if (!known) state[name] = "";
      select.value = state[name];
      select.addEventListener("change", function () { state[name] = select.value; changed(); });
    });
    form.elements.colour.addEventListener("change", function () { state.colour = form.elements.colour.value; changed(); });
    box.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-zoom");
        if (how === "in") zoom(1.5); else if (how === "out") zoom(1 / 1.5); else { whole(); schedule(); }
      });
    });
  }

  // The regions' names, drawn on the canvas, as buttons that show each region.
  function showRegions() {
    var line = box.querySelector(".catalog-map__regions");
    if (!line || !data.regions.length) return;
    data.regions.forEach(function (region) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = region[2] + " (" + region[3] + ")";
      button.setAttribute("aria-label", "Show the region " + region[2] + ", " + region[3] + " papers");
      button.addEventListener("click", function () {
        view.x = region[0];
        view.y = region[1];
        view.k = Math.max(view.k, fit * (count > 1000 ? 4 : 2));
        schedule();
        canvas.scrollIntoView({ block: "nearest" });
      });
      line.appendChild(document.createTextNode(" "));
      line.appendChild(button);
    });
    line.hidden = false;
  }

  function loadTitles() {
    fetch(new URL("papers/list.json", root).href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (list) {
      titles = {};
      list.papers.forEach(function (row) { titles[row[0]] = row[1]; });
      if (focus >= 0) showFocus();
    }).catch(function () { /* titles stay arXiv IDs */ });
  }

  function start(points) {
    data = points;
    count = data.id.length;
    box.hidden = false;
    setUpControls();
    resize();
    classify();
    var wanted = params.get("focus");
    if (wanted) {
      var id = canonicalId(wanted);
      var i = data.id.indexOf(id);
      if (i >= 0) choose(i, true); else showFocus(id);
    }
    setUpPointer();
    showRegions();
    if (window.ResizeObserver) new ResizeObserver(resize).observe(frame); else window.addEventListener("resize", resize);
    new MutationObserver(schedule).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    schedule();
    loadTitles();
  }

  fetch(new URL("map/points.json", root).href).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(start).catch(function () {
    var message = document.createElement("p");
    message.textContent = "The map could not be loaded.";
    box.parentNode.insertBefore(message, box);
  });
})();
