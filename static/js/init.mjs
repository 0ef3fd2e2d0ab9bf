import { initAll } from "../build/nhsuk-frontend.min.js";

initAll();

// A radio with data-reveals="<id>" shows that element while it is checked, and the other
// radios of its group hide it again (the "Apologies excused" box under "Sent apologies" on
// the register). Without JavaScript everything stays shown. Unlike the frontend's own
// conditional reveal, this sets no aria-expanded, which a radio may not carry.
for (const radio of document.querySelectorAll("input[type=radio][data-reveals]")) {
  const target = document.getElementById(radio.dataset.reveals);
  if (!target) continue;
  const group = document.querySelectorAll(
    `input[type=radio][name="${CSS.escape(radio.name)}"]`,
  );
  const sync = () =>
    target.classList.toggle("nhsuk-radios__conditional--hidden", !radio.checked);
  for (const other of group) other.addEventListener("change", sync);
  sync();
}
