// End to end: a client and a server in two components talking over a session that init routed.
import { describe, expect, it } from "vitest";
import { DEFAULT_CAPS, DEFAULT_RAM } from "../../kernel/host/boot.ts";
import { readRepoFile, runSystem } from "../support/system.ts";

describe("a session between two components", () => {
  it("the client greets and adds through the server, then exits", async () => {
    const run = await runSystem(readRepoFile("examples/hello_pair.xml"));
    expect(run.lines).toEqual([
      "[init -> hello_server] ready",
      // the client asks with the empty label: the server sees "hello_client -> ", as in Genode
      "[init -> hello_server] Hello, hello_client -> !",
      "[init -> hello_client] 2 + 5 = 7",
      `[init] child "hello_client" exited with exit value 0`,
    ]);
  });

  it("quota balances to the byte: donated with the session, given back on close, returned on exit", async () => {
    const run = await runSystem(readRepoFile("examples/hello_pair.xml"));
    const k = run.sys.k;
    const pdOf = (label: string) => [...run.core.labels].find(([, l]) => l === label)![0];
    const server = pdOf("init -> hello_server");
    // The server holds exactly its assignment less its environment (PD, LOG and binary ROM: this
    // config routes no CPU; 4 KiB each, one capability for PD, LOG's two, the binary ROM's five,
    // paid out of the assignment): the client's donation for its Hello session went back when the client closed it.
    expect(k.k_ram_quota(server)).toBe(1024 * 1024 - 3 * 4096);
    expect(k.k_cap_quota(server)).toBe(100 - 8);
    // Nothing was created or lost: the live PDs hold all RAM and capabilities of the system.
    let ram = 0, caps = 0;
    for (const pd of run.core.labels.keys()) {
      if (!k.k_pd_alive(pd)) continue;
      ram += k.k_ram_quota(pd);
      caps += k.k_cap_quota(pd);
    }
    expect(ram).toBe(DEFAULT_RAM);
    expect(caps).toBe(DEFAULT_CAPS);
  });

  it("a request whose server is not there yet stalls until the server announces it, then proceeds", async () => {
    const config = readRepoFile("examples/hello_pair.xml").replace(`\t<start name="hello_client"/>\n`, "").replace(`<start name="hello_server">`, `<start name="hello_client"/>\n\t<start name="hello_server">`);
    expect(config.indexOf("hello_client")).toBeLessThan(config.indexOf(`"hello_server"`));
    const run = await runSystem(config);
    expect(run.lines).toEqual([
      "[init -> hello_server] ready",
      // the client asks with the empty label: the server sees "hello_client -> ", as in Genode
      "[init -> hello_server] Hello, hello_client -> !",
      "[init -> hello_client] 2 + 5 = 7",
      `[init] child "hello_client" exited with exit value 0`,
    ]);
  });

  it("the client's label as the server sees it is the one init gave it", async () => {
    const run = await runSystem(readRepoFile("examples/hello_pair.xml").replace(`<start name="hello_client"/>`, `<start name="greeter"> <binary name="hello_client"/> </start>`));
    expect(run.lines).toContain("[init -> hello_server] Hello, greeter -> !");
    expect(run.lines).toContain("[init -> greeter] 2 + 5 = 7");
  });
});
