// Face at the kiosk: the person-ID check (人证核验) before a number for a service that requires
// it, and calling staff when it fails. Check-in by face goes through main.js's checkIn("face").
import { bi } from "/kit/dom.js";
import { t } from "/kit/i18n.js";
import { post } from "./api.js";
import * as screens from "./screens.js";

const $ = (id) => document.getElementById(id);
const NEEDS_STAFF = new Set(["failed", "no_face"]);

/** Run the check for `service`; `passed` goes straight on, any other outcome is shown. */
export async function checkIdentity(service, page) {
  screens.setBusy("identity.checking");
  let result;
  try {
    result = await post("/api/identity-check", { service: service.code });
  } catch (err) {
    return page.failed(err, () => checkIdentity(service, page));
  }
  if (result.outcome === "passed") return page.onPassed();
  render(result, service, page);
  page.go("identity");
}

function render(result, service, page) {
  const card = $("identity-card");
  card.dataset.outcome = result.outcome;
  $("identity-message").replaceChildren(bi(result.message));
  $("identity-advice").hidden = !result.advice;
  if (result.advice) $("identity-advice").replaceChildren(bi(result.advice));
  const staff = NEEDS_STAFF.has(result.outcome);
  $("identity-staff").hidden = !staff;
  $("identity-call").hidden = !staff;
  $("identity-retry").hidden = !staff;
  $("identity-continue").hidden = result.outcome !== "manual";
  $("identity-called").hidden = true;
  $("identity-call").onclick = () => callStaff(result.outcome, service, page);
  $("identity-retry").onclick = () => checkIdentity(service, page);
  $("identity-continue").onclick = page.onPassed;
}

async function callStaff(outcome, service, page) {
  let called;
  try {
    called = await post("/api/help", { reason: outcome, service: service.code });
  } catch (err) {
    return page.failed(err, () => callStaff(outcome, service, page));
  }
  $("identity-called").replaceChildren(bi(called.message ?? t("identity.staff_called")));
  $("identity-called").hidden = false;
  $("identity-call").hidden = true;
}
