#pragma once

#include <string_view>

namespace bulletin {

/// The Content-Type to serve a file under, chosen by its name (extension compared
/// case-insensitively): "a/b.html" -> "text/html; charset=utf-8"; "feed.xml" ->
/// "application/atom+xml"; other ".xml" -> "application/xml"; unknown ->
/// "application/octet-stream". Text types carry `charset=utf-8`.
std::string_view ContentTypeFor(std::string_view path);

/// True if `path` names an HTML page (".html" or ".htm").
bool IsHtmlPath(std::string_view path);

}  // namespace bulletin
