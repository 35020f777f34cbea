// hello: the smallest component: one line to its LOG session.
import { log } from "../lib/log.ts";

log("Hello");
