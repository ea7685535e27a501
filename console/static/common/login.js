// The sign-in page: JSON to /api/v1/auth/login (with the pre-session CSRF token of the page),
// then on to ?next= (a path on this site only). A lockout shows the server's words.

import { bi, fill } from "/display/static/kit/dom.js";
import { post, useCsrf } from "./client.js";
import { errorText, page, t } from "./i18n.js";

/** Only a same-site path: "/counter", never "//evil.example" or "https://...". */
export function sameSitePath(raw, fallback = "/counter") {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) {
    return fallback;
  }
  const url = new URL(raw, window.location.origin);
  return url.origin === window.location.origin ? url.pathname + url.search + url.hash : fallback;
}

const form = document.getElementById("login-form");
const submit = document.getElementById("login-submit");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (submit.disabled) return;
  submit.disabled = true;
  fill("login-submit", bi(t("login.working")));
  try {
    const session = await post("/auth/login", {
      username: form.username.value.trim(),
      password: form.password.value,
    });
    useCsrf(session?.csrf_token);
    window.location.replace(sameSitePath(page.next));
    return;
  } catch (err) {
    fill("login-error", bi(errorText(err)));
  }
  fill("login-submit", bi(t("login.submit")));
  submit.disabled = false;
  form.password.select();
});
