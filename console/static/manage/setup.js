// The catalogue & staff view: five tabs, each loaded when shown and again after a change.

import { fill, h, bi } from "/display/static/kit/dom.js";
import { refused } from "/display/static/kit/toast.js";
import { errorText } from "./i18n.js";
import { auditTab } from "./audit_tab.js";
import { casesTab } from "./cases_tab.js";
import { devicesTab } from "./devices_tab.js";
import { reportsTab } from "./reports_tab.js";
import { servicesTab } from "./services_tab.js";
import { usersTab } from "./users_tab.js";
import { windowsTab } from "./windows_tab.js";

export function wireSetup(refreshBoard) {
  const tabs = {};
  let current = "services";
  const show = async (name) => {
    const body = document.getElementById(`${name}-body`);
    try {
      body.setAttribute("aria-busy", "true");
      await tabs[name].load(body);
    } catch (err) {
      fill(body, h("p", { class: "form-error" }, bi(errorText(err))));
      refused(err);
    } finally {
      body.removeAttribute("aria-busy");
    }
  };
  const changed = (name) => () => {
    refreshBoard();
    return show(name);
  };
  Object.assign(tabs, {
    services: servicesTab(changed("services")),
    windows: windowsTab(changed("windows")),
    users: usersTab(changed("users")),
    devices: devicesTab(changed("devices")),
    audit: auditTab(),
    cases: casesTab(refreshBoard),
    reports: reportsTab(),
  });
  const select = (name) => {
    current = name;
    for (const b of document.querySelectorAll(".tabs .tab")) b.setAttribute("aria-pressed", String(b.dataset.tab === name));
    for (const p of document.querySelectorAll(".tab-panel")) p.hidden = p.dataset.tab !== name;
    show(name);
  };
  for (const b of document.querySelectorAll(".tabs .tab")) b.addEventListener("click", () => select(b.dataset.tab));
  for (const b of document.querySelectorAll("[data-add]")) b.addEventListener("click", () => tabs[b.dataset.add].add());
  document.addEventListener("manage:view", (e) => { if (e.detail === "setup") select(current); });
}
