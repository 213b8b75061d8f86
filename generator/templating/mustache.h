#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

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
///
/// Data that many pages share (a document's card, the site's chrome) need not be copied
/// into each page's json: see MustacheData.

/// What a template renders from: a json value, plus lists of other MustacheData bound to
/// names. A bound list renders exactly as a json array of its items' values would at that
/// name, and it hides a key of the same name in `value`; it holds pointers, so a value
/// shared by many pages is not copied into each. `value` must not be null.
///
/// Several contexts passed to Render give the same output as one object holding all their
/// keys (a merged context) as long as no name is a key, or a list, of more than one of
/// them: a name is then found in exactly one context, whatever their order.
struct MustacheData {
  struct List {
    std::string name;
    std::vector<MustacheData> items;
  };
  const nlohmann::json* value = nullptr;
  std::vector<List> lists;
};

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
  void Render(const std::vector<const MustacheData*>& contexts, std::string* out) const;

  struct Node;  ///< a parsed piece of the template (defined in mustache.cc)

 private:
  std::unique_ptr<std::vector<Node>> root_;
};

}  // namespace bulletin
