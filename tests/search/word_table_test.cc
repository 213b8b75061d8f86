#include "search/word_table.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>

namespace bulletin {
namespace {

TEST(WordTableTest, FindsWhatWasInserted) {
  WordTable table;
  EXPECT_EQ(table.Find("safeguarding"), nullptr);
  table.Insert("safeguarding", 7);
  table.Insert("", 3);
  ASSERT_NE(table.Find("safeguarding"), nullptr);
  EXPECT_EQ(*table.Find("safeguarding"), 7u);
  ASSERT_NE(table.Find(""), nullptr);
  EXPECT_EQ(*table.Find(""), 3u);
  EXPECT_EQ(table.Find("safeguard"), nullptr);
  EXPECT_EQ(table.Find("safeguardingx"), nullptr);
  EXPECT_EQ(table.size(), 2u);
}

TEST(WordTableTest, AgreesWithUnorderedMapAcrossGrowth) {
  // Keys of every length up to past one eight-byte block, many sharing prefixes.
  WordTable table;
  std::unordered_map<std::string, uint32_t> expected;
  for (uint32_t i = 0; i < 50000; ++i) {
    std::string key = "w" + std::to_string(i * 2654435761u % 1000003u);
    key += std::string(i % 19, 'x');
    if (expected.emplace(key, i).second) table.Insert(key, i);
  }
  EXPECT_EQ(table.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const uint32_t* found = table.Find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value) << key;
    EXPECT_EQ(table.Find(key + "y"), nullptr) << key;
  }
}

}  // namespace
}  // namespace bulletin
