/* Recovery Guide chat widget. No framework, no third-party requests, no inline script or eval.
 * Embed: <script src="https://bot.example-clinic.org/widget.js"
 *                 data-bot-url="https://bot.example-clinic.org" data-country="GB" defer></script>
 * Theme with CSS custom properties on the page, e.g.
 *   recovery-guide-chat { --rg-accent: #14532d; --rg-font: Georgia, serif; }
 * Bot and user text are always rendered as text, never as HTML.
 */
(function () {
  "use strict";
  var CONFIG = /*WIDGET_CONFIG*/{};
  var script = document.currentScript;
  var BOT_URL = ((script && script.dataset.botUrl) || (script ? new URL(script.src).origin : "")).replace(/\/$/, "");
  // The page's country (data-country), when it sets one, decides the crisis lines; else the bot reads the country
  // from the browser's time zone, else uses the clinic's default (COUNTRY, shown until the bot's replies name one).
  var PAGE_COUNTRY = (script && script.dataset.country) ? script.dataset.country.toUpperCase() : null;
  var COUNTRY = (PAGE_COUNTRY || CONFIG.defaultCountry || "US").toUpperCase();
  var STORE_KEY = "recovery-guide-chat:" + BOT_URL;
  var RENEW_MS = 60 * 60 * 1000;  // renew the session token hourly (it lasts WEB_SESSION_HOURS)
  var RETRY_MS = 5000;
  var REMINDER_POLL_MS = 60000;

  var CSS = [
    ":host { --rg-accent: #14532d; --rg-accent-text: #ffffff; --rg-bg: #ffffff; --rg-text: #1d2327;",
    "  --rg-bot-bg: #eef3ef; --rg-user-bg: #14532d; --rg-user-text: #ffffff; --rg-muted: #4a5560;",
    "  --rg-urgent: #8a1c1c; --rg-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; font-family: var(--rg-font); }",
    "* { box-sizing: border-box; }",
    ".launcher { background: var(--rg-accent); color: var(--rg-accent-text); border: 0; border-radius: 2rem;",
    "  padding: .8rem 1.2rem; font: 600 1rem var(--rg-font); cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }",
    "button:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }",
    ".panel { width: min(24rem, calc(100vw - 2rem)); height: min(36rem, calc(100vh - 2rem)); background: var(--rg-bg);",
    "  color: var(--rg-text); border-radius: .75rem; box-shadow: 0 4px 24px rgba(0,0,0,.3); display: flex;",
    "  flex-direction: column; overflow: hidden; }",
    ".panel[hidden], .launcher[hidden], .help[hidden] { display: none; }",
    "header { background: var(--rg-accent); color: var(--rg-accent-text); padding: .6rem .8rem; display: flex;",
    "  align-items: center; gap: .5rem; }",
    "header h2 { font-size: 1rem; margin: 0; flex: 1; }",
    "header button { background: transparent; color: var(--rg-accent-text); border: 1px solid currentColor;",
    "  border-radius: .4rem; padding: .3rem .5rem; font: .85rem var(--rg-font); cursor: pointer; }",
    ".helpbar { background: #fdf2f2; border-bottom: 1px solid #f3caca; padding: .4rem .8rem; }",
    ".helpbar a { color: var(--rg-urgent); font-weight: 700; }",
    ".help { background: #fff7f7; border-bottom: 1px solid #f3caca; padding: .6rem .8rem; font-size: .92rem;",
    "  color: #3b0d0d; white-space: pre-line; }",
    ".log { flex: 1; overflow-y: auto; padding: .8rem; display: flex; flex-direction: column; gap: .5rem; }",
    ".msg { max-width: 85%; padding: .55rem .75rem; border-radius: .75rem; white-space: pre-wrap;",
    "  overflow-wrap: anywhere; font-size: .95rem; line-height: 1.4; }",
    ".bot { background: var(--rg-bot-bg); color: var(--rg-text); align-self: flex-start; }",
    ".user { background: var(--rg-user-bg); color: var(--rg-user-text); align-self: flex-end; }",
    ".notice { align-self: center; color: var(--rg-muted); font-size: .85rem; text-align: center; }",
    ".msg img { max-width: 100%; border-radius: .4rem; display: block; margin-top: .25rem; }",
    ".msg a { color: inherit; font-weight: 600; }",
    ".replies { display: flex; flex-wrap: wrap; gap: .35rem; align-self: flex-start; }",
    ".replies button { background: var(--rg-bg); color: var(--rg-accent); border: 2px solid var(--rg-accent);",
    "  border-radius: 1rem; padding: .3rem .7rem; font: .9rem var(--rg-font); cursor: pointer; min-height: 2.2rem; min-width: 2.2rem; }",
    ".typing { color: var(--rg-muted); font-size: .85rem; padding: 0 .8rem .3rem; }",
    "form { display: flex; gap: .4rem; padding: .6rem; border-top: 1px solid #dfe3df; }",
    "label.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }",
    "textarea { flex: 1; resize: none; font: .95rem var(--rg-font); padding: .5rem; border: 1px solid #6b7780;",
    "  border-radius: .4rem; color: var(--rg-text); background: var(--rg-bg); min-height: 2.6rem; }",
    "form button { background: var(--rg-accent); color: var(--rg-accent-text); border: 0; border-radius: .4rem;",
    "  padding: 0 1rem; font: 600 .95rem var(--rg-font); cursor: pointer; }"
  ].join("\n");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function freshState() {
    return { token: null, history: [], open: false, greeted: false };
  }

  function timezone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  class RecoveryGuideChat extends HTMLElement {
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      this.root.adoptedStyleSheets = [sheet];
      this.state = this.load();
      this.online = true;
      this.build();
      this.state.history.forEach(this.render.bind(this));
      if (this.state.open) { this.open(false); }
      setInterval(this.checkReminders.bind(this), REMINDER_POLL_MS);
    }

    /* Reminders reach the web only while the widget is open: it asks once a minute. */
    checkReminders() {
      if (!this.state.open || !this.state.greeted) { return Promise.resolve(); }
      return this.call("GET", "/reminders/due", null)
        .then(function (response) { return response.ok ? response.json() : { reminders: [] }; })
        .then(function (body) {
          (body.reminders || []).forEach(function (reminder) {
            this.record({ kind: "bot", text: reminder.text });
            if (reminder.buttons && reminder.buttons.length) {
              this.record({ kind: "replies", buttons: reminder.buttons });
            }
          }, this);
        }.bind(this)).catch(function () { /* offline: the next poll tries again */ });
    }

    load() {
      try {
        var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
        if (saved && Array.isArray(saved.history) && !saved.sender) { return saved; }
      } catch (e) { /* a broken entry starts a fresh chat */ }
      return freshState();
    }

    /* The web side issues the session (POST /session); its token goes in a header, never in a URL. */
    /* A token lasts some hours from when it was issued; an open chat renews it (the same session) hourly. */
    session() {
      if (this.state.token && Date.now() - (this.state.tokenAt || 0) < RENEW_MS) {
        return Promise.resolve(this.state.token);
      }
      var headers = this.state.token ? { "Authorization": "Bearer " + this.state.token } : {};
      return fetch(BOT_URL + "/session", { method: "POST", headers: headers, credentials: "omit" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        }).then(function (body) {
          this.state.token = body.token;
          this.state.tokenAt = Date.now();
          this.save();
          return body.token;
        }.bind(this));
    }

    call(method, path, body, retried) {
      return this.session().then(function (token) {
        var headers = { "Authorization": "Bearer " + token };
        if (body !== null) { headers["Content-Type"] = "application/json"; }
        return fetch(BOT_URL + path, { method: method, headers: headers, body: body, credentials: "omit" });
      }).then(function (response) {
        if (response.status === 401 && !retried) {  // the session is no longer valid: start a new one
          this.state.token = null;
          this.state.tokenAt = 0;
          return this.call(method, path, body, true);
        }
        return response;
      }.bind(this));
    }

    save() {
      try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(this.state)); } catch (e) { /* private mode */ }
    }

    build() {
      this.launcher = el("button", { "class": "launcher", type: "button", "aria-label": "Open chat with Recovery Guide" }, "Chat with us");
      this.launcher.addEventListener("click", this.open.bind(this, true));
      this.panel = el("section", { "class": "panel", role: "dialog", "aria-label": "Recovery Guide chat" });
      this.panel.hidden = true;
      var header = el("header");
      header.appendChild(el("h2", {}, "Recovery Guide"));
      var end = el("button", { type: "button" }, "End chat");
      end.addEventListener("click", this.endChat.bind(this));
      var close = el("button", { type: "button", "aria-label": "Close chat" }, "Close");
      close.addEventListener("click", this.close.bind(this));
      header.appendChild(end);
      header.appendChild(close);
      var helpbar = el("div", { "class": "helpbar" });
      this.helpLink = el("a", { href: "#", role: "button", "aria-expanded": "false" }, "Need help now?");
      this.helpLink.addEventListener("click", this.toggleHelp.bind(this));
      helpbar.appendChild(this.helpLink);
      this.help = el("div", { "class": "help", role: "region", "aria-label": "Crisis help", tabindex: "-1" });
      this.help.hidden = true;
      this.showCrisisLines();
      this.log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
      this.typing = el("div", { "class": "typing", "aria-live": "polite" });
      var form = el("form");
      var label = el("label", { "for": "rg-input", "class": "vh" }, "Message");
      this.input = el("textarea", { id: "rg-input", rows: "1", maxlength: "4000", placeholder: "Type a message" });
      this.input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
      });
      var send = el("button", { type: "submit" }, "Send");
      form.appendChild(label);
      form.appendChild(this.input);
      form.appendChild(send);
      form.addEventListener("submit", this.onSubmit.bind(this));
      this.panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { this.close(); } }.bind(this));
      [header, helpbar, this.help, this.log, this.typing, form].forEach(this.panel.appendChild.bind(this.panel));
      this.root.appendChild(this.launcher);
      this.root.appendChild(this.panel);
    }

    open(focus) {
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.state.open = true;
      this.save();
      if (focus !== false) { this.input.focus(); }
      if (!this.state.greeted) {
        this.state.greeted = true;
        this.send("/greet", null);
      }
    }

    close() {
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.state.open = false;
      this.save();
      this.launcher.focus();
    }

    endChat() {
      this.close();
      this.state = freshState();
      this.log.textContent = "";
      try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* nothing stored */ }
    }

    toggleHelp(event) {
      event.preventDefault();
      this.help.hidden = !this.help.hidden;
      this.helpLink.setAttribute("aria-expanded", String(!this.help.hidden));
      if (!this.help.hidden) { this.help.focus(); }
    }

    onSubmit(event) {
      event.preventDefault();
      var text = this.input.value.trim();
      if (!text) { return; }
      this.input.value = "";
      this.send(text, text);
    }

    record(entry) {
      // The tab keeps only what the conversation needs: an export's contents and a chart are shown once,
      // never written to sessionStorage (after a reload, ask again).
      var kept = Object.assign({}, entry);
      delete kept.files;
      delete kept.image;
      this.state.history.push(kept);
      this.state.history = this.state.history.slice(-200);
      this.save();
      this.render(entry);
    }

    render(entry) {
      if (entry.kind === "replies") {
        var row = el("div", { "class": "replies", role: "group", "aria-label": "Suggested replies" });
        entry.buttons.forEach(function (button) {
          var b = el("button", { type: "button" }, button.title);
          b.addEventListener("click", function () { row.remove(); this.send(button.payload, button.title); }.bind(this));
          row.appendChild(b);
        }, this);
        if (entry.used) { return; }
        this.log.appendChild(row);
      } else {
        var node = el("div", { "class": "msg " + entry.kind });
        if (entry.text) { node.appendChild(document.createTextNode(entry.text)); }
        if (entry.image && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(entry.image)) {
          node.appendChild(el("img", { src: entry.image, alt: entry.alt || "Chart of your recent check-ins" }));
        }
        (entry.files || []).forEach(function (file) {
          var content = typeof file.content === "string" ? file.content : JSON.stringify(file.content, null, 2);
          var url = URL.createObjectURL(new Blob([content], { type: file.mime_type || "application/octet-stream" }));
          var link = el("a", { href: url, download: file.filename }, "Download " + file.filename);
          node.appendChild(document.createElement("br"));
          node.appendChild(link);
        });
        this.log.appendChild(node);
      }
      this.log.scrollTop = this.log.scrollHeight;
    }

    markRepliesUsed() {
      this.state.history.forEach(function (entry) { if (entry.kind === "replies") { entry.used = true; } });
      Array.prototype.forEach.call(this.log.querySelectorAll(".replies"), function (row) { row.remove(); });
    }

    // The crisis lines for the conversation's country: the page's data-country until the bot's replies
    // name another (the user said "I'm in the UK"), sent in the X-Conversation-Country header.
    showCrisisLines() {
      var lines = CONFIG.crisis || {};
      this.help.textContent = lines[this.state.country || COUNTRY] || lines[COUNTRY] || lines[CONFIG.fallbackCountry] || "";
    }

    useCountry(code) {
      if (code && (CONFIG.crisis || {})[code] && code !== this.state.country) {
        this.state.country = code;
        this.save();
        this.showCrisisLines();
      }
    }

    send(message, shown) {
      this.markRepliesUsed();
      if (shown) { this.record({ kind: "user", text: shown }); }
      this.typing.textContent = "Recovery Guide is typing…";
      var metadata = { timezone: timezone() };
      if (PAGE_COUNTRY) { metadata.country = PAGE_COUNTRY; }
      var body = JSON.stringify({ message: message, metadata: metadata });
      this.call("POST", "/webhooks/rest/webhook", body).then(function (response) {
        if (response.status >= 400 && response.status < 500) {  // refused: say so, with the crisis line it carries
          return response.json().then(function (refusal) {
            var said = response.status === 429 ? CONFIG.busy : CONFIG.refused;  // too much at once: wait, not shorten
            return [{ text: said }].concat(refusal.help ? [{ text: refusal.help }] : []);
          }, function () { return [{ text: response.status === 429 ? CONFIG.busy : CONFIG.refused }]; });
        }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        this.useCountry(response.headers.get("X-Conversation-Country"));
        return response.json();
      }.bind(this)).then(function (replies) {
        this.typing.textContent = "";
        if (!this.online) { this.online = true; this.record({ kind: "notice", text: CONFIG.reconnected }); }
        replies.forEach(function (reply) {
          var files = reply.custom && reply.custom.files;
          if (reply.text || reply.image || files) {
            this.record({ kind: "bot", text: reply.text || "", image: reply.image, files: files });
          }
          if (reply.buttons && reply.buttons.length) { this.record({ kind: "replies", buttons: reply.buttons }); }
        }, this);
      }.bind(this)).catch(function () {
        this.typing.textContent = "";
        this.wentOffline();
      }.bind(this));
    }

    wentOffline() {
      if (this.online) {
        this.online = false;
        this.record({ kind: "notice", text: CONFIG.offline });
      }
      clearTimeout(this.retry);
      this.retry = setTimeout(this.checkConnection.bind(this), RETRY_MS);
    }

    checkConnection() {
      fetch(BOT_URL + "/health", { credentials: "omit" }).then(function (response) {
        if (!response.ok) { throw new Error("down"); }
        this.online = true;
        this.record({ kind: "notice", text: CONFIG.reconnected });
      }.bind(this)).catch(this.wentOffline.bind(this));
    }
  }

  if (!window.customElements.get("recovery-guide-chat")) {
    window.customElements.define("recovery-guide-chat", RecoveryGuideChat);
  }
  function mount() { document.body.appendChild(document.createElement("recovery-guide-chat")); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mount); } else { mount(); }
})();
