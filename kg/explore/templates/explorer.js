/* xuncha-kg explorer: draws the graph data embedded in this page with vis-network.
 *
 * Every string from the data reaches the page through textContent or vis-network's canvas
 * labels and text tooltips, never as HTML. Positions come precomputed, physics stays off, so
 * the first frame needs no simulation. Large graphs open on an overview grouped by notice.
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("kg-data").textContent);
  const OPTIONS = JSON.parse(document.getElementById("kg-options").textContent);
  const N = D.label.length;
  const E = D.edges.length / 3;
  const FONT = OPTIONS.nodes.font.face;
  const LABEL_MAX = 14;
  const LIST_MAX = 200;
  // Above this many edges, arrowheads, edge labels and node borders are drawn only for the
  // selected node's edges: at that size they are unreadable anyway and cost most of a frame.
  const BIG_VIEW_EDGES = 3000;
  const SYMBOL = { dot: "●", diamond: "◆", square: "■", triangle: "▲", triangleDown: "▼", star: "★", hexagon: "⬢" };

  const $ = (id) => document.getElementById(id);
  const from = (k) => D.edges[3 * k];
  const to = (k) => D.edges[3 * k + 1];
  const rel = (k) => D.edges[3 * k + 2];

  /** A DOM element with text content only: the one way data reaches the page. */
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function short(text, max = LABEL_MAX) {
    const chars = Array.from(text);
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : text;
  }

  const adjacency = Array.from({ length: N }, () => []);
  for (let k = 0; k < E; k++) {
    adjacency[from(k)].push(k);
    if (to(k) !== from(k)) adjacency[to(k)].push(k);
  }
  const haystack = D.label.map((label, i) => [label, ...D.details[i].aliases].map((s) => s.toLowerCase()));

  const classOn = D.classes.map(() => true);
  const relationOn = D.relations.map(() => true);
  const placed = D.x.map((x) => x !== null);
  const isUnit = new Uint8Array(N);
  for (const i of D.units) isUnit[i] = 1;
  const CLASS = Object.fromEntries(D.classes.map((c, i) => [c.key, i]));
  const named = D.cls.map((c, i) => isUnit[i] || c === CLASS.InspectionGroup);
  // The overview: units, groups and inspections, at the positions the build computed.
  const overviewIds = [];
  for (let i = 0; i < N; i++) {
    if (isUnit[i] || D.cls[i] === CLASS.Inspection || D.cls[i] === CLASS.InspectionGroup) overviewIds.push(i);
  }
  const state = { mode: "all", key: -1, selected: -1, drawn: new Set(), big: false, marked: [], pos: new Map() };

  // vis-network styles one "group" per class: colour and shape in one place, as the legend shows.
  OPTIONS.groups = {};
  D.classes.forEach((c, i) => {
    OPTIONS.groups["c" + i] = {
      shape: c.shape,
      color: { background: c.color, border: c.color, highlight: { background: c.color, border: "#e74c3c" } },
    };
  });
  OPTIONS.interaction.zoomView = true;

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network($("kg-canvas"), { nodes, edges }, OPTIONS);

  const nodeVisible = (i) => classOn[D.cls[i]];
  const edgeVisible = (k) => relationOn[rel(k)] && nodeVisible(from(k)) && nodeVisible(to(k));
  const other = (k, i) => (from(k) === i ? to(k) : from(k));

  /** Canvas labels are drawn by labelLayer below, so vis-network draws shapes only. */
  function entityItem(i) {
    const p = state.pos.get(i) || [D.x[i], D.y[i]];
    return { id: i, group: "c" + D.cls[i], x: p[0], y: p[1], title: D.label[i], size: isUnit[i] ? 16 : 12 };
  }

  /** Entity nodes `ids` and every shown edge between them. */
  function drawEntities(ids) {
    const shown = new Set(ids);
    const edgeItems = [];
    for (const i of ids) {
      for (const k of adjacency[i]) {
        if (from(k) === i && relationOn[rel(k)] && shown.has(to(k))) edgeItems.push({ id: k, from: from(k), to: to(k) });
      }
    }
    state.big = edgeItems.length > BIG_VIEW_EDGES;
    state.marked = [];
    if (!state.big) for (const item of edgeItems) item.label = D.relations[rel(item.id)];
    nodes.clear();
    edges.clear();
    network.setOptions({ edges: { arrows: { to: { enabled: !state.big } } }, nodes: { borderWidth: state.big ? 0 : 1 } });
    nodes.add(ids.map(entityItem));
    edges.add(edgeItems);
    state.drawn = shown;
    labels.dirty = true;
    setStatus(ids.length, edgeItems.length);
  }

  /** What drilling into `f` draws: its neighbours, and for a notice or an inspection the
   * problems it raised with their aspects. Measures stay folded into their problem's panel. */
  function neighbourhoodOf(f) {
    const near = new Set([f]);
    const keepMeasures = D.cls[f] === CLASS.Problem || D.cls[f] === CLASS.Measure;
    const add = (i, j) => {
      for (const k of adjacency[i]) {
        const n = other(k, i);
        if (!edgeVisible(k) || (D.cls[n] === CLASS.Measure && !keepMeasures)) continue;
        near.add(n);
        if (j) j(n);
      }
    };
    add(f, (n) => {
      if (D.cls[f] === CLASS.Notice && D.cls[n] === CLASS.Inspection) add(n);
    });
    return near;
  }

  /** Positions for a drill-down: `f` in the middle, its neighbours in sectors by class, problems
   * placed under the aspect they belong to (aspects on the inner ring, their problems outside). */
  function groupedLayout(f, near) {
    const parent = new Map();
    for (const i of near) {
      if (D.cls[i] !== CLASS.Problem) continue;
      for (const k of adjacency[i]) {
        if (rel(k) === D.subProblemOf && from(k) === i && near.has(to(k))) parent.set(i, to(k));
      }
    }
    const children = new Map();
    for (const [c, p] of parent) {
      if (!children.has(p)) children.set(p, []);
      children.get(p).push(c);
    }
    const roots = Array.from(near).filter((i) => i !== f && !parent.has(i));
    roots.sort((a, b) => D.cls[a] - D.cls[b] || a - b);
    const weight = (i) => Math.max(1, (children.get(i) || []).length);
    const total = roots.reduce((sum, i) => sum + weight(i), 0);
    const inner = Math.max(260, (total * 70) / (2 * Math.PI));
    const pos = new Map([[f, [0, 0]]]);
    let at = 0;
    for (const i of roots) {
      const span = (2 * Math.PI * weight(i)) / total;
      const mid = at + span / 2;
      pos.set(i, [inner * Math.cos(mid), inner * Math.sin(mid)]);
      const kids = children.get(i) || [];
      kids.forEach((c, n) => {
        const a = at + (span * (n + 0.5)) / kids.length;
        const r = inner + 240 + (n % 2) * 90;
        pos.set(c, [r * Math.cos(a), r * Math.sin(a)]);
      });
      at += span;
    }
    return pos;
  }

  function drawFocus(f) {
    const near = neighbourhoodOf(f);
    state.pos = groupedLayout(f, near);
    drawEntities(Array.from(near));
  }

  /** Double-click: add `i`'s hidden neighbours around it, on the side away from the view's middle. */
  function expand(i) {
    const fresh = Array.from(neighbourhoodOf(i)).filter((j) => !state.drawn.has(j));
    if (!fresh.length) return;
    const here = network.getPosition(i);
    let cx = 0, cy = 0;
    for (const j of state.drawn) {
      const p = network.getPosition(j);
      cx += p.x / state.drawn.size;
      cy += p.y / state.drawn.size;
    }
    const out = Math.atan2(here.y - cy, here.x - cx) || 0;
    const spread = Math.min(2 * Math.PI, 0.35 * fresh.length + 0.6);
    const radius = Math.max(200, (fresh.length * 60) / spread);
    for (const j of state.drawn) {
      const p = network.getPosition(j);
      state.pos.set(j, [p.x, p.y]);
    }
    fresh.forEach((j, n) => {
      const a = out - spread / 2 + (spread * (n + 0.5)) / fresh.length;
      state.pos.set(j, [here.x + radius * Math.cos(a), here.y + radius * Math.sin(a)]);
    });
    drawEntities([...state.drawn, ...fresh]);
  }

  function render(fit) {
    if (state.mode === "overview") {
      state.pos = new Map();
      drawEntities(overviewIds.filter(nodeVisible));
    } else if (state.mode === "focus") drawFocus(state.key);
    else if (state.mode === "expanded") drawEntities(Array.from(state.drawn).filter(nodeVisible));
    else {
      state.pos = new Map();
      const ids = [];
      for (let i = 0; i < N; i++) if (nodeVisible(i) && placed[i]) ids.push(i);
      drawEntities(ids);
    }
    $("kg-back").hidden = state.mode === "overview" || state.mode === "all";
    if (fit) network.fit({ animation: false });
    if (state.selected >= 0 && state.drawn.has(state.selected)) highlight(state.selected);
  }

  /** Greedy label placement: in labelOrder, each drawn node on screen gets its label below, above,
   * right or left of it, the first of these whose box overlaps no label placed before. Boxes are
   * screen pixels, so labels stay 13px and never overlap at whatever zoom. */
  const labels = { dirty: true, boxes: [], scale: 0, view: "" };
  const LABEL_PX = 13;
  function placeLabels(ctx) {
    const scale = network.getScale();
    const view = network.getViewPosition();
    const key = scale.toFixed(4) + ":" + view.x.toFixed(1) + ":" + view.y.toFixed(1);
    if (!labels.dirty && key === labels.view) return;
    labels.dirty = false;
    labels.view = key;
    const canvas = $("kg-canvas");
    const width = canvas.clientWidth, height = canvas.clientHeight;
    const cell = 64;
    const grid = new Map();
    const hits = (b) => {
      for (let gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++) {
        for (let gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++) {
          for (const o of grid.get(gx + ":" + gy) || []) {
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
          }
        }
      }
      return false;
    };
    const put = (b) => {
      for (let gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++) {
        for (let gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++) {
          const id = gx + ":" + gy;
          if (!grid.has(id)) grid.set(id, []);
          grid.get(id).push(b);
        }
      }
    };
    ctx.save();
    ctx.font = LABEL_PX + "px " + FONT;
    const boxes = [];
    // node shapes occupy their place first, so no label covers another node's mark
    const marks = [];
    for (const i of state.drawn) {
      const p = network.canvasToDOM(network.getPosition(i));
      const r = Math.max(3, (isUnit[i] ? 16 : 12) * scale);
      if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) continue;
      const mark = { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, i };
      marks.push(mark);
      put(mark);
    }
    const grid0 = new Map(grid);
    grid.clear();
    const order = D.labelOrder;
    for (let n = 0; n < order.length && boxes.length < 400; n++) {
      const i = order[n];
      if (!state.drawn.has(i) || (D.cls[i] === CLASS.Measure && !drilled())) continue;
      const p = network.canvasToDOM(network.getPosition(i));
      if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) continue;
      const text = short(D.label[i], named[i] ? 2 * LABEL_MAX : LABEL_MAX);
      const w = Math.ceil(ctx.measureText(text).width) + 4;
      const h = LABEL_PX + 4;
      const r = Math.max(3, (isUnit[i] ? 16 : 12) * scale) + 1;
      const spots = [
        { x: p.x - w / 2, y: p.y + r },
        { x: p.x - w / 2, y: p.y - r - h },
        { x: p.x + r, y: p.y - h / 2 },
        { x: p.x - r - w, y: p.y - h / 2 },
      ];
      for (const s of spots) {
        const b = { x: s.x, y: s.y, w, h, i, text };
        if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height) continue;
        // a unit's or a group's name may cover other nodes' marks; lesser labels may not
        if (hits(b) || (!named[i] && hitsMarks(grid0, b, cell))) continue;
        put(b);
        boxes.push(b);
        break;
      }
    }
    ctx.restore();
    labels.boxes = boxes;
  }

  /** Measures are sentences: named only once someone drilled down to their problem. */
  const drilled = () => state.mode === "focus" || state.mode === "expanded";

  function hitsMarks(grid, b, cell) {
    for (let gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++) {
      for (let gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++) {
        for (const o of grid.get(gx + ":" + gy) || []) {
          if (o.i !== b.i && b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
        }
      }
    }
    return false;
  }

  network.on("afterDrawing", (ctx) => {
    placeLabels(ctx);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    ctx.scale(ratio, ratio);
    ctx.font = LABEL_PX + "px " + FONT;
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    for (const b of labels.boxes) {
      ctx.fillStyle = isUnit[b.i] || D.cls[b.i] === CLASS.InspectionGroup ? "#0b1f33" : "#34495e";
      ctx.strokeText(b.text, b.x + 2, b.y + 2);
      ctx.fillText(b.text, b.x + 2, b.y + 2);
    }
    ctx.restore();
  });

  function setStatus(nodeCount, edgeCount) {
    $("kg-status").textContent =
      (state.mode === "overview" ? "概览：被巡察单位、巡察组和巡察；" : "") +
      "显示 " + nodeCount + " 个节点、" + edgeCount + " 条关系（全图 " + N + " 个节点）；双击节点展开关联" +
      (state.big ? "；关系较多，箭头和关系名只在选中节点时显示" : "");
  }

  /** Select `i` with its drawn neighbours and the edges between them. */
  function highlight(i) {
    const near = [i];
    const lines = [];
    for (const k of adjacency[i]) {
      const j = from(k) === i ? to(k) : from(k);
      if (state.drawn.has(j) && relationOn[rel(k)]) {
        near.push(j);
        lines.push(k);
      }
    }
    network.setSelection({ nodes: near, edges: lines }, { unselectAll: true, highlightEdges: false });
    if (state.big) {
      const off = { to: { enabled: false } };
      edges.update(state.marked.map((k) => ({ id: k, label: "", arrows: off })));
      edges.update(lines.map((k) => ({ id: k, label: D.relations[rel(k)], arrows: "to" })));
      state.marked = lines;
    }
  }

  /** Show node `i`: switch to a view that draws it if needed, select it, fill the panel. */
  function goTo(i) {
    if (!classOn[D.cls[i]]) {
      classOn[D.cls[i]] = true;
      $("kg-class-" + D.cls[i]).checked = true;
    }
    if (!state.drawn.has(i)) {
      Object.assign(state, placed[i] && state.mode !== "focus" && state.mode !== "expanded"
        ? { mode: D.overview ? "overview" : "all" } : { mode: "focus", key: i });
      render(true);
      if (!state.drawn.has(i)) {
        Object.assign(state, { mode: "focus", key: i });
        render(true);
      }
    }
    select(i);
    network.focus(i, { scale: Math.max(network.getScale(), 1), animation: false });
  }

  function select(i) {
    state.selected = i;
    highlight(i);
    showPanel(i);
  }

  function link(i) {
    const button = el("button", D.label[i], "kg-link");
    button.type = "button";
    button.title = D.classes[D.cls[i]].label;
    button.addEventListener("click", () => goTo(i));
    return button;
  }

  function section(panel, title, items) {
    if (!items.length) return;
    panel.append(el("h3", title + "（" + items.length + "）"));
    const list = el("ul");
    for (const item of items.slice(0, LIST_MAX)) {
      const li = el("li");
      li.append(...item);
      list.append(li);
    }
    if (items.length > LIST_MAX) list.append(el("li", "……另有 " + (items.length - LIST_MAX) + " 项"));
    panel.append(list);
  }

  function showPanel(i) {
    const panel = $("kg-panel");
    const info = D.details[i];
    const cls = D.classes[D.cls[i]];
    panel.replaceChildren();
    panel.dataset.node = String(i);
    panel.append(el("h2", D.label[i]));
    const badge = el("div", "", "kg-meta");
    const swatch = el("span", SYMBOL[cls.shape] || "●", "kg-swatch");
    swatch.style.color = cls.color;
    badge.append(swatch, cls.label + (info.types.length ? " · " + info.types.join("、") : ""));
    panel.append(badge, el("div", info.iri, "kg-iri"));
    const actions = el("div", "", "kg-actions");
    const page = D.pages[String(i)];
    if (page) {
      const a = el("a", isUnit[i] ? "单位档案 →" : D.cls[i] === CLASS.InspectionGroup ? "巡察组页面 →" : "页面 →", "kg-page");
      a.setAttribute("href", page);
      actions.append(a);
    }
    const drill = el("button", "查看关联", "kg-link");
    drill.type = "button";
    drill.addEventListener("click", () => window.kgExplorer.drill(i));
    actions.append(drill);
    panel.append(actions);

    if (info.aliases.length) {
      panel.append(el("h3", "别名"));
      panel.append(el("div", info.aliases.join("；")));
    }
    if (info.props.length) {
      panel.append(el("h3", "属性"));
      const table = el("table");
      for (const [key, value] of info.props) {
        const row = el("tr");
        row.append(el("td", key), el("td", value));
        table.append(row);
      }
      panel.append(table);
    }
    section(
      panel,
      "关联",
      adjacency[i].map((k) => {
        const out = from(k) === i;
        return [el("span", (out ? "→ " : "← ") + D.relations[rel(k)] + "："), link(out ? to(k) : from(k))];
      }),
    );
    section(panel, "提及它的通报", info.notices.map((n) => [link(n)]));

    const evidence = el("div");
    evidence.id = "kg-evidence";
    const bySentence = new Map();
    for (const [r, target, notice, sentence] of info.evidence) {
      const key = notice + ":" + sentence;
      if (!bySentence.has(key)) bySentence.set(key, { notice, sentence, facts: [] });
      bySentence.get(key).facts.push([r, target]);
    }
    for (const { notice, sentence, facts } of Array.from(bySentence.values()).slice(0, LIST_MAX)) {
      evidence.append(el("blockquote", D.sentences[sentence]));
      const meta = el("div", "", "kg-meta");
      facts.forEach(([r, target], n) => {
        meta.append((n ? "；" : "") + D.relations[r] + "：");
        meta.append(typeof target === "number" && target >= 0 ? link(target) : String(target));
      });
      if (notice >= 0) meta.append("　出自 ", link(notice));
      evidence.append(meta);
    }
    if (bySentence.size) {
      panel.append(el("h3", "证据（" + bySentence.size + " 句）"));
      panel.append(evidence);
    }
  }

  // A checked box that switches `flags[i]` and redraws: one per class and per relation.
  function filterBox(id, flags, i) {
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.id = id;
    box.addEventListener("change", () => {
      flags[i] = box.checked;
      render(true);
    });
    return box;
  }

  function buildFilters() {
    const counts = D.classes.map(() => 0);
    D.cls.forEach((c) => counts[c]++);
    D.classes.forEach((c, i) => {
      if (!counts[i]) return;
      const box = filterBox("kg-class-" + i, classOn, i);
      const swatch = el("span", SYMBOL[c.shape] || "●", "kg-swatch");
      swatch.style.color = c.color;
      const label = el("label");
      label.append(box, swatch, c.label, el("span", counts[i], "kg-count"));
      const li = el("li");
      li.append(label);
      $("kg-legend").append(li);
    });
    const relCounts = D.relations.map(() => 0);
    for (let k = 0; k < E; k++) relCounts[rel(k)]++;
    D.relations.forEach((r, i) => {
      if (!relCounts[i]) return;
      const box = filterBox("kg-relation-" + i, relationOn, i);
      const label = el("label");
      label.append(box, r, el("span", relCounts[i], "kg-count"));
      const li = el("li");
      li.append(label);
      $("kg-relations").append(li);
    });
  }

  function search(query) {
    const q = query.trim().toLowerCase();
    const results = $("kg-results");
    results.replaceChildren();
    if (!q) {
      results.hidden = true;
      return [];
    }
    const ranked = [];
    for (let i = 0; i < N && ranked.length < 5000; i++) {
      const names = haystack[i];
      let rank = -1;
      for (let n = 0; n < names.length; n++) {
        const at = names[n].indexOf(q);
        if (at < 0) continue;
        const r = (names[n] === q ? 0 : at === 0 ? 1 : 2) + (n ? 0.5 : 0);
        if (rank < 0 || r < rank) rank = r;
      }
      if (rank >= 0) ranked.push([rank, D.label[i].length, i]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const found = ranked.slice(0, 30).map((r) => r[2]);
    for (const i of found) {
      const button = el("button", D.label[i]);
      button.type = "button";
      button.dataset.node = String(i);
      const alias = D.details[i].aliases.find((a) => a.toLowerCase().includes(q));
      const extra = D.classes[D.cls[i]].label + (alias && !D.label[i].toLowerCase().includes(q) ? " · 别名：" + alias : "");
      button.append(el("span", extra, "kg-sub"));
      button.addEventListener("click", () => {
        results.hidden = true;
        goTo(i);
      });
      const li = el("li");
      li.append(button);
      results.append(li);
    }
    if (!found.length) results.append(el("li", "没有找到“" + query.trim() + "”", "kg-hint"));
    results.hidden = false;
    return found;
  }

  let searchTimer = 0;
  $("kg-search").addEventListener("input", (event) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(event.target.value), 80);
  });
  $("kg-search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = search(event.target.value);
      if (found.length) {
        $("kg-results").hidden = true;
        goTo(found[0]);
      }
    } else if (event.key === "Escape") {
      $("kg-results").hidden = true;
    }
  });
  $("kg-back").addEventListener("click", () => {
    state.mode = D.overview ? "overview" : "all";
    render(true);
  });

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0]);
  });
  network.on("doubleClick", (params) => {
    if (!params.nodes.length) return;
    if (state.mode === "overview" || state.mode === "all") state.mode = "expanded";
    expand(params.nodes[0]);
  });

  buildFilters();
  if (D.index) {
    $("kg-index").setAttribute("href", D.index);
    $("kg-index").hidden = false;
  }
  const asked = /^#node=(\d+)$/.exec(location.hash);
  state.mode = D.overview ? "overview" : "all";
  render(true);
  if (D.focus >= 0) goTo(D.focus);
  else if (asked && Number(asked[1]) < N) goTo(Number(asked[1]));
  network.once("afterDrawing", () => {
    setTimeout(() => {
      window.kgReadyAt = performance.now();
      document.body.dataset.ready = "true";
    }, 0);
  });
  // The one handle tests and benchmarks use: the vis-network instance.
  window.kgExplorer = {
    network,
    drill: (i) => {
      Object.assign(state, { mode: "focus", key: i });
      render(true);
      select(i);
    },
    labels: () => labels.boxes.map((b) => ({ node: b.i, text: b.text, x: b.x, y: b.y, w: b.w, h: b.h })),
  };
})();
