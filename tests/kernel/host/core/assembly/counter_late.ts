// Test service: the counting Hello server (counter_service.ts), a bad update that works for a while: its Add traps after 10 calls (each Add is followed by a Count).
import { serve } from "./counter_service.ts";

serve(20);
