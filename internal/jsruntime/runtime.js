// gotonium's page runtime: injected at document start into every page of every
// gotonium window, before the page's own scripts.
(() => {
  "use strict";
  if (window.Gotonium && window.Gotonium.__gotonium) return;
  const handler = window.webkit.messageHandlers.gotonium;
  // post sends a message to Go; the promise settles with Go's reply.
  const post = (msg) => handler.postMessage(JSON.stringify(msg));
  const G = {};
  Object.defineProperty(G, "__gotonium", { value: { post } });
  window.Gotonium = G;
  window.Pytonium = G;
  window.GotoniumReady = true;
  window.PytoniumReady = true;
  window.dispatchEvent(new Event("GotoniumReady"));
  window.dispatchEvent(new Event("PytoniumReady"));
})();
