// The API token (AW_API_TOKEN) a user pasted, kept in this browser only.
const KEY = "aw.apiToken";

export function getApiToken(): string | null {
  return localStorage.getItem(KEY);
}

export function setApiToken(token: string | null) {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
}

/** `Authorization` for fetch/XHR calls when a token is set. */
export function authHeaders(): Record<string, string> {
  const token = getApiToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
