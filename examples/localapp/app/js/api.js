// Small helpers for the Go handler on api://.
export async function serverTime() {
  const r = await fetch("api://localhost/time");
  return (await r.json()).time;
}

export async function echo(text) {
  const r = await fetch("api://localhost/echo", { method: "POST", body: text });
  return r.json();
}
