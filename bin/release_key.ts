// The release key `npm run build` signs with: made on first use in the user's config folder, never in the checkout.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { generateKey, importKey, type PrivateJwk, type SigningKey } from "../kernel/host/provenance/keys.ts";

/** $WASMODE_RELEASE_KEY, else $XDG_CONFIG_HOME/wasmode/release-key.jwk, else ~/.config/wasmode/release-key.jwk. */
export function releaseKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WASMODE_RELEASE_KEY) return path.resolve(env.WASMODE_RELEASE_KEY);
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homedir(), ".config");
  return path.join(base, "wasmode", "release-key.jwk");
}

function read(file: string): string | null {
  try { return readFileSync(file, "utf8"); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The release key, made (readable by its owner only) when there is none; `made` says so, for one line of output. */
export async function releaseKey(env: NodeJS.ProcessEnv = process.env): Promise<{ key: SigningKey; file: string; made: boolean }> {
  const file = releaseKeyPath(env);
  let text = read(file);
  let made = false;
  if (text === null) {
    const { jwk } = await generateKey();
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(jwk) + "\n", { mode: 0o600 });
    // link fails when another build made one meanwhile: theirs is kept, and both sign with it.
    try {
      linkSync(tmp, file);
      made = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(tmp);
    }
    text = readFileSync(file, "utf8");
  }
  let jwk: PrivateJwk;
  try { jwk = JSON.parse(text) as PrivateJwk; } catch { throw new Error(`${file}: the release key is not JSON (remove it to make a new one)`); }
  try {
    return { key: await importKey(jwk), file, made };
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message} (remove it to make a new one)`);
  }
}

