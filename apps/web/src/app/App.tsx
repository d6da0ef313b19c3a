import { MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, useState } from "react";
import { createBrowserRouter, createRoutesFromElements, Route } from "react-router";
import { RouterProvider } from "react-router/dom";
import { createTrpcClient, trpc } from "../trpc.ts";
import { AppLayout } from "./AppLayout.tsx";
import { ErrorScreen } from "./ErrorScreen.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { createQueryClient } from "./query-client.ts";
import { accessibleColors, theme } from "./theme.ts";
import { TokenGate } from "./TokenGate.tsx";

// Pages load on demand so the charting libraries stay out of the first paint.
const DashboardPage = lazy(() => import("../dashboard/DashboardPage.tsx"));
const DataListPage = lazy(() => import("../data/DataListPage.tsx"));
const DataDetailPage = lazy(() => import("../data/DataDetailPage.tsx"));
const WorkflowListPage = lazy(() => import("../workflows/WorkflowListPage.tsx"));
const WorkflowBuilderPage = lazy(() => import("../workflows/WorkflowBuilderPage.tsx"));
const JobListPage = lazy(() => import("../jobs/JobListPage.tsx"));
const JobDetailPage = lazy(() => import("../jobs/JobDetailPage.tsx"));
const AuditLogPage = lazy(() => import("../audit/AuditLogPage.tsx"));

// A data router, so the builder can hold navigation while it has unsaved changes.
const router = createBrowserRouter(
  createRoutesFromElements(
    // A page that throws shows the error screen inside the layout; a broken layout, on its own.
    <Route element={<AppLayout />} errorElement={<ErrorScreen />}>
      <Route errorElement={<ErrorScreen />}>
        <Route index element={<DashboardPage />} />
        <Route path="data" element={<DataListPage />} />
        <Route path="data/:id" element={<DataDetailPage />} />
        <Route path="workflows" element={<WorkflowListPage />} />
        <Route path="workflows/new" element={<WorkflowBuilderPage />} />
        <Route path="workflows/:id" element={<WorkflowBuilderPage />} />
        <Route path="jobs" element={<JobListPage />} />
        <Route path="jobs/:id" element={<JobDetailPage />} />
        <Route path="audit" element={<AuditLogPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Route>,
  ),
);

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={accessibleColors}>
      <trpc.Provider client={trpcClient} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>
          <ModalsProvider>
            <Notifications position="bottom-right" limit={4} />
            <TokenGate />
            <RouterProvider router={router} />
          </ModalsProvider>
        </QueryClientProvider>
      </trpc.Provider>
    </MantineProvider>
  );
}
