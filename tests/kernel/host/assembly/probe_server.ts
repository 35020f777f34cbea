// Test component: serves the Probe service.
import { serve } from "./probe_service.ts";

serve();
