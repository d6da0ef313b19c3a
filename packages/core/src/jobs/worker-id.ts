import crypto from "node:crypto";
import os from "node:os";

/** `<host>/<pid>/<random>`: names the lease holder and lets a process on the same host see it died. */
export const newWorkerId = () => `${os.hostname()}/${process.pid}/${crypto.randomBytes(3).toString("hex")}`;

/** True when the lease owner was a process on this host that no longer exists. */
export function isDeadLocalWorker(owner: string): boolean {
  const [host, pidText] = owner.split("/");
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}
