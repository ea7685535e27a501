// A device token (wall display, window screen, rating pad): given once in the URL fragment
// (#token=..., which browsers never send to the server), then kept in localStorage under the
// page's key so the device survives a reboot. The fragment is wiped from the address bar at once.

const KEY = "onewindow.display.token";

export function takeToken(key = KEY) {
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
