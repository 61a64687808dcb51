"use strict";
// The "Recent answers" list and the "Why this answer" panel: local times, and "Mark wrong", which sends the
// manager's correction to the feedback store linked to the answer's trace.
(() => {
  const { api, el } = window.Aurelle;
  document.querySelectorAll("time[data-local]").forEach((t) => { t.textContent = window.AurelleLetter.when(t.getAttribute("datetime")); });

  const trace = document.querySelector("[data-trace-id].trace");
  const form = document.querySelector('[data-form="correction"]');
  if (!trace || !form) return;
  const error = form.querySelector('[data-role="error"]');
  const saved = form.querySelector('[data-role="saved"]');
  const list = document.querySelector('[data-role="corrections"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.elements.correction.value.trim();
    error.hidden = true;
    saved.textContent = "";
    if (!text) {
      error.textContent = "Write what the answer should have said first.";
      error.hidden = false;
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const stored = await api(`/v1/traces/${encodeURIComponent(trace.dataset.traceId)}/correction`, { method: "POST", body: { correction: text } });
      list.append(el("li", {}, `${window.AurelleLetter.when(stored.at)} · you: ${stored.comment}`));
      form.elements.correction.value = "";
      saved.textContent = "Saved with the answer's feedback.";
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
})();
