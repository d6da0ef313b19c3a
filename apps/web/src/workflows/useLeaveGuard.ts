import { modals } from "@mantine/modals";
import { useEffect, useRef } from "react";
import { useBlocker } from "react-router";

/** Asks before leaving the page (in-app or closing the tab) while there are unsaved changes. */
export function useLeaveGuard(dirty: boolean) {
  // Set right before an intended navigation (e.g. to a just-saved workflow) whose state update is still pending.
  const allow = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && !allow.current && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (blocker.state !== "blocked") return;
    modals.openConfirmModal({
      title: "Leave without saving?",
      children: "Your changes to this workflow are not saved yet.",
      labels: { confirm: "Leave", cancel: "Stay" },
      confirmProps: { color: "red" },
      onConfirm: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return { allowNextNavigation: () => (allow.current = true) };
}
