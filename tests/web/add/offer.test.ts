// The "+" dialog's offer without a browser: the shell's packages report read into packages and their requirements' candidates, and the command a choice makes.
import { DOMParser, onErrorStopParsing } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { readOffer, reportedOffer, startCommand } from "../../../web/src/add/offer.ts";
import type { XmlElement } from "../../../web/src/graph/xml.ts";

function parse(text: string): XmlElement | null {
  try {
    return new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, "text/xml").documentElement as unknown as XmlElement;
  } catch {
    return null;
  }
}

const REPORT = `<packages>
  <package name="hello_server" info="serves Hello sessions" provides="Hello"/>
  <package name="hello_client" info="a client of Hello" provides="">
    <requires key="Hello" text="Hello"> <candidate route="child:hello_server"/> <candidate route="child:other"/> </requires>
    <requires key="File_system:src" text="File_system label src"> <candidate route="parent"/> <candidate route="evil"/> </requires>
  </package>
  <package info="no name: left out"/>
</packages>`;

describe("the packages report", () => {
  it("gives each package's summary, requirements and provisions, and each requirement's candidates in order", () => {
    const offer = readOffer(parse(REPORT));
    expect([...offer.keys()]).toEqual(["hello_server", "hello_client"]);
    expect(offer.get("hello_server")!.view).toEqual({ name: "hello_server", summary: "serves Hello sessions", requires: [], provides: ["Hello"] });
    const client = offer.get("hello_client")!;
    expect(client.view.requires).toEqual(["Hello", "File_system label src"]);
    // A candidate that is neither the parent nor a child is no candidate.
    expect(client.requirements).toEqual([
      { text: "Hello", key: "Hello", candidates: ["child:hello_server", "child:other"] },
      { text: "File_system label src", key: "File_system:src", candidates: ["parent"] },
    ]);
  });

  it("says why there is nothing to offer: no report yet, or an empty or broken one", async () => {
    let latest: string | null = null;
    const offer = reportedOffer(() => latest, parse);
    expect(await offer.packages()).toMatch(/^The shell has not reported its packages yet/);
    latest = "<packages/>";
    expect(await offer.packages()).toMatch(/^The shell reports no packages/);
    latest = "<packages><package";
    expect(await offer.packages()).toMatch(/^The shell reports no packages/);
    latest = REPORT;
    expect((await offer.packages() as { name: string }[]).map((p) => p.name)).toEqual(["hello_server", "hello_client"]);
    expect(offer.requirements("nosuch")).toEqual([]);
  });

  it("makes the shell's command of the choices: start NAME --route KEY=TARGET for each", () => {
    expect(startCommand("hello_client", [["Hello", "child:hello_server"], ["File_system:src", "parent"]])).toBe("start hello_client --route Hello=child:hello_server --route File_system:src=parent");
    expect(startCommand("hello_server", [])).toBe("start hello_server");
  });
});
