#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// Appends `s` as a JSON string, quotes included, byte for byte as nlohmann::json's
/// dump(-1, ' ', false, error_handler_t::replace) writes it: '"' and '\' escaped, \b \t \n
/// \f \r in their short forms, other control characters as \u00xx, everything else (non-ASCII,
/// '/', DEL) as is; invalid UTF-8 becomes U+FFFD as nlohmann replaces it. The index writer
/// uses it to write its files without building a json value first.
void AppendJsonString(std::string_view s, std::string* out);

/// Appends a JSON array of strings, as nlohmann::json dumps a std::vector<std::string>.
void AppendJsonStringArray(const std::vector<std::string>& items, std::string* out);

}  // namespace bulletin
