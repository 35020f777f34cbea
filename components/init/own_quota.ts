// Init's own quota, asked of core through a PD session of init's: what it can give its children.
import { PdConnection, PdQuota, ownQuota } from "../lib/pd.ts";

export class OwnQuota {
  /** Opened on first use. */
  private session: PdConnection | null = null;

  /** Init's RAM and capability quota and use now, or null when core cannot tell. */
  now(): PdQuota | null {
    let s = this.session;
    if (s == null) {
      s = new PdConnection();
      this.session = s;
    }
    return s.ok ? ownQuota(s.cap) : null;
  }
}
