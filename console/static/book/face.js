// Face check-in at booking (刷脸签到, optional): the consent, a selfie sent once the booking is
// made, its withdrawal. The server keeps only the face's template, sealed; never the photo.

import { post } from "../common/client.js";
import { bi, fill } from "/display/static/kit/dom.js";
import { t } from "/display/static/kit/i18n.js";
import { reason } from "./words.js";

const $ = (id) => document.getElementById(id);
const MAX_SIDE = 1280; // phones take 12-megapixel photos: scaled down before sending
let enrolled = false; // this page turned face check-in on for the booking shown

/** Wire the consent box: the selfie can be chosen only with the consent given. */
export function wireConsent() {
  $("face-consent").addEventListener("change", () => {
    $("face-photo").disabled = !$("face-consent").checked;
  });
}

/** Before booking: with the consent given, a selfie is needed (an error to show, or null). */
export function missingSelfie() {
  return $("face-consent").checked && !$("face-photo").files.length ? t("book.face_need_photo") : null;
}

export function wanted() {
  return $("face-consent").checked && $("face-photo").files.length > 0;
}

/** After booking: send the selfie, then show whether face check-in is on. */
export async function enrol(hall, booking, idNumber, file = $("face-photo").files[0]) {
  $("face-done").hidden = false;
  status(t("book.face_sending"));
  const photo = await scaled(file);
  const code = encodeURIComponent(booking.code);
  let enrolment;
  try {
    enrolment = await post(`/halls/${hall}/appointments/${code}/face`, { id_number: idNumber, consent: true, photo });
  } catch (err) {
    const why = reason(err);
    const head = t("book.face_failed");
    status({ zh: `${head.zh}${why.zh}`, en: `${head.en} ${why.en}` }, true);
    $("face-retry").hidden = $("face-retry-label").hidden = false;
    $("face-withdraw").hidden = true;
    $("face-retry").onchange = () => $("face-retry").files.length && enrol(hall, booking, idNumber, $("face-retry").files[0]);
    return;
  }
  enrolled = true;
  const until = new Date(enrolment.face.expires_at).toLocaleString("zh-CN", { hour12: false });
  status(t("book.face_on", { until }));
  $("face-retry").hidden = $("face-retry-label").hidden = true;
  $("face-withdraw").hidden = false;
  $("face-withdraw").onclick = () => withdraw(hall, booking, idNumber);
}

async function withdraw(hall, booking, idNumber) {
  const code = encodeURIComponent(booking.code);
  try {
    await post(`/halls/${hall}/appointments/${code}/face/withdraw`, { id_number: idNumber });
  } catch (err) {
    return status(reason(err), true);
  }
  enrolled = false;
  status(t("book.face_withdrawn"));
  $("face-withdraw").hidden = true;
}

/** A booking cancelled: a template this page made goes at once. */
export async function afterCancel(hall, booking, idNumber) {
  if (enrolled) await withdraw(hall, booking, idNumber);
}

/** A booking moved to another day: its template (made for the old day) is withdrawn; a new
 * selfie turns face check-in on again for the new day. */
export async function afterChange(hall, booking, idNumber) {
  if (!enrolled) return;
  await withdraw(hall, booking, idNumber);
  status(t("book.face_moved"));
  $("face-retry").hidden = $("face-retry-label").hidden = false;
  $("face-retry").onchange = () => $("face-retry").files.length && enrol(hall, booking, idNumber, $("face-retry").files[0]);
}

/** Hide the face part of the done card (a new booking, or none was asked for). */
export function reset() {
  enrolled = false;
  $("face-done").hidden = true;
  $("face-consent").checked = false;
  $("face-photo").value = "";
  $("face-photo").disabled = true;
}

function status(words, failed = false) {
  fill("face-status", bi(words));
  $("face-status").classList.toggle("failed", failed);
}

/** The photo as a JPEG data URL, its longer side at most MAX_SIDE (orientation applied). */
async function scaled(file) {
  const image = await createImageBitmap(file);
  const ratio = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(image.width * ratio);
  canvas.height = Math.round(image.height * ratio);
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  image.close();
  return canvas.toDataURL("image/jpeg", 0.92);
}
