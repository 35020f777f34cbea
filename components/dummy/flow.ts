// How a node that has to wait (a pending session, a sleep) hands control back to the config steps.
//
// Components never block: a node that cannot finish at once returns Step.Wait, and whatever it
// waits for calls resumeSteps() when the wait is over; the steps then go on with the next node.

/** What a node's handler tells the steps. */
export const enum Step {
  /** Done: go on with the next node. */
  Done = 0,
  /** Waiting: resumeSteps() will be called when the wait is over. */
  Wait = 1,
  /** Never again: the component exited or sleeps forever (no further nodes, no config changes). */
  Stop = 2,
}

function nothing(): void {}

let resumeFn: () => void = nothing;

/** Installed by the config steps. */
export function setResume(f: () => void): void { resumeFn = f; }

/** The node that returned Step.Wait is done: the steps go on. */
export function resumeSteps(): void { resumeFn(); }
