// Core's ROM service names the module by the label's last element, as Genode's last_element: an empty request label names none.
import { describe, expect, it } from "vitest";
import { romName } from "../../../../kernel/host/core/rom_service.ts";

describe("the module a ROM session label asks for", () => {
  it("is the last element of the label", () => {
    expect(romName("init -> hello")).toBe("hello");
    expect(romName("init -> runtime -> app -> config")).toBe("config");
    expect(romName("hello")).toBe("hello");
  });

  it("is empty for a session asked for with the empty label (\"init -> C -> \"), as Genode's last_element", () => {
    expect(romName("init -> app -> ")).toBe("");
  });
});
