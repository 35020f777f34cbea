// The README's commands verify a binary's provenance without Wasmode (OpenSSL, Python, sha256sum): they pass on the image, and fail on a tampered envelope or binary.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { imageDir, repoRoot } from "../support/paths.ts";

/** The README's block after its verify-outside marker, as it stands. */
function commands(): string {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf("<!-- verify-outside");
  expect(at).toBeGreaterThan(0);
  const start = readme.indexOf("```sh\n", at) + 6;
  return readme.slice(start, readme.indexOf("```", start));
}

/** Runs the commands in a folder holding a copy of the image at build/image: status and output. */
function verify(change?: (image: string) => void): { code: number; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "wasmode-verify-"));
  const image = path.join(dir, "build/image");
  cpSync(imageDir, image, { recursive: true });
  change?.(image);
  try {
    const out = execFileSync("bash", ["-c", commands()], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
}

describe("verification outside Wasmode (README)", () => {
  it("verifies hello.wasm's envelope with openssl and prints its provenance", () => {
    const r = verify();
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('"buildType": "https://wasmode.dev/build/v1"');
    expect(r.out).toContain('"uri": "components/hello/main.ts"');
    expect(r.out).toContain("Signature Verified Successfully");
    expect(r.out).toContain("hello.wasm: sha256 matches its signed provenance");
  });

  it("fails on a tampered envelope: openssl refuses the signature", () => {
    const r = verify((image) => {
      const file = path.join(image, "hello.wasm.intoto.jsonl");
      const env = JSON.parse(readFileSync(file, "utf8"));
      const statement = Buffer.from(env.payload, "base64").toString().replace('"profile":"release"', '"profile":"releasf"');
      env.payload = Buffer.from(statement).toString("base64");
      writeFileSync(file, JSON.stringify(env) + "\n");
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("Signature Verification Failure");
    expect(r.out).not.toContain("matches its signed provenance");
  });

  it("fails on a tampered binary: its sha256 is not the one signed", () => {
    const r = verify((image) => {
      const file = path.join(image, "hello.wasm");
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(file, bytes);
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("Signature Verified Successfully");
    expect(r.out).not.toContain("matches its signed provenance");
  });
});
