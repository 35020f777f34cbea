// Core's Storage service under a client's bad requests: each answered with an error code, nothing trapping, the store unharmed, core's own key out of reach.
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../../../kernel/host/devices/storage.ts";
import { generateKey } from "../../../../kernel/host/provenance/keys.ts";
import { initConfig, runSystem, testComponent } from "../../../support/system.ts";

describe("core's Storage service", () => {
  it("answers malformed and bad requests with an error code, and serves good ones after them", async () => {
    const storage = new MemoryStorage(1200);
    // Core's local key, kept beside the files: no session lists, reads, overwrites or removes it.
    const secret = new TextEncoder().encode(JSON.stringify((await generateKey()).jwk));
    storage.commit(new Map([["_core.local-key", secret]]));
    const config = initConfig(`<start name="client"> <binary name="storage_client"/> </start>`)
      .replace(`<service name="Clock"/>`, `<service name="Clock"/> <service name="Storage"/>`);
    const run = await runSystem(config, { storage_client: await testComponent("tests/kernel/host/core/assembly/storage_client.ts") }, { storage });
    const line = run.lines.find((l) => l.startsWith("[init -> client] "));
    expect(line?.slice("[init -> client] ".length).split(" ")).toEqual([
      "read-empty=BadMsg", "write-nooffset=BadMsg", "read-nomax=BadMsg", "longstring=BadMsg", "list-nofirst=BadMsg",
      "key-empty=Invalid", "key-dotdot=Invalid", "key-slash=Invalid", "key-long=Invalid",
      "read-big=Invalid", "write-big=Invalid", "write-gap=Invalid", "read-missing=NotFound", "opcode=BadOpcode",
      "overlap=Invalid", "commit=Ok", "read=hello", "read-past=Ok" /* no bytes */, "commit-full=NoSpace",
      "core-read=NotFound", "core-write=Denied", "core-remove=Denied", "core-commit=Ok", "list=1",
    ]);
    expect(run.lines).toContain(`[init] child "client" exited with exit value 0`);
    expect(run.sys.faults).toEqual([]);
    // Only the one good commit reached the device (and an empty one); core's key is as it was.
    expect(storage.list()).toEqual([{ key: "_core.local-key", size: secret.length }, { key: "k", size: 5 }]);
    expect(storage.read("_core.local-key")).toEqual(secret);
    expect(run.lines).toContain(`[core] init -> client -> : storage write of "_core.local-key" refused: keys starting with "_core." are core's own`);
    expect(run.lines).toContain(`[core] init -> client -> : storage remove of "_core.local-key" refused: keys starting with "_core." are core's own`);
  });
});
