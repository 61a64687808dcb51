"use strict";
// Shared by the tablet pages: calls to the JSON API with the session cookie and CSRF token, errors that
// say what to do, and a small DOM builder (text only: nothing from the server is parsed as HTML).
window.Aurelle = (() => {
  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
  const csrfToken = meta("csrf-token");
  const csrfHeader = meta("csrf-header") || "X-CSRF-Token";

  class ApiError extends Error {
    constructor(kind, message, status = 0) {
      super(message);
      this.kind = kind; // unreachable | slow | cancelled | signed_out | not_ready | refused_input | forbidden | server
      this.status = status;
    }
  }

  function detailOf(data) {
    const detail = data && data.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((e) => String(e.msg || "")).filter(Boolean).join("; ");
    return "";
  }

  function errorFor(status, data) {
    const detail = detailOf(data);
    if (status === 401) return new ApiError("signed_out", "Your session has ended: sign in again.", status);
    if (status === 403) return new ApiError("forbidden", detail || "You are not allowed to do this.", status);
    if (status === 503) {
      return new ApiError("not_ready", `The copilot is not ready yet (${detail || "starting up"}). Try again in a few seconds.`, status);
    }
    if (status === 409 || status === 404 || status === 422) return new ApiError("refused_input", detail, status);
    if (status === 502 || status === 504) {
      return new ApiError("unreachable", "The copilot service is not answering. Try again in a minute; if it keeps happening, tell your manager.", status);
    }
    return new ApiError("server", `The copilot met an error (HTTP ${status}). Try again; if it keeps happening, tell your manager.`, status);
  }

  async function api(path, { method = "GET", body, timeoutMs = 15000, signal } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    if (signal) signal.addEventListener("abort", () => controller.abort());
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers[csrfHeader] = csrfToken;
    try {
      const response = await fetch(path, {
        method, headers, credentials: "same-origin", signal: controller.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) throw errorFor(response.status, data);
      return data;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error.name === "AbortError" && signal && signal.aborted) throw new ApiError("cancelled", "Cancelled.");
      if (error.name === "AbortError") {
        throw new ApiError("slow", `The copilot is taking too long to answer (over ${Math.round(timeoutMs / 1000)} seconds). Try again in a moment; if it keeps happening, tell your manager.`);
      }
      throw new ApiError("unreachable", "The copilot service is not answering. Try again in a minute; if it keeps happening, tell your manager.");
    } finally {
      clearTimeout(timer);
    }
  }

  // el("p", {class: "x", "aria-label": "y", onclick: fn}, "text", child, ...)
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function icon(name) {
    const paths = {
      up: "M7 10v11H3V10h4zm2 11h8.3a2 2 0 0 0 2-1.6l1.3-7A2 2 0 0 0 18.6 10H14l.8-4.1a1.5 1.5 0 0 0-2.6-1.3L9 9.5V21z",
      down: "M17 14V3h4v11h-4zm-2-11H6.7a2 2 0 0 0-2 1.6l-1.3 7A2 2 0 0 0 5.4 14H10l-.8 4.1a1.5 1.5 0 0 0 2.6 1.3L15 14.5V3z",
    };
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", paths[name]);
    svg.append(path);
    return svg;
  }

  return { api, ApiError, el, icon };
})();
