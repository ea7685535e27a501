// Language shown: both (Chinese first, English second), Chinese only or English only.
// The choice is kept per browser; the header button cycles through the three.

const KEY = "onewindow.console.lang";
const ORDER = ["both", "zh", "en"];

function apply(lang) {
  document.documentElement.dataset.lang = lang;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
}

let current = "both";
try {
  current = ORDER.includes(window.localStorage.getItem(KEY)) ? window.localStorage.getItem(KEY) : "both";
} catch {
  current = "both";
}
apply(current);

document.getElementById("lang")?.addEventListener("click", () => {
  current = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
  apply(current);
  try {
    window.localStorage.setItem(KEY, current);
  } catch {
    // not kept: fine
  }
});
