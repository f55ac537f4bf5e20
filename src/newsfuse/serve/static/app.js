// Opening a fact scrolls each source's text to its first highlighted span.
document.addEventListener("toggle", (event) => {
  const fact = event.target;
  if (!(fact instanceof HTMLDetailsElement) || !fact.open) return;
  for (const box of fact.querySelectorAll(".source .text")) {
    const mark = box.querySelector("mark");
    if (mark) box.scrollTop = mark.offsetTop - box.offsetTop - 40;
  }
}, true);

// Live pages: a page whose <main> names a version URL polls it, and when the stamp changes it
// fetches itself again and swaps <main> in place, so new articles and re-fused facts appear
// without a reload. Items (stories, timeline entries) that were not there when the page was
// opened are marked "new"; open facts stay open.
(() => {
  const main = document.querySelector("main[data-live]");
  if (!main) return;
  const every = Number(main.dataset.every || 3000);
  const seen = new Set([...main.querySelectorAll("[data-item]")].map((el) => el.dataset.item));
  let version = null;

  const mark = () => {
    for (const el of main.querySelectorAll("[data-item]")) {
      if (seen.has(el.dataset.item) || el.classList.contains("new")) continue;
      el.classList.add("new");
      const badge = document.createElement("span");
      badge.className = "badge new";
      badge.textContent = "new";
      el.prepend(badge);
    }
  };

  const refresh = async () => {
    const res = await fetch(location.href, {headers: {Accept: "text/html"}});
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), "text/html").querySelector("main");
    if (!next) return;
    const open = new Set([...main.querySelectorAll("details[open]")].map((d) => d.id).filter(Boolean));
    main.innerHTML = next.innerHTML;
    for (const id of open) document.getElementById(id)?.setAttribute("open", "");
    mark();
    let note = document.querySelector(".live-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "live-note";
      main.before(note);
    }
    note.textContent = `Updated ${new Date().toLocaleTimeString()}: new items are marked.`;
  };

  const poll = async () => {
    try {
      const res = await fetch(main.dataset.live, {headers: {Accept: "application/json"}});
      if (res.ok) {
        const stamp = (await res.json()).version;
        if (version !== null && stamp !== version) await refresh();
        version = stamp;
      }
    } catch (e) {
      // the server is away for a moment: try again at the next tick
    }
    setTimeout(poll, every);
  };
  poll();
})();
