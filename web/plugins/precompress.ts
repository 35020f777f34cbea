// Vite plugin: brotli and gzip copies of the static build's files (FILE.br, FILE.gz), and a preview server that sends them.
//
// Static hosts that serve precompressed files (nginx's gzip_static and brotli_static, most CDNs)
// find them beside the originals; a host that does not simply ignores them. The largest file by
// far is the AssemblyScript compiler (13.6 MB, 2 MB in brotli), fetched on the first build.
// `vite preview` (npm start, the browser tests, the bench) compresses on the fly with gzip only;
// the middleware here sends the copies instead, and lets the browser keep the hashed files.
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing, by extension, with the type a server sends it as. */
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".html": "text/html",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".tar": "application/x-tar",
};

/** Smaller files gain nothing worth a second request's bookkeeping. */
const MIN_BYTES = 1024;

/** Every file under `dir`, as paths relative to it. */
function walk(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]);
}

/** Writes FILE.br and FILE.gz beside each compressible file of `dir` that they make smaller. */
async function compressAll(dir: string): Promise<void> {
  const files = walk(dir).filter((f) => TYPES[path.extname(f)] !== undefined);
  await Promise.all(files.map(async (name) => {
    const file = path.join(dir, name);
    const raw = await readFile(file);
    if (raw.length < MIN_BYTES) return;
    // Brotli's quality 9: 11 saves a tenth more of the compiler but takes half a minute to.
    const [br, gz] = await Promise.all([
      brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      gzip(raw, { level: 9 }),
    ]);
    if (br.length < raw.length) await writeFile(file + ".br", br);
    if (gz.length < raw.length) await writeFile(file + ".gz", gz);
  }));
}

/** The copy to send for `accept` (the request's Accept-Encoding), best first. */
function pick(file: string, accept: string): { suffix: string; encoding: string } | null {
  if (/\bbr\b/.test(accept) && existsSync(file + ".br")) return { suffix: ".br", encoding: "br" };
  if (/\bgzip\b/.test(accept) && existsSync(file + ".gz")) return { suffix: ".gz", encoding: "gzip" };
  return null;
}

/** Serves a file of `dist` from its compressed copy, where it has one and the browser takes it; else leaves it to Vite. */
function servePrecompressed(dist: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let name: string;
    try {
      name = decodeURIComponent(new URL(req.url ?? "/", "http://host").pathname);
    } catch {
      return next();
    }
    const file = path.join(dist, name);
    const type = TYPES[path.extname(name)];
    if (!type || !file.startsWith(dist + path.sep) || !existsSync(file)) return next();
    const copy = pick(file, String(req.headers["accept-encoding"] ?? ""));
    if (!copy) return next();
    const stat = statSync(file + copy.suffix);
    const etag = `W/"${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}-${copy.encoding}"`;
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("ETag", etag);
    // The bundler's files carry a hash of their content in their names: they never change.
    res.setHeader("Cache-Control", name.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    if (req.headers["if-none-match"] === etag) {
      res.statusCode = 304;
      return res.end();
    }
    res.setHeader("Content-Type", type);
    res.setHeader("Content-Encoding", copy.encoding);
    res.setHeader("Content-Length", stat.size);
    if (req.method === "HEAD") return res.end();
    createReadStream(file + copy.suffix).pipe(res);
  };
}

export function precompress(): Plugin {
  let outDir = "";
  return {
    name: "wasmode-precompress",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // Once every file is written, the boot image's copies included.
    async closeBundle() {
      if (existsSync(outDir)) await compressAll(outDir);
    },
    configurePreviewServer(server) {
      server.middlewares.use(servePrecompressed(outDir));
    },
  };
}
