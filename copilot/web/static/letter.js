"use strict";
// A client note as the associate sends it: one current version laid out as a letter (the manager's text
// once edited, else the draft), Copy and, for an email, Send through the tablet's mail app (mailto:);
// what the copilot first proposed folded underneath; a rejected note struck through with the reason.
window.AurelleLetter = (() => {
  const { el } = window.Aurelle;
  const TITLE = {
    pending: "Waiting for your manager",
    approved: "Approved: ready to send",
    edited: "Approved with your manager's changes: send this version",
    rejected: "Not approved: do not send",
  };

  // "Subject: ..." on the first line makes an email; the rest is the letter.
  function split(text) {
    const match = /^Subject:\s*(.*)\n+/.exec(text || "");
    return match ? { subject: match[1].trim(), body: text.slice(match[0].length) } : { subject: "", body: text || "" };
  }

  function when(iso) {
    if (!iso) return "";
    const zone = document.body.dataset.timeZone || "UTC";
    try {
      return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(new Date(iso));
    } catch (error) {
      return new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC";
    }
  }

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = el("textarea", { class: "sr-only", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  // state: {status, text, original, reason, decided_by, decided_at, findings, citations, occasion}
  function card(state) {
    const root = el("section", { class: "letter-card", "data-role": "letter-card", "aria-label": "Note for the client" });
    const render = (next) => {
      Object.assign(state, next);
      const status = state.status || "pending";
      const { subject, body } = split(state.text);
      const sendable = status === "approved" || status === "edited";
      const done = el("p", { class: "letter-copied", "aria-live": "polite" });
      const copyButton = el("button", {
        type: "button", class: "button button-primary", disabled: !sendable,
        onclick: async () => {
          try {
            await copy(state.text);
            done.textContent = "Copied: paste it into the card or message.";
          } catch (error) {
            done.textContent = "The tablet did not allow copying: select the text and copy it by hand.";
          }
        },
      }, "Copy");
      const mailto = `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body.trim())}`;
      const send = subject ? (sendable
        ? el("a", { class: "button", href: mailto }, "Send by email")
        : el("button", { type: "button", class: "button", disabled: true }, "Send by email")) : null;
      const changed = state.original && state.original.trim() !== (state.text || "").trim();
      root.className = `letter-card letter-${status}`;
      root.replaceChildren(...[
        el("header", { class: "letter-head" },
          el("p", { class: "letter-status" },
            el("span", { class: `badge badge-${status}`, "data-role": "approval-status" }, status),
            " ", TITLE[status] || status),
          state.occasion ? el("p", { class: "letter-occasion" }, state.occasion) : null,
          state.decided_by ? el("p", { class: "letter-meta" }, `Decided by ${state.decided_by}${state.decided_at ? `, ${when(state.decided_at)}` : ""}`) : null),
        status === "rejected" && state.reason ? el("p", { class: "letter-reason", role: "note" }, `Why: ${state.reason}`) : null,
        el("div", { class: "letter", "data-role": "current-letter" },
          subject ? el("p", { class: "letter-subject" }, el("span", { class: "letter-subject-label" }, "Subject "), subject) : null,
          el("div", { class: "letter-body" }, body.trim())),
        status === "rejected" ? null : el("div", { class: "letter-actions" }, copyButton, send,
          sendable ? null : el("p", { class: "letter-hint" }, "Copy and Send open once your manager approves."), done),
        state.findings && state.findings.length && status === "pending" ? el("section", { class: "letter-findings", "aria-label": "Before sending" },
          el("h3", { class: "letter-findings-title" }, "Before sending"),
          el("ul", { class: "tone-list" }, state.findings.map((f) => el("li", {}, f.excerpt ? el("q", {}, f.excerpt) : null, f.excerpt ? " — " : "", f.suggestion)))) : null,
        changed ? el("details", { class: "letter-original" },
          el("summary", {}, "What the copilot proposed"),
          el("div", { class: "letter-body letter-body-original" }, state.original.trim())) : null,
        state.citations && state.citations.length ? el("details", { class: "letter-sources" },
          el("summary", {}, `Where the facts come from (${state.citations.length})`),
          el("ul", {}, state.citations.map((c) => el("li", {},
            el("span", { class: "source-title" }, c.title), c.section ? ` · ${c.section}` : "",
            el("blockquote", { class: "quote" }, c.quote))))) : null,
      ].filter(Boolean));
    };
    render({});
    root.update = render;
    return root;
  }

  return { card, split, when };
})();
