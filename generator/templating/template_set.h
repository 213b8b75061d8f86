#pragma once

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/file_system.h"
#include "templating/mustache.h"

namespace bulletin {

/// The mustache templates of templates/: pages in `pages/NAME.mustache`, the page shell in
/// `layouts/base.mustache`, partials in `partials/NAME.mustache` (inlined when loaded, so
/// each template is parsed once).
class TemplateSet {
 public:
  TemplateSet();
  ~TemplateSet();
  TemplateSet(TemplateSet&&) noexcept;
  TemplateSet& operator=(TemplateSet&&) noexcept;

  /// Loads and compiles every template under `dir`. Returns false and reports each
  /// template that is missing or does not parse.
  bool Load(const FileSystem& fs, const std::string& dir, Diagnostics* diags);

  /// True if pages/<name>.mustache was loaded.
  bool Has(const std::string& name) const;

  /// Renders pages/<name> with `context`, then the base layout with the result as
  /// `content`. Returns false and reports if rendering fails.
  bool RenderPage(const std::string& name, const nlohmann::json& context, std::string* out,
                  Diagnostics* diags) const;
  /// The same with the page's data in several contexts, outermost first (MustacheData says
  /// when that renders as one merged context would).
  bool RenderPage(const std::string& name, const std::vector<const MustacheData*>& contexts,
                  std::string* out, Diagnostics* diags) const;

 private:
  struct Compiled;
  std::map<std::string, std::unique_ptr<Compiled>> pages_;
  std::unique_ptr<Compiled> layout_;
  std::string dir_;
};

}  // namespace bulletin
