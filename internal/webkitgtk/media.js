// WebKitGTK's media player reads only http(s), file, data and blob URLs, so
// media of a custom scheme is redirected to the engine's loopback bridge,
// which serves it through the same scheme handler (with Range requests).
// It runs only in the top frame of the window's own custom-scheme pages; the
// bridge URL with the window's token stays inside this closure.
(() => {
  "use strict";
  const schemes = MEDIA_SCHEMES;
  if (window !== window.top || !schemes.includes(String(location.protocol).slice(0, -1))) return;
  const base = MEDIA_BASE;
  const native = new Set(["http:", "https:", "file:", "data:", "blob:", "about:", "mediastream:", "mediasource:"]);
  const rewrite = (value) => {
    if (typeof value !== "string" || value === "" || value.startsWith(base)) return value;
    let u;
    try { u = new URL(value, document.baseURI); } catch (e) { return value; }
    if (native.has(u.protocol)) return value;
    // app://clip.webm is the host form of app://localhost/clip.webm.
    const path = u.host && u.hostname !== "localhost" ? "/" + u.host + u.pathname : u.pathname;
    return base + u.protocol.slice(0, -1) + path + u.search;
  };
  const patch = (proto) => {
    const d = Object.getOwnPropertyDescriptor(proto, "src");
    if (!d || !d.set) return;
    Object.defineProperty(proto, "src", { ...d, set(v) { d.set.call(this, rewrite(String(v))); } });
  };
  patch(HTMLMediaElement.prototype);
  patch(HTMLSourceElement.prototype);
  const isMedia = (el) => el instanceof HTMLMediaElement || el instanceof HTMLSourceElement;
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (isMedia(this) && String(name).toLowerCase() === "src") value = rewrite(String(value));
    return setAttribute.call(this, name, value);
  };
  // Elements the parser creates: fix them as they arrive.
  const fix = (el) => {
    const src = el.getAttribute("src");
    const to = rewrite(src);
    if (to === src) return;
    setAttribute.call(el, "src", to);
    const media = el instanceof HTMLSourceElement ? el.parentElement : el;
    if (media instanceof HTMLMediaElement && (el instanceof HTMLSourceElement || media.networkState === HTMLMediaElement.NETWORK_NO_SOURCE)) media.load();
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") { if (isMedia(r.target)) fix(r.target); continue; }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (isMedia(n)) fix(n);
        for (const m of n.querySelectorAll("video,audio,source")) fix(m);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["src"] });
})();
