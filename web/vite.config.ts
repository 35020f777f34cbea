// Vite: the page in web/, the boot image (build/image, from `npm run build`) served and copied as /image/ beside it.
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { DEVICE_PACKAGES, toolchainOf } from "../kernel/host/builder/toolchain.ts";
import { compilerChunks } from "./plugins/compiler_chunks.ts";
import { precompress } from "./plugins/precompress.ts";

const web = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(web, "..");
const imageDir = path.join(repo, "build/image");

/** The boot image stays separate files fetched at boot: never bundled, so a rebuilt binary can replace one. */
function bootImage(): Plugin {
  return {
    name: "wasmode-boot-image",
    configureServer(server) {
      server.middlewares.use("/image/", (req, res, next) => {
        const name = decodeURIComponent((req.url ?? "").split("?")[0]!.replace(/^\//, ""));
        const file = path.join(imageDir, name);
        if (name.includes("/") || name.startsWith(".") || !existsSync(file)) return next();
        res.setHeader("Content-Type", name.endsWith(".wasm") ? "application/wasm" : "application/json");
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      if (!existsSync(path.join(imageDir, "manifest.json"))) this.error("build/image has no boot image: run `npm run build` first");
      for (const name of readdirSync(imageDir)) {
        this.emitFile({ type: "asset", fileName: `image/${name}`, source: readFileSync(path.join(imageDir, name)) });
      }
    },
  };
}

export default defineConfig({
  root: web,
  // Relative URLs: the static build works from any folder of any static host.
  base: "./",
  plugins: [bootImage(), precompress()],
  worker: { format: "es", plugins: () => [compilerChunks()] },
  server: { fs: { allow: [repo] } },
  // The compiler packages the page's compiler device runs, for its builds' provenance (web/src/compiler_device.ts).
  define: { __WASMODE_TOOLCHAIN__: JSON.stringify(toolchainOf(readFileSync(path.join(repo, "package-lock.json"), "utf8"), DEVICE_PACKAGES)) },
  build: { outDir: path.join(web, "dist"), emptyOutDir: true, target: "es2022" },
});
