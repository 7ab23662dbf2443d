// policykg explorer: a page per state, every state in the URL hash (#/connect?a=…&b=…), so any
// view can be linked and bookmarked. Talks only to this server's /api/… and /sparql.
"use strict";

const PKR = "https://w3id.org/policykg/resource/";
const main = document.getElementById("main");
let articleCache = {};

// ---------------------------------------------------------------------------------------------
// helpers

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
function short(iri) { return iri.startsWith(PKR) ? "pkr:" + iri.slice(PKR.length) : iri; }
/** The local id of a resource, full or prefixed: `M16` of a document's `pkr:doc/{id}/M16`, `Ganzhou` of `pkr:Ganzhou`. */
function localId(iri) {
  const rest = iri.startsWith(PKR) ? iri.slice(PKR.length) : iri.startsWith("pkr:") ? iri.slice(4) : iri;
  return rest.startsWith("doc/") ? rest.slice(rest.lastIndexOf("/") + 1) : rest;
}
/** Whether a full or prefixed IRI is a document's measure (`M16`, `L2`). */
function isMeasure(iri) { return /(^pkr:|\/resource\/)doc\/[^/]+\/[A-Z]+\d+$/.test(iri); }
function zh(label) { return (label && (label["zh-Hans"] || label.en)) || "?"; }
function href(page, params) {
  const q = new URLSearchParams(params).toString();
  return "#/" + page + (q ? "?" + q : "");
}
function link(named) {
  const iri = named.iri;
  const text = isMeasure(iri) ? localId(iri) : zh(named.label);
  const page = isMeasure(iri) ? "measure" : "entity";
  return `<a href="${href(page, { id: short(iri) })}" title="${esc(short(iri))} · ${esc(named.label?.en || "")}">${esc(text)}</a>`;
}
async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: `${r.status} ${r.statusText}` }));
  if (!r.ok) throw new Error(body.error || `${r.status}`);
  return body;
}
function fail(e) { main.innerHTML = `<p class="error">${esc(e.message || e)}</p>`; }
/** The document id of a document's resource, full or prefixed (`a` of `pkr:doc/a/M01`); "" for any other. */
function docOf(iri) { const m = /(?:^pkr:|\/resource\/)doc\/([^/]+)\//.exec(iri || ""); return m ? m[1] : ""; }
/** A document's clean text and marked measures; `doc` may be "" when the data holds one document. */
async function article(script, doc = "") {
  const key = `${doc}|${script}`;
  if (!articleCache[key]) {
    const a = await api(`/api/article?script=${script}` + (doc ? `&doc=${encodeURIComponent(doc)}` : ""));
    a.chars = Array.from(a.text); // offsets count code points, not UTF-16 units
    articleCache[key] = a;
  }
  return articleCache[key];
}
/** The parameters of an article link: the script, the document when known, the span. */
function articleAt(script, doc, start, end) {
  return { script, ...(doc ? { doc } : {}), ...(start !== undefined ? { at: `${start}-${end}` } : {}) };
}
/** The words around [start, end) of the clean text, the span itself marked. */
function context(chars, start, end, around = 60) {
  const from = Math.max(0, start - around), to = Math.min(chars.length, end + around);
  return (from > 0 ? "…" : "") + esc(chars.slice(from, start).join("")) + `<mark class="hit">${esc(chars.slice(start, end).join(""))}</mark>` +
    esc(chars.slice(end, to).join("")) + (to < chars.length ? "…" : "");
}
/** Why an edge holds; a quote links into the article of `doc` (the document of the measure it belongs to). */
function why(w, doc = "") {
  if (!w) return "";
  if (w.kind === "text") return `<span class="muted">“${esc(w.quote)}” [<a href="${href("article", articleAt("hans", doc, w.start, w.end))}">${w.start}..${w.end}</a>]</span>`;
  if (w.kind === "source") return `<span class="muted">source: ${sourceLink(w.source)}</span>`;
  return "";
}
function sourceLink(s) {
  return /^https?:\/\//.test(s) ? `<a href="${esc(s)}" rel="noreferrer">${esc(s.replace("http://www.wikidata.org/entity/", "wd:"))}</a>` : esc(s);
}
/** A path as `A ←role— M01 —role→ B`, every node a link. */
function chain(start, path) {
  let current = start.iri, s = link(start);
  for (const step of path) {
    if (step.to.iri === current) { s += ` ←${esc(step.relation)}— ${link(step.from)}`; current = step.from.iri; }
    else { s += ` —${esc(step.relation)}→ ${link(step.to)}`; current = step.to.iri; }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// diagrams: Graphviz's SVG from the server, inlined so that nodes are clickable

async function diagram(el, url, fallback) {
  try {
    const r = await fetch(url);
    if (!r.ok) throw new Error(await r.text());
    el.innerHTML = `<button class="zoom" type="button">Actual size</button>` + await r.text();
    el.querySelector(".zoom").addEventListener("click", (ev) => {
      el.classList.toggle("zoomed");
      ev.target.textContent = el.classList.contains("zoomed") ? "Fit" : "Actual size";
    });
    for (const node of el.querySelectorAll("g.node")) {
      const id = node.querySelector("title")?.textContent || "";
      if (!id.startsWith("pkr:")) continue;
      node.addEventListener("click", (ev) => {
        ev.preventDefault();
        location.hash = href(isMeasure(id) ? "measure" : "entity", { id });
      });
    }
  } catch (e) {
    el.innerHTML = fallback ? fallback() : `<p class="note">No diagram: ${esc(e.message)}</p>`;
  }
}

// ---------------------------------------------------------------------------------------------
// pages

async function home() {
  main.innerHTML = `<h1>Measures of the 2020 Jiangxi “Several Measures” for the former Central Soviet Area</h1>
    <p>Search any entity above (赣州, 贛州, Ganzhou, 大湾区, GBA…), or start from a question:</p>
    <ul class="plain">
      <li><a href="${href("connect", { a: "赣州", b: "粤港澳大湾区" })}">Which measures connect 赣州 and 粤港澳大湾区?</a></li>
      <li><a href="${href("entity", { id: "pkr:Ganzhou" })}">赣州 and its neighbours</a></li>
      <li><a href="#/query">SPARQL query editor</a></li>
    </ul>
    <h2>Documents, every measure marked in its text</h2><ul class="plain" id="documents"><li class="note">…</li></ul>`;
  const docs = await api("/api/documents").catch(() => []);
  document.getElementById("documents").innerHTML = docs.map((d) =>
    `<li><a href="${href("article", articleAt("hans", docs.length > 1 ? d.id : ""))}">${esc(zh(d.label) === "?" ? d.id : zh(d.label))}</a>` +
    ` <span class="muted">${esc(d.id)} · ${d.measures} measures</span></li>`).join("") || `<li class="note">No document.</li>`;
}

async function searchPage(p) {
  const q = p.get("q") || "";
  const r = await api(`/api/search?q=${encodeURIComponent(q)}`);
  main.innerHTML = `<h1>Search: ${esc(q)}</h1>` + (r.results.length ? `<ul class="plain">${r.results.map((x) =>
    `<li>${link(x)} <span class="muted">${esc(x.label["zh-Hant"] || "")} · ${esc(x.label.en || "")} · ${esc(x.class)}</span></li>`).join("")}</ul>` :
    `<p class="note">Nothing is called ${esc(q)}.</p>`);
}

async function connectPage(p) {
  const a = p.get("a") || "", b = p.get("b") || "";
  main.innerHTML = `<h1>Connect</h1>
    <form class="pair" id="pair"><input name="a" value="${esc(a)}" placeholder="A, e.g. 赣州" aria-label="A">
    <span>→</span><input name="b" value="${esc(b)}" placeholder="B, e.g. 粤港澳大湾区" aria-label="B"><button>Connect</button></form>
    <div id="result"><p class="note">${a && b ? "Finding the measures…" : "Give two entities."}</p></div>`;
  document.getElementById("pair").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    location.hash = href("connect", { a: f.get("a"), b: f.get("b") });
  });
  if (!a || !b) return;
  const out = document.getElementById("result");
  let c;
  try { c = await api(`/api/connect?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`); }
  catch (e) { out.innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
  const direct = c.measures.filter((m) => m.kind === "direct").length;
  const several = new Set(c.measures.map((m) => docOf(m.iri))).size > 1;
  let html = `<p id="summary">${link(c.a)} → ${link(c.b)}: <strong>${c.measures.length}</strong> measure${c.measures.length === 1 ? "" : "s"}
    (${direct} direct, ${c.measures.length - direct} indirect)</p><div class="columns"><div id="measures">`;
  let pillar = null, doc = null;
  for (const m of c.measures) {
    const d = docOf(m.iri);
    if (several && d !== doc) {
      doc = d; pillar = null;
      html += `<h2 class="document">${esc(m.document ? zh(m.document.label) : d)} <span class="muted">${esc(d)}</span></h2>`;
    }
    const text = await article("hans", several ? d : "");
    if (m.pillar.iri !== pillar) {
      pillar = m.pillar.iri;
      html += `<h2>${esc(zh(m.pillar.label))} <span class="en">· ${esc(m.pillar.label.en || "")}</span></h2>`;
    }
    const id = localId(m.iri);
    const side = (list) => list.map((s) => `${link(s.entity)} <span class="muted">(${esc(s.role)}${s.kind === "indirect" ? ", indirect" : ""})</span>`).join(", ");
    const background = m.path.filter((s) => s.why.kind === "source")
      .map((s) => `<div class="muted">background: ${link(s.from)} ${esc(s.relation)} ${link(s.to)} — ${sourceLink(s.why.source)}</div>`).join("");
    html += `<div class="card measure" data-measure="${esc(id)}">
      <h3><a href="${href("measure", { id: short(m.iri) })}">${esc(id)}</a><span class="badge ${m.kind}">${m.kind}</span> ${esc(zh(m.label))}</h3>
      <div class="en">${esc(m.label.en || "")}</div>
      <div class="chain">${chain(c.a, m.path)}</div>
      <div class="muted">${esc(zh(c.a.label))} side: ${side(m.a_side)}<br>${esc(zh(c.b.label))} side: ${side(m.b_side)}</div>
      <div class="context">${context(text.chars, m.evidence.start, m.evidence.end)}
        <a href="${href("article", articleAt("hans", several ? d : "", m.evidence.start, m.evidence.end))}">[${m.evidence.start}..${m.evidence.end}]</a></div>
      ${background}</div>`;
  }
  html += `</div><div class="diagram" id="diagram"><p class="note">Drawing…</p></div></div>`;
  out.innerHTML = html;
  const drawn = () => `<p class="note">Graphviz is not installed on the server; the bridge, drawn here:</p><div class="drawn">` +
    c.measures.map((m) => `<div>${m.a_side.map((s) => link(s.entity)).join(", ")}</div><div>${link({ iri: m.iri, label: m.label })} <span class="badge ${m.kind}">${m.kind}</span></div><div>${m.b_side.map((s) => link(s.entity)).join(", ")}</div>`).join("") + `</div>`;
  diagram(document.getElementById("diagram"), `/api/diagram/bridge.svg?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`, drawn);
}

async function entityPage(p) {
  const e = await api(`/api/entity?id=${encodeURIComponent(p.get("id") || "")}`);
  const l = e.entity.label;
  let html = `<h1>${esc(l["zh-Hans"] || l.en)} <span class="muted">${esc(e.entity.id)} · ${esc(e.entity.class)}</span></h1><div class="columns"><div>
    <table><tr><th>简体</th><td lang="zh-Hans">${esc(l["zh-Hans"] || "")}</td></tr><tr><th>繁體</th><td lang="zh-Hant">${esc(l["zh-Hant"] || "")}</td></tr>
    <tr><th>English</th><td lang="en">${esc(l.en || "")}</td></tr><tr><th>Class</th><td>${esc(e.entity.class)}</td></tr>
    ${e.same_as.map((s) => `<tr><th>Same as</th><td>${sourceLink(s)}</td></tr>`).join("")}</table>
    ${e.comment.map((c) => `<p class="en">${esc(c)}</p>`).join("")}`;
  const name = (iri) => e.names[iri] ? link(e.names[iri]) : esc(short(iri));
  if (e.background.length) {
    html += `<h2>Background facts</h2><ul class="plain">` + e.background.map((f) =>
      `<li>${name(f.subject)} ${esc(f.predicate)} ${name(f.object)} <span class="muted">— source: ${sourceLink(f.source)}</span></li>`).join("") + `</ul>`;
  }
  html += `<h2>Neighbours</h2>`;
  for (const [relation, list] of Object.entries(e.neighbours.by_relation)) {
    html += `<h3>${esc(relation)} <span class="muted">(${list.length})</span></h3><ul class="plain">` + list.map((n) =>
      `<li>${link(n.step.from)} ${esc(n.step.relation)} ${link(n.step.to)} ${why(n.step.why, docOf(n.step.from.iri) || docOf(n.step.to.iri))}</li>`).join("") + `</ul>`;
  }
  html += `</div><div class="diagram" id="diagram"><p class="note">Drawing…</p></div></div>`;
  main.innerHTML = html;
  diagram(document.getElementById("diagram"), `/api/diagram/entity.svg?id=${encodeURIComponent(e.entity.id)}`);
}

async function measurePage(p) {
  const m = await api(`/api/measure?id=${encodeURIComponent(p.get("id") || "")}`);
  const doc = docOf(m.measure.iri);
  const text = await article("hans", doc);
  const l = m.measure.label;
  main.innerHTML = `<h1>${esc(localId(m.measure.iri))} ${esc(l["zh-Hans"] || "")}</h1>
    <p lang="zh-Hant">${esc(l["zh-Hant"] || "")}</p><p class="en">${esc(l.en || "")}</p>
    <p>Pillar ${m.pillar ? link(m.pillar) + ` <span class="en">· ${esc(m.pillar.label.en || "")}</span>` : "?"} · measure ${m.order ?? "?"} in text order</p>
    <h2>Roles</h2><table>${m.roles.map((r) => `<tr><th>${esc(r.role)}</th><td>${link(r.entity)}</td><td>${why(r.why, doc)}</td></tr>`).join("")}</table>
    <h2>Evidence</h2>${m.evidence.map((ev) => `<div class="context">${context(text.chars, ev.start, ev.end, 120)}
      <a href="${href("article", articleAt("hans", doc, ev.start, ev.end))}">[${ev.start}..${ev.end}]</a></div>`).join("")}`;
}

async function articlePage(p) {
  const script = p.get("script") === "hant" ? "hant" : "hans";
  const doc = p.get("doc") || "";
  const a = await article(script, doc);
  const at = (p.get("at") || "").split("-").map(Number);
  // Clauses that overlap are joined into one mark, which names every measure it holds.
  const groups = [];
  for (const m of a.measures) {
    const last = groups[groups.length - 1];
    if (last && m.start < last.end) { last.end = Math.max(last.end, m.end); last.ids.push(m.measure); }
    else groups.push({ start: m.start, end: m.end, ids: [m.measure] });
  }
  let html = "", pos = 0;
  for (const g of groups) {
    html += esc(a.chars.slice(pos, g.start).join(""));
    const ids = [...new Set(g.ids)];
    html += `<mark data-measure="${esc(ids.map(localId).join(" "))}"><a href="${href("measure", { id: ids[0] })}">${esc(a.chars.slice(g.start, g.end).join(""))}</a>` +
      ids.map((i) => `<sup><a href="${href("measure", { id: i })}">${esc(localId(i))}</a></sup>`).join("") + `</mark>`;
    pos = g.end;
  }
  html += esc(a.chars.slice(pos).join(""));
  const other = script === "hans" ? "hant" : "hans";
  main.innerHTML = `<h1>${script === "hans" ? "原文（简体）" : "原文（繁體）"} <a class="muted" href="${href("article", { script: other, ...(doc ? { doc } : {}), ...(p.get("at") ? { at: p.get("at") } : {}) })}">${other === "hans" ? "简体" : "繁體"}</a></h1>
    <p>${esc(zh(a.document.label) === "?" ? a.document.id : zh(a.document.label))} <span class="muted">${esc(a.document.id)}</span></p>
    <p class="note">${a.measures.length} measure clauses marked; offsets count code points of the clean text.</p>
    <div class="article" lang="${script === "hans" ? "zh-Hans" : "zh-Hant"}" id="article">${html}</div>`;
  if (at.length === 2 && at.every(Number.isFinite)) highlight(document.getElementById("article"), at[0], at[1]);
}

/** Wraps code points [start, end) of `el`'s text in <mark class="hit"> and scrolls to it. */
function highlight(el, start, end) {
  // The measure ids set in <sup> after each clause are not text of the article.
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentNode.closest("sup") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let offset = 0, first = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = Array.from(node.data), from = offset, to = offset + chars.length;
    offset = to;
    if (to <= start || from >= end) continue;
    const s = Math.max(start, from) - from, e = Math.min(end, to) - from;
    const before = chars.slice(0, s).join(""), mid = chars.slice(s, e).join(""), after = chars.slice(e).join("");
    const mark = document.createElement("mark");
    mark.className = "hit";
    mark.textContent = mid;
    const parent = node.parentNode;
    parent.insertBefore(document.createTextNode(before), node);
    parent.insertBefore(mark, node);
    parent.insertBefore(document.createTextNode(after), node);
    parent.removeChild(node);
    first = first || mark;
  }
  first?.scrollIntoView({ block: "center" });
}

let yasgui = null;
async function queryPage() {
  if (document.body.dataset.yasgui !== "true") {
    main.innerHTML = `<h1>SPARQL</h1><p class="note">The query editor (YASGUI) was not built into this binary; POST queries to <code>/sparql</code>.</p>`;
    return;
  }
  main.innerHTML = `<h1>SPARQL</h1><div id="yasgui"></div>`;
  if (!window.Yasgui) {
    await new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet"; css.href = "/yasgui/yasgui.min.css";
      document.head.appendChild(css);
      const js = document.createElement("script");
      js.src = "/yasgui/yasgui.min.js"; js.onload = resolve; js.onerror = reject;
      document.head.appendChild(js);
    });
  }
  yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { value: "SELECT ?measure ?label WHERE {\n  ?measure a pk:Measure ; rdfs:label ?label .\n  FILTER(langMatches(lang(?label), \"zh-Hans\"))\n}\nORDER BY ?measure\nLIMIT 20" },
  });
}

// ---------------------------------------------------------------------------------------------
// search as you type

const box = document.getElementById("search"), list = document.getElementById("suggestions");
let typed = 0;
box.addEventListener("input", async () => {
  const q = box.value.trim(), mine = ++typed;
  if (!q) { list.hidden = true; return; }
  const r = await api(`/api/search?q=${encodeURIComponent(q)}`).catch(() => ({ results: [] }));
  if (mine !== typed) return; // a later keystroke has its own answer
  list.innerHTML = r.results.map((x) => `<li>${link(x)} <span class="muted">${esc(x.label.en || "")} · ${esc(x.class)}</span></li>`).join("") ||
    `<li class="note" style="padding:.35rem .7rem">No match</li>`;
  list.hidden = false;
});
box.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter") { location.hash = href("search", { q: box.value.trim() }); list.hidden = true; }
  if (ev.key === "Escape") list.hidden = true;
});
list.addEventListener("click", () => { list.hidden = true; });
document.addEventListener("click", (ev) => { if (!ev.target.closest(".search")) list.hidden = true; });

// ---------------------------------------------------------------------------------------------
// routing

const pages = { "": home, search: searchPage, connect: connectPage, entity: entityPage, measure: measurePage, article: articlePage, query: queryPage };
let routed = 0; // only the latest route marks the page ready
async function route() {
  // YASGUI writes its own state into the hash; the query page stays where it is.
  if (!location.hash.startsWith("#/") && main.dataset.page === "query" && location.hash) return;
  const [page, query] = location.hash.replace(/^#\/?/, "").split("?");
  const handler = pages[page] || home;
  const mine = ++routed;
  main.dataset.route = location.hash;
  main.dataset.page = page || "home";
  main.dataset.ready = "false";
  try { await handler(new URLSearchParams(query || "")); } catch (e) { fail(e); }
  if (mine !== routed) return;
  main.dataset.ready = "true";
  if (page !== "article") window.scrollTo(0, 0);
}
window.addEventListener("hashchange", route);
route();
