#pragma once

// Internal to bulletin_content (front_matter.cc and its tests): the fast reader that
// ParseDocument tries before yaml-cpp.

#include <string>
#include <string_view>
#include <vector>

#include "content/document.h"
#include "content/site_config.h"
#include "core/diagnostics.h"

namespace bulletin {

/// The front matter fields a document of `kind` may have.
const std::vector<std::string>& FrontMatterFields(DocumentKind kind);

/// Reads front matter of the common plain shape (`key: value` lines; see
/// front_matter_fast.cc) into *doc's front matter fields and returns true, but only
/// when the yaml-cpp reader would set the same fields and report nothing. Otherwise
/// returns false and leaves *doc as it was. `yaml_line` is the file line of `yaml`'s
/// first line.
bool ReadPlainFrontMatter(std::string_view yaml, int yaml_line, const SiteConfig& site,
                          Document* doc);

/// Which readers ParseDocumentWith may use: tests compare the two.
enum class FrontMatterReaders { kPlainFirst, kYamlCppOnly };

/// ParseDocument, choosing the readers.
bool ParseDocumentWith(FrontMatterReaders readers, std::string text, const SiteConfig& site,
                       Diagnostics* diags, Document* doc);

}  // namespace bulletin
