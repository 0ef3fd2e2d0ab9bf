// Tells the NHS.UK frontend that JavaScript runs, before its components start.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
