#include "markdown/markdown.h"

#include <exception>
#include <stdexcept>

#include "markdown/callouts.h"
#include "markdown/cmark_tree.h"
#include "markdown/heading_ids.h"
#include "markdown/html_sanitizer.h"
#include "markdown/input_limits.h"

namespace bulletin {
namespace {

// A wide table scrolls inside its own keyboard-focusable region instead of the page.
void WrapTables(const std::vector<cmark_node*>& tables) {
  for (cmark_node* table : tables) {
    cmark_node* wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(
        wrap, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">");
    cmark_node_set_on_exit(wrap, "</div>");
    cmark_node_replace(table, wrap);
    cmark_node_append_child(wrap, table);
  }
}

// The ids of the final html in document order: those found in the tree, with each
// heading's id in its place among them.
std::vector<std::string> Anchors(TreeIds found, const std::vector<Heading>& headings) {
  std::vector<std::string> anchors;
  anchors.reserve(found.ids.size() + headings.size());
  size_t next = 0;
  for (size_t k = 0; k < headings.size(); ++k) {
    for (; next < found.ids_before[k]; ++next) anchors.push_back(std::move(found.ids[next]));
    anchors.push_back(headings[k].id);
  }
  for (; next < found.ids.size(); ++next) anchors.push_back(std::move(found.ids[next]));
  return anchors;
}

// The html of each callout's content, cut from the document's `html`: cmark renders a
// custom block as its on_enter, a newline, its children, then its on_exit ("</aside>"),
// and no other node can write "</aside>" (see AddHeadingIds). The asides are in document
// order and none is inside another.
void CutCalloutHtml(const std::string& html, std::vector<Callout>* callouts) {
  size_t pos = 0;
  for (Callout& callout : *callouts) {
    std::string_view open = cmark_node_get_on_enter(callout.aside);
    size_t start = html.find(open, pos);
    size_t end = start == std::string::npos ? start : html.find("</aside>", start);
    if (end == std::string::npos) {
      throw std::logic_error("no aside for block '" + callout.block.id + "' in the html");
    }
    start += open.size() + 1;  // the newline after the title
    callout.block.html = html.substr(start, end - start);
    pos = end;
  }
}

// What Render reads from the finished tree, found in one walk over it.
struct Outline {
  std::string text;                        // PlainText of the body
  TreeIds ids;                             // found by AddIds
  std::vector<std::string> heading_texts;  // PlainText of each of ids.headings
};

// Also fills in the text of each callout's block.
Outline OutlineTree(cmark_node* root, std::vector<Callout>* callouts) {
  Outline outline;
  PlainTextWriter text;
  std::vector<size_t> open;  // marks of the headings and callouts entered and not left
  size_t next_callout = 0;   // asides are in document order, none inside another
  WalkTree(root, [&](cmark_node* node, cmark_event_type event) {
    text.Add(node, event);
    AddIds(node, event, &outline.ids);
    bool is_heading = cmark_node_get_type(node) == CMARK_NODE_HEADING;
    bool is_callout = next_callout < callouts->size() && node == (*callouts)[next_callout].aside;
    if (!is_heading && !is_callout) return;
    if (event == CMARK_EVENT_ENTER) {
      open.push_back(text.mark());
      return;
    }
    std::string cut = text.Cut(open.back(), text.mark());
    open.pop_back();
    if (is_heading) {
      outline.heading_texts.push_back(std::move(cut));
    } else {
      (*callouts)[next_callout++].block.text = std::move(cut);
    }
  });
  outline.text = text.Take();
  return outline;
}

bool Render(std::string_view text, const SourceFile& source, const RenderOptions& options,
            RenderedMarkdown* out) {
  int errors_before = source.diags->error_count();
  if (!CheckInputLimits(text, std::string(source.path), source.first_line, options.limits,
                        source.diags)) {
    return false;
  }
  CmarkTree tree(text);
  TreeNodes nodes = CollectTreeNodes(tree.root());
  std::vector<Callout> callouts =
      ConvertCallouts(nodes.block_quotes, options.allow_quiz_blocks, source);
  SanitizeTree(nodes, source, &out->links);
  WrapTables(nodes.tables);

  Outline outline = OutlineTree(tree.root(), &callouts);
  out->text = std::move(outline.text);

  // Block and footnote ids are fixed by now; headings take what is left, and their ids are
  // added to the html rendered without them.
  TreeIds& found = outline.ids;
  std::string html = tree.RenderHtml(tree.root());
  if (!found.complete) found.ids = IdsInHtml(html);
  IdRegistry ids;
  for (const std::string& id : found.ids) ids.Reserve(id);
  out->headings = NameHeadings(found.headings, std::move(outline.heading_texts), source, &ids);
  out->html = AddHeadingIds(html, out->headings);
  out->anchors = found.complete ? Anchors(std::move(found), out->headings) : IdsInHtml(out->html);

  CutCalloutHtml(out->html, &callouts);
  for (Callout& callout : callouts) out->blocks.push_back(std::move(callout.block));
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
