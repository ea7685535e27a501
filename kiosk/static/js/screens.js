// Drawing each screen from data; no requests here (main.js decides what happens when).
import { bi, h } from "/kit/dom.js";
import { t } from "/kit/i18n.js";

const $ = (id) => document.getElementById(id);

export function show(name) {
  for (const screen of document.querySelectorAll(".screen")) {
    screen.hidden = screen.dataset.name !== name;
  }
  document.body.dataset.screen = name;
  window.scrollTo(0, 0);
}

function waitLine(service) {
  const parts = [];
  if (service.waiting !== null && service.waiting !== undefined) {
    parts.push(t("services.waiting", { n: service.waiting }));
  }
  if (service.estimated_minutes !== null && service.estimated_minutes !== undefined) {
    parts.push(t("services.eta", { m: Math.round(service.estimated_minutes) }));
  }
  return {
    zh: parts.map((p) => p.zh).join(" · "),
    en: parts.map((p) => p.en).join(" · "),
  };
}

function serviceButton(service, onPick) {
  const button = h("button", { type: "button", class: "service", "data-code": service.code, "data-testid": `service-${service.code}` });
  button.append(h("span", { class: "service-prefix", "aria-hidden": "true" }, service.prefix));
  const body = h("span", { class: "service-body" });
  body.append(bi(service.name, "service-name"));
  if (service.hint.zh) body.append(bi(service.hint, "service-hint"));
  body.append(bi(waitLine(service), "service-wait"));
  button.append(body);
  button.addEventListener("click", () => onPick(service));
  return button;
}

export function renderServices(data, onPick) {
  const list = $("service-list");
  list.replaceChildren();
  if (data.groups) {
    for (const group of data.groups) {
      const block = h("section", { class: "group", "data-category": group.category });
      block.append(h("h2", { class: "group-name" }, bi(group.name)));
      const grid = h("div", { class: "service-grid" });
      for (const service of group.services) grid.append(serviceButton(service, onPick));
      block.append(grid);
      list.append(block);
    }
    return;
  }
  if (!data.results.length) {
    list.append(h("p", { class: "no-match" }, bi(t("services.no_match"))));
    return;
  }
  const grid = h("div", { class: "service-grid" });
  for (const service of data.results) grid.append(serviceButton(service, onPick));
  list.append(grid);
}

export function renderPerson(person) {
  $("person").hidden = !person;
  if (person) {
    $("person-name").textContent = person.name;
    $("person-number").textContent = person.number;
  }
}

export function renderConfirm(service, person, printerOk) {
  $("confirm-service").replaceChildren(bi(service.name, "big"));
  $("confirm-wait").replaceChildren(bi(waitLine(service)));
  $("confirm-person").replaceChildren(
    person ? h("span", { class: "masked" }, `${person.name}  ${person.number}`) : bi(t("person.none")),
  );
  const green = Boolean(person && person.green_channel);
  $("green").hidden = !green;
  if (green) $("green-text").replaceChildren(bi(t("confirm.green", { age: person.age })));
  $("print-off").hidden = printerOk;
}

export function renderTicket(result) {
  const ticket = result.ticket;
  $("ticket-number").textContent = ticket.number;
  $("ticket-service").replaceChildren(bi({ zh: ticket.service.name_zh, en: ticket.service.name_en }));
  $("ticket-green").hidden = ticket.priority === "normal";  // a booking checked in, or green channel
  const badge = ticket.priority === "appointment" ? "ticket.appointment" : "ticket.green";
  $("ticket-green").replaceChildren(bi(t(badge)));
  const facts = [bi(t("ticket.ahead", { n: ticket.ahead ?? 0 }))];
  if (ticket.estimated_minutes !== null && ticket.estimated_minutes !== undefined) {
    facts.push(bi(t("ticket.eta", { m: Math.round(ticket.estimated_minutes) })));
  }
  $("ticket-facts").replaceChildren(...facts);
  $("ticket-qr").src = result.qr;
  $("ticket").classList.toggle("unprinted", !result.printed);
  $("ticket-printed").hidden = !result.printed;
  $("ticket-photo").hidden = result.printed;
  $("ticket-fault").hidden = !result.print_fault;
  if (result.print_fault) $("ticket-fault").replaceChildren(bi(result.print_fault));
  $("ticket-notice").hidden = !result.notice;
  if (result.notice) $("ticket-notice").replaceChildren(bi(result.notice));
  $("ticket-identity").hidden = !result.identity;
  if (result.identity) $("ticket-identity").replaceChildren(bi(result.identity.message));
  $("ticket-materials").hidden = !result.materials.length;
  $("ticket-materials-list").replaceChildren(...result.materials.map((m) => h("li", {}, m)));
}

export function renderError(error, retry) {
  $("error-zh").textContent = error.zh;
  $("error-en").textContent = error.en;
  $("error-retry").hidden = !retry;
  $("error-countdown").textContent = "";
  document.querySelector('.screen[data-name="error"]').dataset.code = error.code;
}

/** The cases a look-up found (masked by the server), or a line saying there are none. */
export function renderCases(cases) {
  const list = $("case-results");
  list.hidden = false;
  if (!cases.length) {
    list.replaceChildren(h("li", { class: "case-none" }, bi(t("lookup.none"))));
    return;
  }
  list.replaceChildren(...cases.map((c) => h("li", { class: `case-row card-${c.card ?? "none"}`, "data-case": c.number },
    h("span", { class: "case-number" }, c.number),
    bi({ zh: c.service?.name_zh ?? "", en: c.service?.name_en ?? "" }, "case-service"),
    bi(t(`case.status.${c.status}`), "case-status"),
    bi(t("case.deadline", { date: c.deadline }), "case-deadline"),
    c.card ? bi(t(`case.card.${c.card}`), "case-card") : null,
    bi(t("case.applicant", { name: c.name_masked ?? "", id: c.id_masked ?? "" }), "case-applicant"),
  )));
}

export function renderSoon(error) {
  $("soon-zh").textContent = error.zh;
  $("soon-en").textContent = error.en;
}

function guideSection(title, words, list) {
  const section = h("section", { class: "guide-section" });
  section.append(h("h2", {}, bi(t(title))));
  if (list) {
    const items = h("ol", { class: "guide-list" });
    words.zh.forEach((zh, i) => items.append(h("li", {}, bi({ zh, en: words.en[i] || "" }))));
    section.append(items);
  } else {
    section.append(h("p", {}, bi(words)));
  }
  return section;
}

export function renderGuide(data, printerOk) {
  $("guide-title").replaceChildren(bi(data.service.name));
  const box = $("guide");
  box.replaceChildren();
  $("guide-printed").hidden = true;
  const guide = data.guide;
  $("guide-print").hidden = !guide || !printerOk;
  if (!guide) {
    box.append(h("p", { class: "no-match" }, bi(t("guide.none"))));
    return;
  }
  box.append(guideSection("guide.conditions", guide.conditions, true));
  box.append(guideSection("guide.materials", guide.materials, true));
  box.append(guideSection("guide.time_limit", guide.time_limit, false));
  box.append(guideSection("guide.fees", guide.fees, false));
}

export function setBusy(key) {
  $("busy-text").replaceChildren(bi(t(key)));
  show("busy");
}

export function tickClock() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  $("clock").textContent = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
