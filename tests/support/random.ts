// The seeded random generator the fuzzers use (fuzz/random.ts), for tests: a failing run repeats with its seed.
export { random } from "../../fuzz/random.ts";
