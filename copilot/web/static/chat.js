"use strict";
// The ask page: sends questions to /v1/ask with the conversation id, renders answers with citation chips,
// refusals, failures, feedback, and the live approval status of drafts held for a manager.
(() => {
  const { api, ApiError, el, icon } = window.Aurelle;
  const page = document.body.dataset;
  const conversation = document.getElementById("conversation");
  const emptyState = document.getElementById("empty-state");
  const form = document.getElementById("ask-form");
  const question = document.getElementById("question");
  const askButton = document.getElementById("ask-button");
  const askError = document.getElementById("ask-error");
  const forClient = document.getElementById("for-client");
  const newConversation = document.getElementById("new-conversation");
  const POLL_MS = 3000;
  const scrolling = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  const documents = new Map(); // doc_id -> Promise of /v1/documents/{doc_id}
  const pollers = new Set();
  let conversationId = null;
  let busy = false;
  let turns = 0;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(question.value.trim(), forClient.checked);
  });
  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  newConversation.addEventListener("click", () => {
    // A new client at the counter must not see the previous client's name: clear the page too.
    conversationId = null;
    pollers.forEach(clearInterval);
    pollers.clear();
    conversation.replaceChildren(emptyState);
    newConversation.hidden = true;
    question.focus();
  });

  async function ask(text, forClientAnswer, turn = null) {
    if (busy) return;
    if (!text) {
      askError.textContent = "Type a question first.";
      askError.hidden = false;
      question.focus();
      return;
    }
    askError.hidden = true;
    setBusy(true);
    turn = turn || addTurn(text, forClientAnswer);
    const area = turn.querySelector(".answer");
    const cancel = new AbortController();
    showLoading(area, cancel);
    try {
      const body = { question: text, for_client: forClientAnswer };
      if (conversationId) body.conversation_id = conversationId;
      const result = await api("/v1/ask", {
        method: "POST", body, timeoutMs: Number(page.timeoutMs) || 15000, signal: cancel.signal,
      });
      conversationId = result.conversation_id;
      newConversation.hidden = false;
      question.value = "";
      forClient.checked = false;
      turn.dataset.traceId = result.trace_id;
      if (result.search && window.AurelleSearch) {
        // a catalog search (search.js): cards and filter chips; "Ask about this piece" asks in this conversation
        window.AurelleSearch.render(area, result, { ask: (q) => ask(q, false) });
        area.append(feedbackBlock(result, true));
      } else if (result.refused) renderRefusal(area, result);
      else renderAnswer(area, result);
    } catch (error) {
      if (error instanceof ApiError && error.kind === "cancelled") renderCancelled(area, () => ask(text, forClientAnswer, turn));
      else renderFailure(area, error, () => ask(text, forClientAnswer, turn));
    } finally {
      clearTimeout(area.stillLooking);
      setBusy(false);
    }
  }

  // replaceChildren would print a skipped (null) child as the text "null".
  function fill(node, ...children) {
    node.replaceChildren(...children.filter((child) => child !== null && child !== undefined));
  }

  function setBusy(value) {
    busy = value;
    askButton.disabled = value;
    conversation.setAttribute("aria-busy", String(value));
  }

  function addTurn(text, forClientAnswer) {
    turns += 1;
    emptyState.remove();
    const turn = el("article", { class: "turn", "aria-labelledby": `turn-${turns}-q` },
      el("p", { class: "turn-question", id: `turn-${turns}-q` },
        el("span", { class: "sr-only" }, "You asked: "), text,
        forClientAnswer ? el("span", { class: "turn-flag" }, "for a client") : null),
      el("div", { class: "answer", id: `turn-${turns}-answer` }));
    conversation.append(turn);
    turn.scrollIntoView({ block: "start", behavior: scrolling });
    return turn;
  }

  // After STILL_LOOKING_MS the associate may give up on this question (and ask it again later).
  const STILL_LOOKING_MS = 5000;
  function showLoading(area, cancel) {
    area.className = "answer answer-loading";
    const text = el("p", { class: "loading-text" }, "Consulting the house documents…");
    fill(area, el("span", { class: "spinner", "aria-hidden": "true" }), text);
    area.stillLooking = setTimeout(() => {
      text.textContent = "Still looking…";
      area.append(el("button", { type: "button", class: "button cancel-ask", onclick: () => cancel.abort() }, "Cancel"));
    }, STILL_LOOKING_MS);
  }

  function renderCancelled(area, retry) {
    area.className = "answer answer-failed";
    fill(area,
      el("h2", { class: "failure-title" }, "Cancelled"),
      el("p", { class: "failure-text" }, "You stopped waiting for this answer."),
      el("button", { type: "button", class: "button button-primary retry", onclick: retry }, "Ask again"));
  }

  // --- client notes, laid out by letter.js -------------------------------------------------------
  function renderLetter(area, result) {
    area.className = "answer answer-draft answer-letter";
    const note = result.note || {};
    const letter = window.AurelleLetter.card({
      status: result.approval_status || "pending",
      text: result.display_answer,
      original: result.display_answer,
      findings: result.tone_findings,
      citations: result.citations,
      occasion: note.occasion ? `${note.occasion} · ${note.channel || "note"}, written from the tone guide's example "${note.written_from}"` : "",
    });
    letter.dataset.approvalId = result.approval_id;
    fill(area, letter, feedbackBlock(result, true));
    if (result.approval_id !== null && result.approval_id !== undefined) watchLetter(result.approval_id, letter);
  }

  function watchLetter(id, letter) {
    pollApproval(id, (approval) => letter.update({
      status: approval.status, text: approval.display_text || approval.text, reason: approval.reason,
      decided_by: approval.decided_by, decided_at: approval.decided_at,
    }));
  }
  // --- end of client notes -----------------------------------------------------------------------

  function renderAnswer(area, result) {
    if (result.requires_approval && result.note && window.AurelleLetter) {
      renderLetter(area, result);
      return;
    }
    const n = area.id.replace("-answer", "");
    const citations = new Map(result.citations.map((c) => [c.n, c]));
    const panel = el("div", { class: "citation-panel", id: `${n}-citation`, role: "region", tabindex: "-1", hidden: true });
    const chips = [];
    const chip = (c, inline) => {
      const button = el("button", {
        type: "button", class: inline ? "chip chip-inline" : "chip chip-source", "aria-expanded": "false",
        "aria-controls": panel.id, "aria-label": inline ? `Source ${c.n}: ${c.title}` : null, "data-n": c.n,
        onclick: () => toggleCitation(panel, chips, c, button),
      }, inline ? String(c.n) : [el("span", { class: "chip-n" }, String(c.n)), el("span", { class: "chip-title" },
        c.title, c.section ? ` · ${c.section}` : "")]);
      chips.push(button);
      return button;
    };
    const cited = (text) => text.split(/\[(\d+)\]/).map((part, i) => (i % 2 === 1 && citations.has(Number(part)) ? chip(citations.get(Number(part)), true) : part));
    const lines = answerLines(result.display_answer, cited);
    area.className = result.requires_approval ? "answer answer-draft" : "answer";
    fill(area,
      result.requires_approval ? approvalBlock(result) : null,
      el("div", { class: "answer-text" }, lines),
      result.citations.length ? el("div", { class: "sources" },
        el("h2", { class: "sources-title" }, "Sources"),
        el("ul", { class: "source-list" }, sourceItems(result.citations, chip))) : null,
      panel,
      feedbackBlock(result, true));
  }

  // One line per document section, however many of its sentences are cited: the later ones join it as
  // small numbered chips, each still opening its own quote.
  function sourceItems(citations, chip) {
    const items = new Map();
    for (const c of citations) {
      const key = `${c.doc_id}\u0000${c.section || ""}`;
      if (items.has(key)) items.get(key).append(" ", chip(c, true));
      else items.set(key, el("li", {}, chip(c, false)));
    }
    return [...items.values()];
  }

  // --- answer lines: a record's "Label: value" as a labelled value, a Markdown table row as a table ---
  const FACT = /^(?:[A-Z]{2,}-[A-Z]{2}-\d+:\s*)?([A-Z][A-Za-z ]{1,28}):\s+(.+)$/;
  function answerLines(text, cited) {
    const out = [];
    let table = null;
    for (const line of text.split("\n")) {
      const row = /^\s*\|(.+)\|\s*(\[\d+\])?\s*$/.exec(line);
      if (row) {
        const cells = row[1].split("|").map((c) => c.trim());
        if (cells.every((c) => /^:?-{3,}:?$/.test(c))) continue;
        if (!table) { table = el("table", { class: "answer-table" }); out.push(table); }
        table.append(el("tr", {}, cells.map((c, i) => el("td", {}, i === cells.length - 1 && row[2] ? [c, " ", ...cited(row[2])] : c))));
        continue;
      }
      table = null;
      const fact = FACT.exec(line);
      if (fact) {
        out.push(el("div", { class: "fact answer-line" }, el("span", { class: "fact-label" }, fact[1]), el("p", { class: "fact-value" }, cited(fact[2]))));
        continue;
      }
      out.push(el("p", { class: line.trim() ? "answer-line" : "answer-gap" }, cited(line)));
    }
    return out;
  }

  function renderRefusal(area, result) {
    const related = result.related || [];
    const reason = result.refusal_reason || "The house documents do not answer this question.";
    const plain = /do not answer this question/.test(reason);
    area.className = "answer answer-refused";
    fill(area,
      el("h2", { class: "refusal-title" }, related.length ? "Not sure: these passages may answer it"
        : plain ? "Not in the house documents" : reason),
      related.length ? relatedList(result) : null,
      el("p", { class: "refusal-hint" }, "Try other words, or name the piece by its SKU (AUR-RG-1010) or the grading report by its number."),
      el("p", { class: "refusal-contact" }, "The copilot will not guess. Please ask ",
        el("strong", {}, page.refusalContact || "your boutique manager"), "."),
      contactLink(page.refusalContact || ""),
      // In a pilot the lookup ends when the client has the answer, found by hand after a refusal too.
      feedbackBlock(result, page.pilot === "on", "Answered the client by hand"));
  }

  // "... the Client Care Desk (ext. 2100)" in the configured contact becomes a one-tap call.
  function contactLink(contact) {
    const match = /([A-Z][\w ]+?)\s*\(ext\.?\s*(\d+)\)/.exec(contact);
    return match ? el("a", { class: "button refusal-call", href: `tel:${match[2]}` }, `Call ${match[1].trim()} (ext. ${match[2]})`) : null;
  }

  // Each passage in full, its likeliest sentence marked, and where it comes from.
  function relatedList(result) {
    return el("ol", { class: "related-list" }, result.related.map((r) => {
      const at = r.passage.indexOf(r.quote);
      const text = at < 0 ? [el("mark", {}, r.quote)]
        : [r.passage.slice(0, at), el("mark", {}, r.quote), r.passage.slice(at + r.quote.length)];
      return el("li", { class: "related" },
        el("p", { class: "related-source" }, r.title, r.section ? ` · ${r.section}` : ""),
        el("p", { class: "related-passage" }, text));
    }));
  }

  function renderFailure(area, error, retry) {
    const signedOut = error instanceof ApiError && error.kind === "signed_out";
    area.className = "answer answer-failed";
    fill(area,
      el("h2", { class: "failure-title" }, error.kind === "refused_input" ? "This question cannot be sent" : "No answer this time"),
      el("p", { class: "failure-text", role: "alert" }, error.message || "Something went wrong. Try again."),
      signedOut
        ? el("a", { class: "button button-primary", href: "/" }, "Sign in again")
        : el("button", { type: "button", class: "button button-primary retry", onclick: retry }, "Try again"));
  }

  async function toggleCitation(panel, chips, citation, button) {
    const opening = panel.hidden || panel.dataset.n !== String(citation.n);
    chips.forEach((c) => c.setAttribute("aria-expanded", String(opening && c.dataset.n === String(citation.n))));
    if (!opening) {
      panel.hidden = true;
      button.focus();
      return;
    }
    const version = el("dd", { class: "citation-version" }, "…");
    panel.dataset.n = String(citation.n);
    panel.setAttribute("aria-label", `Source ${citation.n}`);
    fill(panel,
      el("div", { class: "citation-head" },
        el("p", { class: "citation-title" }, el("span", { class: "chip-n" }, String(citation.n)), citation.title),
        el("button", { type: "button", class: "button button-quiet citation-close", onclick: () => toggleCitation(panel, chips, citation, button) }, "Close")),
      el("blockquote", { class: "quote" }, citation.quote),
      el("dl", { class: "citation-meta" },
        citation.section ? el("dt", {}, "Section") : null, citation.section ? el("dd", {}, citation.section) : null,
        el("dt", {}, "Version"), version),
      el("details", { class: "citation-file" }, el("summary", {}, "File"),
        el("p", { class: "citation-source" }, citation.source)));
    panel.hidden = false;
    panel.scrollIntoView({ block: "nearest", behavior: scrolling });
    version.textContent = await documentVersion(citation.doc_id);
  }

  // What a citation without a version is, in words: a repair note is "repair note".
  const DOCUMENT_KINDS = { product: "catalog entry", loose_diamond: "catalog entry", certificate: "grading report",
    provenance_record: "provenance record" };

  async function documentVersion(docId) {
    if (!documents.has(docId)) documents.set(docId, api(`/v1/documents/${encodeURIComponent(docId)}`, { timeoutMs: 10000 }));
    try {
      const doc = await documents.get(docId);
      if (doc.version) return `Version ${doc.version}${doc.effective_date ? `, effective ${doc.effective_date}` : ""}`;
      return `Current ${DOCUMENT_KINDS[doc.doc_type] || doc.doc_type.replaceAll("_", " ")}`;
    } catch (error) {
      documents.delete(docId);
      return "Unavailable just now";
    }
  }

  function approvalBlock(result) {
    const badge = el("span", { class: `badge badge-${result.approval_status || "pending"}`, "data-role": "approval-status" },
      result.approval_status || "pending");
    const note = el("p", { class: "approval-note" }, statusNote({ status: result.approval_status || "pending" }));
    const block = el("div", { class: "approval-block", "data-approval-id": result.approval_id },
      el("p", { class: "approval-line" }, el("span", { class: "approval-label" }, "Draft for the client"), badge),
      note,
      result.tone_findings.length ? el("ul", { class: "tone-list" }, result.tone_findings.map((f) =>
        el("li", {}, el("q", {}, f.excerpt), ` — ${f.suggestion}`))) : null);
    if (result.approval_id !== null && result.approval_id !== undefined) watchApproval(result.approval_id, badge, note);
    return block;
  }

  function statusNote(approval) {
    const by = approval.decided_by ? ` by ${approval.decided_by}` : "";
    switch (approval.status) {
      case "approved": return `Approved${by}: you may send it.`;
      case "edited": return `Approved with changes${by}. Send this version: ${approval.display_text || approval.text}`;
      case "rejected": return `Not approved${by}${approval.reason ? `: ${approval.reason}` : "."}`;
      default: return "Held for your manager's approval before it is sent. This updates by itself.";
    }
  }

  function watchApproval(id, badge, note) {
    pollApproval(id, (approval) => {
      badge.textContent = approval.status;
      badge.className = `badge badge-${approval.status}`;
      note.textContent = statusNote(approval);
    }, () => { note.textContent = "Sign in again to see whether this draft was approved."; });
  }

  // Every few seconds until the approval is decided (or the session ends): `changed` is called each time
  // its status moves. A failed call just waits for the next tick: the service may be back by then.
  function pollApproval(id, changed, signedOut = () => {}) {
    let last = "pending";
    const timer = setInterval(async () => {
      try {
        const approval = await api(`/v1/approvals/${id}`, { timeoutMs: 10000 });
        if (approval.status === last) return;
        last = approval.status;
        changed(approval);
        if (approval.status !== "pending") stop();
      } catch (error) {
        if (error instanceof ApiError && error.kind === "signed_out") {
          stop();
          signedOut();
        }
      }
    }, POLL_MS);
    const stop = () => { clearInterval(timer); pollers.delete(timer); };
    pollers.add(timer);
  }

  function feedbackBlock(result, answered, answeredLabel = "Answered the client") {
    const note = el("p", { class: "feedback-note", "aria-live": "polite" });
    const commentId = `${result.trace_id}-comment`;
    const commentLabel = el("label", { class: "field-label", for: commentId }, "Anything to add? (optional)");
    const comment = el("textarea", { class: "field", id: commentId, rows: "2", maxlength: "2000" });
    let rating = null;
    const send = async (body, thanks) => {
      try {
        await api("/v1/feedback", { method: "POST", body: { trace_id: result.trace_id, ...body }, timeoutMs: 10000 });
        note.textContent = thanks;
        return true;
      } catch (error) {
        note.textContent = `Your feedback was not saved: ${error.message}`;
        return false;
      }
    };
    const commentForm = el("form", {
      class: "comment-form", hidden: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (await send({ rating, comment: comment.value }, "Thank you: your comment was saved.")) commentForm.hidden = true;
      },
    }, commentLabel, comment, el("button", { type: "submit", class: "button" }, "Send comment"));
    const thumb = (value, label) => el("button", {
      type: "button", class: "button thumb", "aria-pressed": "false", "aria-label": label, "data-rating": value,
      onclick: async (event) => {
        const button = event.currentTarget;
        if (!(await send({ rating: value }, "Thank you: noted."))) return;
        rating = value;
        thumbs.forEach((t) => t.setAttribute("aria-pressed", String(t === button)));
        commentLabel.textContent = value === "down" ? "What was wrong or missing? (optional)" : "Anything to add? (optional)";
        commentForm.hidden = false;
      },
    }, icon(value));
    const thumbs = [thumb("up", "Helpful"), thumb("down", "Not helpful")];
    const toggle = answered ? el("button", {
      type: "button", class: "button toggle", "aria-pressed": "false",
      onclick: async (event) => {
        const button = event.currentTarget;
        const on = button.getAttribute("aria-pressed") !== "true";
        if (await send({ kind: "answered_client", answered: on }, on ? "Noted: this answered the client." : "Noted.")) {
          button.setAttribute("aria-pressed", String(on));
        }
      },
    }, el("span", { class: "toggle-box", "aria-hidden": "true" }), answeredLabel) : null;
    return el("div", { class: "feedback", role: "group", "aria-label": "Feedback on this answer" },
      el("div", { class: "feedback-row" }, toggle, el("span", { class: "thumbs" }, thumbs)), note, commentForm);
  }
})();
