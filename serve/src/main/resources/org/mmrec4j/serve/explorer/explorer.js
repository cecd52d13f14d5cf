// The mmrec4j explorer: plain browser JavaScript, no libraries, no build step. It reads the same JSON
// endpoints any client reads (/recommend, /similar) plus the explorer's (/run, /users, /history, /item).
// Text from the server is always inserted with textContent, never as HTML.
"use strict";

const TOKEN_KEY = "mmrec4j-token";
const el = (id) => document.getElementById(id);
const items = new Map();      // item id -> Promise of {id, title?, description?, training_users}
let similarItems = false;     // the model has final item vectors
let runItems = 0;             // catalogue size, the largest k the server accepts
let pickCount = 0, similarCount = 0, searchCount = 0;  // later requests win over slower earlier ones

/** GET a JSON endpoint; a 401 shows the token form, any other error its message. */
async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    el("token-form").hidden = false;
    throw new Error("this server needs its bearer token");
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function query(params) {
  return Object.entries(params).map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&");
}

function showError(e) {
  el("error").textContent = e.message;
  el("error").hidden = false;
}

function node(tag, className, text) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text !== undefined) n.textContent = text;
  return n;
}

/** One item's details, fetched once. */
function describe(id) {
  if (!items.has(id)) items.set(id, api("/item?" + query({ id })));
  return items.get(id);
}

/** Renders ranked or plain items into a list; titles fill in as they arrive. */
async function renderItems(list, entries, seen) {
  list.replaceChildren();
  const rows = entries.map((entry) => {
    const li = node("li");
    li.dataset.item = entry.id;
    if (seen && seen.has(entry.id)) li.classList.add("seen");
    const title = node("span", "title", entry.id);
    const meta = node("span", "meta", "id " + entry.id + (entry.score !== undefined ? " · score " + entry.score.toFixed(3) : ""));
    const description = node("span", "description");
    li.append(title, meta, description);
    li.addEventListener("click", () => showSimilar(entry.id));
    list.append(li);
    return { entry, title, meta, description };
  });
  await Promise.all(rows.map(async ({ entry, title, meta, description }) => {
    const info = entry.training_users !== undefined ? entry : await describe(entry.id);
    if (info.title) title.textContent = info.title;
    if (info.description) description.textContent = info.description;
    meta.textContent += " · " + info.training_users + " training users";
  }));
}

async function pickUser(user) {
  const pick = ++pickCount;
  for (const b of el("user-list").querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.user === user));
  el("user-heading").textContent = "User " + user;
  for (const list of [el("history"), el("recommendations")]) {
    list.dataset.state = "loading";
    list.dataset.user = user;
  }
  history.replaceState(null, "", "#" + query({ user }));
  try {
    const k = el("k").value;
    const [past, recs] = await Promise.all([api("/history?" + query({ user })), api("/recommend?" + query({ user, k }))]);
    if (pick !== pickCount) return;
    for (const i of past.items) items.set(i.id, Promise.resolve(i));
    el("history-count").textContent = "(" + past.items.length + ")";
    const seen = new Set(past.items.map((i) => i.id));
    await Promise.all([renderItems(el("history"), past.items), renderItems(el("recommendations"), recs.items, seen)]);
    if (pick !== pickCount) return;
    el("history").dataset.state = "ready";
    el("recommendations").dataset.state = "ready";
  } catch (e) {
    showError(e);
  }
}

async function showSimilar(item) {
  const call = ++similarCount;
  const list = el("similar");
  for (const li of document.querySelectorAll("ol.items li")) li.classList.toggle("selected", li.dataset.item === item);
  list.dataset.state = "loading";
  list.dataset.item = item;
  const info = await describe(item).catch(() => ({ id: item }));
  el("similar-heading").textContent = "Similar to " + (info.title || item);
  if (!similarItems) {
    list.replaceChildren(node("li", "meta", "this model has no final item vectors, so it ranks no similar items"));
    list.dataset.state = "ready";
    return;
  }
  try {
    const similar = await api("/similar?" + query({ item, k: Math.min(10, runItems) }));
    if (call !== similarCount) return;
    await renderItems(list, similar.items);
    if (call === similarCount) list.dataset.state = "ready";
  } catch (e) {
    showError(e);
  }
}

async function searchUsers() {
  const call = ++searchCount;
  try {
    const found = await api("/users?" + query({ q: el("user-search").value, limit: 50 }));
    if (call !== searchCount) return;
    el("user-count").textContent = found.matches + " of " + found.users + " users" + (found.matches > found.ids.length ? ", first " + found.ids.length + " shown" : "");
    el("user-list").replaceChildren(...found.ids.map((user) => {
      const b = node("button", null, user);
      b.type = "button";
      b.dataset.user = user;
      b.addEventListener("click", () => pickUser(user));
      const li = node("li");
      li.append(b);
      return li;
    }));
    el("user-list").dataset.state = "ready";
  } catch (e) {
    showError(e);
  }
}

/** metrics.json: its scalars as a line, each object of numbers (valid, test) as a column of one table. */
function renderMetrics(metrics) {
  const box = el("metrics");
  box.replaceChildren();
  if (!metrics) {
    box.append(node("p", "meta", "the run folder has no metrics.json"));
    return;
  }
  const scalars = Object.entries(metrics).filter(([, v]) => typeof v !== "object");
  box.append(node("p", "meta", scalars.map(([k, v]) => k + ": " + v).join(" · ")));
  const splits = Object.entries(metrics).filter(([k, v]) => v && typeof v === "object" && k !== "hyper_parameters"
      && Object.values(v).every((x) => typeof x === "number"));
  if (splits.length === 0) return;
  const table = node("table");
  table.id = "metrics-table";
  const head = node("tr");
  head.append(node("th", null, "metric"), ...splits.map(([k]) => node("th", null, k)));
  table.append(head);
  for (const name of Object.keys(splits[0][1])) {
    const row = node("tr");
    row.append(node("td", null, name), ...splits.map(([, v]) => node("td", null, v[name] === undefined ? "" : String(v[name]))));
    table.append(row);
  }
  box.append(table);
}

/** Plots come through fetch so the token goes with them, then show from blob: URLs. */
async function renderPlots(names) {
  const box = el("plots");
  box.replaceChildren();
  if (names.length === 0) box.append(node("p", "meta", "the run folder has no plots/ (mmrec4j report writes them)"));
  for (const name of names) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers["Authorization"] = "Bearer " + token;
    const response = await fetch("/plots/" + encodeURIComponent(name), { headers });
    if (!response.ok) continue;
    const figure = node("figure");
    const img = node("img");
    img.alt = name;
    img.src = URL.createObjectURL(await response.blob());
    figure.append(img, node("figcaption", null, name));
    box.append(figure);
  }
}

async function start() {
  el("error").hidden = true;
  try {
    const run = await api("/run");
    el("token-form").hidden = true;
    similarItems = run.similar_items;
    runItems = run.items;
    // /recommend refuses k above the number of items: offer only the sizes this catalogue has
    for (const option of [...el("k").options]) if (Number(option.value) > run.items) option.remove();
    if (el("k").options.length === 0) el("k").append(new Option(String(run.items), String(run.items), true, true));
    el("run-summary").textContent = run.model + ", best epoch " + run.best_epoch + ", " + run.users + " users, " + run.items + " items · item texts: "
        + (run.item_text || "none (add item_text.tsv to the dataset folder)");
    renderMetrics(run.metrics);
    await searchUsers();
    const wanted = new URLSearchParams(location.hash.slice(1)).get("user");
    if (wanted) pickUser(wanted);
    renderPlots(run.plots);
  } catch (e) {
    showError(e);
  }
}

let searchTimer;
el("user-search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(searchUsers, 150);
});
el("k").addEventListener("change", () => {
  const user = el("recommendations").dataset.user;
  if (user) pickUser(user);
});
el("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, el("token").value.trim());
  start();
});
start();
