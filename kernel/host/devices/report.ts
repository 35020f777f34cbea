// The report device: where core hands the reports its Report service receives (the page's graph; tests).
//
// Platform-neutral. Genode's core on Linux can write reports to files; Wasmode's core passes each
// submitted report to the platform, which draws it (the page) or keeps it (tests). Core keeps the
// latest report of each label itself, so the device is optional.

export interface ReportSink {
  /** `label` submitted `content` (the whole report, replacing the previous one of that label). */
  report(label: string, content: Uint8Array): void;
}
