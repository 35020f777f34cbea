// The wasmode command: `run` boots a config headless and prints its log; `check` and `route` examine a config.
import { UsageError } from "./args.ts";
import { imageDir, packageRoot as root } from "./paths.ts";
import { parseSessionArgs, session } from "./session.ts";

const USAGE = `usage: wasmode                    boot the default system with the shell on this terminal
       wasmode -c 'COMMANDS'       run shell commands in the default system and exit with their status
       wasmode [-c 'COMMANDS'] --storage DIR | --ephemeral
                                   keep the files in DIR (default ~/.local/share/wasmode) or only in memory
       wasmode run CONFIG [--rom FILE ...] [--unsigned] [--image DIR]
       wasmode check CONFIG [--rom FILE ...] [--image DIR] [--any-binary]
       wasmode route CONFIG --from START --service SVC [--label L | --environment] [--config N]
       wasmode build-component SOURCE [-o FILE]
       wasmode trust [add FILE|KEY [NAME] | remove KEYID] [--storage DIR]
  run CONFIG     boot core and init with CONFIG (a Genode init config) and print the log
  check CONFIG   report what is wrong with CONFIG (FILE:LINE: message), or summarize its starts
  route CONFIG   explain where init sends START's SVC session (START may be "sub -> child"),
                 out of nested inits and into them through their <service> forwarding
  build-component SOURCE
                 compile your component (AssemblyScript; the SDK is "wasmode/components/lib/...")
                 into FILE (-o, default SOURCE with .wasm), signed with your release key
                 (FILE.intoto.jsonl), to run with --rom FILE
  trust          the keys whose signed binaries core runs (the image's, and those you add
                 to the system whose files are in DIR); inside, the shell's trust asks you
  --rom FILE     add FILE as a boot module, named by its file name (its provenance
                 FILE.intoto.jsonl beside it comes along)
  --unsigned     run: let the --rom binaries run without signed provenance; every
                 other binary is still checked
  --image DIR    the boot image to use (default: the one Wasmode ships, build/image)
  --any-binary   check: do not require binaries to be in the boot image
  --label L      route: the label START asks with (default: the empty label, which init
                 sees as "START -> ")
  --environment  route: one of START's environment sessions (PD, CPU, LOG, its binary's
                 ROM), labelled "START" alone
  --config N     route: the Nth <init_config> of a test-init script`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-c" || command.startsWith("--storage") || command === "--ephemeral") return session(parseSessionArgs(argv), root);
  if (command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  // The other commands' modules load only for them: the shell starts without the config tools' (the AssemblyScript loader among them).
  const print = (text: string) => process.stdout.write(text);
  if (command === "check") return (await import("./check.ts")).checkCommand(rest, root, print);
  if (command === "route") return (await import("./route.ts")).routeCommand(rest, root, print);
  if (command === "build-component") {
    const { buildComponent, parseBuildComponentArgs } = await import("./build_component.ts");
    return buildComponent(parseBuildComponentArgs(rest), (line) => process.stderr.write(line + "\n"));
  }
  if (command === "trust") {
    for (const line of await (await import("./trust.ts")).trustCommand(rest, imageDir)) print(line + "\n");
    return 0;
  }
  if (command !== "run") throw new UsageError(`unknown command "${command}" (try: wasmode run CONFIG)`);
  const [{ parseRunArgs, run }, { StdoutConsole }] = await Promise.all([import("./run.ts"), import("../kernel/host/devices/node_console.ts")]);
  return run(parseRunArgs(rest, imageDir), new StdoutConsole());
}

main(process.argv.slice(2)).then(
  (code) => process.exitCode = code,
  (e: unknown) => {
    process.stderr.write(`wasmode: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
