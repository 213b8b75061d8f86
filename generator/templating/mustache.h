#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace bulletin {

/// A mustache template that renders straight from nlohmann::json, with no copy of the
/// data into another form (kainjow's basic_data needed one per page, which cost more than
/// the rendering at 10,000 briefs). It renders exactly what kainjow::mustache 4.1 renders
/// for the templates we ship, so sites stay byte for byte the same:
///
/// - {{name}} escapes & < > " ' ; {{{name}}} and {{&name}} do not; {{a.b}} and {{.}}.
///   Strings and numbers render; true, false, null, lists and objects render nothing.
/// - {{#name}} repeats for each item of a non-empty list, or renders once with the value
///   on top of the context; it is skipped for a missing name, null, false, "" or [].
///   {{^name}} renders exactly when {{#name}} would not. {{! comments }} render nothing.
/// - A name is looked up in each context from the innermost out; a dotted name must
///   resolve whole within one context.
/// - A line on which a section was rendered (opened or inverted-rendered) and that is
///   left empty or only spaces and tabs is dropped with its newline.
///
/// Partials are inlined before parsing (TemplateSet); set-delimiter tags are refused.
class MustacheTemplate {
 public:
  MustacheTemplate();
  ~MustacheTemplate();
  MustacheTemplate(MustacheTemplate&&) noexcept;
  MustacheTemplate& operator=(MustacheTemplate&&) noexcept;

  /// Parses `text`. Returns false, with a message naming the byte offset, on an unclosed
  /// tag, an unopened, unclosed or mismatched section, or a set-delimiter tag.
  bool Parse(std::string_view text, std::string* error);

  /// Appends the rendering to *out. `contexts` run from the outermost to the innermost.
  void Render(const std::vector<const nlohmann::json*>& contexts, std::string* out) const;

  struct Node;  ///< a parsed piece of the template (defined in mustache.cc)

 private:
  std::unique_ptr<std::vector<Node>> root_;
};

}  // namespace bulletin
