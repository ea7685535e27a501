// The booking page (/book/<hall>): choose a matter, a day and a time, give name, ID and
// phone, get a booking code and its QR. Every datum comes from the public appointment API
// (the kit's client: a refusal rejects with an ApiError, shown in #message).

import { get, post } from "../common/client.js";
import { bi, fill, h } from "/display/static/kit/dom.js";
import { t } from "/display/static/kit/i18n.js";
import * as face from "./face.js";
import { solve } from "./proof.js";
import { page, reason } from "./words.js";

const hall = encodeURIComponent(page.hall);
const $ = (id) => document.getElementById(id);
const state = { days: [], day: null, slot: null, booking: null, idNumber: "", changing: false,
  phoneVerification: false };
const CHALLENGE_ROUNDS = 3; // a spent or expired challenge is answered with a fresh one

/** Show a message ({zh, en}: an ApiError or the page's words); null clears it. */
function say(words) {
  fill("message", words ? bi(words) : "");
}

function pressed(container, button) {
  for (const b of container.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b === button));
}

function showDays() {
  fill("days", state.days.map((d) => {
    const b = h("button", { type: "button", "data-date": d.date, "aria-pressed": String(d.date === state.day) },
      h("span", { class: "slot-time" }, d.date.slice(5)), d.makeup ? bi(t("book.makeup")) : null);
    b.addEventListener("click", () => {
      state.day = d.date;
      state.slot = null;
      pressed($("days"), b);
      showSlots();
    });
    return b;
  }));
}

function showSlots() {
  const day = state.days.find((d) => d.date === state.day);
  const open = day ? day.slots : [];
  if (!open.length) return fill("slots", bi(t("book.no_slots")));
  fill("slots", open.map((s) => {
    const b = h("button", { type: "button", "data-start": s.start, disabled: s.left < 1, "aria-pressed": "false" },
      h("span", { class: "slot-time" }, `${s.start}–${s.end}`),
      bi(s.left > 0 ? t("book.left", { left: s.left }) : t("book.full")));
    b.addEventListener("click", () => {
      state.slot = s.start;
      pressed($("slots"), b);
    });
    return b;
  }));
}

async function loadSlots() {
  const service = $("service").value;
  let offer;
  try {
    offer = await get(`/halls/${hall}/appointments/slots?service=${encodeURIComponent(service)}`);
  } catch (err) {
    return say(reason(err));
  }
  state.days = offer.days;
  const first = state.days.find((d) => d.slots.some((s) => s.left > 0)) ?? state.days[0];
  state.day = first?.date ?? null;
  state.slot = null;
  showDays();
  showSlots();
}

async function submit() {
  say(null);
  if (!state.day || !state.slot) return say(t("book.choose_slot"));
  if (state.changing) return submitChange();
  const selfie = face.missingSelfie();
  if (selfie) return say(selfie);
  state.idNumber = $("id-number").value.trim().toUpperCase();
  const body = { service: $("service").value, date: state.day, start: state.slot,
    name: $("name").value.trim(), id_number: state.idNumber, phone: $("phone").value.trim() };
  if (state.phoneVerification) body.phone_code = $("phone-code").value.trim();
  $("submit").disabled = true;
  let booking;
  try {
    booking = await bookWithProof(body);
  } catch (err) {
    return say(reason(err));
  } finally {
    $("submit").disabled = false;
  }
  showBooking(booking);
  if (face.wanted()) await face.enrol(hall, booking, state.idNumber);
}

/** Book; when the server asks for a proof of work (many bookings from this network today),
 * solve its challenge here and send the booking again with the nonce. */
async function bookWithProof(body) {
  const path = `/halls/${hall}/appointments`;
  let sent = body;
  try {
    for (let round = 0; ; round++) {
      try {
        return await post(path, sent);
      } catch (err) {
        if (err?.code !== "challenge_required" || round >= CHALLENGE_ROUNDS) throw err;
        $("checking").hidden = false;
        const { challenge, bits } = err.params;
        sent = { ...body, proof: { challenge, nonce: await solve(challenge, bits) } };
      }
    }
  } finally {
    $("checking").hidden = true;
  }
}

/** Ask the server to send the booking's code to the phone (the SMS step, when the hall has it). */
async function sendCode() {
  fill("sms-status", "");
  let words;
  let failed = false;
  try {
    const sent = await post(`/halls/${hall}/appointments/phone-code`, { phone: $("phone").value.trim() });
    words = t("book.code_sent", { phone: sent.phone_masked, minutes: sent.minutes });
  } catch (err) {
    words = reason(err);
    failed = true;
  }
  fill("sms-status", bi(words));
  $("sms-status").classList.toggle("failed", failed);
}

async function submitChange() {
  const code = encodeURIComponent(state.booking.code);
  const body = { id_number: state.idNumber, date: state.day, start: state.slot };
  let booking;
  try {
    booking = await post(`/halls/${hall}/appointments/${code}/change`, body);
  } catch (err) {
    return say(reason(err));
  }
  showBooking(booking);
  await face.afterChange(hall, booking, state.idNumber);
}

/** Choose another day and time for the same booking (改约); the code stays. */
function change() {
  state.changing = true;
  $("done").hidden = true;
  $("choose").hidden = false;
  $("you").hidden = false;
  $("service").disabled = true;
  $("person-fields").hidden = true;
  say(null);
  reload();
}

function showBooking(booking) {
  state.booking = booking;
  state.changing = false;
  fill("code", booking.code);
  $("qr").src = `/api/v1/halls/${hall}/appointments/${encodeURIComponent(booking.code)}/qr.svg`;
  fill("when", booking.status === "cancelled" ? bi(t("book.cancelled"))
    : t("book.when", { date: booking.date, start: booking.start, end: booking.end }).zh);
  fill("who", `${booking.name_masked} · ${booking.id_masked} · ${booking.phone_masked}`);
  $("cancel").hidden = $("change").hidden = booking.status !== "booked";
  $("choose").hidden = $("you").hidden = true;
  $("done").hidden = false;
}

async function cancel() {
  const code = encodeURIComponent(state.booking.code);
  let booking;
  try {
    booking = await post(`/halls/${hall}/appointments/${code}/cancel`, { id_number: state.idNumber });
  } catch (err) {
    return say(reason(err));
  }
  showBooking(booking);
  await face.afterCancel(hall, booking, state.idNumber);
}

/** Load the slots afresh; the page reads "loading" until they are shown. */
async function reload() {
  document.body.dataset.status = "loading";
  fill("days");
  fill("slots");
  await loadSlots();
  document.body.dataset.status = "ready";
}

function again() {
  state.changing = false;
  face.reset();
  $("phone-code").value = "";
  fill("sms-status", "");
  $("service").disabled = false;
  $("person-fields").hidden = false;
  $("done").hidden = true;
  $("choose").hidden = $("you").hidden = false;
  say(null);
  reload();
}

async function start() {
  let offer;
  try {
    offer = await get(`/halls/${hall}/appointments/services`);
  } catch (err) {
    say(reason(err));
    document.body.dataset.status = "ready";
    return;
  }
  fill("hall-name", bi({ zh: offer.hall.name_zh, en: offer.hall.name_en }));
  fill("service", offer.services.map((s) => h("option", { value: s.code }, `${s.name_zh} ${s.name_en}`)));
  state.phoneVerification = Boolean(offer.phone_verification);
  $("sms-fields").hidden = !state.phoneVerification;
  $("send-code").addEventListener("click", sendCode);
  $("service").addEventListener("change", reload);
  $("submit").addEventListener("click", submit);
  $("cancel").addEventListener("click", cancel);
  $("again").addEventListener("click", again);
  $("change").addEventListener("click", change);
  face.wireConsent();
  await loadSlots();
  document.body.dataset.status = "ready";
}

start();
