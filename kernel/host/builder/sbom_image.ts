// The SBOM the image carries (sbom.cdx.json): made from the binaries just built, listed in the manifest beside them.
import type { Files } from "../files.ts";
import type { Manifest } from "./builder.ts";
import { writeManifest } from "./builder.ts";
import { makeSbom, serializeSbom } from "./sbom.ts";
import type { SbomInput } from "./sbom.ts";
import { readSbomInput, SBOM_FILE } from "./sbom_input.ts";
import type { SbomPlaces } from "./sbom_input.ts";

const encoder = new TextEncoder();

/** A name-based UUID (version 5 layout) of the bytes' SHA-1: the same content, the same serial. */
async function contentUuid(bytes: Uint8Array): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>)).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = [...h].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The image's SBOM as compact JSON. Two clean builds give byte-identical images, so it has no
 * timestamp and its serial number comes from its content (`npm run sbom` writes one with both).
 */
export async function imageSbomBytes(input: SbomInput): Promise<Uint8Array> {
  const serialNumber = await contentUuid(encoder.encode(serializeSbom(makeSbom(input))));
  return encoder.encode(serializeSbom(makeSbom(input, { serialNumber })));
}

/** Writes sbom.cdx.json into the image from `manifest`'s binaries, and the manifest again with it listed. */
export async function writeImageSbom(files: Files, places: SbomPlaces, manifest: Manifest): Promise<Manifest> {
  const modules = manifest.modules.filter((m) => m.name !== SBOM_FILE);
  await files.write(`${places.imageDir}/${SBOM_FILE}`, await imageSbomBytes(await readSbomInput(files, places, modules)));
  return writeManifest(files, places.imageDir, [...modules.map((m) => m.name), SBOM_FILE]);
}
