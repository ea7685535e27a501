// The device-token scheme of the display pages, under a key of the caller's.
export { takeToken } from "/display/static/js/token.js";
