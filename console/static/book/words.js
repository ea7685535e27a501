// What the booking pages (console/static/book/*) share: the page's config and the words of a
// failed call. Calls go through the consoles' client of the kit (../common/client.js): a call
// resolves with the answer's JSON or rejects with the kit's ApiError, itself a {zh, en} text.

import { readJson } from "/display/static/kit/dom.js";

export const page = readJson("page-data", {});

/** The words of a failure: an ApiError's own (the page's or the server's); a script error's
 * message (logged), like the kit's toast.refused. */
export function reason(err) {
  if (err?.zh !== undefined) return err;
  console.error(err);
  return { zh: String(err?.message ?? err), en: "" };
}
