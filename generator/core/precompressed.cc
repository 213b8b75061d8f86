#include "core/precompressed.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

#include "core/text.h"

namespace bulletin {
namespace {

// Quality 9 of 11: within a few percent of 11's size at several times its speed, so a
// large site's build stays quick.
constexpr int kBrotliQuality = 9;

}  // namespace

bool IsCompressiblePath(std::string_view path) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  const std::string extension = AsciiLower(path.substr(dot + 1));
  for (const char* text : {"html", "htm", "css", "js", "mjs", "json", "map", "webmanifest", "xml",
                           "svg", "txt", "csv"}) {
    if (extension == text) return true;
  }
  return false;
}

std::string GzipCompress(std::string_view bytes) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("zlib could not start");
  }
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib could not compress");
  return out;
}

std::string BrotliCompress(std::string_view bytes) {
  std::string out(BrotliEncoderMaxCompressedSize(bytes.size()), '\0');
  size_t size = out.size();
  if (out.empty() ||
      !BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, bytes.size(),
                             reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("brotli could not compress");
  }
  out.resize(size);
  return out;
}

std::vector<CompressedForm> CompressedForms(std::string_view bytes) {
  std::vector<CompressedForm> forms;
  for (size_t i = 0; i < std::size(kCompressionVariants); ++i) {
    std::string compressed =
        kCompressionVariants[i].encoding == "br" ? BrotliCompress(bytes) : GzipCompress(bytes);
    if (compressed.size() < bytes.size()) forms.push_back({i, std::move(compressed)});
  }
  return forms;
}

}  // namespace bulletin
