// The dashboard: plain DOM over the instance's HTTP API (docs/control-plane.md), refreshed every
// few seconds while "live" is ticked. Every value from the API goes in as text, never as HTML.

const REFRESH_MS = 3000;
const state = { sort: "id", offset: 0, limit: 50, filters: {} };
let timer = null;

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body,
    credentials: "same-origin",
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = { error: text };
  }
  if (!response.ok) {
    const error = new Error(json && json.error ? json.error : `HTTP ${response.status}`);
    error.status = response.status;
    error.details = json && json.details ? json.details : [];
    throw error;
  }
  return json;
}

function flash(message, bad = false) {
  const note = el("div", { class: bad ? "bad" : "" }, message);
  $("#flash").append(note);
  setTimeout(() => note.remove(), bad ? 8000 : 4000);
}

function ago(instant, now = Date.now()) {
  if (!instant) return "—";
  const seconds = Math.round((now - Date.parse(instant)) / 1000);
  if (seconds < 0) return "in " + duration(-seconds * 1000);
  return duration(seconds * 1000) + " ago";
}

function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  const seconds = ms / 1000;
  if (seconds < 1) return Math.round(ms) + " ms";
  if (seconds < 90) return seconds.toFixed(seconds < 10 ? 1 : 0) + " s";
  if (seconds < 5400) return Math.round(seconds / 60) + " min";
  if (seconds < 172800) return Math.round(seconds / 3600) + " h";
  return Math.round(seconds / 86400) + " d";
}

// ---- health, instances, alerts, items per minute ----

async function refreshHealth() {
  const badge = $("#health");
  try {
    const health = await api("GET", "/health");
    const ready = health.status === "ready";
    badge.textContent = health.status;
    badge.className = "badge " + (ready ? "ready" : "not-ready");
    badge.title = health.components.map((c) => c.name + ": " + (c.ready ? "ready" : c.problem)).join("\n");
  } catch (e) {
    badge.textContent = "unreachable";
    badge.className = "badge not-ready";
  }
}

async function refreshInstances() {
  const { instances } = await api("GET", "/instances");
  const rows = instances.map((i) =>
    el("tr", { "data-instance": i.instance_id },
      el("td", {}, i.instance_id, el("span", { class: "sub" }, i.host + " pid " + i.pid + (i.api_url ? " · " + i.api_url : ""))),
      el("td", {}, i.role),
      el("td", {}, i.pool || "—"),
      el("td", {}, el("span", { class: "badge " + (i.alive ? "state-ok" : "state-failing") }, i.alive ? "alive" : "gone")),
      el("td", { class: "num" }, i.role === "fetcher" ? i.sources_owned : "—"),
      el("td", { class: "num" }, i.role === "fetcher" ? Number(i.polls_per_second).toFixed(2) : "—"),
      el("td", { class: "num" }, i.role === "fetcher" ? duration(i.schedule_lag_p99_ms) : "—"),
      el("td", { class: "num" }, duration(i.heartbeat_age_ms) + " ago")));
  $("#instances tbody").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 8 }, "No instance has announced itself."))]));
}

async function refreshAlerts() {
  const { alerts, counts } = await api("GET", "/alerts");
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  $("#alert-count").textContent = total ? "(" + total + ")" : "";
  const items = alerts.map((a) =>
    el("li", { "data-alert": a.kind + "/" + a.subject },
      el("span", { class: "kind" }, a.kind), " ", a.subject, " — ", a.message,
      el("span", { class: "sub" }, "since " + ago(a.since))));
  $("#alerts").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "None.")]));
}

async function refreshRate() {
  const { minutes } = await api("GET", "/stats/items-per-minute?minutes=30");
  const svg = $("#rate");
  const width = 600, height = 120, top = 14, bottom = 16;
  const max = Math.max(1, ...minutes.map((m) => m.items));
  const step = width / minutes.length;
  const bars = minutes.map((m, index) => {
    const h = (m.items / max) * (height - top - bottom);
    const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    bar.setAttribute("x", (index * step + 1).toFixed(1));
    bar.setAttribute("y", (height - bottom - h).toFixed(1));
    bar.setAttribute("width", Math.max(1, step - 2).toFixed(1));
    bar.setAttribute("height", h.toFixed(1));
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = new Date(m.start).toLocaleTimeString() + ": " + m.items + " new items";
    bar.append(title);
    return bar;
  });
  const label = (x, y, text, anchor = "start") => {
    const t = document.createElementNS("http://www.w3.org/2000/svg", "text");
    t.setAttribute("x", x);
    t.setAttribute("y", y);
    t.setAttribute("text-anchor", anchor);
    t.textContent = text;
    return t;
  };
  svg.replaceChildren(...bars, label(0, 10, "max " + max + "/min"),
    label(0, height - 3, new Date(minutes[0].start).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
    label(width, height - 3, "now", "end"));
  const sum = minutes.reduce((total, m) => total + m.items, 0);
  $("#rate-total").textContent = "(" + sum + " in 30 min)";
}

// ---- sources ----

function sourcesQuery() {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state.filters)) {
    if (value) params.set(name, value);
  }
  params.set("sort", state.sort);
  params.set("offset", state.offset);
  params.set("limit", state.limit);
  return "/sources?" + params.toString();
}

function actionButton(label, onclick, title) {
  return el("button", { type: "button", onclick, title }, label);
}

/** For a source polled to a freshness target: its target and the freshness its plan expects, marked when not kept. */
function freshnessTarget(source) {
  if (source.freshness_target_ms == null) return null;
  const expected = source.expected_freshness_ms == null ? "" : " · expected " + duration(source.expected_freshness_ms);
  return el("span", { class: source.target_met === false ? "sub error" : "sub",
    title: source.target_met === false ? "The poll budget (or the server's skip hours) keeps this source from its target" : "" },
    "target " + duration(source.freshness_target_ms) + expected);
}

function sourceRow(source) {
  const paused = source.state === "paused";
  const lastPoll = source.last_poll ? ago(source.last_poll) : "not yet";
  return el("tr", { "data-source": source.id },
    el("td", {}, source.name && source.name !== source.id ? source.name : source.id,
      el("span", { class: "sub" }, source.id + " · " + (source.kind || "?") + " · " + (source.url || "no valid template"))),
    el("td", {}, el("span", { class: "badge state-" + source.state, "data-state": source.state }, source.state),
      source.template_violations ? el("span", { class: "sub" }, source.template_violations + " violation(s)") : null),
    el("td", {}, source.pools && source.pools.length ? source.pools.join(" › ") : source.pool || "—",
      source.polled_by && source.polled_by !== source.pool ? el("span", { class: "sub" }, "polled by " + source.polled_by) : null),
    el("td", {}, lastPoll, source.outcome ? el("span", { class: "sub" }, source.outcome + (source.owner ? " · " + source.owner : "")) : null),
    el("td", {}, ago(source.last_new_item)),
    el("td", { class: "num" }, duration(source.freshness_ms), freshnessTarget(source)),
    el("td", { class: "num" }, source.consecutive_failures),
    el("td", { class: "num" }, duration(source.schedule_lag_ms)),
    el("td", { class: "error" }, source.last_error || ""),
    el("td", { class: "actions" },
      actionButton("Fetch now", () => fetchNow(source.id), "Poll it now, whichever instance owns it"),
      paused ? actionButton("Resume", () => setActive(source.id, true), "Poll it again")
        : actionButton("Pause", () => setActive(source.id, false), "Stop polling it (its template says active: false)"),
      actionButton("Edit", () => openEditor(source.id), "Edit its template, with a preview before publishing")));
}

async function refreshSources() {
  const page = await api("GET", sourcesQuery());
  const rows = page.sources.map(sourceRow);
  $("#sources tbody").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 10 }, "No source matches."))]));
  $("#source-total").textContent = "(" + page.total + ")";
  const last = Math.min(page.offset + page.limit, page.total);
  $("#page").textContent = page.total ? (page.offset + 1) + "–" + last + " of " + page.total : "";
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = last >= page.total;
  for (const th of document.querySelectorAll("#sources th.sortable")) {
    const key = th.dataset.sort;
    th.setAttribute("aria-sort", state.sort === key ? "ascending" : state.sort === "-" + key ? "descending" : "none");
  }
}

async function fetchNow(id) {
  try {
    const request = await api("POST", "/sources/" + encodeURIComponent(id) + "/fetch");
    flash("Fetch of " + id + " requested (" + request.request_id + ")");
  } catch (e) {
    flash("Fetch of " + id + ": " + e.message, true);
  }
}

async function setActive(id, active) {
  try {
    await api("POST", "/sources/" + encodeURIComponent(id) + (active ? "/resume" : "/pause"));
    flash((active ? "Resumed " : "Paused ") + id);
    await waitFor(async () => {
      const { source } = await api("GET", "/sources/" + encodeURIComponent(id));
      return (source.state === "paused") === !active;
    });
  } catch (e) {
    flash((active ? "Resume " : "Pause ") + id + ": " + e.message, true);
  }
  refresh();
}

/** Waits (at most 10 s) until the cluster view shows a change this instance just published. */
async function waitFor(condition) {
  for (let i = 0; i < 40; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---- template editor ----

async function openEditor(id) {
  const dialog = $("#editor");
  $("#preview-result").replaceChildren();
  $("#editor-id").value = id || "";
  $("#editor-id").readOnly = Boolean(id);
  $("#editor-json").value = id ? "" : JSON.stringify({ url: "https://example.com/feed.xml", kind: "feed", interval: "PT1M" }, null, 2);
  if (id) {
    try {
      const detail = await api("GET", "/sources/" + encodeURIComponent(id));
      $("#editor-json").value = JSON.stringify(detail.template, null, 2);
      if (detail.template_violations.length) showViolations("The fetchers refuse its latest version", detail.template_violations);
    } catch (e) {
      flash("Cannot read " + id + ": " + e.message, true);
      return;
    }
  }
  if (!dialog.open) dialog.showModal();
}

function showViolations(title, details) {
  $("#preview-result").replaceChildren(el("p", {}, title + ":"),
    el("ul", { class: "violations" }, details.map((d) => el("li", {}, (d.path ? d.path + ": " : "") + d.reason))));
}

async function preview() {
  const id = $("#editor-id").value.trim();
  const result = $("#preview-result");
  if (!id) {
    result.replaceChildren(el("p", { class: "violations" }, "Give the source an id."));
    return;
  }
  result.replaceChildren(el("p", { class: "muted" }, "Polling once…"));
  try {
    const answer = await api("POST", "/sources/" + encodeURIComponent(id) + "/preview", $("#editor-json").value);
    const parts = [];
    if (answer.error) parts.push(el("p", { class: "violations" }, el("strong", {}, "The source could not be read: "), answer.error));
    else parts.push(el("p", {}, answer.items.length + " item(s) a poll of " + answer.url + " would send now:"));
    if (answer.warnings.length) parts.push(el("ul", { class: "warnings" }, answer.warnings.map((w) => el("li", {}, w))));
    if (answer.items.length) {
      parts.push(el("table", { class: "items" },
        el("thead", {}, el("tr", {}, el("th", {}, "Title"), el("th", {}, "Published"), el("th", {}, "Link"))),
        el("tbody", {}, answer.items.map((item) => el("tr", {},
          el("td", {}, item.title || "—"),
          el("td", {}, item.published_at ? new Date(item.published_at).toLocaleString() : "—"),
          el("td", {}, item.url || "—"))))));
    }
    result.replaceChildren(...parts);
  } catch (e) {
    if (e.details && e.details.length) showViolations(e.message, e.details);
    else result.replaceChildren(el("p", { class: "violations" }, e.message));
  }
}

async function publish() {
  const id = $("#editor-id").value.trim();
  try {
    await api("PUT", "/sources/" + encodeURIComponent(id), $("#editor-json").value);
    flash("Published the template of " + id);
    $("#editor").close();
    refresh();
  } catch (e) {
    if (e.details && e.details.length) showViolations(e.message, e.details);
    else $("#preview-result").replaceChildren(el("p", { class: "violations" }, e.message));
  }
}

// ---- wiring ----

async function refresh() {
  const parts = [refreshHealth(), refreshInstances(), refreshAlerts(), refreshRate(), refreshSources()];
  const results = await Promise.allSettled(parts);
  const failed = results.find((r) => r.status === "rejected");
  $("#refreshed").textContent = failed ? "refresh failed: " + failed.reason.message : "updated " + new Date().toLocaleTimeString();
}

function schedule() {
  clearInterval(timer);
  timer = $("#live").checked ? setInterval(refresh, REFRESH_MS) : null;
}

function wire() {
  for (const th of document.querySelectorAll("#sources th.sortable")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = state.sort === key ? "-" + key : key;
      state.offset = 0;
      refreshSources();
    });
  }
  $("#filters").addEventListener("input", () => {
    const form = new FormData($("#filters"));
    state.filters = { state: form.get("state"), pool: form.get("pool").trim(), tag: form.get("tag").trim(), kind: form.get("kind") };
    state.limit = Number(form.get("limit"));
    state.offset = 0;
    refreshSources().catch((e) => flash(e.message, true));
  });
  $("#filters").addEventListener("submit", (e) => e.preventDefault());
  $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refreshSources(); });
  $("#next").addEventListener("click", () => { state.offset += state.limit; refreshSources(); });
  $("#live").addEventListener("change", schedule);
  $("#new-source").addEventListener("click", () => openEditor(null));
  $("#preview").addEventListener("click", preview);
  $("#publish").addEventListener("click", publish);
  $("#close").addEventListener("click", () => $("#editor").close());
}

wire();
refresh();
schedule();
