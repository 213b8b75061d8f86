#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bulletin {

/// Longest request target accepted; longer ones get 414.
inline constexpr size_t kMaxTargetBytes = 8 * 1024;

/// An origin-form request target split at the first '?'.
struct RequestTarget {
  std::string path;   ///< percent-decoded; starts with '/'
  std::string query;  ///< raw, without the '?'
};

/// Returns 0 and fills *out if `target` is acceptable; otherwise the status to answer:
/// 414 if it is longer than kMaxTargetBytes; 400 if it is not origin-form (does not start
/// with '/', e.g. "http://host/" or "*"), if a '%' is not followed by two hex digits, or if
/// the path holds (raw or decoded) a backslash or a control character such as NUL.
/// '+' stays '+': it means a space only in form bodies and queries.
int ParseRequestTarget(std::string_view target, RequestTarget* out);

/// Percent-encodes a decoded path for a Location header: unreserved characters, '/' and
/// the sub-delimiters that are safe in a path stay as they are; everything else is %XX.
std::string EncodePath(std::string_view path);

}  // namespace bulletin
