// The kit's DOM helpers, for the booking pages (console/static/book/*) that import them here.
export * from "/display/static/kit/dom.js";
