// The register area shared with the host: capability words in and out, results of kernel-served calls.
import { KReg } from "./abi.ts";

export const regs: usize = memory.data(KReg.Words * 4, 16);

@inline export function reg(i: i32): u32 { return load<u32>(regs + (<usize>i << 2)); }
@inline export function setReg(i: i32, v: u32): void { store<u32>(regs + (<usize>i << 2), v); }
