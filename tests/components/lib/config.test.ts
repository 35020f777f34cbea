// Tests of the SDK's config parsers (XML and HID, components/lib/config), run as Wasm through the loader.
import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { callPinned, loadAsModule, type AsModule } from "../../support/as_module.ts";
import { corpusDir, corpusFiles as corpusFilesMatching, describeWithCorpus, itEachCorpusFile, itWithCorpus } from "../../support/paths.ts";

const CORPUS = corpusDir;
const corpusFiles = corpusFilesMatching(/\.(xml|hid)$/);
const read = (file: string) => readFileSync(path.join(CORPUS, file), "utf8");

let m: AsModule;

beforeAll(async () => {
  m = await loadAsModule(["tests/components/lib/config_harness.ts"]);
}, 120_000);

type Arg = string | number | bigint;

/** Calls a harness export; strings are copied in and pinned for the call, since a later allocation may collect them. */
const call = (fn: string, ...args: Arg[]): any => callPinned(m, fn, ...args);

const str = (fn: string, ...args: Arg[]): string => m.__getString(call(fn, ...args));
const toXml = (text: string) => str("parseToXml", text);

describeWithCorpus("conformance corpus", () => {
  it("has files to read", () => {
    expect(corpusFiles.length).toBeGreaterThan(0);
  });

  it.each(corpusFiles)("%s parses without error", (file) => {
    const text = read(file);
    expect(str("describe", text, file)).toBe(`${file}: ok`);
    expect(toXml(text)).not.toMatch(/^ERROR/);
    expect(call("nodeCount", text)).toBeGreaterThan(1);
  });

  it("os_tar_rom.xml and os_tar_rom.hid give the same tree, apart from the HID's empty test-timer config", () => {
    const fromXml = toXml(read("os_tar_rom.xml"));
    const fromHid = toXml(read("os_tar_rom.hid"));
    // the only empty <config/> in the HID version is the one it adds to test-timer
    const emptyConfig = /\n *<config\/>(?=\n)/g;
    expect(fromHid.match(emptyConfig)?.length).toBe(1);
    expect(fromXml.match(emptyConfig)).toBeNull();
    expect(fromHid.replace(emptyConfig, "")).toBe(fromXml);
    expect(fromHid).toMatch(/<start name="test-timer">\n\s*<route>[\s\S]*<\/route>\n\s*<config\/>\n\s*<\/start>/);
  });

  it.each(corpusFiles)("%s round-trips: parse -> toXml -> parse -> toXml is stable", (file) => {
    const first = toXml(read(file));
    const second = str("parseXmlToXml", first);
    expect(second).toBe(first);
    expect(str("parseXmlToXml", second)).toBe(first);
  });

  it.each(corpusFiles.filter((f) => f.endsWith(".xml")))("%s: every node's [start, end) slice is that node", (file) => {
    expect(str("checkSlices", read(file))).toBe("");
  });
});

describe("tree", () => {
  it("keeps line and column of nodes and attributes, and the text content", () => {
    const text = '<?xml version="1.0"?>\n<!-- top -->\n<config verbose="yes">\n\t<start name="a"\n\t       ram=\'2M\'/>\n  <log>  a &lt;b&gt; <![CDATA[ c&d ]]> </log>\n</config>\n';
    expect(str("dumpTree", text)).toBe(
      [
        "config@3:1 [35,149) verbose=yes@3:9",
        "  start@4:2 [59,93) name=a@4:9 ram=2M@5:9",
        '  log@6:3 [96,139) text="a <b>  c&d "',
      ].join("\n"),
    );
  });

  it("reads HID names, attributes, compacted lines, comments, quoted content and disabled nodes", () => {
    const hid = [
      "config | verbose: yes",
      "        arch:    x86_64",
      ". a comment describing config | with a pipe",
      "+ start osci | ram: 8M | . trailing comment",
      "  caps: 100",
      "  + config",
      "  |        fps: 50",
      "  | + channel | label: left  | v_pos: 0.25",
      "  | + channel | label: right | v_pos: 0.75",
      "  + route",
      "    + service ROM | label: recording | + child record_rom",
      "    + any-service                    | + parent",
      "x start disabled | ram: 1M",
      "  + config",
      "+ arg -c",
      "  : while true; do",
      "  :  echo | cat;\tdone",
      "+ env TERM | : screen",
      "-",
      "",
    ].join("\n");
    expect(str("parseHidToXml", hid)).toBe(
      [
        '<config verbose="yes" arch="x86_64">',
        '  <start name="osci" ram="8M" caps="100">',
        '    <config fps="50">',
        '      <channel label="left" v_pos="0.25"/>',
        '      <channel label="right" v_pos="0.75"/>',
        "    </config>",
        "    <route>",
        '      <service name="ROM" label="recording">',
        '        <child name="record_rom"/>',
        "      </service>",
        "      <any-service>",
        "        <parent/>",
        "      </any-service>",
        "    </route>",
        "  </start>",
        '  <arg name="-c">while true; do',
        " echo | cat;\tdone</arg>",
        '  <env name="TERM">screen</env>',
        "</config>",
      ].join("\n"),
    );
    const dump = str("dumpTree", hid).split("\n");
    const span = (from: string, to: string) => `[${hid.indexOf(from)},${hid.indexOf(to) + to.length})`;
    expect(dump[0]).toBe(`config@1:1 [0,${hid.indexOf("\n-\n") + 2}) verbose=yes@1:10 arch=x86_64@2:9`);
    expect(dump[1]).toBe(`  start@4:1 ${span("+ start osci", "+ parent")} name=osci@4:9 ram=8M@4:16 caps=100@5:3`);
    expect(dump).toContain(`    config@6:3 ${span("+ config", "v_pos: 0.75")} fps=50@7:12`);
    expect(dump).toContain(`      service@11:5 ${span("+ service ROM", "+ child record_rom")} name=ROM@11:15 label=recording@11:21`);
    expect(dump).toContain(`  arg@15:1 ${span("+ arg -c", "\tdone")} name=-c@15:7 text="while true; do\\n echo | cat;\tdone"`);
  });

  itWithCorpus("slices an inline config out of the original text (XML and HID)", () => {
    // the index, in document order, of the nested init's <config verbose="yes">
    const indexOfInitConfig = (text: string) =>
      str("dumpTree", text).split("\n").findIndex((line) => /^\s*config@.* verbose=yes@/.test(line));
    const xml = read("os_tar_rom.xml");
    const index = indexOfInitConfig(xml);
    expect(index).toBeGreaterThan(0);
    const slice = str("subtreeSlice", xml, index);
    expect(slice.startsWith('<config verbose="yes">')).toBe(true);
    expect(slice.endsWith("</config>")).toBe(true);
    expect(xml.includes(slice)).toBe(true);
    expect(str("parseXmlToXml", slice)).toBe(str("subtreeXml", xml, index));

    const hid = read("os_tar_rom.hid");
    const hidSlice = str("subtreeSlice", hid, indexOfInitConfig(hid));
    expect(hidSlice.startsWith("+ config | verbose: yes\n")).toBe(true);
    expect(hidSlice.endsWith("|   + config")).toBe(true);
    expect(str("subtreeSlice", hid, 0).endsWith("\n-")).toBe(true);
  });

  it("serializes canonically, escaping values and keeping edge whitespace of text", () => {
    expect(toXml('<a  q=\'say "hi" &amp; &lt;go&gt;\'  nl="1&#10;2"></a>')).toBe(
      '<a q="say &quot;hi&quot; &amp; &lt;go&gt;" nl="1&#10;2"/>',
    );
    expect(toXml("<a> <b/> </a>")).toBe("<a>\n  <b/>\n</a>");
    expect(toXml("<a>&#32;x&#x20;</a>")).toBe("<a>&#32;x&#32;</a>");
    expect(toXml("<a><![CDATA[ ]]></a>")).toBe("<a>&#32;</a>");
    expect(toXml("<a>t<b/></a>")).toBe("<a>\n  t\n  <b/>\n</a>");
    expect(toXml("<a>&#x1F600;</a>")).toBe("<a>\u{1F600}</a>");
    expect(toXml("<a>\n<!-- c --></a>")).toBe("<a/>");
  });

  it("detects the syntax from the first character that is not blank or an XML comment", () => {
    expect(toXml("  \n<!-- c -->\n<a/>")).toBe("<a/>");
    expect(toXml("\n  \nconfig | verbose: yes\n-\n")).toBe('<config verbose="yes"/>'); // blank lines first are fine
    expect(toXml("config | verbose: yes\n-\n")).toBe('<config verbose="yes"/>');
    expect(toXml("config\r\n+ start a\r\n-\r\n")).toBe('<config>\n  <start name="a"/>\n</config>');
  });
});

describe("attribute helpers", () => {
  const doc = (attrs: string) => `<a ${attrs}/>`;
  const u64 = (value: string, dflt = 7n): bigint => BigInt.asUintN(64, call("rootAttrU64", doc(`v="${value}"`), "v", dflt));
  const i64 = (value: string, dflt = 7n): bigint => call("rootAttrI64", doc(`v="${value}"`), "v", dflt);
  const bool = (value: string, dflt: number): number => call("rootAttrBool", doc(`v="${value}"`), "v", dflt);

  it("reads Genode numbers: decimal, 0x hex, K/M/G suffixes", () => {
    expect(u64("0")).toBe(0n);
    expect(u64("4096")).toBe(4096n);
    expect(u64("10M")).toBe(10n * 1024n * 1024n);
    expect(u64("200M")).toBe(200n << 20n);
    expect(u64("16K")).toBe(16n * 1024n);
    expect(u64("2G")).toBe(2n << 30n);
    expect(u64("0x1000")).toBe(4096n);
    expect(u64("0XfF")).toBe(255n);
    expect(u64("0x10K")).toBe(16n * 1024n);
    expect(u64("18446744073709551615")).toBe(18446744073709551615n);
  });

  it("falls back to the default on malformed or overflowing numbers and absent attributes", () => {
    for (const bad of ["", "M", "0x", "0xK", "1.5M", "10 M", " 10", "10m", "10T", "abc", "-1", "0x1g", "18446744073709551616", "17179869184G"]) {
      expect(u64(bad), bad).toBe(7n);
    }
    expect(BigInt.asUintN(64, call("rootAttrU64", "<a/>", "v", 42n))).toBe(42n);
  });

  it("reads signed numbers", () => {
    expect(i64("-1")).toBe(-1n);
    expect(i64("-2K")).toBe(-2048n);
    expect(i64("5")).toBe(5n);
    expect(i64("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(i64("9223372036854775808")).toBe(7n);
    expect(i64("-")).toBe(7n);
    expect(i64("--1")).toBe(7n);
  });

  it("reads booleans", () => {
    for (const yes of ["yes", "true", "on", "1"]) expect(bool(yes, 0), yes).toBe(1);
    for (const no of ["no", "false", "off", "0"]) expect(bool(no, 1), no).toBe(0);
    for (const other of ["", "Yes", "2", "y"]) {
      expect(bool(other, 1), other).toBe(1);
      expect(bool(other, 0), other).toBe(0);
    }
    expect(call("rootAttrBool", "<a/>", "v", 1)).toBe(1);
  });

  it("reads strings, presence and children", () => {
    const text = '<a name="x" empty=""><b n="1"/><c/><b n="2"/></a>';
    expect(str("rootAttr", text, "name")).toBe("x");
    expect(str("rootAttr", text, "empty")).toBe("");
    expect(str("rootAttr", text, "missing")).toBe("<absent>");
    expect(str("rootChildren", text, "b")).toBe('b:2:<b n="1"/>');
    expect(str("rootChildren", text, "d")).toBe("d:0:<none>");
  });
});

describe("malformed input gives line:column and a message", () => {
  const xmlCases: [string, string][] = [
    ["", "1:1: empty input: expected a root element"],
    ["  \n <!-- only a comment -->\n", "3:1: empty input: expected a root element"],
    ["hello <a/>", "1:1: expected '<' to start the root element but found 'h'"],
    ['<config>\n  <start name="a">\n  </config>', "3:3: expected '</start>' but found '</config>'"],
    ["<config>\n  <start>\n", "3:1: unexpected end of input: <start> opened at line 2:3 is not closed"],
    ["<config><start name=a/></config>", "1:21: expected a quoted value for attribute 'name' but found 'a'"],
    ['<config>\n<start name="a" name="b"/>', "2:17: duplicate attribute 'name' in tag <start>"],
    ["<config/>\n<config/>", "2:1: second root element after <config> (a document has exactly one)"],
    ["<config/>\ntext", "2:1: junk after the root element <config>: found 't'"],
    ["<a b>", "1:5: expected '=' after attribute name 'b' but found '>'"],
    ['<a b="1"c="2"/>', "1:9: missing whitespace before attribute in tag <a>"],
    ['<a b="1/>', "1:4: unterminated value of attribute 'b': missing closing '\"'"],
    ['<a b="<"/>', "1:7: '<' is not allowed in the value of attribute 'b' (write &lt;)"],
    ["<a>&nbsp;</a>", "1:4: unknown entity '&nbsp;'"],
    ["<a>fish & chips</a>", "1:9: '&' must start an entity reference like &amp; (missing ';')"],
    ["<a>&#0;</a>", "1:4: invalid character reference '&#0;'"],
    ["<a>&#xD800;</a>", "1:4: invalid character reference '&#xD800;'"],
    ["<a>\n<!-- x\n</a>", "2:1: unterminated comment: missing '-->'"],
    ["<a><![CDATA[x</a>", "1:4: unterminated CDATA section: missing ']]>'"],
    ["<a><1/></a>", "1:5: expected an element name after '<' but found '1'"],
    ["</a>", "1:2: expected an element name after '<' but found '/'"],
    ["<a></b>", "1:4: expected '</a>' but found '</b>'"],
    ["<a></a", "1:4: expected '</a>' but found '</a' followed by end of input"],
    ["<a", "1:1: unexpected end of input inside the tag <a>"],
    ["<a / >", "1:5: expected '>' after '/' in tag <a> but found ' '"],
    ['<a "b"/>', "1:4: expected an attribute name, '>' or '/>' in tag <a> but found '\"'"],
    ["<!DOCTYPE a><a/>", "1:1: unsupported markup '<!' before the root element (only comments are allowed)"],
    ["<a><!DOCTYPE></a>", "1:4: unsupported markup '<!' inside <a> (expected a comment or CDATA section)"],
    ["<?xml version='1.0'", "1:1: unterminated declaration or processing instruction: missing '?>'"],
    ["<a>" + "<a>".repeat(300), "1:601: elements nested deeper than 200 levels"],
  ];

  it.each(xmlCases)("XML %j", (input, expected) => {
    expect(str("parseXmlToXml", input)).toBe(`ERROR ${expected}`);
  });

  const hidCases: [string, string][] = [
    ["", "1:1: empty input: expected a top-level node type"],
    ["config\n+ start a\n", "2:10: missing end marker '-' at the start of a line after <config>"],
    ["config\n+start\n-\n", "2:2: expected a space after '+'"],
    ["config\n+ start a\n  ram 8M\n-\n", "3:6: expected ':' after attribute tag 'ram' but found ' '"],
    ["config\n+ start a\n  ram:8M\n-\n", "3:7: expected a space after 'ram:'"],
    ["config\n+ start a | name: b\n-", "2:13: duplicate attribute 'name' of <start>"],
    ["config\n-\n+ start\n", "3:1: unexpected text after the end marker '-'"],
    ["config\n-x\n", "2:2: unexpected text after the end marker '-'"],
    ["config\nverbose: yes\n-", "2:1: a line starting with a letter would be a second top-level node (indent attributes by at least one space)"],
    ["config\n\t+ start\n-", "2:1: tab character (only comments and quoted content may hold tabs; indent with spaces)"],
    ["config\n+ start\n  ram: 1\u0001M\n-", "3:9: control character U+0001"],
    [
      "config\n+ start a\n  + route\n    + parent\n  caps: 5\n-",
      "5:3: attribute is indented less than its node <parent> (column 5)",
    ],
    ["config\n+ start a\n  : text\n  caps: 5\n-", "4:3: attribute after the quoted content of <start> (attributes come first)"],
    ["config\n+ a\n  : text\n  + b\n-", "4:3: sub node <b> cannot follow quoted content of <a>"],
    ["config\n+ a\n  + b\n : text\n-", "4:2: quoted content is indented less than its node <b> (column 3)"],
    ["config\n+ Start\n-", "2:3: expected a node type (starting with a lower-case letter) but found 'S'"],
    ["config\n+ \n-", "2:3: expected a node type (starting with a lower-case letter) but found nothing"],
    ["config\n+ st@rt\n-", "2:5: invalid character '@' in node type 'st'"],
    ["config\n  & foo\n-", "2:3: unexpected '&' (expected '+ node', 'tag: value', '. comment' or ': content')"],
    [". hello\nconfig\n-", "1:1: comments may not appear above the top-level node"],
    ["  config\n-", "1:1: the top-level node type must start at column 1"],
    ["Config\n-", "1:1: expected the top-level node type (a lower-case letter) but found 'C'"],
    ["config\n" + Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "+ a\n").join("") + "-", "201:200: nodes nested deeper than 200 levels"],
  ];

  it.each(hidCases)("HID %j", (input, expected) => {
    expect(str("parseHidToXml", input)).toBe(`ERROR ${expected}`);
  });

  it("describes errors as file:line:column: message", () => {
    expect(str("describe", "<config>\n  <start>\n  </config>", "init.config")).toBe(
      "init.config:3:3: expected '</start>' but found '</config>'",
    );
    expect(str("describe", "config\n+ start\n", "init.hid")).toBe(
      "init.hid:2:8: missing end marker '-' at the start of a line after <config>",
    );
  });

  it("accepts what HID allows: attributes after node types, empty values, disabled nodes, blank lines", () => {
    expect(str("parseHidToXml", "config\n\n+ default caps: 100\n  ram:\n\nx start b\n  + config\n-\n\n")).toBe(
      '<config>\n  <default caps="100" ram=""/>\n</config>',
    );
    expect(str("parseHidToXml", "config\n+ policy label_prefix: init -> a | writeable: yes\n-")).toBe(
      '<config>\n  <policy label_prefix="init -&gt; a" writeable="yes"/>\n</config>',
    );
  });
});

describe("mutation fuzz: the parser returns ok or an error with a position, and never traps", () => {
  /** mulberry32: a small seeded PRNG so failures reproduce. */
  function prng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const specials = ["<", ">", '"', "'", "/", "=", "&", "|", "+", ":", ".", "-", "x", "\n", " ", "\t", "!", "?", "[", "]", "#", ";", "<!--", "-->", "]]>", "<![CDATA[", "&#x", "\r", "\u0000", "\u{1F600}"];

  function mutate(text: string, random: () => number): string {
    const at = (n: number) => Math.floor(random() * n);
    let out = text;
    const rounds = 1 + at(3);
    for (let r = 0; r < rounds; r++) {
      const i = at(out.length + 1);
      switch (at(7)) {
        case 0: out = out.slice(0, i); break; // truncate
        case 1: out = out.slice(0, i) + out.slice(i + 1); break; // delete a character
        case 2: out = out.slice(0, i) + out.slice(i, i + 1) + out.slice(i); break; // duplicate a character
        case 3: out = out.slice(0, i) + String.fromCharCode(at(128)) + out.slice(i + 1); break; // flip a character
        case 4: out = out.slice(0, i) + specials[at(specials.length)] + out.slice(i); break; // insert markup
        case 5: out = out.slice(0, i) + out.slice(i + 1 + at(40)); break; // delete a range
        default: { // copy a range elsewhere
          const from = at(out.length + 1);
          out = out.slice(0, i) + out.slice(from, from + at(60)) + out.slice(i);
        }
      }
    }
    return out;
  }

  itEachCorpusFile(corpusFiles)("%s survives seeded mutations (300, HID 1500)", (file) => {
    const text = read(file);
    const seed = Number(process.env.CONFIG_FUZZ_SEED ?? 0);
    const random = prng([...file].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261 ^ seed));
    const scale = Number(process.env.CONFIG_FUZZ_SCALE ?? 1); // raise for a longer local run
    const iterations = (file.endsWith(".hid") ? 1500 : 300) * scale;
    let errors = 0;
    for (let n = 0; n < iterations; n++) {
      const mutated = mutate(text, random);
      let problem: string;
      try {
        problem = str("check", mutated);
      } catch (e) {
        problem = `trapped: ${(e as Error).message}`;
      }
      if (problem !== "") expect.fail(`${file} mutation ${n}: ${problem}\n--- input ---\n${mutated}`);
      if (str("parseToXml", mutated).startsWith("ERROR")) errors++;
    }
    expect(errors).toBeGreaterThan(0); // the mutations do reach the error paths
  }, 60_000 * Number(process.env.CONFIG_FUZZ_SCALE ?? 1));

  it("survives random garbage and pathological shapes", () => {
    const random = prng(1234);
    const alphabet = "<>/=\"' \n\t&;#x!?-[]|+:.abcZ09\r";
    for (let n = 0; n < 500; n++) {
      const length = Math.floor(random() * 200);
      let s = n % 2 ? "config\n" : "<";
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      expect(str("check", s), JSON.stringify(s)).toBe("");
    }
    for (const s of ["<a>".repeat(100_000), "<a ".repeat(10_000), "&".repeat(10_000), "config\n" + "  ".repeat(50_000) + "+ a\n-", "<a>" + "x".repeat(200_000) + "</a>", "config\n" + "+ a\n  : x\n".repeat(5_000) + "-", "<a>".repeat(199) + "</a>".repeat(199)]) {
      expect(str("check", s)).toBe("");
    }
  }, 60_000);
});
