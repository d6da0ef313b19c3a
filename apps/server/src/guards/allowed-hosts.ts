import type { TConfig } from "@aw/core";
import type { RequestHandler } from "express";
import { sendError } from "../rest/errors.ts";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** `example.com:8080` → `example.com`; IPv6 literals keep their brackets. */
const hostNameOf = (host: string) => /^(\[[^\]]*\]|[^:]*)/.exec(host)?.[1] ?? host;

/** A bind address as a Host header names it: `::1` → `[::1]`. */
const hostName = (address: string) => (address.includes(":") ? `[${address}]` : address).toLowerCase();

/**
 * Answers only requests whose Host header names this server: the bound host or a loopback name,
 * or an AW_ALLOWED_HOSTS entry (with a port: exactly; without: at any port). A page on another
 * site whose name resolves to this machine (DNS rebinding) gets 421 instead of the API. The port
 * of a local name is not checked: port forwarding (`docker -p 8080:3000`, `ssh -L`) changes it,
 * and another site cannot make a browser send a loopback name for its own pages.
 */
export function allowedHosts(config: Pick<TConfig, "HOST" | "AW_ALLOWED_HOSTS">): RequestHandler {
  const extra = config.AW_ALLOWED_HOSTS.map((h) => h.toLowerCase());
  if (extra.includes("*")) return (_req, _res, next) => next();
  const local = new Set([hostName(config.HOST), ...LOOPBACK_NAMES]);
  const exact = new Set(extra.filter((h) => /:\d+$/.test(h)));
  const anyPort = new Set(extra.filter((h) => !exact.has(h)));
  return (req, res, next) => {
    const host = (req.headers.host ?? "").toLowerCase();
    const name = hostNameOf(host);
    if (local.has(name) || exact.has(host) || anyPort.has(name)) return next();
    sendError(
      res,
      421,
      "MISDIRECTED_REQUEST",
      `this server does not answer for the host ${JSON.stringify(host)}; add it to AW_ALLOWED_HOSTS to allow it`,
    );
  };
}
