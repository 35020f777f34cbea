// The trigger of init's state report: what every part that changes the reported state calls (Genode's Report_update_trigger).

/** Told of every change the state report shows; the reporter decides when the report goes out. */
export abstract class StateTrigger {
  /** Something the report shows changed: it goes out after the current activation. */
  abstract stateChanged(): void;

  /**
   * A change Genode reports at once, whatever `delay_ms` says: a child's resource request (the
   * child is blocked until a config answers it), its exit, children created or gone in an apply.
   */
  stateChangedNow(): void { this.stateChanged(); }
}
