#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace bulletin {

/// Formats seconds since the epoch as an HTTP date: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(std::time_t seconds);

/// Parses the IMF-fixdate form that FormatHttpDate writes; nullopt for anything else
/// (the obsolete RFC 850 and asctime forms are not accepted).
std::optional<std::time_t> ParseHttpDate(std::string_view text);

}  // namespace bulletin
