// Shared by the libFuzzer targets: a small site configuration like the sample's, and
// helpers to turn fuzz bytes into text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/site_config.h"
#include "core/diagnostics.h"

namespace bulletin::fuzz {

inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A site with themes, organisations and assignments, so the readers check against them.
inline const SiteConfig& Site() {
  static const SiteConfig site = [] {
    SiteConfig out;
    Diagnostics diags;
    ParseSiteConfig(
        "name: Fuzz Partnership\nshort_name: FP\nbase_url: https://fuzz.example/\n"
        "themes:\n  - name: Domestic abuse\n  - name: Neglect\n"
        "organisations:\n  - id: police\n    name: Police\n  - id: health\n    name: Health\n",
        "site.yaml", &diags, &out);
    return out;
  }();
  return site;
}

}  // namespace bulletin::fuzz
