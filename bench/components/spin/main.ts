// spin: the hostile component of the hog bench: loops at its start, with whatever fuel its <start> gives (default settings: the default budget).

// A global the loop writes, so that the loop is work the compiler keeps.
let spins: u64 = 0;
while (true) spins++;
