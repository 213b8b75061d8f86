#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulletin {

/// A calendar date (no time zone), as written in front matter: YYYY-MM-DD.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  /// Parses exactly YYYY-MM-DD and checks the day exists in that month.
  static std::optional<Date> Parse(std::string_view text);
  /// Today's date in UTC.
  static Date Today();
  /// The UTC date of a moment given in Unix seconds.
  static Date FromUnixSeconds(int64_t seconds);
  /// The date `days` after 1970-01-01 (the inverse of DaysSinceEpoch).
  static Date FromDaysSinceEpoch(int32_t days);

  std::string ToIso() const;      ///< 2024-03-05
  std::string ToLong() const;     ///< 5 March 2024
  std::string ToRfc3339() const;  ///< 2024-03-05T00:00:00Z
  /// The date `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).
  Date AddMonths(int months) const;
  int DaysSinceEpoch() const;

  auto operator<=>(const Date&) const = default;
};

/// "2024-03-05" -> "5 March 2024"; text that is not a YYYY-MM-DD date is returned unchanged.
std::string LongDate(const std::string& iso);

}  // namespace bulletin
