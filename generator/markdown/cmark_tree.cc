#include "markdown/cmark_tree.h"

#include <cmark-gfm-core-extensions.h>

#include <cstdlib>
#include <mutex>

namespace bulletin {
namespace {

constexpr int kOptions = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES;

void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// What AppendCollapsed(" ", out) does.
void AppendSpace(std::string* out) {
  if (!out->empty() && out->back() != ' ') out->push_back(' ');
}

// Appends `text` with each run of blanks as one space, and none at the start of `out` or
// after a space already there. Writes into room made once: this runs over every byte of
// every document.
void AppendCollapsed(std::string_view text, std::string* out) {
  size_t size = out->size();
  char last = size == 0 ? ' ' : (*out)[size - 1];  // an empty `out` takes no space either
  out->resize(size + text.size());
  char* end = out->data() + size;
  for (char c : text) {
    if (!IsBlank(c)) {
      *end++ = last = c;
    } else if (last != ' ') {
      *end++ = last = ' ';
    }
  }
  out->resize(static_cast<size_t>(end - out->data()));
}

// The node itself, or the nearest node before or around it that has a position.
cmark_node* Positioned(cmark_node* node) {
  while (node && cmark_node_get_start_line(node) <= 0) {
    node = cmark_node_previous(node) ? cmark_node_previous(node) : cmark_node_parent(node);
  }
  return node;
}

}  // namespace

CmarkTree::CmarkTree(std::string_view text) {
  EnsureExtensionsRegistered();
  parser_ = cmark_parser_new(kOptions);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser_, ext);
    }
  }
  cmark_parser_feed(parser_, text.data(), text.size());
  root_ = cmark_parser_finish(parser_);
  // "[", "!NOTE" and "]" arrive as separate text nodes; callouts want them as one.
  cmark_consolidate_text_nodes(root_);
}

CmarkTree::~CmarkTree() {
  cmark_node_free(root_);
  cmark_parser_free(parser_);
}

std::string CmarkTree::RenderHtml(cmark_node* node) const {
  char* html = cmark_render_html(node, kOptions, cmark_parser_get_syntax_extensions(parser_));
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

int SourceFile::Line(cmark_node* node) const {
  node = Positioned(node);
  return node ? first_line + cmark_node_get_start_line(node) - 1 : 0;
}

int SourceFile::Column(cmark_node* node) const {
  node = Positioned(node);
  return node ? cmark_node_get_start_column(node) : 0;
}

void SourceFile::Error(cmark_node* node, std::string message) const {
  diags->Error(std::string(path), Line(node), Column(node), std::move(message));
}

void SourceFile::Warning(cmark_node* node, std::string message) const {
  diags->Warning(std::string(path), Line(node), Column(node), std::move(message));
}

std::vector<cmark_node*> NodesOfType(cmark_node* root, cmark_node_type type) {
  return CollectNodes(root, [type](cmark_node* n) { return cmark_node_get_type(n) == type; });
}

TreeNodes CollectTreeNodes(cmark_node* root) {
  TreeNodes nodes;
  ForEachNode(root, [&nodes](cmark_node* n) {
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_BLOCK_QUOTE:
        nodes.block_quotes.push_back(n);
        break;
      case CMARK_NODE_HTML_BLOCK:
        nodes.html_blocks.push_back(n);
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        nodes.links_and_images.push_back(n);
        break;
      default:
        if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
            IsExtensionNode(n, "table")) {
          nodes.tables.push_back(n);
        }
        break;
    }
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) == CMARK_NODE_HTML_INLINE) {
        nodes.html_inline_parents.push_back(n);
        break;
      }
    }
  });
  return nodes;
}

bool IsExtensionNode(cmark_node* node, std::string_view type_string) {
  const char* type = cmark_node_get_type_string(node);
  return type && type_string == type;
}

void PlainTextWriter::Add(cmark_node* node, cmark_event_type event) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      if (event == CMARK_EVENT_ENTER) AppendCollapsed(cmark_node_get_literal(node), &text_);
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      AppendSpace(&text_);
      break;
    default:
      if (cmark_node_get_type(node) & CMARK_NODE_TYPE_BLOCK) AppendSpace(&text_);
  }
}

// After a block's enter the text is empty or ends in a space, as if the block's own
// PlainText were starting afresh: either way blanks add nothing and the rest is added
// alike. So the block's text is what was added up to its exit, less the final space.
std::string PlainTextWriter::Cut(size_t begin, size_t end) const {
  std::string_view text = std::string_view(text_).substr(begin, end - begin);
  if (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

std::string PlainTextWriter::Take() {
  std::string text = std::move(text_);
  text_.clear();
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string PlainText(cmark_node* node) {
  PlainTextWriter text;
  WalkTree(node, [&text](cmark_node* n, cmark_event_type event) { text.Add(n, event); });
  return text.Take();
}

void MoveChildren(cmark_node* from, cmark_node* to) {
  while (cmark_node* child = cmark_node_first_child(from)) cmark_node_append_child(to, child);
}

cmark_node* ReplaceWithCustomBlock(cmark_node* node, const std::string& raw_open,
                                   const std::string& raw_close) {
  cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
  cmark_node_set_on_enter(block, raw_open.c_str());
  cmark_node_set_on_exit(block, raw_close.c_str());
  MoveChildren(node, block);
  cmark_node_replace(node, block);
  cmark_node_free(node);
  return block;
}

void AddIds(cmark_node* node, cmark_event_type event, TreeIds* found) {
  auto add = [found](const char* html) {
    if (!html) return;
    for (std::string& id : IdsInHtml(html)) found->ids.push_back(std::move(id));
  };
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
      if (event == CMARK_EVENT_ENTER) add(cmark_node_get_literal(node));
      break;
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_CUSTOM_INLINE:
      add(event == CMARK_EVENT_ENTER ? cmark_node_get_on_enter(node)
                                     : cmark_node_get_on_exit(node));
      break;
    case CMARK_NODE_HEADING:
      // The id goes on the open tag, before any id in the heading's content.
      if (event == CMARK_EVENT_ENTER) {
        found->headings.push_back(node);
        found->ids_before.push_back(found->ids.size());
      }
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      found->complete = false;
      break;
    default:
      break;
  }
}

std::vector<std::string> IdsInHtml(std::string_view html) {
  std::vector<std::string> ids;
  constexpr std::string_view kAttr = " id=\"";
  for (size_t pos = html.find(kAttr); pos != std::string_view::npos; pos = html.find(kAttr, pos)) {
    pos += kAttr.size();
    size_t end = html.find('"', pos);
    if (end == std::string_view::npos) break;
    ids.emplace_back(html.substr(pos, end - pos));
    pos = end;
  }
  return ids;
}

}  // namespace bulletin
