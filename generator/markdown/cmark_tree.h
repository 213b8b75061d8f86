#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

/// A cmark-gfm parse of one Markdown body: GFM tables, strikethrough, autolinks, task
/// lists and footnotes, with raw HTML kept in the tree for the sanitiser to judge.
class CmarkTree {
 public:
  explicit CmarkTree(std::string_view text);
  ~CmarkTree();
  CmarkTree(const CmarkTree&) = delete;
  CmarkTree& operator=(const CmarkTree&) = delete;

  cmark_node* root() const { return root_; }
  /// HTML of `node` and its descendants. Raw HTML nodes left in the tree are output as is.
  std::string RenderHtml(cmark_node* node) const;

 private:
  cmark_parser* parser_ = nullptr;
  cmark_node* root_ = nullptr;
};

/// Where the body sits in its file, and where its problems go.
struct SourceFile {
  std::string_view path;
  int first_line = 1;
  Diagnostics* diags = nullptr;

  /// The file line and column of a node (body line + first_line - 1). Where cmark-gfm gave
  /// the node no position (autolinks), the nearest earlier sibling's or the parent's.
  int Line(cmark_node* node) const;
  int Column(cmark_node* node) const;
  void Error(cmark_node* node, std::string message) const;
  void Warning(cmark_node* node, std::string message) const;
};

/// Calls `visit(node, event)` for each event of a walk over `root` and the nodes under
/// it, in document order: CMARK_EVENT_ENTER, and CMARK_EVENT_EXIT for nodes that can have
/// children. `visit` must not edit the tree.
template <typename Visit>
void WalkTree(cmark_node* root, Visit visit);

/// Calls `visit(node)` on entering each node under `root` (inclusive), in document order.
/// `visit` must not edit the tree.
template <typename Visit>
void ForEachNode(cmark_node* root, Visit visit);

/// Nodes under `root` (inclusive) in document order for which `pred` holds, collected
/// before returning so the caller may edit the tree.
template <typename Pred>
std::vector<cmark_node*> CollectNodes(cmark_node* root, Pred pred);

/// Nodes of `type` under `root`, in document order.
std::vector<cmark_node*> NodesOfType(cmark_node* root, cmark_node_type type);

/// The nodes of a fresh parse that the passes over it edit, found in one walk, each list
/// in document order. The passes (ConvertCallouts, SanitizeTree, then the table wrap) may
/// use them in turn: none frees or makes a node of a kind another one lists.
struct TreeNodes {
  std::vector<cmark_node*> block_quotes;
  std::vector<cmark_node*> html_blocks;
  std::vector<cmark_node*> html_inline_parents;  ///< nodes with an inline HTML child
  std::vector<cmark_node*> links_and_images;
  std::vector<cmark_node*> tables;
};

TreeNodes CollectTreeNodes(cmark_node* root);

/// True if `node` was made by the GFM extension named `type_string` ("table", ...).
bool IsExtensionNode(cmark_node* node, std::string_view type_string);

/// The plain text of `node`: text, code and footnote numbers, one space between blocks and
/// for line breaks, whitespace collapsed and trimmed.
std::string PlainText(cmark_node* node);

/// Builds PlainText from the events of a walk, so that the walk can serve other ends too
/// and the text of each block in it comes without walking the block again.
class PlainTextWriter {
 public:
  /// Adds what `node` contributes at `event`; call it for every event of the walk.
  void Add(cmark_node* node, cmark_event_type event);
  /// Where the text stands, for Cut: take it just after adding a block's enter or exit.
  size_t mark() const { return text_.size(); }
  /// PlainText of the block whose enter and exit were marked `begin` and `end`.
  std::string Cut(size_t begin, size_t end) const;
  /// PlainText of the whole walk; the writer is left empty.
  std::string Take();

 private:
  std::string text_;
};

/// Moves every child of `from`, in order, to the end of `to`.
void MoveChildren(cmark_node* from, cmark_node* to);

/// A custom block wrapping `raw_open` ... children ... `raw_close`, put in place of `node`
/// with `node`'s children moved into it; `node` is freed.
cmark_node* ReplaceWithCustomBlock(cmark_node* node, const std::string& raw_open,
                                   const std::string& raw_close);

/// Every value of an id="..." attribute in `html`, in order.
std::vector<std::string> IdsInHtml(std::string_view html);

/// The ids the html of a tree will carry, found without rendering it, and where its
/// headings (whose ids are given later) fall among them.
struct TreeIds {
  std::vector<std::string> ids;       ///< in document order
  std::vector<cmark_node*> headings;  ///< every heading node, in document order
  std::vector<size_t> ids_before;     ///< for each heading, how many of `ids` precede it
  /// False if the tree has footnotes, whose ids only the renderer knows; `ids` is then
  /// incomplete (`headings` is not).
  bool complete = true;
};

/// Adds to `found` what `node` contributes at `event`; called for every event of a walk
/// over a tree, it finds the ids of the tree's html. Only raw HTML and custom nodes carry
/// ids (cmark escapes every quote of text and attributes it writes), and headings once
/// they are given theirs.
void AddIds(cmark_node* node, cmark_event_type event, TreeIds* found);

template <typename Visit>
void WalkTree(cmark_node* root, Visit visit) {
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    visit(cmark_iter_get_node(iter), event);
  }
  cmark_iter_free(iter);
}

template <typename Visit>
void ForEachNode(cmark_node* root, Visit visit) {
  WalkTree(root, [&visit](cmark_node* node, cmark_event_type event) {
    if (event == CMARK_EVENT_ENTER) visit(node);
  });
}

template <typename Pred>
std::vector<cmark_node*> CollectNodes(cmark_node* root, Pred pred) {
  std::vector<cmark_node*> nodes;
  ForEachNode(root, [&](cmark_node* node) {
    if (pred(node)) nodes.push_back(node);
  });
  return nodes;
}

}  // namespace bulletin
