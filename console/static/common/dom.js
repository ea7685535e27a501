// The one set of DOM helpers, shared with the display pages (same server, same origin).
export * from "/display/static/js/dom.js";
