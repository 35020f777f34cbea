// Test service: the counting Hello server (counter_service.ts), a good version.
import { serve } from "./counter_service.ts";

serve(-1);
