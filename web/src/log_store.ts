// The recent log of each component, as the worker forwards core's log lines: the details panel shows it.

/** Lines kept per label: enough to see what a component said lately. */
const KEEP = 200;

export class LogStore {
  private byLabel = new Map<string, string[]>();

  /** Files a `[label] text` line under its label. */
  add(line: string): void {
    const m = /^\[([^\]]+)\] ?/.exec(line);
    if (!m) return;
    // core's fault lines name the component after "[core] ": they belong to it as well.
    const fault = m[1] === "core" ? /^([^:]+): fault: /.exec(line.slice(m[0].length)) : null;
    this.push(m[1]!, line.slice(m[0].length));
    if (fault) this.push(fault[1]!, line.slice(m[0].length + fault[1]!.length + 2));
  }

  /** The lines of `label`, oldest first. */
  of(label: string): string[] { return this.byLabel.get(label) ?? []; }

  private push(label: string, text: string): void {
    let lines = this.byLabel.get(label);
    if (!lines) this.byLabel.set(label, (lines = []));
    lines.push(text);
    if (lines.length > KEEP) lines.splice(0, lines.length - KEEP);
  }
}
