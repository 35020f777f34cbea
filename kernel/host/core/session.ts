// A session core serves: one endpoint of core's, its badge naming the session.
import type { Message } from "./message.ts";

export interface Session {
  /** Core's owner capability of the session's endpoint. */
  slot: number;
  readonly badge: number;
  readonly label: string;
  /** Serves one call; returns the result word. */
  dispatch(msg: Message, caller: number): number;
  /** Called when the session is closed or its client is gone. */
  close?(): void;
}
