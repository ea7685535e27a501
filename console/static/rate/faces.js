// The five rating faces (好差评 levels 5..1), drawn as SVG: no emoji font needed on the pad.

const NS = "http://www.w3.org/2000/svg";
export const LEVELS = [5, 4, 3, 2, 1];
const COLOURS = { 5: "#1f9d55", 4: "#5cb85c", 3: "#f0ad4e", 2: "#e8743b", 1: "#d9322b" };
// mouth curve: control point's height below the corners (negative: a frown)
const SMILE = { 5: 26, 4: 16, 3: 0, 2: -14, 1: -24 };

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function face(level) {
  const root = svg("svg", { viewBox: "0 0 100 100", class: "face-svg", "aria-hidden": "true" });
  root.append(
    svg("circle", { cx: 50, cy: 50, r: 46, fill: COLOURS[level] }),
    svg("circle", { cx: 34, cy: 40, r: 6, fill: "#fff" }),
    svg("circle", { cx: 66, cy: 40, r: 6, fill: "#fff" }),
  );
  const y = SMILE[level] >= 0 ? 62 : 74;
  root.append(svg("path", {
    d: `M28 ${y} Q50 ${y + SMILE[level]} 72 ${y}`,
    fill: "none", stroke: "#fff", "stroke-width": 7, "stroke-linecap": "round",
  }));
  return root;
}
