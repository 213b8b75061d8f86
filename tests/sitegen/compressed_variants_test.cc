// The build writes .br and .gz variants beside the site's text files; each decompresses to
// the file it stands beside.
#include "sitegen/compressed_variants.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>

#include "core/precompressed.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

std::string Gunzip(const std::string& bytes) {
  std::string out(64u << 20, '\0');
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = inflate(&stream, Z_FINISH);
  out.resize(status == Z_STREAM_END ? stream.total_out : 0);
  inflateEnd(&stream);
  return status == Z_STREAM_END ? out : "(not gzip)";
}

std::string Unbrotli(const std::string& bytes) {
  std::string out(64u << 20, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    return "(not brotli)";
  }
  out.resize(size);
  return out;
}

using CompressedVariantsTest = testing::MinimalSiteTest;

TEST_F(CompressedVariantsTest, EveryTextFileHasVariantsThatDecompressToIt) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  namespace fs = std::filesystem;
  const fs::path site = tmp_ / "site";
  int compressible = 0, with_both = 0;
  for (const auto& entry : fs::recursive_directory_iterator(site)) {
    if (!entry.is_regular_file()) continue;
    std::string path = entry.path().string();
    std::string rel = fs::relative(entry.path(), site).string();
    if (path.ends_with(".gz")) {
      std::string original = path.substr(0, path.size() - 3);
      ASSERT_TRUE(fs::exists(original)) << rel;
      EXPECT_EQ(Gunzip(testing::ReadAll(path)), testing::ReadAll(original)) << rel;
    } else if (path.ends_with(".br")) {
      std::string original = path.substr(0, path.size() - 3);
      ASSERT_TRUE(fs::exists(original)) << rel;
      EXPECT_EQ(Unbrotli(testing::ReadAll(path)), testing::ReadAll(original)) << rel;
    } else if (IsCompressiblePath(rel)) {
      ++compressible;
      bool both = fs::exists(path + ".gz") && fs::exists(path + ".br");
      with_both += both;
      // Every page of any size gains from compression.
      if (entry.file_size() > 1024) {
        EXPECT_TRUE(both) << rel;
      }
    } else {
      EXPECT_FALSE(fs::exists(path + ".gz")) << rel << " is not text";
    }
  }
  EXPECT_GT(compressible, 10);
  EXPECT_GT(with_both, 10);
}

TEST_F(CompressedVariantsTest, AnUnchangedRebuildKeepsTheVariants) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string gz = Page("index.html.gz");
  ASSERT_FALSE(gz.empty());
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_EQ(Page("index.html.gz"), gz);
  EXPECT_EQ(Gunzip(Page("index.html.gz")), Page("index.html"));
  EXPECT_EQ(Unbrotli(Page("index.html.br")), Page("index.html"));
}

}  // namespace
}  // namespace bulletin
