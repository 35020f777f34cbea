;; wat_hello: a component written by hand in WebAssembly's text format: one line to its LOG session.
;;
;; What the SDK does for an AssemblyScript component, spelled out: it imports its memory and the
;; syscalls (kernel/abi.ts, components/lib/syscalls.ts), exports its IPC buffer and its start, and
;; speaks the parent's and the LOG session's protocols by the message layout of kernel/abi.ts (Msg):
;; opcode, badge, length, caps, unwrapped, four capability words, then the payload, where a string
;; is its length and its bytes padded to a word.
(module
  (import "wasmode" "call" (func $call (param i32) (result i32)))
  (import "wasmode" "exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1))

  ;; The IPC buffer (Msg.BufferSize, 4096 bytes), 4-aligned: the host finds it by this export.
  (global $ipc i32 (i32.const 1024))
  (export "__ipc_buffer" (global $ipc))

  (data (i32.const 64) "LOG")
  (data (i32.const 128) "Hello from WAT")

  ;; Puts the string of `len` bytes at `src` into the payload at `at`; the payload position after it.
  (func $put_string (param $at i32) (param $src i32) (param $len i32) (result i32)
    (i32.store (local.get $at) (local.get $len))
    (memory.copy (i32.add (local.get $at) (i32.const 4)) (local.get $src) (local.get $len))
    (i32.add (i32.add (local.get $at) (i32.const 4))
      (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4))))

  ;; Sends the message begun in the buffer, whose payload ends at `end`, through `cap`: the syscall's
  ;; error, or the server's result (the reply's opcode word).
  (func $send (param $cap i32) (param $end i32) (result i32)
    (local $e i32)
    ;; Msg.Length: the payload's bytes (it starts at Msg.Payload, 36); Msg.Caps: none go with it.
    (i32.store offset=8 (global.get $ipc) (i32.sub (local.get $end) (i32.add (global.get $ipc) (i32.const 36))))
    (i32.store offset=12 (global.get $ipc) (i32.const 0))
    (local.set $e (call $call (local.get $cap)))
    (if (i32.lt_s (local.get $e) (i32.const 0)) (then (return (local.get $e))))
    (i32.load (global.get $ipc)))

  (func $start (export "_start")
    (local $at i32) (local $r i32) (local $log i32)
    ;; ParentOp.Session (1) to the parent (slot 1): the environment's LOG session (EnvSession.Log, 3),
    ;; service "LOG", label "", no quota (the parent opened it), no args.
    (i32.store (global.get $ipc) (i32.const 1))
    (local.set $at (i32.add (global.get $ipc) (i32.const 36)))
    (i32.store (local.get $at) (i32.const 3))
    (local.set $at (call $put_string (i32.add (local.get $at) (i32.const 4)) (i32.const 64) (i32.const 3)))
    (local.set $at (call $put_string (local.get $at) (i32.const 0) (i32.const 0)))
    (i64.store (local.get $at) (i64.const 0))
    (local.set $at (call $put_string (i32.add (local.get $at) (i32.const 8)) (i32.const 0) (i32.const 0)))
    (local.set $r (call $send (i32.const 1) (local.get $at)))
    ;; No session (an Err, or no capability in the reply): exit with the error's value.
    (if (i32.lt_s (local.get $r) (i32.const 0)) (then (call $exit (i32.sub (i32.const 0) (local.get $r))) (return)))
    (if (i32.ne (i32.load offset=12 (global.get $ipc)) (i32.const 1)) (then (call $exit (i32.const 8)) (return)))
    (local.set $log (i32.load offset=20 (global.get $ipc)))
    ;; LogOp.Write (1): one string, one line behind the component's label.
    (i32.store (global.get $ipc) (i32.const 1))
    (local.set $at (call $put_string (i32.add (global.get $ipc) (i32.const 36)) (i32.const 128) (i32.const 14)))
    (drop (call $send (local.get $log) (local.get $at))))
)
