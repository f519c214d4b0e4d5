// The page side of gotonium-bridgebench, shared by gotonium and the bare
// baseline: CALL(text) sends text to native code and resolves with its reply
// (a string); DONE(json) reports the page-timed figures. Native code times
// the sequential round trips itself (performance.now is clamped to 1 ms).
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
  DONE(JSON.stringify({ concurrent: median(concurrent), up: median(up), down: median(down) }));
})().catch((e) => DONE(JSON.stringify({ error: String(e) })));
