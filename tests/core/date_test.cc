#include "core/date.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(DateTest, ParsesIsoDates) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ToLong(), "29 February 2024");
  EXPECT_EQ(d->ToRfc3339(), "2024-02-29T00:00:00Z");
}

TEST(DateTest, RejectsImpossibleOrMisformattedDates) {
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("5 March 2024"));
  EXPECT_FALSE(Date::Parse("2024-3-5"));
  EXPECT_FALSE(Date::Parse("05/03/2024"));
}

TEST(DateTest, AddsMonthsClampingToMonthEnd) {
  EXPECT_EQ(Date::Parse("2024-01-31")->AddMonths(1).ToIso(), "2024-02-29");
  EXPECT_EQ(Date::Parse("2024-11-15")->AddMonths(14).ToIso(), "2026-01-15");
}

}  // namespace
}  // namespace bulletin
