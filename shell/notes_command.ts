// notes: the shell as a client of the Notes service: write, read and list the shell's notes through a session opened on first use.
import { Err } from "../kernel/abi.ts";
import { NotesConnection } from "../components/notes_session/connection.ts";
import { NotesLimit } from "../components/notes_session/protocol.ts";
import { Context, fail } from "./commands.ts";
import { describeErr } from "./errors.ts";
import { Output } from "./output.ts";

const USAGE = "notes write NAME TEXT, notes read NAME, notes list";

/** The shell's Notes session, opened on first use; null after a line saying why there is none yet. */
function session(cx: Context, out: Output): NotesConnection | null {
  let notes = cx.notes;
  if (notes == null) {
    notes = new NotesConnection();
    cx.notes = notes;
    // A service that is not up yet answers later: the session settles meanwhile.
    if (notes.pending) notes.whenReady();
  }
  if (notes.ok) return notes;
  if (notes.pending) fail(out, "notes", "the Notes service is not there yet (try again in a moment)");
  else if (notes.cap == Err.Denied || notes.cap == Err.NotFound) fail(out, "notes", "no Notes session (the shell's routes grant none)");
  else fail(out, "notes", "no Notes session (" + describeErr(notes.cap) + ")");
  return null;
}

/** What an Err of the Notes service means for the note `name`. */
function describe(name: string, e: i32): string {
  if (e == Err.Invalid) return name + ": refused: not a note's name, or too long (a name is one word of at most " + (<i32>NotesLimit.Name).toString() + " bytes: no /, no .., not empty; a text at most " + (<i32>NotesLimit.Text).toString() + " bytes)";
  if (e == Err.NotFound) return name + ": no such note";
  if (e == Err.NoSpace) return name + ": no room for another note (a client keeps " + (<i32>NotesLimit.Notes).toString() + " at most)";
  if (e == Err.Dead || e == Err.Stale) return name + ": the Notes service is gone";
  return name + ": " + describeErr(e);
}

export function notes(cx: Context, argv: Array<string>, out: Output): i32 {
  const what = argv.length > 1 ? argv[1] : "";
  if (what == "write") {
    if (argv.length < 4) return fail(out, "notes", "notes write NAME TEXT");
  } else if (what == "read") {
    if (argv.length != 3) return fail(out, "notes", "notes read NAME");
  } else if (what == "list") {
    if (argv.length != 2) return fail(out, "notes", "notes list");
  } else {
    return fail(out, "notes", what.length == 0 ? USAGE : "unknown: " + what + " (" + USAGE + ")");
  }
  const s = session(cx, out);
  if (s == null) return 1;
  if (what == "write") {
    const r = s.write(argv[2], argv.slice(3).join(" "));
    return r < 0 ? fail(out, "notes", describe(argv[2], r)) : 0;
  }
  if (what == "read") {
    const text = s.read(argv[2]);
    if (text == null) return fail(out, "notes", describe(argv[2], s.error));
    out.line(text);
    return 0;
  }
  const list = s.list();
  if (list == null) return fail(out, "notes", describeErr(s.error));
  for (let i = 0; i < list.names.length; i++) out.line(list.names[i]);
  out.line("(" + list.names.length.toString() + (list.names.length == 1 ? " note, " : " notes, ") + list.written.toString() + " written through this session)");
  return 0;
}
