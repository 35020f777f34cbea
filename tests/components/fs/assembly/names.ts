// Test helpers: Err values by name and contents as one log line, for fs_client's log.
import { Err } from "../../../../kernel/abi.ts";

export function errName(e: i32): string {
  switch (e) {
    case Err.Ok: return "Ok";
    case Err.BadCap: return "BadCap";
    case Err.Stale: return "Stale";
    case Err.Rights: return "Rights";
    case Err.Type: return "Type";
    case Err.Dead: return "Dead";
    case Err.Reentrant: return "Reentrant";
    case Err.Depth: return "Depth";
    case Err.BadMsg: return "BadMsg";
    case Err.Quota: return "Quota";
    case Err.Invalid: return "Invalid";
    case Err.BadOpcode: return "BadOpcode";
    case Err.Denied: return "Denied";
    case Err.NotFound: return "NotFound";
    case Err.NoSpace: return "NoSpace";
    case Err.Pending: return "Pending";
    case Err.Exists: return "Exists";
    case Err.NotEmpty: return "NotEmpty";
  }
  return e.toString();
}

/** Content as one log line: text as it is (line breaks as \n), "(empty)" when there is none. */
export function show(bytes: Uint8Array): string {
  if (bytes.length == 0) return "(empty)";
  return String.UTF8.decode(bytes.buffer).replaceAll("\n", "\\n");
}
