#pragma once

// Internal to bulletin_content (front_matter.cc and its tests): the fast reader that
// ParseDocument tries before yaml-cpp.

#include <string_view>

#include "content/document.h"
#include "content/site_config.h"

namespace bulletin {

/// Reads front matter of the common plain shape (`key: value` lines; see
/// front_matter_fast.cc) into *doc's front matter fields and returns true, but only
/// when the yaml-cpp reader would set the same fields and report nothing. Otherwise
/// returns false and leaves *doc as it was. `yaml_line` is the file line of `yaml`'s
/// first line.
bool ReadPlainFrontMatter(std::string_view yaml, int yaml_line, const SiteConfig& site,
                          Document* doc);

}  // namespace bulletin
