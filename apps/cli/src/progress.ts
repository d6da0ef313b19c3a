import { humanBytes } from "./output.ts";

/**
 * An upload's progress on stderr: a bar redrawn in place on a terminal, otherwise a line at each
 * further 25% (a log file gets a few lines, not thousands).
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  let lastDraw = 0;
  return {
    update(sent: number, total: number) {
      const share = total > 0 ? sent / total : 1;
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && sent < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(share * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${humanBytes(sent)} / ${humanBytes(total)}`);
        return;
      }
      const quarter = Math.floor(share * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${label} ${humanBytes(sent)} / ${humanBytes(total)} (${Math.round(share * 100)}%)\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
