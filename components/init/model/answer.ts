// What a config tool answers: its text and how it came out.

/** How a tool's question came out: fine, problems found (or the request denied), or a question it cannot answer. */
export const enum ToolStatus {
  Fine = 0,
  Problems = 1,
  BadQuestion = 2,
}

export class ToolAnswer {
  constructor(readonly status: i32, readonly text: string) {}
}
