// The components the module and flood fuzzers add to the boot image, compiled as the image's are (they are not part of it).
import { compile } from "../kernel/host/builder/compile.ts";
import { componentSpec } from "../bin/recipe.ts";
import { NodeFiles } from "../kernel/host/devices/node_files.ts";
import { packageRoot } from "../bin/paths.ts";

const compiled = new Map<string, Promise<Uint8Array>>();

function binary(name: string, main: string): Promise<Uint8Array> {
  let b = compiled.get(name);
  if (!b) {
    const spec = componentSpec(name, main);
    b = compile(new NodeFiles(packageRoot), spec.name, spec.entries, spec.flags).then((o) => o.binary);
    compiled.set(name, b);
  }
  return b;
}

/** The healthy neighbour: logs "tick N" every 10 ms of its Timer session (the bench's ticker). */
export function tickerModule(): Promise<Uint8Array> {
  return binary("ticker", "bench/components/ticker/main.ts");
}

/** The session flooder, and with mode="healthy" the client that must still be served. */
export function flooderModule(): Promise<Uint8Array> {
  return binary("flooder", "fuzz/components/flooder/flooder.ts");
}
