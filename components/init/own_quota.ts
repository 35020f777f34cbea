// Init's own quota, asked of core through a PD session of init's: what it can give its children.
import { PdConnection, PdQuota, ownQuota } from "../lib/pd.ts";

let session: PdConnection | null = null;

/** Init's RAM and capability quota and use now, or null when core cannot tell. */
export function initQuota(): PdQuota | null {
  let s = session;
  if (s == null) {
    s = new PdConnection();
    session = s;
  }
  return s.ok ? ownQuota(s.cap) : null;
}
