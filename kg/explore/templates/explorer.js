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
  const NO_NOTICE = D.notices.length;
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
  const state = { mode: "all", by: "notice", key: -1, selected: -1, drawn: new Set(), big: false, marked: [] };

  // vis-network styles one "group" per class: colour and shape in one place, as the legend shows.
  OPTIONS.groups = {};
  D.classes.forEach((c, i) => {
    OPTIONS.groups["c" + i] = {
      shape: c.shape,
      color: { background: c.color, border: c.color, highlight: { background: c.color, border: "#e74c3c" } },
    };
  });
  // Overview groups: area proportional to member count (vis' default stretches min..max linearly,
  // which makes 75 and 81 members look like 1 and 10).
  OPTIONS.nodes.scaling = Object.assign({ min: 4, max: 44 }, OPTIONS.nodes.scaling, {
    customScalingFunction: (min, max, total, value) => Math.sqrt(value / max),
  });
  OPTIONS.edges.scaling = Object.assign({ min: 1, max: 8 }, OPTIONS.edges.scaling);

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network($("kg-canvas"), { nodes, edges }, OPTIONS);

  const nodeVisible = (i) => classOn[D.cls[i]];
  const edgeVisible = (k) => relationOn[rel(k)] && nodeVisible(from(k)) && nodeVisible(to(k));

  function entityItem(i) {
    const label = short(D.label[i]);
    const item = { id: i, label, group: "c" + D.cls[i], x: D.x[i], y: D.y[i] };
    if (label !== D.label[i]) item.title = D.label[i];
    return item;
  }

  function groupLabel(by, g) {
    if (by === "class") return D.classes[g].label;
    return g === NO_NOTICE ? "未关联通报" : D.label[D.notices[g]];
  }

  /** "中共某某局党组关于巡察整改情况的通报" → "某某局党组": the part that tells notices apart. */
  function groupName(by, g) {
    const full = groupLabel(by, g);
    return by === "notice" ? full.replace(/^中共/, "").replace(/关于.*$/, "") || full : full;
  }

  function groupOf(by, i) {
    return by === "class" ? D.cls[i] : D.group[i];
  }

  /** Entity nodes `ids` and every shown edge between them. */
  function drawEntities(ids) {
    const shown = new Set(ids);
    const edgeItems = [];
    for (let k = 0; k < E; k++) {
      if (relationOn[rel(k)] && shown.has(from(k)) && shown.has(to(k))) {
        edgeItems.push({ id: k, from: from(k), to: to(k) });
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
    setStatus(ids.length, edgeItems.length);
  }

  /** One node per notice (or class) sized by its members, one edge per pair of groups linked. */
  function drawOverview(by) {
    const count = new Map();
    const sum = new Map();
    for (let i = 0; i < N; i++) {
      if (!nodeVisible(i)) continue;
      const g = groupOf(by, i);
      count.set(g, (count.get(g) || 0) + 1);
      const s = sum.get(g) || [0, 0];
      sum.set(g, [s[0] + D.x[i], s[1] + D.y[i]]);
    }
    const keys = Array.from(count.keys()).sort((a, b) => a - b);
    const radius = 60 * keys.length;
    // Notice groups sit where the layout put their members; pull them together so that
    // neighbouring groups are about 300 units apart and their labels readable at fit.
    const cx = keys.map((g) => sum.get(g)[0] / count.get(g));
    const cy = keys.map((g) => sum.get(g)[1] / count.get(g));
    const area = (Math.max(...cx) - Math.min(...cx) + 1) * (Math.max(...cy) - Math.min(...cy) + 1);
    const pull = Math.min(1, 300 / Math.sqrt(area / keys.length));
    const nodeItems = keys.map((g, j) => {
      const n = count.get(g);
      const angle = (2 * Math.PI * j) / keys.length;
      const cls = by === "class" ? g : g === NO_NOTICE ? D.classes.length - 1 : 0;
      return {
        id: "g" + g,
        label: short(groupName(by, g), 7) + "\n" + n,
        title: groupLabel(by, g) + "\n" + n + " 个节点，点击展开",
        group: "c" + cls,
        value: n,
        font: { size: 46 },
        x: by === "class" ? radius * Math.cos(angle) : cx[j] * pull,
        y: by === "class" ? radius * Math.sin(angle) : cy[j] * pull,
      };
    });
    const links = new Map();
    for (let k = 0; k < E; k++) {
      if (!edgeVisible(k)) continue;
      const a = groupOf(by, from(k));
      const b = groupOf(by, to(k));
      if (a === b) continue;
      const id = a + ">" + b;
      links.set(id, (links.get(id) || 0) + 1);
    }
    const edgeItems = Array.from(links, ([id, n]) => {
      const [a, b] = id.split(">");
      return { id, from: "g" + a, to: "g" + b, value: n, title: n + " 条关系" };
    });
    nodes.clear();
    edges.clear();
    network.setOptions({ edges: { arrows: { to: { enabled: true } } }, nodes: { borderWidth: 1 } });
    nodes.add(nodeItems);
    edges.add(edgeItems);
    Object.assign(state, { drawn: new Set(), big: false, marked: [] });
    setStatus(0, 0, nodeItems.length);
  }

  /** The members of one group and their neighbours. */
  function groupMembers(by, g) {
    const ids = new Set();
    for (let i = 0; i < N; i++) {
      if (groupOf(by, i) !== g || !nodeVisible(i)) continue;
      ids.add(i);
      for (const k of adjacency[i]) if (edgeVisible(k)) ids.add(from(k) === i ? to(k) : from(k));
    }
    return Array.from(ids);
  }

  function render(fit) {
    const overview = state.mode === "notice" || state.mode === "class";
    if (overview) drawOverview(state.mode);
    else if (state.mode === "group") drawEntities(groupMembers(state.by, state.key));
    else {
      const ids = [];
      for (let i = 0; i < N; i++) if (nodeVisible(i)) ids.push(i);
      drawEntities(ids);
    }
    $("kg-view").value = state.mode === "group" ? state.by : state.mode;
    $("kg-back").hidden = state.mode !== "group";
    if (fit) network.fit({ animation: false });
    if (state.selected >= 0 && state.drawn.has(state.selected)) highlight(state.selected);
  }

  function setStatus(nodeCount, edgeCount, groupCount) {
    $("kg-status").textContent =
      groupCount !== undefined
        ? "概览：" + groupCount + " 组，共 " + N + " 个节点、" + E + " 条关系；点击一组展开"
        : "显示 " + nodeCount + " 个节点、" + edgeCount + " 条关系（全图 " + N + " 个节点）" +
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
      if (state.mode !== "all") Object.assign(state, { mode: "group", by: "notice", key: D.group[i] });
      render(true);
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
      render(false);
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
  $("kg-view").addEventListener("change", (event) => {
    state.mode = event.target.value;
    render(true);
  });
  $("kg-back").addEventListener("click", () => {
    state.mode = state.by;
    render(true);
  });

  network.on("click", (params) => {
    if (!params.nodes.length) return;
    const id = params.nodes[0];
    if (typeof id === "string") {
      Object.assign(state, { mode: "group", by: state.mode, key: Number(id.slice(1)) });
      render(true);
    } else {
      select(id);
    }
  });

  buildFilters();
  const asked = /^#view=(all|notice|class)$/.exec(location.hash);
  state.mode = asked ? asked[1] : N > D.overviewThreshold ? "notice" : "all";
  render(true);
  if (D.focus >= 0) goTo(D.focus);
  network.once("afterDrawing", () => {
    setTimeout(() => {
      window.kgReadyAt = performance.now();
      document.body.dataset.ready = "true";
    }, 0);
  });
  // The one handle tests and benchmarks use: the vis-network instance.
  window.kgExplorer = { network };
})();
