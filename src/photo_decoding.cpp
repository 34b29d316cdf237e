#include "codes.hpp"
#include "error.hpp"
#include "modules.hpp"
#include "text.hpp"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <cairo.h>
#include <jpeglib.h>
#include <csetjmp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>

// Part of tally_labels.so: reading barcodes in PNG and JPEG photos with
// zxing-cpp, cairo and libjpeg, reached through LabelsModule (modules.hpp) by decode_image.
namespace tally {

namespace {

// An image as 8-bit grey levels.
struct GreyImage {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
};

struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

void ignore_jpeg_message(j_common_ptr) {}

// Decodes a JPEG with libjpeg-turbo. Only plain C objects live in this
// function, so leaving it by longjmp on an error skips no destructor.
bool decode_jpeg(const std::string& bytes, GreyImage& image, std::string& error) {
  jpeg_decompress_struct info;
  JpegErrors errors;
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = on_jpeg_error;
  errors.manager.output_message = ignore_jpeg_message;
  errors.message[0] = '\0';
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    error = errors.message;
    return false;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&info);
  image.width = static_cast<int>(info.output_width);
  image.height = static_cast<int>(info.output_height);
  image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.pixels.data() + static_cast<std::size_t>(info.output_scanline) * image.width;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return true;
}

struct PngReader {
  const std::string* bytes;
  std::size_t offset = 0;
};

cairo_status_t read_png_bytes(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->offset + length > reader->bytes->size()) {
    return CAIRO_STATUS_READ_ERROR;
  }
  std::memcpy(data, reader->bytes->data() + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

// Decodes a PNG with cairo, flattened onto white (transparent pixels read as paper).
bool decode_png(const std::string& bytes, GreyImage& image, std::string& error) {
  PngReader reader{&bytes};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> png(
      cairo_image_surface_create_from_png_stream(read_png_bytes, &reader), cairo_surface_destroy);
  if (cairo_surface_status(png.get()) != CAIRO_STATUS_SUCCESS) {
    error = cairo_status_to_string(cairo_surface_status(png.get()));
    return false;
  }
  image.width = cairo_image_surface_get_width(png.get());
  image.height = cairo_image_surface_get_height(png.get());
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> flat(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height), cairo_surface_destroy);
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(flat.get()), cairo_destroy);
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_surface(cr.get(), png.get(), 0, 0);
    cairo_paint(cr.get());
  }
  cairo_surface_flush(flat.get());
  const unsigned char* data = cairo_image_surface_get_data(flat.get());
  const int stride = cairo_image_surface_get_stride(flat.get());
  image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < image.width; ++x) {
      const std::uint32_t p = row[x];
      const unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
      image.pixels[static_cast<std::size_t>(y) * image.width + x] =
          static_cast<unsigned char>((r * 299 + g * 587 + b * 114) / 1000);
    }
  }
  return true;
}

std::string symbology_of(ZXing::BarcodeFormat format) {
  switch (format) {
    case ZXing::BarcodeFormat::Code128:
      return "code128";
    case ZXing::BarcodeFormat::QRCode:
      return "qr";
    case ZXing::BarcodeFormat::DataMatrix:
      return "datamatrix";
    default:
      break;
  }
  std::string name = ZXing::ToString(format);
  name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return !std::isalnum(c); }), name.end());
  return lower(name);
}

// The code as every scan path reads it: parse_scan on the symbology identifier
// and the text; a GS1 string becomes the bracketed form, so that it parses as
// GS1 wherever it goes next (audits, lookups).
std::string scan_text(const ZXing::Result& result) {
  const ScanParse parsed = parse_scan(result.symbologyIdentifier() + result.text());
  if (!parsed.code) {
    return result.text();
  }
  if (!parsed.code->gs1) {
    return parsed.code->text;
  }
  std::string bracketed;
  for (const auto& [ai, value] : parsed.code->ais) {
    bracketed += "(" + ai + ")" + value;
  }
  return bracketed;
}

// The barcodes in `image`, in the order first found.
std::vector<FoundBarcode> read_barcodes(GreyImage& image) {
  // Several passes, each kept away from a zxing-cpp 1.4 (Debian 12) defect
  // as far as it can be: it trips an assertion in Result::operator== (abort)
  // when it merges linear codes found on many rows or at several scales
  // (tryHarder, tryRotate, and tryDownscale, which an image of 500 pixels or
  // more gets by default: a camera frame of a Code 128 box label tripped it).
  // Other asserts remain (read_barcodes_aside). So linear codes are read
  // without any of the three, on the whole image and then on overlapping
  // horizontal bands (each band gets its own scan lines, which finds labels
  // a whole-image pass steps over); matrix codes are read with both, with
  // each binarizer, on the whole image and on its quarters. Codes are kept
  // once, in the order first found.
  const ZXing::ImageView view(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum);
  std::vector<FoundBarcode> found;
  std::set<std::pair<std::string, std::string>> seen;
  const auto read = [&](const ZXing::ImageView& part, const ZXing::DecodeHints& hints) {
    for (const auto& result : ZXing::ReadBarcodes(part, hints)) {
      if (result.isValid()) {
        FoundBarcode code{symbology_of(result.format()), scan_text(result)};
        if (seen.insert({code.symbology, code.code}).second) {
          found.push_back(std::move(code));
        }
      }
    }
  };
  ZXing::DecodeHints linear;
  linear.setTryHarder(false).setTryRotate(false).setTryDownscale(false).setFormats(ZXing::BarcodeFormat::LinearCodes);
  read(view, linear);
  const int band = std::max(image.height / 6, 1);
  for (int top = 0; top < image.height; top += std::max(band / 2, 1)) {
    read(view.cropped(0, top, image.width, std::min(band, image.height - top)), linear);
  }
  for (const auto binarizer : {ZXing::Binarizer::LocalAverage, ZXing::Binarizer::GlobalHistogram}) {
    ZXing::DecodeHints matrix;
    matrix.setTryHarder(true).setTryRotate(true).setBinarizer(binarizer).setFormats(ZXing::BarcodeFormat::MatrixCodes);
    read(view, matrix);
    const int half_w = image.width / 2;
    const int half_h = image.height / 2;
    for (const auto& [left, top] :
         std::vector<std::pair<int, int>>{{0, 0}, {half_w, 0}, {0, half_h}, {half_w, half_h}}) {
      read(view.cropped(left, top, image.width - half_w, image.height - half_h), matrix);
    }
  }
  return found;
}

// What a child writes back: for each code, its symbology and text, each as a length and the bytes.
void put_text(std::string& out, const std::string& text) {
  const std::uint32_t n = static_cast<std::uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out += text;
}

bool take_text(const std::string& in, std::size_t& at, std::string& text) {
  std::uint32_t n = 0;
  if (in.size() - at < sizeof n) {
    return false;
  }
  std::memcpy(&n, in.data() + at, sizeof n);
  at += sizeof n;
  if (in.size() - at < n) {
    return false;
  }
  text.assign(in, at, n);
  at += n;
  return true;
}

// read_barcodes in a child process. zxing-cpp 1.4 (Debian 12) aborts on an
// assertion for some images (Result::operator== on linear codes read on
// several rows, and a few detector asserts: upstream issues 399, 516, 740),
// and a photo is untrusted input: in `tally serve` one such camera frame
// would end the server. The child decodes and writes the codes to a pipe; an
// abort or a hang (bounded by k_child_seconds) is a refusal naming the image.
constexpr int k_child_seconds = 20;

std::vector<FoundBarcode> read_barcodes_aside(GreyImage& image, const std::string& what) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cannot read barcodes: pipe: ") + std::strerror(errno));
  }
  const pid_t child = fork();
  if (child < 0) {
    const int e = errno;
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw std::runtime_error(std::string("cannot read barcodes: fork: ") + std::strerror(e));
  }
  if (child == 0) {
    close(pipe_fds[0]);
    alarm(k_child_seconds);
    std::string out;
    for (const auto& code : read_barcodes(image)) {
      put_text(out, code.symbology);
      put_text(out, code.code);
    }
    for (std::size_t at = 0; at < out.size();) {
      const ssize_t n = write(pipe_fds[1], out.data() + at, out.size() - at);
      if (n <= 0) {
        _exit(1);
      }
      at += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string in;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n > 0) {
      in.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw refused("cannot read the barcodes in " + what + ": the barcode reader (zxing-cpp) " +
                  (WIFSIGNALED(status) ? std::string("stopped with signal ") + strsignal(WTERMSIG(status))
                                       : std::string("failed")) +
                  " on this image; take another photo (closer, straight on, the whole label in view)");
  }
  std::vector<FoundBarcode> found;
  for (std::size_t at = 0; at < in.size();) {
    FoundBarcode code;
    if (!take_text(in, at, code.symbology) || !take_text(in, at, code.code)) {
      throw std::runtime_error("cannot read barcodes: the reader's answer for " + what + " was cut short");
    }
    found.push_back(std::move(code));
  }
  return found;
}

}  // namespace

namespace photo {

std::vector<FoundBarcode> decode_image(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw refused("cannot read image " + path + ": " + std::strerror(errno));
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_image_bytes(bytes, "image " + path);
}

std::vector<FoundBarcode> decode_image_bytes(const std::string& bytes, const std::string& what) {
  GreyImage image;
  std::string error;
  bool ok = false;
  if (bytes.size() >= 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
    ok = decode_png(bytes, image, error);
  } else if (bytes.size() >= 3 && bytes.compare(0, 3, "\xFF\xD8\xFF") == 0) {
    ok = decode_jpeg(bytes, image, error);
  } else {
    throw refused(what + " is not a PNG or JPEG file");
  }
  if (!ok) {
    throw refused("cannot decode " + what + ": " + error);
  }
  return read_barcodes_aside(image, what);
}

}  // namespace photo

}  // namespace tally
