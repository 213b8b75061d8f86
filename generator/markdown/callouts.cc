#include "markdown/callouts.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "core/text.h"

namespace bulletin {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// `[!NAME]` or `[!NAME: theme, theme]` at the start of the block quote's first paragraph.
struct Marker {
  cmark_node* text = nullptr;       // the text node that starts with the marker
  std::string written;              // "[!Note]" as the author wrote it (without any themes)
  std::string name;                 // "Note"
  std::string whole;                // the marker with its themes: what StripMarker removes
  std::vector<std::string> themes;  // after the colon, trimmed, empty ones dropped
};

std::vector<std::string> SplitThemes(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

std::optional<Marker> FindMarker(cmark_node* quote) {
  cmark_node* para = cmark_node_first_child(quote);
  if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return std::nullopt;
  cmark_node* text = cmark_node_first_child(para);
  if (!text || cmark_node_get_type(text) != CMARK_NODE_TEXT) return std::nullopt;
  std::string_view literal = cmark_node_get_literal(text);
  if (literal.substr(0, 2) != "[!") return std::nullopt;
  size_t end = 2;
  while (end < literal.size() && IsNameChar(literal[end])) ++end;
  if (end == 2 || end >= literal.size()) return std::nullopt;
  Marker m{text,
           std::string(literal.substr(0, end)) + "]",
           std::string(literal.substr(2, end - 2)),
           "",
           {}};
  if (literal[end] == ':') {
    size_t close = literal.find(']', end);
    if (close == std::string_view::npos) return std::nullopt;
    m.themes = SplitThemes(literal.substr(end + 1, close - end - 1));
    end = close;
  }
  if (literal[end] != ']') return std::nullopt;
  m.whole = std::string(literal.substr(0, end + 1));
  return m;
}

// Removes the marker, and the line break after it when it stands alone on its line.
void StripMarker(const Marker& marker) {
  cmark_node* para = cmark_node_parent(marker.text);
  std::string rest(
      std::string_view(cmark_node_get_literal(marker.text)).substr(marker.whole.size()));
  rest.erase(0, rest.find_first_not_of(" \t"));
  if (!rest.empty()) {
    cmark_node_set_literal(marker.text, rest.c_str());
    return;
  }
  cmark_node_free(marker.text);  // unlinks it too
  cmark_node* next = cmark_node_first_child(para);
  if (next && (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK ||
               cmark_node_get_type(next) == CMARK_NODE_LINEBREAK)) {
    cmark_node_free(next);
  }
  if (!cmark_node_first_child(para)) cmark_node_free(para);
}

std::string AllowedNames(bool allow_quiz_blocks) {
  std::vector<std::string> names;
  for (BlockKind kind : kBlockKinds) {
    if (allow_quiz_blocks || !IsQuizOnlyBlock(kind)) names.push_back(Upper(BlockKindName(kind)));
  }
  return Join(names, ", ");
}

std::string UnknownMessage(const Marker& marker, bool allow_quiz_blocks) {
  std::vector<std::string> candidates;
  for (BlockKind kind : kBlockKinds) {
    if (allow_quiz_blocks || !IsQuizOnlyBlock(kind)) {
      candidates.push_back(Upper(BlockKindName(kind)));
    }
  }
  std::string closest = ClosestMatch(Upper(marker.name), candidates);
  std::string message = "unknown block '" + marker.written + "'; ";
  if (!closest.empty()) return message + "did you mean [!" + closest + "]?";
  return message + "use one of " + AllowedNames(allow_quiz_blocks);
}

std::string AsideOpen(BlockKind kind, const std::string& id) {
  const std::string name = BlockKindName(kind);
  return "<aside class=\"callout callout-" + name + "\" data-block=\"" + name + "\" id=\"" + id +
         "\" aria-labelledby=\"" + id + "-title\"><p class=\"callout-title\" id=\"" + id +
         "-title\">" + BlockKindTitle(kind) + "</p>";
}

// The callout whose aside contains `node`, if any.
const Callout* EnclosingCallout(cmark_node* node, const std::vector<Callout>& callouts,
                                const std::unordered_map<cmark_node*, size_t>& by_aside) {
  for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p)) {
    auto it = by_aside.find(p);
    if (it != by_aside.end()) return &callouts[it->second];
  }
  return nullptr;
}

}  // namespace

std::vector<Callout> ConvertCallouts(cmark_node* root, bool allow_quiz_blocks,
                                     const SourceFile& source) {
  return ConvertCallouts(NodesOfType(root, CMARK_NODE_BLOCK_QUOTE), allow_quiz_blocks, source);
}

std::vector<Callout> ConvertCallouts(const std::vector<cmark_node*>& block_quotes,
                                     bool allow_quiz_blocks, const SourceFile& source) {
  std::vector<Callout> callouts;
  std::array<int, kBlockKinds.size()> counts{};
  std::unordered_map<cmark_node*, size_t> by_aside;
  for (cmark_node* quote : block_quotes) {
    std::optional<Marker> marker = FindMarker(quote);
    if (!marker) continue;
    std::optional<BlockKind> kind = BlockKindFromName(marker->name);
    if (!kind) {
      source.Error(marker->text, UnknownMessage(*marker, allow_quiz_blocks));
      continue;
    }
    if (IsQuizOnlyBlock(*kind) && !allow_quiz_blocks) {
      source.Error(marker->text, "block '" + marker->written + "' is only allowed in quiz files");
      continue;
    }
    if (const Callout* outer = EnclosingCallout(quote, callouts, by_aside)) {
      source.Error(marker->text, "block '" + marker->written + "' is inside the [!" +
                                     Upper(BlockKindName(outer->block.kind)) +
                                     "] block that starts on line " +
                                     std::to_string(outer->block.line) +
                                     "; blocks cannot be nested: end the outer block first");
      continue;
    }
    Callout callout;
    callout.block.kind = *kind;
    callout.block.line = source.Line(marker->text);
    callout.block.themes = marker->themes;
    if (!marker->themes.empty() && *kind != BlockKind::kThink && *kind != BlockKind::kKey) {
      source.Warning(marker->text, "block '" + marker->written +
                                       "' ignores themes: only [!THINK] and [!KEY] blocks are "
                                       "collected by theme; write '" +
                                       marker->written + "'");
    } else if (marker->whole.find(':') != std::string::npos && marker->themes.empty()) {
      source.Error(marker->text, "'" + marker->whole +
                                     "' names no theme after the colon; write the themes, as in "
                                     "[!THINK: coercive-control], or leave out the colon");
    }
    callout.block.id = std::string(BlockKindName(*kind)) + "-" +
                       std::to_string(++counts[static_cast<size_t>(*kind)]);
    StripMarker(*marker);
    if (!cmark_node_first_child(quote)) {
      source.Warning(quote, "block '" + marker->written + "' is empty");
    }
    callout.aside = ReplaceWithCustomBlock(quote, AsideOpen(*kind, callout.block.id), "</aside>");
    by_aside[callout.aside] = callouts.size();
    callouts.push_back(std::move(callout));
  }
  return callouts;
}

}  // namespace bulletin
