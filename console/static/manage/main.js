// The manager console (/manage): reads the board, keeps it live, wires the actions and tabs.

import { fill } from "/display/static/kit/dom.js";
import { api, get, hallPath, page } from "./api.js";
import { listOf, makeBoardActions } from "./board_actions.js";
import { showHelp } from "./help_requests.js";
import { renderLines, renderWaiting, tickLines } from "./lines_view.js";
import { goLive, Refresher } from "./live.js";
import { wireSetup } from "./setup.js";
import { renderAlerts, renderDevices, renderFollowups, renderNotice, renderRatings, tickSide } from "./side_view.js";
import { serverNow, state, takeBoard } from "./store.js";
import { renderWindows, tickWindows } from "./windows_view.js";

function renderBoard() {
  const hall = state.board?.hall ?? {};
  fill("hall-zh", hall.name_zh ?? "");
  fill("hall-en", hall.name_en ?? "");
  renderWindows();
  renderLines();
  renderWaiting();
  renderAlerts();
  renderRatings();
  renderFollowups();
  renderDevices();
  renderNotice();
  document.body.dataset.reads = String(state.reads);
}

async function readBoard() {
  const [board, waiting] = await Promise.all([
    get(hallPath("/board")),
    get(hallPath("/waiting")).then((w) => listOf(w, "tickets")).catch(() => null),
  ]);
  takeBoard(board, waiting);
  renderBoard();
}

function renderClock() {
  const zone = state.board?.hall?.timezone;
  const text = new Intl.DateTimeFormat("zh-CN", {
    ...(zone ? { timeZone: zone } : {}), hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
  }).format(new Date(serverNow()));
  fill("clock", text);
}

function wireViews() {
  for (const tab of document.querySelectorAll(".view-tab")) {
    tab.addEventListener("click", () => {
      const view = tab.dataset.view;
      document.body.dataset.view = view;
      for (const other of document.querySelectorAll(".view-tab")) other.setAttribute("aria-pressed", String(other === tab));
      document.getElementById("view-board").hidden = view !== "board";
      document.getElementById("view-setup").hidden = view !== "setup";
      document.dispatchEvent(new CustomEvent("manage:view", { detail: view }));
    });
  }
  document.getElementById("logout").addEventListener("click", async () => {
    await api("POST", "/auth/logout", {}).catch(() => null);
    window.location.assign(page.login);
  });
}

async function main() {
  const refresher = new Refresher(readBoard);
  const refresh = () => refresher.soon();
  window.__manage = { state, refresh };
  wireViews();
  const actions = makeBoardActions(refresh);
  document.getElementById("view-board").addEventListener("click", actions.onClick);
  wireSetup(refresh);
  await refresher.run();
  document.body.dataset.ready = "true";
  await goLive(page.client, page.hall, refresher, (name, data) => {
    if (name === "kiosk.help") showHelp(data);
  });
  setInterval(() => {
    renderClock();
    tickWindows();
    tickLines();
    tickSide();
  }, 1000);
  renderClock();
}

main();
