#include "core/precompressed.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace bulletin {
namespace {

std::string Gunzip(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  EXPECT_EQ(status, Z_STREAM_END);
  inflateEnd(&stream);
  return out;
}

std::string Unbrotli(const std::string& bytes) {
  std::string out;
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  size_t in_left = bytes.size();
  const uint8_t* in = reinterpret_cast<const uint8_t*>(bytes.data());
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buffer[16384];
    size_t out_left = sizeof buffer;
    uint8_t* next = buffer;
    result = BrotliDecoderDecompressStream(state, &in_left, &in, &out_left, &next, nullptr);
    out.append(reinterpret_cast<char*>(buffer), sizeof buffer - out_left);
  }
  EXPECT_EQ(result, BROTLI_DECODER_RESULT_SUCCESS);
  BrotliDecoderDestroyInstance(state);
  return out;
}

TEST(PrecompressedTest, EveryVariantDecompressesToTheOriginal) {
  std::string page = "<!doctype html><title>Brief</title>";
  for (int i = 0; i < 500; ++i)
    page += "<p>Paragraph " + std::to_string(i) + " of the brief.</p>\n";
  for (const std::string& text : {std::string(), std::string("x"), page}) {
    EXPECT_EQ(Gunzip(GzipCompress(text)), text);
    EXPECT_EQ(Unbrotli(BrotliCompress(text)), text);
  }
  std::vector<CompressedForm> forms = CompressedForms(page);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(kCompressionVariants[forms[0].variant].encoding, "br");
  EXPECT_EQ(Unbrotli(forms[0].bytes), page);
  EXPECT_EQ(Gunzip(forms[1].bytes), page);
  EXPECT_LT(forms[0].bytes.size(), page.size() / 4);
}

TEST(PrecompressedTest, OnlyVariantsThatSaveBytesAreKept) {
  EXPECT_TRUE(CompressedForms("x").empty());
  std::string random;
  uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1103515245 + 12345;
    random += static_cast<char>(state >> 24);
  }
  EXPECT_TRUE(CompressedForms(random).empty());
}

TEST(PrecompressedTest, TextFilesAreCompressibleByExtension) {
  for (const char* path : {"index.html", "a/b.HTM", "assets/site.css", "assets/search.js",
                           "search/manifest.json", "feed.xml", "logo.svg", "robots.txt", "x.csv"}) {
    EXPECT_TRUE(IsCompressiblePath(path)) << path;
  }
  for (const char* path : {"photo.png", "photo.jpg", "font.woff2", "brief.pdf", "index.html.gz",
                           "index.html.br", "README", "dir.html/file"}) {
    EXPECT_FALSE(IsCompressiblePath(path)) << path;
  }
}

}  // namespace
}  // namespace bulletin
