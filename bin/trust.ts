// `wasmode trust [add FILE|KEY [NAME] | remove KEYID] [--storage DIR]`: the keys the system in DIR trusts, changed from the host's terminal.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadUserKeys, saveUserKeys } from "../kernel/host/core/user_keys.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { NodeStorage } from "../kernel/host/devices/node_storage.ts";
import { imageTrust, loadImage } from "../kernel/host/image.ts";
import { short } from "../kernel/host/provenance/encoding.ts";
import { parsePublicKey, trustedKey } from "../kernel/host/provenance/keys.ts";
import { UsageError } from "./args.ts";
import { defaultStorageDir } from "./session.ts";

const USAGE = "wasmode trust [add FILE|KEY [NAME] | remove KEYID] [--storage DIR]";

/** Lists, adds or removes; the lines to print. The user's keys live in DIR's storage, beside the files, outside the file system. */
export async function trustCommand(argv: string[], imageDir: string): Promise<string[]> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { storage: { type: "string" } }, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (${USAGE})`);
  }
  const [verb, arg, name] = parsed.positionals;
  const dir = path.resolve(parsed.values.storage ?? defaultStorageDir());
  const storage = new NodeStorage(dir);
  try {
    const user = loadUserKeys(storage);
    if (verb === undefined) {
      const roms = await loadImage(new NodeFiles(path.dirname(imageDir)), path.basename(imageDir));
      const image = imageTrust(roms).keys;
      return [...image.map((k) => `${k.keyid}  ${k.name.padEnd(10)} image`), ...user.map((k) => `${k.keyid}  ${k.name.padEnd(10)} added`),
        "(and the local key of the system in " + dir + ", which signs what it builds)"];
    }
    if (verb === "add" && arg !== undefined && parsed.positionals.length <= 3) {
      const text = fs.existsSync(arg) ? fs.readFileSync(arg, "utf8") : arg;
      let key;
      try { key = trustedKey(parsePublicKey(text), name ?? "user"); } catch (e) { throw new UsageError(`trust add: ${(e as Error).message}`); }
      if (user.some((k) => k.keyid === key.keyid)) return [`key ${short(key.keyid)} is trusted already`];
      saveUserKeys(storage, [...user, key]);
      return [`key ${short(key.keyid)} ("${key.name}") added: binaries it signed run in the system in ${dir} from its next boot`];
    }
    if (verb === "remove" && arg !== undefined && parsed.positionals.length === 2) {
      const found = user.filter((k) => k.keyid.startsWith(arg.toLowerCase()));
      if (found.length !== 1) throw new UsageError(`trust remove: ${found.length ? `"${arg}" names ${found.length} keys` : `no key you added starts with "${arg}"`}`);
      saveUserKeys(storage, user.filter((k) => k !== found[0]));
      return [`key ${short(found[0]!.keyid)} ("${found[0]!.name}") removed`];
    }
    throw new UsageError(USAGE);
  } finally {
    storage.close();
  }
}
