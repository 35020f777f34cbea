// XML escaping (components/lib/xml_escape.ts): one function, and both compilers make the same of it.
import { beforeAll, describe, expect, it } from "vitest";
import { escapeXml } from "../../../components/lib/xml_escape.ts";
import { callForString, loadAsModule, type AsModule } from "../../support/as_module.ts";

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["components/lib/xml_escape.ts"]);
});

const SAMPLES = ["", "plain", `a & b < c > d "e" 'f'`, "init -> shell", "line\nnext\ttab\rcr\u0001", "&amp;", "\u00e9\u{1f600}<"];

describe("escapeXml", () => {
  it("escapes what XML needs, in text and in attributes", () => {
    expect(escapeXml(`a & b < c > d "e"`, false)).toBe(`a &amp; b &lt; c &gt; d "e"`);
    expect(escapeXml(`a & b < c > d "e"`, true)).toBe(`a &amp; b &lt; c &gt; d &quot;e&quot;`);
    expect(escapeXml("x\ny\tz\r\u0001", false)).toBe("x\ny\tz&#13;&#1;");
    expect(escapeXml("x\ny\tz", true)).toBe("x&#10;y&#9;z");
  });

  it("gives the same in AssemblyScript as in TypeScript", () => {
    for (const s of SAMPLES) for (const attr of [false, true]) {
      expect(callForString(m, "escapeXml", s, attr ? 1 : 0), JSON.stringify(s)).toBe(escapeXml(s, attr));
    }
  });
});
