// Staff sessions end after a period without activity (the server enforces it:
// ellw.accounts.middleware.StaffIdleTimeoutMiddleware). This warns a few minutes before and
// offers "Stay signed in", which posts to the keep-alive address. Tabs share the time of
// the last activity through localStorage, so working in one tab keeps the others quiet.
// Without JavaScript nothing here runs and the server still signs the session out.
const panel = document.getElementById("staff-idle-warning");
const STORE = "ellw-staff-last-activity";

if (panel) {
  const idleMs = Number(panel.dataset.idleSeconds) * 1000;
  const warnMs = Number(panel.dataset.warnSeconds) * 1000;
  const signedOutUrl = panel.dataset.signedOutUrl;
  const form = panel.querySelector("[data-idle-keep-alive]");
  const message = panel.querySelector("[data-idle-message]");

  const lastActivity = () => {
    const stored = Number(window.localStorage.getItem(STORE));
    return Number.isFinite(stored) && stored > 0 ? stored : Date.now();
  };
  const recordActivity = () => window.localStorage.setItem(STORE, String(Date.now()));

  const minutesText = (ms) => {
    const minutes = Math.max(1, Math.ceil(ms / 60000));
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  };

  let shownFor = null;
  const tick = () => {
    const left = lastActivity() + idleMs - Date.now();
    if (left <= 0) {
      const next = window.location.pathname + window.location.search;
      window.location.assign(`${signedOutUrl}?next=${encodeURIComponent(next)}`);
      return;
    }
    if (left <= warnMs) {
      const text = `You have not done anything for a while. For your security you will be signed out in ${minutesText(left)}.`;
      if (panel.hidden) {
        panel.hidden = false;
        panel.querySelector("button").focus();
      }
      // Rewrite the message only when the minute changes, so a screen reader is not
      // interrupted every few seconds.
      if (shownFor !== text) {
        message.textContent = text;
        shownFor = text;
      }
    } else if (!panel.hidden) {
      panel.hidden = true;
      shownFor = null;
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then((response) => {
        if (response.redirected) {
          // Signed out already (too late): show why.
          window.location.assign(response.url);
          return;
        }
        if (!response.ok) throw new Error(String(response.status));
        recordActivity();
        panel.hidden = true;
        shownFor = null;
      })
      .catch(() => {
        message.textContent =
          "We could not reach the service to keep you signed in. Save your work, then reload the page.";
      });
  });

  recordActivity();
  window.setInterval(tick, 5000);
  tick();
}
