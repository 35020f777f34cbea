// Core's Storage service under a client's bad requests: each answered with an error code, nothing trapping, the store unharmed.
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../../../../kernel/host/devices/storage.ts";
import { initConfig, runSystem, testComponent } from "../../../support/system.ts";

describe("core's Storage service", () => {
  it("answers malformed and bad requests with an error code, and serves good ones after them", async () => {
    const storage = new MemoryStorage(1000);
    const config = initConfig(`<start name="client"> <binary name="storage_client"/> </start>`)
      .replace(`<service name="Clock"/>`, `<service name="Clock"/> <service name="Storage"/>`);
    const run = await runSystem(config, { storage_client: await testComponent("tests/kernel/host/core/assembly/storage_client.ts") }, { storage });
    const line = run.lines.find((l) => l.startsWith("[init -> client] "));
    expect(line?.slice("[init -> client] ".length).split(" ")).toEqual([
      "read-empty=BadMsg", "write-nooffset=BadMsg", "read-nomax=BadMsg", "longstring=BadMsg", "list-nofirst=BadMsg",
      "key-empty=Invalid", "key-dotdot=Invalid", "key-slash=Invalid", "key-long=Invalid",
      "read-big=Invalid", "write-big=Invalid", "write-gap=Invalid", "read-missing=NotFound", "opcode=BadOpcode",
      "overlap=Invalid", "commit=Ok", "read=hello", "read-past=Ok" /* no bytes */, "commit-full=NoSpace", "list=1",
    ]);
    expect(run.lines).toContain(`[init] child "client" exited with exit value 0`);
    expect(run.sys.faults).toEqual([]);
    // Only the one good commit reached the device.
    expect(storage.list()).toEqual([{ key: "k", size: 5 }]);
  });
});
