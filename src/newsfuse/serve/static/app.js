// Opening a fact scrolls each source's text to its first highlighted span.
document.addEventListener("toggle", (event) => {
  const fact = event.target;
  if (!(fact instanceof HTMLDetailsElement) || !fact.open) return;
  for (const box of fact.querySelectorAll(".source .text")) {
    const mark = box.querySelector("mark");
    if (mark) box.scrollTop = mark.offsetTop - box.offsetTop - 40;
  }
}, true);
