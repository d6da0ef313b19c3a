import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server forwards API calls to the AW server (on PORT, as `pnpm dev` starts it) so the UI and API share one origin.
const apiUrl = process.env.AW_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/trpc": { target: apiUrl, changeOrigin: true },
      "/api": { target: apiUrl, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
