#pragma once

#include <string_view>

namespace bulletin {

/// The script and style `bulletin serve --watch` serves at /_bulletin/live.js and
/// /_bulletin/live.css (see LiveReload). Never part of the built site.
extern const std::string_view kLiveScript;
extern const std::string_view kLiveStyle;

}  // namespace bulletin
