#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// A precompressed variant of a file: stored beside it as NAME + suffix, served with
/// `Content-Encoding: encoding` to a client that accepts it.
struct CompressionVariant {
  std::string_view suffix;    ///< ".br"
  std::string_view encoding;  ///< "br"
};

/// The variants the build writes and the server looks for, in the order the server
/// prefers them: Brotli, then gzip.
inline constexpr CompressionVariant kCompressionVariants[] = {{".br", "br"}, {".gz", "gzip"}};

/// True for the text files worth compressing, by extension (case-insensitive): .html, .htm,
/// .css, .js, .mjs, .json, .map, .webmanifest, .xml, .svg, .txt, .csv.
bool IsCompressiblePath(std::string_view path);

/// `bytes` in gzip format (zlib, best compression).
std::string GzipCompress(std::string_view bytes);

/// `bytes` in Brotli format (libbrotli, text mode).
std::string BrotliCompress(std::string_view bytes);

/// One compressed form of a file, for the variant of kCompressionVariants[variant].
struct CompressedForm {
  size_t variant = 0;
  std::string bytes;
};

/// The variants of `bytes` worth storing: each that is smaller than `bytes` itself.
std::vector<CompressedForm> CompressedForms(std::string_view bytes);

}  // namespace bulletin
