// A session core serves: one endpoint of core's, its badge naming the session.
import type { Message } from "./message.ts";
import type { SessionAccount } from "./session_account.ts";

/** Core's PD: the endpoints of its sessions and the signals its sessions keep are in PD 0's capability space. */
export const CORE_PD = 0;

export interface Session {
  /** Core's owner capability of the session's endpoint. */
  slot: number;
  readonly badge: number;
  readonly label: string;
  /** What its client donated and what core's state for it takes of that; none for core's own (the top's parent interface). */
  account?: SessionAccount;
  /** Serves one call; returns the result word. */
  dispatch(msg: Message, caller: number): number;
  /** Called when the session is closed or its client is gone. */
  close?(): void;
}
