// gotonium's page runtime: injected at document start into the main frame of
// every page of every gotonium window, before the page's own scripts. The
// bindings table is filled in by Go; the state snapshot arrives in a
// second document-start script that calls __gotonium.hydrate.
(() => {
  "use strict";
  // Only the top frame of the app's own pages gets the runtime: the Go side
  // chose the gate (its trusted schemes and origins). Every message carries
  // the window's secret, which no other page or frame can read, and the Go
  // side checks it and the page's origin again.
  if (!(/*GATE*/ false)) return;
  if (window.Gotonium && window.Gotonium.__gotonium) return;
  const handler = window.webkit.messageHandlers.gotonium;
  const secret = /*SECRET*/ "";
  const postMessage = handler.postMessage;
  const post = (text) => postMessage.call(handler, secret + "\n" + text);
  const toError = (e) => (e instanceof Error ? e : new Error(String(e && e.message !== undefined ? e.message : e)));

  // ---- bodies with Blobs to custom schemes ----------------------------------
  // WebKit 2.50 crashes the app's process when a request to a custom scheme
  // carries a Blob (also inside a FormData): the UI process cannot read it.
  // fetch and XMLHttpRequest of the app's pages send such bodies as the
  // bytes they hold, serialised here in the page.
  const customScheme = (url) => {
    try { return !/^(https?|data|blob|about):$/.test(new URL(url, location.href).protocol); } catch (e) { return false; }
  };
  const hasBlob = (body) => body instanceof Blob || (body instanceof FormData && [...body.values()].some((v) => v instanceof Blob));
  const asBytes = async (body) => {
    if (body instanceof Blob) return { bytes: await body.arrayBuffer(), type: body.type };
    // multipart/form-data, as a form would send it (WebKit cannot read the
    // Blobs of a FormData into a Response either).
    const boundary = "----GotoniumFormBoundary" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    const enc = new TextEncoder();
    const q = (v) => v.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    const parts = [];
    for (const [name, v] of body.entries()) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${q(name)}"`;
      if (v instanceof Blob) {
        head += `; filename="${q(v.name !== undefined ? v.name : "blob")}"\r\nContent-Type: ${v.type || "application/octet-stream"}\r\n\r\n`;
        parts.push(enc.encode(head), new Uint8Array(await v.arrayBuffer()), enc.encode("\r\n"));
      } else {
        parts.push(enc.encode(head + "\r\n\r\n" + v + "\r\n"));
      }
    }
    parts.push(enc.encode(`--${boundary}--\r\n`));
    return { bytes: await new Blob(parts).arrayBuffer(), type: "multipart/form-data; boundary=" + boundary };
  };
  // A request with a body to the page's own custom-scheme origin carries no
  // Origin header, so it carries the window's secret instead: the Go side
  // refuses bodies that have neither a trusted Origin nor the secret (the
  // no-cors posts of other sites' frames).
  const sameOrigin = (url) => { try { return new URL(url, location.href).origin === location.origin; } catch (e) { return false; } };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = input instanceof Request ? input.url : String(input);
    if (!customScheme(url)) return fetch0.apply(this, arguments);
    const method = String((init && init.method) || (input instanceof Request ? input.method : "GET")).toUpperCase();
    const own = method !== "GET" && method !== "HEAD" && sameOrigin(url);
    const blob = init && hasBlob(init.body);
    if (!own && !blob) return fetch0.apply(this, arguments);
    return (blob ? asBytes(init.body) : Promise.resolve(null)).then((b) => {
      const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
      if (b && b.type && !headers.has("content-type")) headers.set("content-type", b.type);
      if (own) headers.set("X-Gotonium-Page", secret);
      const next = Object.assign({}, init, { headers });
      if (b) next.body = b.bytes;
      return fetch0.call(window, input, next);
    });
  };
  const xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
  const xhrURL = new WeakMap();
  XMLHttpRequest.prototype.open = function (method, url, async) {
    xhrURL.set(this, { method: String(method).toUpperCase(), url: String(url), async: async !== false });
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (body) {
    const o = xhrURL.get(this);
    if (!o || !customScheme(o.url)) return xhrSend.apply(this, arguments);
    if (o.method !== "GET" && o.method !== "HEAD" && sameOrigin(o.url)) this.setRequestHeader("X-Gotonium-Page", secret);
    if (!hasBlob(body)) return xhrSend.apply(this, arguments);
    // A synchronous send cannot wait for a Blob's bytes, and WebKit would
    // crash reading the Blob itself.
    if (!o.async) throw new TypeError("Gotonium: a synchronous XMLHttpRequest cannot send a Blob (or a FormData with files) to a custom scheme: WebKit would crash; make it asynchronous or use fetch");
    asBytes(body).then(({ bytes, type }) => {
      if (type && !(body instanceof Blob && body.type)) this.setRequestHeader("Content-Type", type);
      xhrSend.call(this, bytes);
    });
  };
  const fetch = fetch0; // the runtime's own fetches carry no Blob

  // ---- bound Go functions -------------------------------------------------
  const G = {};
  // Bytes (a Uint8Array or other view, an ArrayBuffer, a Blob) go to Go as
  // bytes: uploaded first, then named by a token in the call.
  const isBytes = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof Blob !== "undefined" && v instanceof Blob);
  const upload = (v) => (v instanceof Blob ? v.arrayBuffer() : Promise.resolve(v))
    .then((body) => fetch("gotonium-blob://localhost/upload", { method: "POST", body, headers: { "X-Gotonium-Secret": secret } }))
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error("Gotonium: sending bytes to Go failed (" + r.status + ")"))))
    .then((token) => ({ $gotoniumBlob: token }));
  const call = (obj, name, args) => {
    if (args.some(isBytes)) {
      return Promise.all(args.map((a) => (isBytes(a) ? upload(a) : a))).then((sent) => call(obj, name, sent));
    }
    let payload;
    try {
      payload = JSON.stringify(args, (k, v) => (v === undefined ? null : v));
    } catch (e) {
      return Promise.reject(new TypeError(`Gotonium: ${obj ? obj + "." : ""}${name}: arguments cannot be sent to Go: ${e.message}`));
    }
    // The first call of a task goes at once; the others of the same task
    // (a loop, a Promise.all) wait for the end of it and go together, their
    // results coming back as events named "\u0000r:<id>" (see settle).
    // Only once the page has loaded: results to a page still loading would
    // wait for its load.
    if (!burst && document.readyState === "complete") {
      burst = true;
      microtask(flushCalls);
    } else if (burst) {
      const id = nonce + "." + ++lastCall;
      burstCalls.push(id + "\n" + obj + "\n" + name + "\n" + payload);
      return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    }
    return post("call\n" + obj + "\n" + name + "\n" + payload).then(decode, (e) => { throw toError(e); });
  };
  const decode = (reply) => (reply === "" ? undefined : reply.startsWith("\u0001blob:") ? fetchBlob(reply.slice(6))
    : reply.startsWith("\u0001stream:") ? openStream(reply.slice(8)) : JSON.parse(reply));
  // Ids of calls in bursts start with a random nonce: a result that comes
  // after the page was replaced cannot settle a call of the next one.
  const nonce = Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join("");
  const microtask = queueMicrotask.bind(window);
  let burst = false, lastCall = 0, burstCalls = [];
  const waiting = new Map(); // id -> {resolve, reject} of the calls in bursts
  const flushCalls = () => {
    burst = false;
    if (burstCalls.length === 0) return;
    const list = burstCalls;
    burstCalls = [];
    post("calls\n" + list.join("\n")).catch((e) => {
      for (const c of list) settle(c.slice(0, c.indexOf("\n")), { e: toError(e).message });
    });
  };
  // settle gives a call of a burst its outcome: {v: value}, {d: reply text
  // to decode} or {e: error message}.
  const settle = (id, r) => {
    const w = waiting.get(id);
    if (!w) return; // another page's, or settled already
    waiting.delete(id);
    if (r.e !== undefined) w.reject(new Error(r.e));
    else if (r.d !== undefined) { try { w.resolve(decode(r.d)); } catch (e) { w.reject(e); } }
    else w.resolve(r.v);
  };
  // A []byte result waits in Go under a one-time token: fetched as bytes.
  const fetchBlob = (token) => fetch("gotonium-blob://localhost/" + token).then((r) => {
    if (!r.ok) throw new Error("Gotonium: the binary result is gone (" + r.status + ")");
    return r.arrayBuffer();
  }).then((b) => new Uint8Array(b));
  // A channel result is a stream: its values arrive as events named
  // "\u0000s:<id>"; the page reads them with for await.
  const streams = new Map(); // id -> {values, waiting, done, error}
  const early = new Map(); // id -> messages that came before the call's reply
  const stopped = new Set(); // ids the page stopped reading: the rest is dropped
  const openStream = (id) => {
    const st = { values: [], waiting: [], done: false, error: "" };
    streams.set(id, st);
    const before = early.get(id) || [];
    early.delete(id);
    for (const m of before) streamEvent(id, m);
    const finish = () => {
      if (st.done) return;
      st.done = true;
      streams.delete(id);
      stopped.add(id);
      post("cancel\n" + id).catch(() => {});
    };
    return {
      [Symbol.asyncIterator]() { return this; },
      next() {
        if (st.values.length) return Promise.resolve({ value: st.values.shift(), done: false });
        if (st.error) return Promise.reject(new Error(st.error));
        if (st.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => st.waiting.push({ resolve, reject }));
      },
      return(value) {
        finish();
        for (const w of st.waiting.splice(0)) w.resolve({ value: undefined, done: true });
        st.values.length = 0;
        return Promise.resolve({ value, done: true });
      },
    };
  };
  function streamEvent(id, m) {
    if (stopped.has(id)) {
      if (m.end) stopped.delete(id); // Go's last word on it
      return;
    }
    const st = streams.get(id);
    if (!st) { // the reply naming the stream is still on its way
      if (!early.has(id)) early.set(id, []);
      early.get(id).push(m);
      return;
    }
    if (m.end) {
      st.done = true;
      st.error = m.error || "";
      streams.delete(id);
      for (const w of st.waiting.splice(0)) {
        if (st.error) w.reject(new Error(st.error));
        else w.resolve({ value: undefined, done: true });
      }
      return;
    }
    const w = st.waiting.shift();
    if (w) w.resolve({ value: m.v, done: false });
    else st.values.push(m.v);
  }
  const define = (obj, name) => {
    let target = G;
    if (obj) {
      if (typeof G[obj] !== "object" || G[obj] === null) G[obj] = {};
      target = G[obj];
    }
    target[name] = (...args) => call(obj, name, args);
  };

  // ---- state store ----------------------------------------------------------
  const store = new Map(); // namespace -> Map(key -> JSON text)
  const subs = [];
  const emit = (namespace, key, json, fromGo) => {
    for (const s of subs) {
      if (!s.namespaces.includes(namespace)) continue;
      if (fromGo ? !s.fromGo : !s.fromJs) continue;
      const value = json === undefined ? null : JSON.parse(json);
      document.dispatchEvent(new CustomEvent(s.eventName, { detail: { namespace, key, value } }));
    }
  };
  const put = (namespace, key, json) => {
    if (json === undefined) {
      const m = store.get(namespace);
      if (m) m.delete(key);
      return;
    }
    let m = store.get(namespace);
    if (!m) store.set(namespace, (m = new Map()));
    m.set(key, json);
  };
  const checkNsKey = (fn, namespace, key) => {
    if (typeof namespace !== "string" || namespace === "") throw new TypeError(`appState.${fn}: namespace must be a non-empty string`);
    if (typeof key !== "string" || key === "") throw new TypeError(`appState.${fn}: key must be a non-empty string`);
  };
  // Changes go to Go in order, in batches: one message in flight at a time,
  // carrying everything set since the last one. A page that sets state in a
  // loop sends a handful of messages, not one per change.
  let ops = [];
  let inflight = false;
  const flush = () => {
    if (inflight || ops.length === 0) return;
    const batch = ops;
    ops = [];
    inflight = true;
    post(JSON.stringify({ op: "batch", ops: batch })).catch(() => {}).then(() => { inflight = false; flush(); });
  };
  const queueOp = (op) => {
    ops.push(op);
    if (ops.length === 1 && !inflight) queueMicrotask(flush);
  };
  const appState = {
    registerForStateUpdates(eventName, namespaces, getUpdatesFromJavascript, getUpdatesFromPytonium) {
      if (arguments.length !== 4) throw new TypeError("appState.registerForStateUpdates takes 4 arguments: eventName, namespaces, getUpdatesFromJavascript, getUpdatesFromPytonium");
      if (typeof eventName !== "string" || eventName === "") throw new TypeError("appState.registerForStateUpdates: eventName must be a non-empty string");
      if (!Array.isArray(namespaces) || !namespaces.every((n) => typeof n === "string")) throw new TypeError("appState.registerForStateUpdates: namespaces must be an array of strings");
      if (typeof getUpdatesFromJavascript !== "boolean" || typeof getUpdatesFromPytonium !== "boolean") throw new TypeError("appState.registerForStateUpdates: the last two arguments must be booleans");
      subs.push({ eventName, namespaces: namespaces.slice(), fromJs: getUpdatesFromJavascript, fromGo: getUpdatesFromPytonium });
    },
    setState(namespace, key, value) {
      if (arguments.length !== 3) throw new TypeError("appState.setState takes 3 arguments: namespace, key, value");
      checkNsKey("setState", namespace, key);
      let json;
      try { json = JSON.stringify(value); } catch (e) { throw new TypeError(`appState.setState: value cannot be stored: ${e.message}`); }
      if (json === undefined) throw new TypeError(`appState.setState: value cannot be stored (${typeof value}); use null or removeState`);
      put(namespace, key, json);
      queueOp({ op: "set", ns: namespace, key, value: json });
      emit(namespace, key, json, false);
    },
    getState(namespace, key) {
      if (arguments.length !== 2) throw new TypeError("appState.getState takes 2 arguments: namespace, key");
      checkNsKey("getState", namespace, key);
      const m = store.get(namespace);
      const json = m && m.get(key);
      return json === undefined ? null : JSON.parse(json);
    },
    removeState(namespace, key) {
      if (arguments.length !== 2) throw new TypeError("appState.removeState takes 2 arguments: namespace, key");
      checkNsKey("removeState", namespace, key);
      put(namespace, key, undefined);
      queueOp({ op: "remove", ns: namespace, key });
      emit(namespace, key, undefined, false);
    },
  };
  Object.defineProperty(G, "appState", { value: appState, enumerable: true });

  // ---- window controls ----------------------------------------------------------
  // Gotonium.window.* work without bindings, even while the app does not pump.
  // Bindings the app makes into an object named "window" take precedence.
  const win = (fn, args) => post("window\n" + fn + "\n" + JSON.stringify(args)).then(
    (reply) => (reply === "null" ? undefined : JSON.parse(reply)),
    (e) => { throw toError(e); });
  G.window = {
    minimize: () => win("minimize", []),
    maximize: () => win("maximize", []),
    restore: () => win("restore", []),
    toggleMaximize: () => win("toggleMaximize", []),
    close: () => win("close", []),
    isMaximized: () => win("isMaximized", []),
    getPosition: () => win("getPosition", []),
    setPosition: (x, y) => win("setPosition", [x, y]),
    drag: (dx, dy) => win("drag", [dx, dy]),
    getSize: () => win("getSize", []),
    setSize: (width, height) => win("setSize", [width, height]),
    resize: (width, height, anchor = 0) => win("resize", [width, height, anchor]),
    // startMove hands a pointer drag to the window manager (call it from a
    // mousedown handler); drag regions do it for you.
    startMove: (e) => win("startMove", [e.screenX, e.screenY]),
    setTitle: (title) => win("setTitle", [title]),
    getTitle: () => win("getTitle", []),
    center: () => win("center", []),
    focus: () => win("focus", []),
    show: () => win("show", []),
    hide: () => win("hide", []),
    isVisible: () => win("isVisible", []),
    setMinSize: (width, height) => win("setMinSize", [width, height]),
    setMaxSize: (width, height) => win("setMaxSize", [width, height]),
    setResizable: (on) => win("setResizable", [on]),
    setAlwaysOnTop: (on) => win("setAlwaysOnTop", [on]),
    setSkipTaskbar: (on) => win("setSkipTaskbar", [on]),
    setFullscreen: (on) => win("setFullscreen", [on]),
    isFullscreen: () => win("isFullscreen", []),
    getScreen: () => win("getScreen", []),
    screens: () => win("screens", []),
    setZoom: (factor) => win("setZoom", [factor]),
    getZoom: () => win("getZoom", []),
    setClickThrough: (on) => win("setClickThrough", [on]),
    setKind: (kind) => win("setKind", [kind]),
    // print shows the print dialog; true when printed, false when cancelled.
    print: () => post("dialog\nprint\n{}").then((reply) => JSON.parse(reply), (e) => { throw toError(e); }),
  };

  // ---- dialogs ----------------------------------------------------------------
  // Gotonium.dialog.* open native dialogs modal to the window. They resolve
  // with the chosen path(s) or button label, or null when the user cancels.
  const dialog = (fn, options, required) => {
    if (options === undefined && !required) options = {};
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      return Promise.reject(new TypeError(`Gotonium.dialog.${fn}: options must be an object`));
    }
    let payload;
    try {
      payload = JSON.stringify(options);
    } catch (e) {
      return Promise.reject(new TypeError(`Gotonium.dialog.${fn}: options cannot be sent: ${e.message}`));
    }
    return post("dialog\n" + fn + "\n" + payload).then((reply) => JSON.parse(reply), (e) => { throw toError(e); });
  };
  G.dialog = {
    openFile: (options) => dialog("openFile", options, false),
    saveFile: (options) => dialog("saveFile", options, false),
    openFolder: (options) => dialog("openFolder", options, false),
    message: (options) => dialog("message", typeof options === "string" ? { message: options } : options, true),
  };

  // Drag regions: elements with -webkit-app-region / app-region: drag (read
  // from the raw CSS, because WebKitGTK drops the property) or the custom
  // property --app-region: drag move the window; no-drag inside them opts
  // out. A double click on a drag region maximises or restores.
  let regionRules = null;
  const regionRe = /(?:-webkit-)?app-region\s*:\s*(no-drag|drag)/i;
  const parseRegions = (css, into) => {
    css = css.replace(/\/\*[\s\S]*?\*\//g, "");
    for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const r = regionRe.exec(m[2]);
      if (r) into.push({ selector: m[1].trim(), value: r[1].toLowerCase() });
    }
  };
  const loadRegions = () => {
    const rules = [];
    const pending = [];
    for (const el of document.querySelectorAll('style, link[rel~="stylesheet"]')) {
      if (el.tagName === "STYLE") parseRegions(el.textContent || "", rules);
      else if (el.href) pending.push(fetch(el.href).then((r) => r.text()).then((t) => parseRegions(t, rules), () => {}));
    }
    regionRules = rules;
    Promise.all(pending).then(() => { regionRules = rules.slice(); });
  };
  const regionOf = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const inline = regionRe.exec(n.getAttribute("style") || "");
      if (inline) return inline[1].toLowerCase();
      if (regionRules) {
        for (let i = regionRules.length - 1; i >= 0; i--) {
          try { if (n.matches(regionRules[i].selector)) return regionRules[i].value; } catch (e) { /* bad selector */ }
        }
      }
    }
    const custom = el && el.nodeType === 1 ? getComputedStyle(el).getPropertyValue("--app-region").trim() : "";
    return custom === "drag" || custom === "no-drag" ? custom : "";
  };
  const interactive = (el) => el.closest && el.closest("button, input, select, textarea, a[href], [contenteditable]");
  new MutationObserver(() => { regionRules = null; }).observe(document, { childList: true, subtree: true, characterData: true });

  // Edges of frameless windows resize them.
  let frameless = /*FRAMELESS*/ false;
  const border = 6;
  const edgeAt = (e) => {
    if (!frameless) return -1;
    const w = window.innerWidth, h = window.innerHeight, x = e.clientX, y = e.clientY;
    const n = y < border, s = y >= h - border, wst = x < border, est = x >= w - border;
    if (n && wst) return 0; if (n && est) return 2; if (s && est) return 4; if (s && wst) return 6;
    if (n) return 1; if (est) return 3; if (s) return 5; if (wst) return 7;
    return -1;
  };
  const cursors = ["nw-resize", "n-resize", "ne-resize", "e-resize", "se-resize", "s-resize", "sw-resize", "w-resize"];
  // A page may draw resize handles of its own (Pytonium's frameless pages
  // do): an element that sets a resize cursor of its own, under the pointer,
  // is one. There the page resizes, not the native border: never both.
  const pageHandle = (el) => {
    const root = document.documentElement;
    for (; el && el !== root && el.nodeType === 1; el = el.parentElement) {
      const c = getComputedStyle(el).cursor;
      if (/resize/.test(c) && (!el.parentElement || getComputedStyle(el.parentElement).cursor !== c)) return true;
    }
    return false;
  };
  let cursorSet = false;
  window.addEventListener("mousemove", (e) => {
    const root = document.documentElement;
    if (!root) return;
    if (cursorSet) { root.style.removeProperty("cursor"); cursorSet = false; }
    const edge = edgeAt(e);
    if (edge >= 0 && !pageHandle(e.target)) { root.style.setProperty("cursor", cursors[edge], "important"); cursorSet = true; }
  }, true);
  window.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || edgeAt(e) >= 0) return; // edges: below, after the page's handlers
    if (regionRules === null) loadRegions();
    if (!interactive(e.target) && regionOf(e.target) === "drag") {
      e.preventDefault();
      if (e.detail === 2) win("toggleMaximize", []).catch(() => {});
      else win("startMove", [e.screenX, e.screenY]).catch(() => {});
    }
  }, true);
  // The native border resizes only presses the page left alone: not one its
  // own handler took (preventDefault, stopPropagation), nor one on a handle
  // of its own.
  window.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || e.defaultPrevented) return;
    const edge = edgeAt(e);
    if (edge < 0 || pageHandle(e.target)) return;
    e.preventDefault();
    win("startResize", [edge, e.screenX, e.screenY]).catch(() => {});
  });

  // ---- context menus ---------------------------------------------------------
  // What a right click was on, for the app's MenuContext: told to Go before
  // the native menu opens (the message and the menu reach Go in order). A
  // capture listener added first, so page handlers cannot hide the click.
  window.addEventListener("contextmenu", (e) => {
    const data = new Map();
    for (let el = e.target; el && el.nodeType === 1 && data.size < 64; el = el.parentElement) {
      for (const a of el.attributes) {
        if (a.name.startsWith("data-") && !data.has(a.name.slice(5)) && data.size < 64) data.set(a.name.slice(5), a.value.slice(0, 4096));
      }
    }
    let text = "";
    try {
      const t = e.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA") && typeof t.selectionStart === "number") text = t.value.slice(t.selectionStart, t.selectionEnd);
      else text = String(getSelection());
    } catch (_) {}
    post("menu\n" + JSON.stringify({ x: Math.round(e.clientX), y: Math.round(e.clientY), text: text.slice(0, 65536), data: Object.fromEntries(data) })).catch(() => {});
  }, true);

  // ---- Go -> page -------------------------------------------------------------
  const internal = {
    post,
    define,
    setFrameless(on) { frameless = on; },
    // hydrate loads the store snapshot ({namespace: {key: JSONtext}}) taken
    // at change number at, then asks Go for what changed since: changes made
    // while the page was starting, or while it sat in the back/forward cache.
    hydrate(snapshot, at) {
      for (const ns of Object.keys(snapshot)) for (const key of Object.keys(snapshot[ns])) put(ns, key, snapshot[ns][key]);
      seq = at;
      sync();
    },
    // reset replaces the whole store (the window now uses another one).
    reset(snapshot, at) {
      store.clear();
      internal.hydrate(snapshot, at);
    },
    // receive applies a change made elsewhere: by Go, or by another window
    // sharing the store (fromGo false). Changes the page has (by number)
    // are skipped.
    // While the page catches up (sync), changes pushed meanwhile wait: the
    // answer has them all, and one of them applied first would make the page
    // skip the older changes in the answer.
    receive(m) {
      if (syncing > 0) held.push(m);
      else apply(m);
    },
    // fileDrop tells the page about files dropped onto the window: a
    // GotoniumFileDrop event on the element the page's own drop event went
    // to (it comes first), else on the window.
    fileDrop(d) {
      const recent = lastDrop && performance.now() - lastDrop.at < 2000 ? lastDrop : null;
      lastDrop = null;
      const target = recent && recent.target && recent.target.isConnected ? recent.target : window;
      const detail = { paths: d.paths, x: recent ? recent.x : d.x, y: recent ? recent.y : d.y };
      target.dispatchEvent(new CustomEvent("GotoniumFileDrop", { detail, bubbles: true }));
    },
    // receiveAll applies a batch of changes, in order.
    receiveAll(list) {
      for (const m of list) internal.receive(m);
    },
    // events delivers events that Go emitted, in order: [name, kind, data]
    // with kind 0 for JSON data, 1 for bytes in base64 (a Uint8Array).
    events(list) {
      for (const [name, kind, data] of list) {
        if (name.startsWith("\u0000s:")) { streamEvent(name.slice(3), data); continue; }
        if (name.startsWith("\u0000r:")) { settle(name.slice(3), data); continue; }
        const fns = listeners.get(name);
        if (!fns || fns.size === 0) continue;
        let value = data;
        if (kind === 1) {
          const bin = atob(data);
          value = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) value[i] = bin.charCodeAt(i);
        }
        for (const fn of [...fns]) {
          try { fn(value); } catch (e) { setTimeout(() => { throw e; }); } // reported, the others still run
        }
      }
    },
  };
  // ---- events from Go (Instance.Emit) -------------------------------------
  const listeners = new Map(); // event name -> Set of functions
  const checkListener = (what, event, fn) => {
    if (typeof event !== "string" || event === "") throw new TypeError(`Gotonium.${what}: the event name must be a non-empty string`);
    if (typeof fn !== "function") throw new TypeError(`Gotonium.${what}: the listener must be a function`);
  };
  Object.defineProperty(G, "on", {
    enumerable: true,
    value: (event, fn) => {
      checkListener("on", event, fn);
      let fns = listeners.get(event);
      if (!fns) listeners.set(event, (fns = new Set()));
      fns.add(fn);
      return () => G.off(event, fn);
    },
  });
  Object.defineProperty(G, "off", {
    enumerable: true,
    value: (event, fn) => {
      checkListener("off", event, fn);
      const fns = listeners.get(event);
      if (fns) fns.delete(fn);
    },
  });
  let seq = 0; // the number of the last change of the store this page has
  // Files and links dragged over the page may be dropped anywhere, and a drop
  // the page does not take does not navigate away from the app (the
  // browser's default); listeners on the window, so a page's own handlers
  // run first. The last drop's target tells GotoniumFileDrop where to go.
  let lastDrop = null;
  const carriesFiles = (e) => {
    const types = e.dataTransfer ? e.dataTransfer.types : [];
    for (let i = 0; i < types.length; i++) if (types[i] === "Files" || types[i] === "text/uri-list") return true;
    return false;
  };
  window.addEventListener("dragover", (e) => { if (carriesFiles(e)) e.preventDefault(); });
  window.addEventListener("drop", (e) => {
    lastDrop = { target: e.target, x: e.clientX, y: e.clientY, at: performance.now() };
    if (carriesFiles(e)) e.preventDefault();
  });
  const apply = (m) => {
    if (m.seq <= seq) return;
    seq = m.seq;
    put(m.ns, m.key, m.value);
    emit(m.ns, m.key, m.value, m.fromGo);
  };
  // sync asks Go for the changes after seq. The answer holds every change
  // Go had pushed before it (they travel in order), so once it is applied
  // the page is at its seq, and held pushes at or below it are moot.
  let syncing = 0;
  let held = [];
  const sync = () => {
    syncing++;
    post("sync\n" + seq).then((reply) => {
      const r = JSON.parse(reply);
      if (r.snapshot) internal.reset(r.snapshot, r.seq);
      else {
        for (const m of r.changes || []) apply(m);
        if (r.seq > seq) seq = r.seq;
      }
    }).catch(() => {}).then(() => {
      if (--syncing > 0) return;
      const later = held;
      held = [];
      for (const m of later) apply(m);
    });
  };
  window.addEventListener("pageshow", (e) => { if (e.persisted) sync(); });
  Object.defineProperty(G, "__gotonium", { value: internal });

  for (const [obj, names] of /*BINDINGS*/ []) for (const name of names) define(obj, name);

  window.Gotonium = G;
  window.Pytonium = G;
  window.GotoniumReady = true;
  window.PytoniumReady = true;
  window.dispatchEvent(new Event("GotoniumReady"));
  window.dispatchEvent(new Event("PytoniumReady"));

  // The ready events fire before any page script runs, so a listener that a
  // page script adds later would miss them: such a listener gets its event
  // once, in a microtask right after the script that added it.
  const addEventListener = window.addEventListener;
  // A bare addEventListener(...) in a page script calls it with no this.
  window.addEventListener = function (type, listener, options) {
    const target = this ?? window;
    addEventListener.call(target, type, listener, options);
    if (target === window && (type === "GotoniumReady" || type === "PytoniumReady") && listener) {
      queueMicrotask(() => {
        const ev = new Event(type);
        if (typeof listener === "function") listener.call(window, ev);
        else if (typeof listener.handleEvent === "function") listener.handleEvent(ev);
      });
    }
  };
})();
