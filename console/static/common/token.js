// A device token: given once in the URL fragment (#token=..., which browsers never send to the
// server), then kept in localStorage so the device survives a reboot. The fragment is wiped
// from the address bar at once. (The same scheme as display/static/js/token.js.)

export function takeToken(key) {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const given = params.get("token");
  if (given) {
    try {
      window.localStorage.setItem(key, given);
    } catch {
      // storage disabled: the token still works until the page reloads
    }
    params.delete("token");
    const rest = params.toString();
    const { pathname, search } = window.location;
    window.history.replaceState(null, "", pathname + search + (rest ? `#${rest}` : ""));
    return given;
  }
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
