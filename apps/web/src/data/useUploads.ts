import { notifications } from "@mantine/notifications";
import { useCallback, useRef, useState } from "react";
import { trpc } from "../trpc.ts";
import { startUpload, UploadAbortedError } from "./upload-request.ts";

export type TUploadItem = {
  key: string;
  file: File;
  progress: number;
  status: "uploading" | "done" | "failed" | "cancelled";
  error?: string;
  artifactId?: string;
};

/** Several concurrent uploads, each with its own progress and abort. */
export function useUploads() {
  const [items, setItems] = useState<TUploadItem[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const utils = trpc.useUtils();

  const patch = useCallback((key: string, change: Partial<TUploadItem>) => {
    setItems((prev) => prev.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      const added = files.map((file) => ({
        key: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
        file,
        progress: 0,
        status: "uploading" as const,
      }));
      setItems((prev) => [...added, ...prev]);
      for (const item of added) {
        const request = startUpload(item.file, (progress) => patch(item.key, { progress }));
        aborts.current.set(item.key, request.abort);
        request.promise
          .then((artifact) => {
            patch(item.key, { status: "done", progress: 1, artifactId: artifact.id });
            void utils.data.list.invalidate();
          })
          .catch((err: unknown) => {
            if (err instanceof UploadAbortedError) {
              patch(item.key, { status: "cancelled" });
              return;
            }
            const message = err instanceof Error ? err.message : String(err);
            patch(item.key, { status: "failed", error: message });
            notifications.show({ color: "red", title: `Could not upload ${item.file.name}`, message, autoClose: 8000 });
          })
          .finally(() => aborts.current.delete(item.key));
      }
    },
    [patch, utils],
  );

  const cancel = useCallback((key: string) => aborts.current.get(key)?.(), []);
  const dismiss = useCallback((key: string) => setItems((prev) => prev.filter((item) => item.key !== key)), []);
  const clearFinished = useCallback(() => setItems((prev) => prev.filter((item) => item.status === "uploading")), []);

  return { items, add, cancel, dismiss, clearFinished };
}
