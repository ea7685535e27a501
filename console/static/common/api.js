// The booking pages' calls (console/static/book/*) in their first shape: never throws,
// {ok, status, data, error} with `error` the kit's ApiError (./client.js underneath).
// Other pages use ./client.js directly: it resolves with the data, rejects with the ApiError.

import { ApiError } from "/display/static/kit/api.js";
import { client } from "./client.js";

export async function api(method, path, body) {
  try {
    const { status, data } = await client.exchange(method, path, body);
    return { ok: true, status, data, error: null };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ok: false, status: err.status, data: err.body, error: err };
  }
}

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
export const { useCsrf, useToken } = client;
