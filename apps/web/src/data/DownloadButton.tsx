import { Button, type ButtonProps } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { getApiToken } from "../app/api-token.ts";
import { trpc } from "../trpc.ts";
import { downloadUrl } from "./download-url.ts";

type TProps = ButtonProps & { id: string; filename: string; "data-testid"?: string };

/**
 * A plain link the browser streams to disk. With an API token set, the browser cannot send it on
 * a link, so the button first asks for a short-lived signed link and follows that: the file still
 * streams to disk, never through this page's memory.
 */
export function DownloadButton({ id, filename, ...props }: TProps) {
  const [busy, setBusy] = useState(false);
  const utils = trpc.useUtils();
  const followSignedLink = async () => {
    setBusy(true);
    try {
      const { url } = await utils.client.data.downloadLink.query({ id });
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      a.click();
    } catch (err) {
      notifications.show({ color: "red", title: "Could not download", message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      component="a"
      href={downloadUrl(id)}
      download={filename}
      leftSection={<IconDownload size={16} />}
      loading={busy}
      onClick={(e) => {
        if (!getApiToken()) return;
        e.preventDefault();
        void followSignedLink();
      }}
      {...props}
    >
      Download
    </Button>
  );
}
