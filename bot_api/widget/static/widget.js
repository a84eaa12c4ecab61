/*
 * EnterpriseHub web widget: Jorge, the brokerage's AI assistant, on any page with one tag:
 *
 *   <script src="https://<bot API>/widget.js" data-key="<public chat key>" async></script>
 *
 * Optional: data-lang="es" (otherwise the page's language). The site's origin must be listed in
 * EHUB_WIDGET_ORIGINS. The panel's words and the brokerage's notices come from GET /v1/widget; each
 * message goes to POST /v1/chat with the session token of the last reply, kept in sessionStorage
 * with the transcript, so a reload continues the same conversation. No dependencies, no cookies.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || window.ehubWidgetLoaded) return;
  window.ehubWidgetLoaded = true;

  const key = script.getAttribute("data-key") || "";
  const api = new URL(script.src, location.href).origin;
  const pageLanguage = (script.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en");
  const lang = pageLanguage.toLowerCase().startsWith("es") ? "es" : "en";
  const storeName = "ehub-widget:" + api + ":" + key.slice(0, 16); // the key's id, never its secret
  const MAX_KEPT = 40; // transcript entries kept for a reload

  const STYLE = `
    :host { all: initial; }
    * { box-sizing: border-box; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; border: 0; border-radius: 24px;
      padding: 12px 18px; background: #0b5cad; color: #fff; font-weight: 600; cursor: pointer;
      box-shadow: 0 2px 8px rgba(0, 0, 0, .25); }
    button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible, summary:focus-visible {
      outline: 3px solid #f5a623; outline-offset: 2px; }
    .panel { position: fixed; right: 16px; bottom: 76px; z-index: 2147483001; width: 380px; max-width: calc(100vw - 16px);
      height: 560px; max-height: calc(100vh - 96px); display: flex; flex-direction: column; background: #fff;
      color: #1f2933; border-radius: 12px; box-shadow: 0 8px 28px rgba(0, 0, 0, .3); overflow: hidden; }
    .panel[hidden] { display: none; }
    .panel > * { flex: 0 0 auto; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 10px 12px;
      background: #0b5cad; color: #fff; }
    h2 { margin: 0; font-size: 16px; font-weight: 600; color: inherit; }
    .close { border: 0; background: transparent; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; padding: 4px 8px; }
    .disclosure { margin: 0; padding: 8px 12px; background: #eef4fb; font-size: 13px; }
    .panel > .log { flex: 1 1 auto; min-height: 96px; overflow-y: auto; margin: 0; padding: 12px; list-style: none; }
    .log > li { margin: 0 0 10px; }
    .who { display: block; font-size: 12px; color: #52606d; }
    .you .text { background: #0b5cad; color: #fff; margin-left: 48px; }
    .jorge .text, .note .text { background: #f0f2f5; margin-right: 48px; }
    .note .text { font-style: italic; }
    .text { display: block; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .cards { list-style: none; margin: 6px 48px 0 0; padding: 0; display: grid; gap: 6px; }
    .card { border: 1px solid #cbd2d9; border-radius: 8px; padding: 8px 10px; }
    .card p { margin: 0; font-size: 13px; }
    .card .address { font-weight: 600; font-size: 14px; }
    .card .price { color: #0b5cad; font-weight: 600; }
    .status { margin: 0; padding: 0 12px; min-height: 1.4em; font-size: 13px; color: #8a4b00; }
    .panel > details { flex: 0 1 auto; max-height: 45%; overflow-y: auto; padding: 4px 12px; font-size: 13px;
      border-top: 1px solid #e4e7eb; }
    details label { display: block; margin: 4px 0; font-size: 13px; }
    details input[type=text], details input[type=email], details input[type=tel] { width: 100%; padding: 6px;
      border: 1px solid #9aa5b1; border-radius: 6px; }
    .consent { display: flex; gap: 6px; align-items: flex-start; }
    .consent small { display: block; color: #52606d; }
    form { display: flex; gap: 8px; padding: 8px 12px; border-top: 1px solid #e4e7eb; }
    textarea { flex: 1; resize: none; padding: 8px; border: 1px solid #9aa5b1; border-radius: 8px; min-height: 44px; }
    .send { border: 0; border-radius: 8px; padding: 0 14px; background: #0b5cad; color: #fff; font-weight: 600; cursor: pointer; }
    .send:disabled { background: #9aa5b1; cursor: not-allowed; }
    footer { padding: 6px 12px 10px; font-size: 12px; color: #52606d; }
    footer a { color: #0b5cad; }
    @media (max-width: 480px) {
      .panel { inset: 0; width: auto; max-width: none; height: auto; max-height: none; border-radius: 0; }
    }`;

  // -- what survives a reload: the session token and the transcript (this tab only) --------------

  function load() {
    try {
      const kept = JSON.parse(sessionStorage.getItem(storeName) || "null");
      if (kept && kept.expiresAt && Date.parse(kept.expiresAt) > Date.now()) return kept;
    } catch (ignored) { /* storage unavailable or unreadable: start fresh */ }
    return { token: null, expiresAt: null, transcript: [], open: false, contactSent: false };
  }

  const state = load();

  function save() {
    state.transcript = state.transcript.slice(-MAX_KEPT);
    try { sessionStorage.setItem(storeName, JSON.stringify(state)); } catch (ignored) { /* private mode */ }
  }

  // -- building the panel with the DOM (never innerHTML: every text is data) ---------------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  async function start() {
    const configName = storeName + ":config:" + lang; // fetched once per tab, not on every page view
    let config = null;
    try { config = JSON.parse(sessionStorage.getItem(configName) || "null"); } catch (ignored) { /* fetch it */ }
    if (!config) {
      try {
        const response = await fetch(api + "/v1/widget?lang=" + lang, { headers: { "X-API-Key": key }, credentials: "omit" });
        if (!response.ok) throw new Error("HTTP " + response.status);
        config = await response.json();
      } catch (error) {
        console.warn("Jorge widget: not shown (" + error.message + ")");
        return;
      }
      try { sessionStorage.setItem(configName, JSON.stringify(config)); } catch (ignored) { /* private mode */ }
    }
    build(config);
  }

  function build(config) {
    const t = config.texts;
    const notices = config.notices;
    const host = el("div", { "data-ehub-widget": "" });
    const root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", { text: STYLE }));

    const launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false",
      "aria-controls": "ehub-panel", "aria-label": t["widget.open"], text: t["widget.title"] });
    const close = el("button", { type: "button", class: "close", "aria-label": t["widget.close"], text: "×" });
    const log = el("ol", { class: "log", role: "log", "aria-live": "polite", "aria-label": t["widget.log"] });
    const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
    const message = el("textarea", { id: "ehub-message", rows: "2", maxlength: String(config.max_message_chars),
      placeholder: t["widget.placeholder"], autocomplete: "off" });
    const send = el("button", { type: "submit", class: "send", text: t["widget.send"] });
    const form = el("form", {}, [el("label", { for: "ehub-message", class: "sr", text: t["widget.message"] }), message, send]);

    const name = el("input", { type: "text", id: "ehub-name", autocomplete: "name", maxlength: "200" });
    const email = el("input", { type: "email", id: "ehub-email", autocomplete: "email", maxlength: "254" });
    const phone = el("input", { type: "tel", id: "ehub-phone", autocomplete: "tel", maxlength: "40", disabled: "",
      "aria-describedby": "ehub-consent-text" });
    const consent = el("input", { type: "checkbox", id: "ehub-consent" });
    const contact = el("details", {}, [
      el("summary", { text: t["widget.contact"] }),
      el("label", { for: "ehub-name", text: t["widget.name"] }), name,
      el("label", { for: "ehub-email", text: t["widget.email"] }), email,
      el("label", { class: "consent", for: "ehub-consent" }, [consent, el("span", { id: "ehub-consent-text" }, [
        document.createTextNode(t["widget.consent"]), el("small", { text: t["widget.consent.terms"] })])]),
      el("label", { for: "ehub-phone", text: t["widget.phone"] }), phone,
    ]);
    if (state.contactSent) contact.hidden = true;

    const link = (href, text) => el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: text });
    const footer = el("footer", { "aria-label": t["widget.notices"] }, [
      el("span", { text: t["notice.identity.short"] + " · " }),
      link(notices.iabs_url, t["widget.iabs"]), document.createTextNode(" · "),
      link(notices.consumer_protection_url, t["widget.cpn"]),
    ]);
    const panel = el("section", { id: "ehub-panel", class: "panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "ehub-title", "aria-describedby": "ehub-disclosure", hidden: "" }, [
      el("header", {}, [el("h2", { id: "ehub-title", text: t["widget.title"] }), close]),
      el("p", { id: "ehub-disclosure", class: "disclosure", text: t["widget.disclosure"] }),
      log, status, contact, form, footer,
    ]);
    root.append(launcher, panel);
    document.body.appendChild(host);

    // -- the conversation ------------------------------------------------------------------------

    const money = new Intl.NumberFormat(lang === "es" ? "es-US" : "en-US",
      { style: "currency", currency: "USD", maximumFractionDigits: 0 });
    const number = new Intl.NumberFormat(lang === "es" ? "es-US" : "en-US", { maximumFractionDigits: 0 });

    function card(home) {
      const facts = [fill(t["listing.rooms"], { beds: home.bedrooms ?? "-", baths: home.bathrooms ?? "-" })];
      if (home.living_area_sqft != null) facts.push(fill(t["listing.size"], { sqft: number.format(home.living_area_sqft) }));
      if (home.days_on_market != null) facts.push(fill(t["listing.days"], { days: home.days_on_market }));
      return el("li", { class: "card", "data-listing-key": home.listing_key }, [
        el("p", { class: "address", text: home.street_address }),
        el("p", { class: "price", text: money.format(home.list_price) }),
        el("p", { class: "facts", text: facts.join(" · ") }),
        el("p", { class: "place", text: home.city + " " + home.postal_code }),
      ]);
    }

    function show(entry) {
      const who = { you: t["widget.you"], jorge: t["widget.jorge"], note: "" }[entry.who];
      const item = el("li", { class: entry.who }, [
        el("span", { class: "who", text: who }), el("span", { class: "text", text: entry.text })]);
      if (entry.listings && entry.listings.length) {
        item.appendChild(el("ul", { class: "cards", "aria-label": t["widget.listings"] }, entry.listings.map(card)));
      }
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
    }

    function remember(entry) {
      state.transcript.push(entry);
      save();
      show(entry);
    }

    let waitUntil = 0;
    let busy = false;

    function pause(seconds) {
      waitUntil = Date.now() + seconds * 1000;
      send.disabled = true;
      status.textContent = fill(t["widget.rate_limited"], { seconds: seconds });
      setTimeout(() => {
        if (Date.now() >= waitUntil) { send.disabled = false; status.textContent = ""; }
      }, seconds * 1000);
    }

    function contactDetails() {
      if (state.contactSent) return null;
      const details = {};
      if (name.value.trim()) details.name = name.value.trim();
      if (email.value.trim()) details.email = email.value.trim();
      if (phone.value.trim()) {
        if (!consent.checked) return false;
        details.phone = phone.value.trim();
        details.sms_consent = true;
      }
      return Object.keys(details).length ? details : null;
    }

    async function deliver(text) {
      const details = contactDetails();
      if (details === false) { status.textContent = t["widget.consent_needed"]; consent.focus(); return; }
      const body = { message: text };
      if (state.token) body.session_token = state.token;
      if (details) body.contact = details;
      busy = true;
      send.disabled = true;
      status.textContent = t["widget.replying"];
      let response;
      try {
        response = await fetch(api + "/v1/chat", { method: "POST", credentials: "omit",
          headers: { "Content-Type": "application/json", "X-API-Key": key }, body: JSON.stringify(body) });
      } catch (error) {
        response = null;
      } finally {
        busy = false;
        send.disabled = Date.now() < waitUntil;
        status.textContent = "";
      }
      if (response === null) { status.textContent = t["widget.failed"]; return; }
      if (response.status === 429) { pause(Math.max(1, parseInt(response.headers.get("Retry-After"), 10) || 30)); return; }
      const answer = await response.json().catch(() => ({}));
      if (response.status === 401 && state.token && String(answer.code || "").startsWith("SESSION")) {
        state.token = null;  // expired or from another key: start over, and say so
        remember({ who: "note", text: t["widget.restarted"] });
        return deliver(text);
      }
      if (!response.ok) {
        status.textContent = answer.code === "CONSENT_REQUIRED" ? t["widget.consent_needed"] : t["widget.failed"];
        return;
      }
      state.token = answer.session_token;
      state.expiresAt = answer.session_expires_at;
      if (details) { state.contactSent = true; contact.hidden = true; }
      message.value = "";
      remember({ who: "you", text: text });
      if (answer.reply) remember({ who: "jorge", text: answer.reply, listings: answer.listings || [] });
    }

    // -- keyboard and focus ----------------------------------------------------------------------

    function open(focus) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      state.open = true;
      save();
      if (focus) message.focus();
    }

    function shut() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      state.open = false;
      save();
      launcher.focus();
    }

    launcher.addEventListener("click", () => (panel.hidden ? open(true) : shut()));
    close.addEventListener("click", shut);
    panel.addEventListener("keydown", (event) => { if (event.key === "Escape") shut(); });
    consent.addEventListener("change", () => {
      phone.disabled = !consent.checked;
      if (!consent.checked) phone.value = "";
    });
    message.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = message.value.trim();
      if (text && !busy && Date.now() >= waitUntil) deliver(text);
    });

    state.transcript.forEach(show);
    if (state.open) open(false);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
