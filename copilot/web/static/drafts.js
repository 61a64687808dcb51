"use strict";
// "My drafts": the signed-in user's held notes and answers (/v1/approvals/mine), newest first, each as a letter.
(() => {
  const { api, el } = window.Aurelle;
  const { card, when } = window.AurelleLetter;
  const list = document.getElementById("drafts");
  const status = document.getElementById("drafts-status");

  async function load() {
    try {
      const mine = await api("/v1/approvals/mine", { timeoutMs: 15000 });
      if (!mine.length) {
        status.textContent = "No drafts yet. Ask for a note to a client on the Ask page and it appears here.";
        return;
      }
      status.hidden = true;
      list.replaceChildren(...mine.map((a) => el("li", { class: "draft-item", "data-approval-id": a.id },
        el("p", { class: "draft-when" }, `${a.kind === "client_draft" ? "Client note" : "Answer for a client"} #${a.id} · asked `,
          el("time", { datetime: a.created_at }, when(a.created_at))),
        card({
          status: a.status, text: a.display_text || a.text, original: a.status === "edited" ? a.draft : "",
          reason: a.reason, decided_by: a.decided_by, decided_at: a.decided_at,
          findings: a.tone_findings, citations: a.citations,
        }))));
    } catch (error) {
      status.textContent = error.message;
    }
  }
  load();
})();
