// The page's "+": a dialog that lists the packages, walks through a chosen one's requirements with a choice each (as Sculpt's does), then starts it.
//
// What the dialog knows of packages and the runtime comes from an Offer (offer.ts); what it does
// is one shell command, typed on the shell's line, so the shell checks it and the terminal shows it.
import { type Offer, type PackageView, startCommand } from "./offer.ts";

function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls !== undefined) e.className = cls;
  return e;
}

function button(doc: Document, text: string, action: string, run: () => void): HTMLButtonElement {
  const b = h(doc, "button", text);
  b.type = "button";
  b.setAttribute("data-action", action);
  b.addEventListener("click", run);
  return b;
}

/** What a candidate reads as in the dialog. */
function candidateText(c: string): string {
  return c === "parent" ? "the runtime's parent (the system around it)" : `${c.slice("child:".length)}, started in the runtime`;
}

export class AddDialog {
  private readonly dialog: HTMLDialogElement;

  /** `host` gets the "+" button and the dialog; `command` types a shell command (null, or why not). */
  constructor(host: HTMLElement, private readonly offer: Offer, private readonly command: (line: string) => string | null) {
    const doc = host.ownerDocument;
    const plus = button(doc, "+", "add", () => void this.open());
    plus.id = "add";
    plus.title = "Add a component: choose a package, then where each of its sessions goes";
    plus.setAttribute("aria-label", "Add a component");
    this.dialog = h(doc, "dialog");
    this.dialog.id = "add-dialog";
    host.append(plus, this.dialog);
  }

  /** Shows the packages. */
  async open(): Promise<void> {
    const doc = this.dialog.ownerDocument;
    this.show(h(doc, "h2", "Add a component"), h(doc, "p", "Reading the packages…", "note"));
    const packages = await this.offer.packages();
    if (typeof packages === "string") {
      this.show(h(doc, "h2", "Add a component"), h(doc, "p", packages, "problem"), this.footer([]));
      return;
    }
    const list = h(doc, "ul", undefined, "packages");
    for (const p of packages) {
      const item = h(doc, "li");
      const pick = button(doc, p.name, "package", () => this.choose(p));
      pick.setAttribute("data-package", p.name);
      const needs = `requires ${p.requires.length > 0 ? p.requires.join(", ") : "nothing"} · provides ${p.provides.length > 0 ? p.provides.join(", ") : "nothing"}`;
      item.append(pick, h(doc, "span", p.summary, "summary"), h(doc, "span", needs, "needs"));
      list.append(item);
    }
    this.show(h(doc, "h2", "Add a component"), list, this.footer([]));
  }

  /** A choice of provider for each requirement of `pkg`, then Start. */
  private choose(pkg: PackageView): void {
    const doc = this.dialog.ownerDocument;
    const requirements = this.offer.requirements(pkg.name);
    const form = h(doc, "form");
    form.method = "dialog";
    let missing = 0;
    for (const r of requirements) {
      const set = h(doc, "fieldset");
      set.setAttribute("data-requirement", r.key);
      set.append(h(doc, "legend", r.text));
      if (r.candidates.length === 0) {
        missing++;
        set.append(h(doc, "p", `Nothing provides ${r.text}: start a component that does first.`, "problem"));
      }
      for (const [i, c] of r.candidates.entries()) {
        const label = h(doc, "label");
        const radio = h(doc, "input");
        radio.type = "radio";
        radio.name = r.key;
        radio.value = c;
        radio.checked = i === 0;
        label.append(radio, ` ${candidateText(c)}`);
        set.append(label);
      }
      form.append(set);
    }
    if (requirements.length === 0) form.append(h(doc, "p", `${pkg.name} requires nothing beyond what every component gets.`, "note"));
    const problem = h(doc, "p", "", "problem");
    const start = button(doc, "Start", "start", () => {
      const picks = requirements.map((r) => [r.key, (form.querySelector(`input[name="${CSS.escape(r.key)}"]:checked`) as HTMLInputElement | null)?.value ?? ""] as const);
      const why = this.command(startCommand(pkg.name, picks));
      if (why !== null) problem.textContent = why;
      else this.dialog.close();
    });
    start.disabled = missing > 0;
    const back = button(doc, "Back", "back", () => void this.open());
    this.show(h(doc, "h2", `Start ${pkg.name}`), h(doc, "p", pkg.summary, "note"), form, problem, this.footer([back, start]));
  }

  private footer(buttons: HTMLButtonElement[]): HTMLElement {
    const doc = this.dialog.ownerDocument;
    const f = h(doc, "footer");
    f.append(...buttons, button(doc, "Cancel", "cancel", () => this.dialog.close()));
    return f;
  }

  private show(...parts: HTMLElement[]): void {
    this.dialog.replaceChildren(...parts);
    if (!this.dialog.open) this.dialog.showModal();
  }
}
