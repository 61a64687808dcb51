"use strict";
// Catalog search results on the ask page: the count and the constraints understood as chips (tap × to drop one,
// or change the order), one card per piece, loose stone or report (price, stock here and elsewhere, its report,
// its citation), and a tap to ask about one piece. chat.js calls render() when /v1/ask answers with `search`.
window.AurelleSearch = (() => {
  const { api, el } = window.Aurelle;
  const SORTS = [
    ["relevance", "Best match"], ["price_asc", "Price, lowest first"], ["price_desc", "Price, highest first"],
    ["carat_desc", "Carat, largest first"], ["carat_asc", "Carat, smallest first"],
  ];
  // chip key -> the filter fields it stands for
  const FIELDS = {
    color: ["color_best", "color_worst"], clarity: ["clarity_best", "clarity_worst"], carat: ["carat_min", "carat_max"],
    price: ["price_min", "price_max"], kind: ["kind"],
  };
  const money = (value) => (value === null || value === undefined ? "Price on request" : `USD ${Math.round(value).toLocaleString("en-US")}`);

  // area: the answer's element; result: /v1/ask's or /v1/search's body; hooks.ask(question) asks about one piece.
  function render(area, result, hooks) {
    const search = result.search;
    const refine = (filters) => refresh(area, filters, hooks, result);
    const header = el("div", { class: "search-head" },
      el("p", { class: "search-count", role: "status" }, countText(search)),
      el("ul", { class: "filter-chips", "aria-label": "Constraints understood" },
        search.chips.filter((c) => c.key !== "sort").map((chip) => el("li", {},
          el("button", {
            type: "button", class: "filter-chip", "data-key": chip.key, "aria-label": `Remove ${chip.label}`,
            onclick: () => refine(without(search.filters, chip.key)),
          }, el("span", {}, chip.label), el("span", { class: "filter-chip-x", "aria-hidden": "true" }, "×"))))),
      sortControl(search, refine));
    const why = search.none_match ? el("p", { class: "search-none" }, result.refusal_reason || result.answer.split("\n")[0]) : null;
    const cards = el("ol", { class: "result-cards", "aria-label": search.none_match ? "Nearest options" : "Matches" },
      (result.results || []).map((row) => card(row, result, hooks)));
    area.className = search.none_match ? "answer answer-search answer-search-none" : "answer answer-search";
    area.replaceChildren(...[header, why, search.none_match && result.results.length ? el("h2", { class: "sources-title" }, "Nearest options") : null, cards].filter(Boolean));
  }

  function countText(search) {
    if (search.none_match) return "No match";
    return `${search.count} ${search.count === 1 ? "match" : "matches"}`;
  }

  function sortControl(search, refine) {
    const id = `sort-${Math.random().toString(36).slice(2, 8)}`;
    const current = search.filters.sort || "relevance";
    const select = el("select", { class: "field sort-field", id, onchange: (event) => refine({ ...search.filters, sort: event.target.value }) },
      SORTS.map(([value, label]) => el("option", { value, selected: value === current }, label)));
    return el("p", { class: "sort-row" }, el("label", { class: "field-label", for: id }, "Order"), select);
  }

  function without(filters, key) {
    const next = { ...filters };
    for (const field of FIELDS[key] || [key]) delete next[field];
    return next;
  }

  function card(row, result, hooks) {
    const citation = (result.citations || []).find((c) => c.n === row.n);
    const elsewhere = Object.entries(row.stock_elsewhere || {}).map(([b, k]) => `${b} ${k}`).join(", ");
    const details = Object.entries(row.details || {}).filter(([k]) => !["collection", "category"].includes(k));
    const askText = row.kind === "report" ? `Tell me about report ${row.id}` : `Tell me about ${row.id}`;
    return el("li", { class: `result-card${row.nearest ? " result-nearest" : ""}`, "data-id": row.id },
      el("div", { class: "result-top" },
        el("p", { class: "result-name" }, row.name),
        row.kind !== "report" ? el("p", { class: "result-price" }, money(row.price_usd)) : null),
      el("p", { class: "result-id" }, row.id, row.details.collection ? ` · ${row.details.collection}` : "",
        row.report ? ` · ${row.report}` : ""),
      details.length ? el("p", { class: "result-details" }, details.map(([k, v]) => `${k} ${v}`).join(" · ")) : null,
      row.kind !== "report" ? el("p", { class: "result-stock" },
        row.stock_here !== null && row.stock_here !== undefined
          ? el("span", { class: row.stock_here > 0 ? "stock-here stock-yes" : "stock-here" }, `Here: ${row.stock_here}`) : null,
        el("span", { class: "stock-elsewhere" }, `Elsewhere: ${elsewhere || "none"}`)) : null,
      el("div", { class: "result-actions" },
        el("button", { type: "button", class: "button result-ask", onclick: () => hooks.ask(askText) }, "Ask about this piece"),
        citation ? el("span", { class: "result-source", title: citation.quote }, `Source [${row.n}]: ${citation.source}`) : null));
  }

  async function refresh(area, filters, hooks, previous) {
    area.setAttribute("aria-busy", "true");
    try {
      const body = { filters };
      const result = await api("/v1/search", { method: "POST", body, timeoutMs: 15000 });
      const shaped = { ...result, refusal_reason: result.search.none_match ? result.answer.split("\n")[0] : null };
      render(area, shaped, hooks);
    } catch (error) {
      const note = el("p", { class: "error-text", role: "alert" }, error.message || "The search failed. Try again.");
      area.prepend(note);
    } finally {
      area.setAttribute("aria-busy", "false");
    }
    return previous;
  }

  return { render };
})();
