import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The build lands in dist/, which Django serves under /static/.
export default defineConfig({
  plugins: [react()],
  base: "/static/",
  build: { outDir: "dist", emptyOutDir: true, manifest: true },
  test: { environment: "jsdom" },
});
