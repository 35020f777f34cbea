// ipc_server: the IPC bench's server: announces "Bench"; each call's 64-byte request comes back as a 64-byte reply.
import { Err } from "../../../kernel/abi.ts";
import * as msg from "../../../components/lib/message.ts";
import { Root, SessionRequest, announce } from "../../../components/lib/root.ts";
import { RpcObject } from "../../../components/lib/rpc.ts";

/** Opcode of the one call: payload 16 words in, the same 16 words out. */
const ECHO: i32 = 1;
const WORDS: i32 = 16;
const words = new StaticArray<u32>(WORDS);

class EchoSession extends RpcObject {
  dispatch(op: i32): i32 {
    if (op != ECHO) return Err.BadOpcode;
    // The request and the reply share the IPC buffer: read all of it first.
    if (!msg.getBlock(changetype<usize>(words), WORDS * 4)) return Err.BadMsg;
    msg.begin();
    msg.putBlock(changetype<usize>(words), WORDS * 4);
    return Err.Ok;
  }
}

class EchoRoot extends Root {
  create(request: SessionRequest): RpcObject | null {
    return new EchoSession();
  }
}

announce("Bench", new EchoRoot());
