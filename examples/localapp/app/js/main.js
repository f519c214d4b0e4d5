import { serverTime, echo } from "./api.js";

const tick = async () => { document.getElementById("time").textContent = await serverTime(); };
tick();
setInterval(tick, 1000);

document.getElementById("echo").addEventListener("submit", async (e) => {
  e.preventDefault();
  const reply = await echo(document.getElementById("text").value);
  document.getElementById("reply").textContent = JSON.stringify(reply);
});

const clip = document.getElementById("clip");
clip.addEventListener("loadedmetadata", () => { clip.currentTime = 1; clip.play(); });
