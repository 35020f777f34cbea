// The syscalls: the only functions a component imports besides abort (the loader allows these names: kernel/host/module_check.ts SYSCALLS; results are kernel/abi.ts Err).

/** Calls through a capability; the request and the reply are in the IPC buffer. 0 or an Err. */
@external("wasmode", "call") export declare function sys_call(cap: i32): i32;
/** Submits a signal through a capability with the Signal right. */
@external("wasmode", "signal") export declare function sys_signal(cap: i32): i32;
/** A copy of a capability with at most `rights`. Returns the new slot or an Err. */
@external("wasmode", "derive") export declare function sys_derive(cap: i32, rights: u32): i32;
/** Drops a capability; dropping an owner's capability destroys the object. */
@external("wasmode", "drop") export declare function sys_drop(cap: i32): i32;
/** Creates an endpoint this component serves; calls through it arrive with `badge`. */
@external("wasmode", "endpoint") export declare function sys_endpoint(badge: u32): i32;
/** Creates a signal this component receives with `badge`. */
@external("wasmode", "signal_create") export declare function sys_signal_create(badge: u32): i32;
/** Ends the component with an exit code; never returns. */
@external("wasmode", "exit") export declare function sys_exit(code: i32): void;
