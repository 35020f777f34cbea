// The shell's words for the error codes sessions answer: one clear line per failure.
import { Err } from "../kernel/abi.ts";

export function describeErr(e: i32): string {
  switch (e) {
    case Err.NotFound: return "no such file or directory";
    case Err.Exists: return "already exists";
    case Err.NotEmpty: return "directory not empty";
    case Err.Type: return "is a directory, or not one";
    case Err.Denied: return "permission denied";
    case Err.Rights: return "permission denied";
    case Err.NoSpace: return "no space left";
    case Err.Quota: return "quota exhausted";
    case Err.Invalid: return "invalid argument";
    case Err.Dead: return "the server is gone";
    case Err.Fuel: return "out of fuel";
    case Err.Stale: return "the session is gone";
    default: return "error " + e.toString();
  }
}
