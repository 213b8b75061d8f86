#include "core/date.h"

#include <chrono>
#include <cstdio>

namespace bulletin {

namespace {
const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

std::chrono::year_month_day ToYmd(const Date& d) {
  return std::chrono::year{d.year} / std::chrono::month{static_cast<unsigned>(d.month)} /
         std::chrono::day{static_cast<unsigned>(d.day)};
}
}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 1900 || !ToYmd(d).ok()) return std::nullopt;
  return d;
}

Date Date::Today() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return FromDaysSinceEpoch(static_cast<int32_t>(days.time_since_epoch().count()));
}

Date Date::FromUnixSeconds(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  return FromDaysSinceEpoch(static_cast<int32_t>(days));
}

Date Date::FromDaysSinceEpoch(int32_t days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::ToLong() const {
  if (month < 1 || month > 12) return ToIso();
  return std::to_string(day) + ' ' + kMonthNames[month - 1] + ' ' + std::to_string(year);
}

std::string Date::ToRfc3339() const { return ToIso() + "T00:00:00Z"; }

Date Date::AddMonths(int months) const {
  int total = year * 12 + (month - 1) + months;
  Date out{total / 12, total % 12 + 1, day};
  auto last = std::chrono::year_month_day_last{
      std::chrono::year{out.year} / std::chrono::month{static_cast<unsigned>(out.month)} /
      std::chrono::last};
  int last_day = static_cast<int>(static_cast<unsigned>(last.day()));
  if (out.day > last_day) out.day = last_day;
  return out;
}

int Date::DaysSinceEpoch() const {
  return static_cast<int>(std::chrono::sys_days{ToYmd(*this)}.time_since_epoch().count());
}

std::string LongDate(const std::string& iso) {
  auto d = Date::Parse(iso);
  return d ? d->ToLong() : iso;
}

}  // namespace bulletin
