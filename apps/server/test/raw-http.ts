// A raw HTTP/1.1 exchange over node:net, for requests fetch will not send (broken bodies, lying lengths).
import net from "node:net";

export type TRawResponse = { status: number; headers: string; body: string; /** ms until the first byte of the answer */ ms: number };

/**
 * Sends `head` (and `body`, if given) and reads until the server closes the connection (or 10 s
 * pass). With headers only, an answer proves the server did not wait for the body.
 */
export function rawRequest(url: string, head: string, body?: string): Promise<TRawResponse> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(body === undefined ? head : head + body));
    let received = "";
    let ms = 0;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      ms ||= performance.now() - started;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [headers = "", responseBody = ""] = received.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1]), headers, body: responseBody, ms });
    });
    socket.setTimeout(10_000, () => socket.destroy());
  });
}
