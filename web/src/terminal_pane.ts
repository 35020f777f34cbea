// The terminal pane: xterm.js filling its element, links clickable, its text open to screen readers.
import { FitAddon } from "@xterm/addon-fit";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";

/** A calm dark theme with enough contrast for long sessions (the One Dark palette). */
const THEME = {
  background: "#14161b",
  foreground: "#d8dee9",
  cursor: "#7fb4ff",
  selectionBackground: "#3a4458",
  black: "#1e2127", red: "#e06c75", green: "#98c379", yellow: "#d19a66",
  blue: "#61afef", magenta: "#c678dd", cyan: "#56b6c2", white: "#abb2bf",
  brightBlack: "#5c6370", brightRed: "#e06c75", brightGreen: "#98c379", brightYellow: "#e5c07b",
  brightBlue: "#61afef", brightMagenta: "#c678dd", brightCyan: "#56b6c2", brightWhite: "#ffffff",
};

export class TerminalPane {
  readonly term: Terminal;
  private fit = new FitAddon();

  constructor(host: HTMLElement, onResize: (columns: number, rows: number) => void) {
    this.term = new Terminal({
      theme: THEME,
      fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      cursorBlink: true,
      scrollback: 5000,
      // The rows as text in the DOM: screen readers read them, and so do the browser tests.
      screenReaderMode: true,
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon());
    this.term.open(host);
    this.fit.fit();
    this.term.onResize(({ cols, rows }) => onResize(cols, rows));
    new ResizeObserver(() => this.fit.fit()).observe(host);
    this.term.focus();
  }

  get columns(): number { return this.term.cols; }
  get rows(): number { return this.term.rows; }
}
