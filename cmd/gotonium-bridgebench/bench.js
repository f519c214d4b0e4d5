// The page side of gotonium-bridgebench, shared by gotonium and the bare
// baseline: CALL(text) sends text to native code and resolves with its reply
// (a string); DONE(json) reports the page-timed figures. Native code times
// the sequential round trips itself (performance.now is clamped to 1 ms).
// ON(fn) listens to native events (a number each); CALL("E" + n) asks for
// n of them. SET(key, value) changes the synced store, which holds 1 MB
// before the page starts; CALL("S") starts native code's clock for
// STATE changes, CALL("T") answers the ms they took to arrive, or "". DOWN() resolves with the byte length of BYTES bytes from
// native code, UP(u8) with the length native code received.
(async () => {
  const big = "x".repeat(1 << 20);
  const median = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  for (let i = 0; i < 200; i++) await CALL("w");           // warm up
  for (let i = 0; i < SEQUENTIAL; i++) await CALL("s");    // timed natively
  const concurrent = [], up = [], down = [];
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    await Promise.all(Array.from({ length: 1000 }, () => CALL("c")));
    concurrent.push(performance.now() - t);
    t = performance.now();
    const n = await CALL("U" + big);
    up.push(performance.now() - t);
    if (n !== String(big.length + 1)) throw new Error("upload: " + n);
    t = performance.now();
    const s = await CALL("D");
    down.push(performance.now() - t);
    if (s.length !== big.length) throw new Error("download: " + s.length);
  }
  const events = [], bytesDown = [], bytesUp = [];
  const N = 100000, payload = new Uint8Array(BYTES).fill(7);
  let seen = 0, all = null;
  ON((i) => { if (i !== seen) throw new Error("event " + i + " after " + seen); if (++seen === N) all(); });
  for (let r = 0; r < 3; r++) {
    seen = 0;
    const got = new Promise((res) => { all = res; });
    let t = performance.now();
    await CALL("E" + N);
    await got;
    events.push(performance.now() - t);
    t = performance.now();
    const n = await DOWN();
    bytesDown.push(performance.now() - t);
    if (n !== BYTES) throw new Error("bytes down: " + n);
    t = performance.now();
    const m = await UP(payload);
    bytesUp.push(performance.now() - t);
    if (Number(m) !== BYTES) throw new Error("bytes up: " + m);
  }
  const value = "v".repeat(100);
  await CALL("S");
  for (let i = 0; i < STATE; i++) SET("k" + (i % 1000), value + i);
  let state = "";
  while ((state = await CALL("T")) === "") await new Promise((res) => setTimeout(res, 5));
  DONE(JSON.stringify({ state: Number(state), concurrent: median(concurrent), up: median(up), down: median(down),
    events: median(events), bytesDown: median(bytesDown), bytesUp: median(bytesUp) }));
})().catch((e) => DONE(JSON.stringify({ error: String(e) })));
