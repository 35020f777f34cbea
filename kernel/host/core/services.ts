// The table of core's services: a new one (a device's, say) is its own file and one line here.
import type { CoreServiceMaker } from "./core_service.ts";
import { clockService } from "./clock_service.ts";
import { compilerService } from "./compiler_service.ts";
import { cpuService } from "./cpu_service.ts";
import { logService } from "./log_service.ts";
import { pdService } from "./pd_service.ts";
import { reportService } from "./report_service.ts";
import { signerService } from "./signer_service.ts";
import { romService } from "./rom_service.ts";
import { storageService } from "./storage_service.ts";
import { terminalService } from "./terminal_service.ts";
import { trustService } from "./trust_service.ts";
import { updateService } from "./update_service.ts";

export const CORE_SERVICES: readonly CoreServiceMaker[] = [
  logService,
  romService,
  pdService,
  cpuService,
  clockService,
  terminalService,
  storageService,
  reportService,
  compilerService,
  updateService,
  signerService,
  trustService,
];
