#include "markdown/markdown.h"

#include <exception>

#include "markdown/callouts.h"
#include "markdown/cmark_tree.h"
#include "markdown/heading_ids.h"
#include "markdown/html_sanitizer.h"
#include "markdown/input_limits.h"

namespace bulletin {
namespace {

// A wide table scrolls inside its own keyboard-focusable region instead of the page.
void WrapTables(cmark_node* root) {
  for (cmark_node* table :
       CollectNodes(root, [](cmark_node* n) { return IsExtensionNode(n, "table"); })) {
    cmark_node* wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(
        wrap, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">");
    cmark_node_set_on_exit(wrap, "</div>");
    cmark_node_replace(table, wrap);
    cmark_node_append_child(wrap, table);
  }
}

std::string RenderChildren(const CmarkTree& tree, cmark_node* node) {
  std::string html;
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    html += tree.RenderHtml(c);
  }
  return html;
}

bool Render(std::string_view text, const SourceFile& source, const RenderOptions& options,
            RenderedMarkdown* out) {
  int errors_before = source.diags->error_count();
  if (!CheckInputLimits(text, std::string(source.path), source.first_line, options.limits,
                        source.diags)) {
    return false;
  }
  CmarkTree tree(text);
  std::vector<Callout> callouts = ConvertCallouts(tree.root(), options.allow_quiz_blocks, source);
  SanitizeTree(tree.root(), source, &out->links);
  WrapTables(tree.root());

  out->text = PlainText(tree.root());
  for (Callout& callout : callouts) callout.block.text = PlainText(callout.aside);

  // Block and footnote ids are fixed by now; headings take what is left.
  IdRegistry ids;
  std::vector<std::string> present;
  if (!IdsInTree(tree.root(), &present)) present = IdsInHtml(tree.RenderHtml(tree.root()));
  for (const std::string& id : present) ids.Reserve(id);
  AssignHeadingIds(tree, source, &ids, &out->headings);

  out->html = tree.RenderHtml(tree.root());
  out->anchors = IdsInHtml(out->html);
  for (Callout& callout : callouts) {
    callout.block.html = RenderChildren(tree, callout.aside);
    out->blocks.push_back(std::move(callout.block));
  }
  return source.diags->error_count() == errors_before;
}

}  // namespace

bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const RenderOptions& options, Diagnostics* diags, RenderedMarkdown* out) {
  *out = RenderedMarkdown();
  try {
    return Render(text, SourceFile{path, first_line, diags}, options, out);
  } catch (const std::exception& e) {
    *out = RenderedMarkdown();
    diags->Error(path, first_line, 1,
                 std::string("internal error rendering Markdown: ") + e.what());
    return false;
  }
}

bool RenderMarkdown(std::string_view text, const std::string& path, int first_line,
                    const MarkdownLimits& limits, Diagnostics* diags, RenderedMarkdown* out) {
  RenderOptions options;
  options.limits = limits;
  return RenderMarkdown(text, path, first_line, options, diags, out);
}

}  // namespace bulletin
