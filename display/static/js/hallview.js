// Drawing the wall display from the store. Each part redraws whole: the data is small.

import { bi, fill, flash, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { clockFaces, duration } from "./clock.js";
import { describe, sortAlerts } from "./warnings.js";

const FLASH_MS = 6000;
let flashTimer = null;

export function renderAll(store, clock) {
  renderHall(store);
  renderCurrent(store, false);
  renderWindows(store);
  renderLines(store);
  renderWarnings(store, clock);
  renderClock(store, clock);
}

export function renderHall(store) {
  const hall = store.hall ?? {};
  fill("hall-zh", hall.name_zh ?? "");
  fill("hall-en", hall.name_en ?? "");
  const notice = [hall.notice_zh, hall.notice_en].filter(Boolean);
  const ticker = document.getElementById("notice");
  if (!ticker) return;
  document.body.classList.toggle("no-notice", !notice.length);
  const text = notice.join("　　·　　");
  if (ticker.dataset.text === text) return; // keep the scroll where it is
  ticker.dataset.text = text;
  fill("notice", h("span", {}, text), h("span", { "aria-hidden": "true" }, text));
  ticker.style.setProperty("--ticker-seconds", `${Math.max(20, Math.round(text.length * 0.4))}s`);
}

function callWindow(call) {
  return t("call.to_window", { window: call.window.number });
}

/** The big current call (the newest) and the recent list below it; flash on a live call. */
export function renderCurrent(store, live) {
  const [current, ...rest] = store.calls;
  const box = document.getElementById("now");
  if (!current) {
    fill("now-call", h("div", { class: "now-empty" }, bi(t("hall.none_called"))));
  } else {
    const line = t("call.line", { number: current.number, window: current.window.number });
    const win = callWindow(current);
    fill(
      "now-call",
      h("div", { class: "now-main", "data-number": current.number, "data-window": current.window.number },
        h("span", { class: "now-number" }, current.number),
        h("span", { class: "now-arrow", "aria-hidden": "true" }, "→"),
        h("span", { class: "now-window" }, h("span", { class: "zh" }, win.zh), h("span", { class: "en" }, win.en))),
      current.kind === "recalled" ? h("div", { class: "tag recall" }, bi(t("call.recall"))) : null,
      h("div", { class: "now-line zh", lang: "zh-CN" }, line.zh),
      h("div", { class: "now-line en", lang: "en" }, line.en),
    );
  }
  fill("recent", rest.map(recentItem));
  if (live && box) {
    flash(box);
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => box.classList.remove("flash"), FLASH_MS);
  }
}

function recentItem(call) {
  const win = callWindow(call);
  return h("li", { class: `recent-call ${call.kind}`, "data-number": call.number },
    h("span", { class: "recent-number" }, call.number),
    h("span", { class: "recent-arrow", "aria-hidden": "true" }, "→"),
    h("span", { class: "recent-window" }, h("span", { class: "zh" }, win.zh), h("span", { class: "en" }, win.en)),
    call.kind === "recalled" ? h("span", { class: "tag recall" }, bi(t("call.recall"))) : null);
}

function windowState(w) {
  if (w.state === "paused") return "paused";
  if (w.state === "closed") return "closed";
  if (w.current) return w.current.status === "called" ? "called" : "serving";
  return "idle";
}

export function renderWindows(store, flashId = null) {
  const windows = [...store.windows.values()].sort((a, b) => a.number - b.number);
  const rows = windows.length <= 7 ? 1 : windows.length <= 16 ? 2 : 3; // landscape; CSS sets portrait
  document.getElementById("windows")?.style.setProperty("--win-cols", Math.max(1, Math.ceil(windows.length / rows)));
  fill("windows", windows.map((w) => {
    const state = windowState(w);
    const body = w.current && (state === "called" || state === "serving")
      ? h("span", { class: "win-number" }, w.current.number)
      : bi(t(`window.${state}`), "win-state");
    const foot = state === "paused" && w.pause_reason
      ? h("span", { class: "win-reason" }, w.pause_reason)
      : (state === "called" || state === "serving") ? bi(t(`window.${state}`), "win-sub") : null;
    const card = h("div", { class: `win ${state}`, "data-window": w.number, "data-state": state },
      h("div", { class: "win-head" }, h("span", { class: "win-no" }, w.number),
        h("span", { class: "win-name" }, bi({ zh: w.name_zh, en: w.name_en }))),
      h("div", { class: "win-body" }, body),
      h("div", { class: "win-foot" }, foot));
    if (flashId !== null && w.id === flashId) flash(card);
    return card;
  }));
}

export function renderLines(store) {
  fill("lines", store.lines.map((line) => {
    const minutes = line.estimated_minutes;
    const known = line.waiting && minutes !== null && minutes !== undefined;
    const eta = known ? bi(t("lines.about", { duration: duration(Math.max(1, minutes)) })) : t("lines.no_eta").zh;
    return h("div", { class: `line ${line.waiting ? "busy" : "quiet"}`, "data-line": line.code },
      h("span", { class: "line-prefix" }, line.prefix),
      h("span", { class: "line-name" }, bi({ zh: line.name_zh, en: line.name_en })),
      h("span", { class: "line-waiting" }, h("span", { class: "count" }, line.waiting)),
      h("span", { class: "line-eta" }, eta));
  }));
}

let warnPage = 0;

/** Show the next row of warnings when they do not fit on one (every few seconds). */
export function nextWarningPage(store, clock) {
  warnPage += 1;
  renderWarnings(store, clock);
}

/** Split the warnings into screenfuls and show page `warnPage` of them ("2/5" beside). */
function showWarningPage(box) {
  const first = box.firstElementChild?.offsetTop ?? 0;
  const starts = [0];
  const pageOf = new Map();
  for (const item of box.children) {
    const top = item.offsetTop - first;
    if (top + item.offsetHeight > starts[starts.length - 1] + box.clientHeight + 1) starts.push(top);
    pageOf.set(item, starts.length - 1);
  }
  warnPage %= starts.length;
  box.scrollTop = starts[warnPage];
  for (const [item, page] of pageOf) item.classList.toggle("off", page !== warnPage); // no half items
  fill("warn-pages", starts.length > 1 ? `${warnPage + 1}/${starts.length}` : "");
}

export function renderWarnings(store, clock) {
  const alerts = sortAlerts(store.alerts.values());
  document.body.classList.toggle("has-warnings", alerts.length > 0);
  const red = alerts.filter((a) => a.level === "red").length;
  fill("warn-counts",
    red ? h("span", { class: "count red" }, bi(t("warnings.red_count", { n: red }))) : null,
    alerts.length - red
      ? h("span", { class: "count yellow" }, bi(t("warnings.yellow_count", { n: alerts.length - red })))
      : null,
    h("span", { class: "pages", id: "warn-pages" }));
  if (!alerts.length) {
    fill("warnings", h("div", { class: "warn-none" }, bi(t("hall.no_warnings"))));
    return;
  }
  fill("warnings", alerts.map((alert) => {
    const d = describe(alert, store, clock);
    return h("div", { class: `warn ${d.level}`, "data-level": d.level, "data-kind": alert.kind,
      "data-number": alert.number ?? null },
      h("span", { class: "warn-level" }, bi(t(`level.${d.level}`))),
      h("span", { class: "warn-text" },
        h("span", { class: "zh", lang: "zh-CN" }, [d.title.zh, d.detail?.zh].filter(Boolean).join(" · ")),
        h("span", { class: "en", lang: "en" }, [d.title.en, d.detail?.en].filter(Boolean).join(" · "))),
      bi(d.over, "warn-over"));
  }));
  showWarningPage(document.getElementById("warnings"));
}

export function renderClock(store, clock) {
  const faces = clockFaces(clock.now(), store.hall?.timezone);
  fill("clock-time", faces.time);
  fill("clock-date", bi(faces.date));
}

export function soundBlocked(blocked) {
  document.body.classList.toggle("sound-blocked", blocked);
}
