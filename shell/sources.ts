// The sources under /src as the shell reaches them: the merged view is a mount (vfs.ts); diff and reset also see the layers apart.
//
// src_fs tells the layers apart by session label (its <policy layer="…">): "src" is both merged,
// "src_base" the sources the image was built from (read-only), "src_changes" the user's changes.
import { FsConnection } from "../components/fs_session/connection.ts";

/** Where the sources show in the shell's tree, and the label of their session. */
export const SRC_MOUNT = "/src";
export const SRC_LABEL = "src";

export class SourceLayers {
  readonly base: FsConnection = new FsConnection("src_base", "/", false);
  readonly changes: FsConnection = new FsConnection("src_changes");

  /** Both sessions granted. */
  get ok(): bool { return this.base.ok && this.changes.ok; }
}

/** The path inside the sources of a shell path, or null when it lies outside /src. */
export function sourcePath(path: string): string | null {
  if (path == SRC_MOUNT) return "/";
  return path.startsWith(SRC_MOUNT + "/") ? path.substring(SRC_MOUNT.length) : null;
}
