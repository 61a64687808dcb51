"use strict";
// The approvals page: approve, edit (then approve the edited text) or reject each pending draft in place.
(() => {
  const { api, el } = window.Aurelle;
  const announce = document.getElementById("approvals-status");
  const VERB = { approved: "Approved", edited: "Approved with your changes", rejected: "Rejected" };
  // Times in the boutique's own zone (the server writes UTC).
  document.querySelectorAll("time[data-local]").forEach((t) => { t.textContent = window.AurelleLetter.when(t.getAttribute("datetime")); });

  document.querySelectorAll("[data-approval-id]").forEach((item) => {
    const id = item.dataset.approvalId;
    const error = item.querySelector('[data-role="error"]');
    const forms = { edit: item.querySelector('[data-form="edit"]'), reject: item.querySelector('[data-form="reject"]') };
    const buttons = item.querySelectorAll("[data-action]");

    const decide = async (action, body) => {
      error.hidden = true;
      buttons.forEach((b) => { b.disabled = true; });
      try {
        decided(item, await api(`/v1/approvals/${id}/${action}`, { method: "POST", body, timeoutMs: 15000 }));
      } catch (failure) {
        error.textContent = failure.message;
        error.hidden = false;
        buttons.forEach((b) => { b.disabled = false; });
      }
    };

    item.querySelector('[data-action="approve"]').addEventListener("click", () => decide("approve", {}));
    for (const action of ["edit", "reject"]) {
      const button = item.querySelector(`[data-action="${action}"]`);
      const form = forms[action];
      button.addEventListener("click", () => {
        const open = form.hidden;
        Object.entries(forms).forEach(([name, f]) => { f.hidden = !(open && name === action); });
        buttons.forEach((b) => { if (b.dataset.action !== "approve") b.setAttribute("aria-expanded", String(open && b === button)); });
        if (open) form.querySelector("textarea").focus();
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = form.querySelector("textarea").value.trim();
        if (!text) {
          error.textContent = action === "reject" ? "Say what the associate should change." : "The text cannot be empty.";
          error.hidden = false;
          form.querySelector("textarea").focus();
          return;
        }
        decide(action, action === "reject" ? { reason: text } : { text });
      });
    }
  });

  function decided(item, approval) {
    const badge = item.querySelector('[data-role="status"]');
    badge.textContent = approval.status;
    badge.className = `badge badge-${approval.status}`;
    if (approval.status === "edited") item.querySelector('[data-role="draft"]').textContent = approval.text;
    const outcome = el("p", { class: "decided", tabindex: "-1" },
      `${VERB[approval.status] || approval.status}. The associate sees it on their tablet now.`);
    item.querySelector('[data-role="decide"]').replaceWith(outcome);
    item.classList.add("approval-decided");
    outcome.focus();
    announce.textContent = `Draft ${approval.id}: ${VERB[approval.status] || approval.status}.`;
  }
})();
