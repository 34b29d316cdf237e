// A Y4M video (what chromium's fake camera plays) made from a PNG image: the image, in grey, centred on a white
// frame. Only the PNGs Tally writes are needed: 8 bits per sample, not interlaced, any colour type but palette.
import { readFileSync, writeFileSync } from "node:fs";
import { inflateSync } from "node:zlib";

// The PNG's pixels as grey levels: { width, height, grey: Uint8Array }.
export function read_png_grey(path) {
  const bytes = readFileSync(path);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) {
    throw new Error(path + " is not a PNG file");
  }
  let width = 0;
  let height = 0;
  let type = 0;
  const data = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const kind = bytes.toString("latin1", at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (kind === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      type = body[9];
      if (body[8] !== 8 || body[12] !== 0 || type === 3) {
        throw new Error(path + ": only 8-bit, non-interlaced, non-palette PNGs are read here");
      }
    } else if (kind === "IDAT") {
      data.push(body);
    } else if (kind === "IEND") {
      break;
    }
    at += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; ++x) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let p = 0;
      if (filter === 1) {
        p = a;
      } else if (filter === 2) {
        p = b;
      } else if (filter === 3) {
        p = (a + b) >> 1;
      } else if (filter === 4) {
        const e = a + b - c;
        const pa = Math.abs(e - a);
        const pb = Math.abs(e - b);
        const pc = Math.abs(e - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (v + p) & 0xff;
    }
  }
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; ++i) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const level = channels >= 3 ? Math.round(0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2]) : px[0];
    const alpha = channels === 4 ? px[3] : channels === 2 ? px[1] : 255;
    grey[i] = Math.round((level * alpha + 255 * (255 - alpha)) / 255); // over white
  }
  return { width, height, grey };
}

// Writes `frames` frames of the grey image centred on a white W x H frame (4:2:0, grey: chroma 128).
export function write_y4m(path, image, W = 800, H = 600, frames = 10) {
  const luma = new Uint8Array(W * H).fill(255);
  const left = Math.max(0, (W - image.width) >> 1);
  const top = Math.max(0, (H - image.height) >> 1);
  for (let y = 0; y < Math.min(image.height, H); ++y) {
    for (let x = 0; x < Math.min(image.width, W); ++x) {
      luma[(top + y) * W + left + x] = image.grey[y * image.width + x];
    }
  }
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const parts = [Buffer.from("YUV4MPEG2 W" + W + " H" + H + " F10:1 Ip A1:1 C420jpeg\n")];
  for (let i = 0; i < frames; ++i) {
    parts.push(Buffer.from("FRAME\n"), luma, chroma, chroma);
  }
  writeFileSync(path, Buffer.concat(parts));
}
