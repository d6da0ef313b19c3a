import { Button, type ButtonProps } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { authHeaders, getApiToken } from "../app/api-token.ts";
import { downloadUrl } from "./download-url.ts";

type TProps = ButtonProps & { id: string; filename: string; "data-testid"?: string };

/** A plain link the browser streams to disk; with an API token set, the file is fetched with it first. */
export function DownloadButton({ id, filename, ...props }: TProps) {
  const [busy, setBusy] = useState(false);
  const href = downloadUrl(id);
  const withToken = async () => {
    setBusy(true);
    try {
      const res = await fetch(href, { headers: authHeaders() });
      if (!res.ok) throw new Error(`Download failed (HTTP ${res.status})`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      notifications.show({ color: "red", title: "Could not download", message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      component="a"
      href={href}
      download={filename}
      leftSection={<IconDownload size={16} />}
      loading={busy}
      onClick={(e) => {
        if (!getApiToken()) return;
        e.preventDefault();
        void withToken();
      }}
      {...props}
    >
      Download
    </Button>
  );
}
