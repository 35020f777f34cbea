// Test service: the counting Hello server (counter_service.ts), a bad update: its first Add traps.
import { serve } from "./counter_service.ts";

serve(0);
