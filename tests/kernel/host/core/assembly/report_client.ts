// Test component: asks core for Report sessions with bad arguments, sends the one it gets malformed and bad requests, then a good report.
import { ReportOp } from "../../../../../components/report_session/protocol.ts";
import { exit } from "../../../../../components/lib/component.ts";
import { Connection } from "../../../../../components/lib/connection.ts";
import { log } from "../../../../../components/lib/log.ts";
import * as msg from "../../../../../components/lib/message.ts";
import { call } from "../../../../../components/lib/rpc.ts";
import { errName } from "../../../../components/fs/assembly/names.ts";

const out = new Array<string>();
// Sessions core must refuse: no buffer size, a malformed one, a buffer larger than the donation.
out.push("noargs=" + errName(new Connection("Report", "a", 8192, 1, "").cap));
out.push("badsize=" + errName(new Connection("Report", "b", 8192, 1, "buffer_size=lots").cap));
out.push("unpaid=" + errName(new Connection("Report", "c", 4096, 1, "buffer_size=1M").cap));
const report = new Connection("Report", "state", 8192, 1, "buffer_size=64");
if (!report.ok) {
  log("no Report session: " + errName(report.cap));
  exit(1);
}
const cap = report.cap;

function write(offset: u32, text: string): i32 {
  msg.begin(ReportOp.Write);
  msg.putU32(offset);
  msg.putString(text);
  return call(cap);
}

function submit(length: u32): i32 {
  msg.begin(ReportOp.Submit);
  msg.putU32(length);
  return call(cap);
}

// Messages cut short, lengths past the buffer, an unknown opcode.
msg.begin(ReportOp.Write);
out.push("write-empty=" + errName(call(cap)));
msg.begin(ReportOp.Write);
msg.putU32(0);
msg.putU32(4000);
out.push("write-long=" + errName(call(cap)));
msg.begin(ReportOp.Submit);
out.push("submit-empty=" + errName(call(cap)));
out.push("write-past=" + errName(write(60, "12345678")));
out.push("write-far=" + errName(write(0xffff_fff0, "x")));
out.push("submit-past=" + errName(submit(65)));
msg.begin(99);
out.push("opcode=" + errName(call(cap)));
// A good report after all that.
out.push("write=" + errName(write(0, "<state/>")));
out.push("submit=" + errName(submit(8)));
log(out.join(" "));
exit(0);
