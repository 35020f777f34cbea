// diary: keeps its note "today" in the Notes service, and looks at it whenever the service says it changed.
//
// It opens its Notes session at start and keeps it for its whole life: a note changed by someone
// else, or a session that stops answering, shows in its log.
import { Err } from "../../kernel/abi.ts";
import { log } from "../lib/log.ts";
import { SignalHandler, register, submitCap } from "../lib/signal.ts";
import { NotesConnection } from "../notes_session/connection.ts";

const NOTE = "today";
const TEXT = "Dear diary, today I kept a note.";

class Changed extends SignalHandler {
  constructor(readonly diary: Diary) { super(); }
  handle(count: u32): void { this.diary.check(); }
}

class Diary extends NotesConnection {
  /** What the note said when last looked at: a change is told once. */
  private known: string = TEXT;
  /** The Err the last look failed with (Err.Ok while the note reads): a failure is told once. */
  private failed: i32 = Err.Ok;

  ready(): void {
    if (!this.ok) {
      log("no Notes session (error " + this.cap.toString() + ")");
      return;
    }
    const r = this.write(NOTE, TEXT);
    if (r < 0) {
      log("cannot write my note \"" + NOTE + "\" (error " + r.toString() + ")");
      return;
    }
    const changed = new Changed(this);
    const w = register(changed) < 0 ? Err.NoSpace : this.watch(NOTE, submitCap(changed));
    if (w < 0) log("cannot watch my note \"" + NOTE + "\" (error " + w.toString() + "): changes go unnoticed");
    log("wrote my note \"" + NOTE + "\": " + TEXT);
  }

  /** The note changed: what does it say now? */
  check(): void {
    const text = this.read(NOTE);
    if (text == null) {
      if (this.error != this.failed) log("cannot read my note \"" + NOTE + "\" (error " + this.error.toString() + ")");
      this.failed = this.error;
      return;
    }
    this.failed = Err.Ok;
    if (text == this.known) return;
    this.known = text;
    log("my note \"" + NOTE + "\" was changed behind my back: " + text);
  }
}

new Diary().whenReady();
