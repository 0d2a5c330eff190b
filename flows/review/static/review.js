"use strict";
// The index: filters (level, type, year, region, a search over organization, region and themes) kept in
// the URL hash, sortable columns, pages of 100 rows. The report page: a directive in the list
// scrolls to its words. No library, no network: the data is a script beside the page.
function readoutsIndex(rows) {
  const form = document.getElementById("filters");
  const body = document.querySelector("#meetings tbody");
  const perPage = 100;
  let page = 0, sortKey = "date", sortDown = true;
  const fields = ["level", "type", "year", "region", "q"];

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const f of fields) { if (params.has(f)) form.elements[f].value = params.get(f); }
  }
  function writeHash() {
    const params = new URLSearchParams();
    for (const f of fields) { if (form.elements[f].value) params.set(f, form.elements[f].value); }
    history.replaceState(null, "", "#" + params.toString());
  }
  function matches(r) {
    const v = (f) => form.elements[f].value;
    if (v("level") && r.level !== v("level")) return false;
    if (v("type") && r.type !== v("type")) return false;
    if (v("year") && String(r.year) !== v("year")) return false;
    if (v("region") && !(r.region === v("region") || r.region.startsWith(v("region") + " "))) return false;
    const q = v("q").trim();
    if (q && !(r.organization.includes(q) || r.region.includes(q) || r.title.includes(q) || r.themes.some((t) => t.includes(q)))) return false;
    return true;
  }
  function cell(text, href) {
    const td = document.createElement("td");
    if (href) { const a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); }
    else td.textContent = text;
    return td;
  }
  function render() {
    const shown = rows.filter(matches);
    shown.sort((a, b) => {
      const x = a[sortKey] ?? "", y = b[sortKey] ?? "";
      return (x < y ? -1 : x > y ? 1 : 0) * (sortDown ? -1 : 1);
    });
    const pages = Math.max(1, Math.ceil(shown.length / perPage));
    page = Math.min(page, pages - 1);
    body.replaceChildren();
    for (const r of shown.slice(page * perPage, (page + 1) * perPage)) {
      const tr = document.createElement("tr");
      tr.className = "meeting";
      tr.append(cell(r.date, r.page), cell(r.level), cell(r.body), cell(r.organization || r.title, r.page), cell(r.region),
                cell(r.type), cell(r.term ?? ""), cell(r.session ?? ""), cell(r.reports), cell(r.directives));
      body.appendChild(tr);
    }
    document.getElementById("shown").textContent = `${shown.length} of ${rows.length} meetings`;
    document.getElementById("page").textContent = `page ${page + 1} of ${pages}`;
  }
  form.addEventListener("input", () => { page = 0; writeHash(); render(); });
  document.getElementById("prev").addEventListener("click", () => { page = Math.max(0, page - 1); render(); });
  document.getElementById("next").addEventListener("click", () => { page += 1; render(); });
  for (const th of document.querySelectorAll("#meetings th[data-key]")) {
    th.addEventListener("click", () => {
      sortDown = sortKey === th.dataset.key ? !sortDown : false;
      sortKey = th.dataset.key;
      render();
    });
  }
  window.addEventListener("hashchange", () => { readHash(); render(); });
  readHash();
  render();
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));  // for the benchmark
}

function readoutsReport() {
  for (const link of document.querySelectorAll("[data-goto]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = document.getElementById("d-" + link.dataset.goto);
      if (!target) return;
      target.scrollIntoView({ behavior: "smooth", block: "center" });
      for (const el of document.querySelectorAll(`[data-d="${link.dataset.goto}"]`)) {
        el.classList.add("flash");
        setTimeout(() => el.classList.remove("flash"), 1500);
      }
    });
  }
}
