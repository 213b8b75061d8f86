#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "content/document.h"
#include "content/site_config.h"
#include "core/diagnostics.h"

namespace bulletin {

/// Parses a content file (front matter between '---' lines, then Markdown) into *doc,
/// whose kind, path and slug are already set. Checks field names, types, dates and
/// themes against `site`. Returns false if it added an error.
bool ParseDocument(std::string text, const SiteConfig& site, Diagnostics* diags, Document* doc);

/// Which readers ParseDocumentWith may use: the plain reader (front_matter_fast.h) with
/// yaml-cpp behind it, or yaml-cpp alone. Tests compare the two.
enum class FrontMatterReaders { kPlainFirst, kYamlCppOnly };

/// ParseDocument, choosing the readers.
bool ParseDocumentWith(FrontMatterReaders readers, std::string text, const SiteConfig& site,
                       Diagnostics* diags, Document* doc);

/// The front matter fields a document of `kind` may have.
const std::vector<std::string>& FrontMatterFields(DocumentKind kind);

class YamlReader;

/// Reads the `themes` list at `node`: each theme's slug, or its name as written in
/// site.yaml. Reports unknown themes (with the closest one) and an empty list.
std::vector<std::string> ReadThemeList(YamlReader& reader, const YAML::Node& node,
                                       const SiteConfig& site);

/// Splits "---\nyaml\n---\nbody" into its parts. `yaml_line` and `body_line` are the
/// 1-based file lines where each starts. Returns false if there is no front matter.
bool SplitFrontMatter(std::string text, std::string* yaml, int* yaml_line, std::string* body,
                      int* body_line);

}  // namespace bulletin
