#include "search/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace bulletin {
namespace {

// What the index writer wrote before it had its own JSON writer.
std::string NlohmannDump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(std::string_view s) {
  std::string out = "prefix";
  AppendJsonString(s, &out);
  return out.substr(6);
}

TEST(JsonTextTest, EscapesLikeNlohmann) {
  static const char kControls[] = "controls \b \t \n \f \r \x01 \x1f \x7f and a nul \0 here";
  const std::string cases[] = {
      "",
      "plain text",
      "quote \" backslash \\ slash / </script>",
      std::string(kControls, sizeof(kControls) - 1),  // the nul included
      "non-ASCII: \u00c9mile Stra\u00dfe \u2019 \u2028 \U0001F600",
  };
  for (const std::string& s : cases) {
    EXPECT_EQ(Written(s), NlohmannDump(s)) << s;
  }
}

TEST(JsonTextTest, ReplacesInvalidUtf8LikeNlohmann) {
  const std::string cases[] = {
      "lone continuation \x80 byte",
      "truncated \xc3",
      "truncated \xe2\x80 then text",
      "overlong \xc0\xaf and \xe0\x80\xaf",
      "surrogate \xed\xa0\x80",
      "past U+10FFFF \xf4\x90\x80\x80",
      "broken then valid \xe2\x28\xa1 \xc3\xa9",
      "\xff\xfe",
  };
  for (const std::string& s : cases) {
    EXPECT_EQ(Written(s), NlohmannDump(s)) << s;
  }
}

TEST(JsonTextTest, EveryByteAloneAndAfterALetterMatchesNlohmann) {
  for (int b = 0; b < 256; ++b) {
    std::string s(1, static_cast<char>(b));
    EXPECT_EQ(Written(s), NlohmannDump(s)) << b;
    s = "a" + s + "z";
    EXPECT_EQ(Written(s), NlohmannDump(s)) << b;
  }
}

TEST(JsonTextTest, WritesArraysLikeNlohmann) {
  for (const std::vector<std::string>& v : std::vector<std::vector<std::string>>{
           {}, {"one"}, {"Social workers", "GPs \"and\" nurses"}}) {
    std::string out;
    AppendJsonStringArray(v, &out);
    EXPECT_EQ(out, NlohmannDump(v));
  }
}

}  // namespace
}  // namespace bulletin
