// The kiosk page: navigation, the card and device state it polls, idle reset, retries.
import { readJson } from "/kit/dom.js";
import { t } from "/kit/i18n.js";
import { get, newRequestId, post } from "./api.js";
import { checkIdentity } from "./face.js";
import { buildKeyboard, CASE_KEYS, LETTERS } from "./keyboard.js";
import * as screens from "./screens.js";
import { speak } from "./voice.js";

const PAGE = readJson("page-data");
const POLL_MS = 400;
const RETRY_SECONDS = 5;
const $ = (id) => document.getElementById(id);

const state = {
  purpose: "take", // what the services screen is for: "take" or "guide"
  service: null,
  person: null,
  printerOk: true,
  cardSeq: null,
  query: "",
  caseNumber: "",
  elderly: false,
  lastTouch: Date.now(),
  retryTimer: null,
  searchTimer: null,
};
window.__kiosk = state; // tests and screenshots read it

function go(name) {
  clearRetry();
  screens.show(name);
  if (state.elderly) {
    const key = { home: "home", services: "services", confirm: "confirm" }[name];
    if (key) speak(key);
  }
}

function home() {
  if (state.person) forgetPerson();
  state.service = null;
  state.query = "";
  $("search-query").textContent = "";
  state.caseNumber = "";
  $("case-query").textContent = "";
  go("home");
}

/** Show why a call failed (an ApiError: code, zh, en, retry); retry() runs it again. */
function failed(error, retry) {
  if (error.code === "not_available_yet") {
    screens.renderSoon(error);
    go("soon");
    return;
  }
  const again = error.retry && retry ? retry : null;
  screens.renderError(error, Boolean(again));
  go("error");
  if (state.elderly) speak("error");
  if (again) countdown(again);
}

/** The answer of a call, or null once failed() has shown why it did not come. */
async function answer(call, retry) {
  try {
    return await call;
  } catch (err) {
    failed(err, retry);
    return null;
  }
}

function countdown(retry) {
  let left = RETRY_SECONDS;
  const tick = () => {
    $("error-countdown").textContent = `${t("error.retrying", { s: left }).zh} · ${t("error.retrying", { s: left }).en}`;
    if (left === 0) {
      clearRetry();
      retry();
      return;
    }
    left -= 1;
    state.retryTimer = setTimeout(tick, 1000);
  };
  state.retry = retry;
  tick();
}

function clearRetry() {
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
}

// Services.

async function openServices(purpose) {
  state.purpose = purpose;
  document.body.dataset.purpose = purpose;
  go("services");
  await loadServices();
}

async function loadServices() {
  const params = state.elderly && state.purpose === "take" ? "?elderly=1" : `?q=${encodeURIComponent(state.query)}`;
  const services = await answer(get(`/api/services${params}`), () => openServices(state.purpose));
  if (services) screens.renderServices(services, pick);
}

function typed(key) {
  state.query = key === "backspace" ? state.query.slice(0, -1) : (state.query + key).slice(0, 20);
  $("search-query").textContent = state.query;
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(loadServices, 150);
}

async function pick(service) {
  state.service = service;
  if (state.purpose === "guide") return openGuide(service.code);
  const confirmScreen = () => {
    screens.renderConfirm(service, state.person, state.printerOk);
    go("confirm");
  };
  if (service.identity_check && state.person) return checkIdentity(service, { go, failed, onPassed: confirmScreen });
  confirmScreen();
}

// Taking a number: one request id per confirm, reused by every retry of that confirm.

async function confirm() {
  const body = {
    service: state.service.code,
    request_id: newRequestId(),
    green_channel: Boolean(state.person && state.person.green_channel && $("green-box").checked),
  };
  await takeNumber(body);
}

async function takeNumber(body) {
  screens.setBusy("busy.taking");
  const result = await answer(post("/api/tickets", body), () => takeNumber(body));
  if (!result) return;
  screens.renderTicket(result);
  go("ticket");
  if (state.elderly || !result.printed) speak(result.printed ? "ticket" : "photo", { number: result.ticket.number });
}

// Guide.

async function openGuide(code) {
  const guide = await answer(get(`/api/guides/${code}`), () => openGuide(code));
  if (!guide) return;
  state.guide = guide;
  screens.renderGuide(guide, state.printerOk);
  go("guide");
}

async function printChecklist() {
  const code = state.guide.service.code;
  if (await answer(post(`/api/guides/${code}/print`), null)) $("guide-printed").hidden = false;
}

// Check-in and case lookup (the server side comes with appointments and cases).

async function checkIn(method) {
  screens.setBusy({ qr: "busy.scanning", face: "busy.face" }[method] ?? "busy.working");
  const body = { method, request_id: newRequestId() };
  const result = await answer(post("/api/check-in", body), () => checkIn(method));
  if (!result) return;
  screens.renderTicket(result);
  go("ticket");
}

async function lookUp() {
  screens.setBusy("busy.working");
  const found = await answer(post("/api/cases", { case_number: state.caseNumber }), lookUp);
  if (!found) return;
  screens.renderCases(found.cases ?? []);
  go("lookup");
}

function typedCase(key) {
  state.caseNumber = key === "backspace" ? state.caseNumber.slice(0, -1) : (state.caseNumber + key).slice(0, 32);
  $("case-query").textContent = state.caseNumber;
}

// What the kiosk program knows: the card on the reader, the devices, the server.

function cardEvent(card) {
  const screen = document.body.dataset.screen;
  if (card.kind === "read") {
    if (screen === "home") openServices("take");
    else if (screen === "checkin") checkIn("card");
    else if (screen === "lookup") lookUp();
    else if (screen === "confirm") screens.renderConfirm(state.service, state.person, state.printerOk);
    return;
  }
  const banner = $("banner-card");
  const words = card.kind === "again" ? t("card.again") : card;
  $("card-zh").textContent = words.zh;
  $("card-en").textContent = words.en;
  banner.hidden = false;
  banner.dataset.kind = card.kind;
  clearTimeout(state.cardTimer);
  state.cardTimer = setTimeout(() => { banner.hidden = true; }, 6000);
}

async function poll() {
  const data = await get("/api/state").catch(() => null);
  if (data) {
    const arrived = !state.person && Boolean(data.person);
    state.person = data.person;
    screens.renderPerson(data.person);
    state.printerOk = data.devices.printer.ok;
    $("banner-printer").hidden = state.printerOk;
    $("banner-server").hidden = data.server.ok;
    $("banner-reader").hidden = !data.devices.idcard?.error;  // the flows still work without it
    $("banner-camera").hidden = data.devices.camera?.online !== false;
    document.body.dataset.printer = state.printerOk ? "ok" : "fault";
    if (state.cardSeq !== null) {
      for (const card of data.cards) if (card.seq > state.cardSeq) cardEvent(card);
    }
    state.cardSeq = data.card.seq;
    if (document.body.dataset.screen === "guide") $("guide-print").hidden = !state.printerOk || !state.guide?.guide;
    // A card read after a service needing the person-ID check was chosen: check now, not later.
    if (arrived && document.body.dataset.screen === "confirm" && state.service?.identity_check) pick(state.service);
  }
  document.body.dataset.ready = "1";
  setTimeout(poll, POLL_MS);
}

// Idle: back home, the person forgotten.

function forgetPerson() {
  state.person = null;
  screens.renderPerson(null);
  return post("/api/reset").catch(() => null); // the kiosk program forgets on its own clock too
}

function idleCheck() {
  const idle = Date.now() - state.lastTouch >= PAGE.idle_seconds * 1000;
  if (idle && (document.body.dataset.screen !== "home" || state.person)) {
    forgetPerson();
    home();
    state.lastTouch = Date.now();
  }
}

// The kiosk program forgets the person on its own clock too; tell it the citizen is here.
function touched() {
  const now = Date.now();
  if (now - state.lastTouch > 5000 && state.person) post("/api/touch").catch(() => null);
  state.lastTouch = now;
}

function setElderly(on) {
  state.elderly = on;
  document.body.classList.toggle("elderly", on);
  document.documentElement.classList.toggle("elderly", on); // the type scale lives on :root
  if (on) speak("home");
}

function wire() {
  for (const el of document.querySelectorAll("[data-go]")) {
    el.addEventListener("click", () => {
      const target = el.dataset.go;
      if (target === "home") home();
      else if (target === "take" || target === "guide") openServices(target);
      else if (target === "services") openServices(state.purpose);
      else go(target);
    });
  }
  $("confirm-ok").addEventListener("click", confirm);
  $("error-retry").addEventListener("click", () => { clearRetry(); state.retry && state.retry(); });
  $("guide-print").addEventListener("click", printChecklist);
  $("guide-take").addEventListener("click", () => { state.purpose = "take"; pick(state.guide.service); });
  $("checkin-qr").addEventListener("click", () => checkIn("qr"));
  $("checkin-face").addEventListener("click", () => checkIn("face"));
  $("lookup-go").addEventListener("click", lookUp);
  $("search-clear").addEventListener("click", () => { state.query = ""; typed("backspace"); });
  $("person-forget").addEventListener("click", forgetPerson);
  $("mode-toggle").addEventListener("click", () => setElderly(!state.elderly));
  buildKeyboard($("keyboard"), LETTERS, typed);
  buildKeyboard($("case-keyboard"), CASE_KEYS, typedCase);
  for (const kind of ["pointerdown", "keydown"]) {
    document.addEventListener(kind, touched, { capture: true });
  }
}

wire();
screens.tickClock();
setInterval(screens.tickClock, 10_000);
setInterval(idleCheck, 1000);
poll();
