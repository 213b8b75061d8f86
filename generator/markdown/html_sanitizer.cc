#include "markdown/html_sanitizer.h"

#include <algorithm>
#include <optional>

#include "core/text.h"

namespace bulletin {
namespace {

// What a browser sees: it ignores ASCII whitespace and control characters in a scheme.
std::string Clean(std::string_view url) {
  std::string out;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u > 0x20 && u != 0x7f) out.push_back(c);
  }
  return out;
}

// The allowed inline tags in their canonical form; nullopt for anything else.
std::optional<std::string> AllowedTag(std::string_view literal) {
  std::string tag = AsciiLower(literal);
  if (tag == "<sup>" || tag == "</sup>" || tag == "<sub>" || tag == "</sub>") return tag;
  if (tag == "<br>" || tag == "<br/>" || tag == "<br />") return std::string("<br>");
  return std::nullopt;
}

bool IsComment(std::string_view literal) { return literal.substr(0, 4) == "<!--"; }

std::string Shorten(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;  // UTF-8
  return std::string(s.substr(0, max)) + "\u2026";
}

void DropHtml(cmark_node* node, const SourceFile& source) {
  std::string_view literal = cmark_node_get_literal(node);
  if (!IsComment(literal)) {
    std::string_view first = literal.substr(0, literal.find('\n'));
    source.Warning(node, "raw HTML '" + Shorten(first, 40) +
                             "' dropped: write Markdown instead (only <sup>, <sub> and <br> "
                             "are kept)");
  }
  cmark_node_free(node);
}

// Keeps allowed inline tags whose open and close are siblings, properly nested.
void SanitizeInlineHtml(cmark_node* parent, const SourceFile& source) {
  std::vector<cmark_node*> open;  // <sup>/<sub> awaiting their close tag
  cmark_node* child = cmark_node_first_child(parent);
  while (child) {
    cmark_node* next = cmark_node_next(child);
    if (cmark_node_get_type(child) == CMARK_NODE_HTML_INLINE) {
      std::optional<std::string> tag = AllowedTag(cmark_node_get_literal(child));
      if (!tag) {
        DropHtml(child, source);
      } else if (*tag == "<br>") {
        cmark_node_set_literal(child, tag->c_str());
      } else if ((*tag)[1] != '/') {
        cmark_node_set_literal(child, tag->c_str());
        open.push_back(child);
      } else if (!open.empty() && std::string_view(cmark_node_get_literal(open.back())).substr(1) ==
                                      tag->substr(2)) {
        cmark_node_set_literal(child, tag->c_str());
        open.pop_back();
      } else {
        cmark_node_free(child);  // a close tag without its open tag
      }
    }
    child = next;
  }
  for (cmark_node* unclosed : open) cmark_node_free(unclosed);
}

std::string RemovedMessage(const std::string& url, bool is_image) {
  std::string shown = Shorten(Clean(url), 40);
  if (is_image) {
    return "image '" + shown + "' removed: only http(s) and site images are allowed";
  }
  return "link to '" + shown + "' removed: only http(s), mailto:, tel: and site links are allowed";
}

// A link becomes its text; an image becomes its alt text.
void Unwrap(cmark_node* node) {
  if (cmark_node_get_type(node) == CMARK_NODE_IMAGE) {
    std::string alt = PlainText(node);
    if (!alt.empty()) {
      cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(text, alt.c_str());
      cmark_node_insert_before(node, text);
    }
  } else {
    while (cmark_node* child = cmark_node_first_child(node)) {
      cmark_node_insert_before(node, child);
    }
  }
  cmark_node_free(node);
}

}  // namespace

bool IsAllowedUrl(std::string_view url) {
  std::string clean = Clean(url);
  size_t i = 0;
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (clean.empty() || !is_alpha(clean[0])) return true;
  while (i < clean.size() && (is_alpha(clean[i]) || (clean[i] >= '0' && clean[i] <= '9') ||
                              clean[i] == '+' || clean[i] == '-' || clean[i] == '.')) {
    ++i;
  }
  if (i == clean.size() || clean[i] != ':') return true;  // a path such as "briefs/x"
  std::string scheme = AsciiLower(std::string_view(clean).substr(0, i));
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

void SanitizeTree(cmark_node* root, const SourceFile& source, std::vector<Link>* links) {
  SanitizeTree(CollectTreeNodes(root), source, links);
}

void SanitizeTree(const TreeNodes& nodes, const SourceFile& source, std::vector<Link>* links) {
  for (cmark_node* block : nodes.html_blocks) DropHtml(block, source);
  for (cmark_node* parent : nodes.html_inline_parents) SanitizeInlineHtml(parent, source);

  std::vector<cmark_node*> removed;
  for (cmark_node* node : nodes.links_and_images) {
    std::string url = cmark_node_get_url(node) ? cmark_node_get_url(node) : "";
    bool is_image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
    if (IsAllowedUrl(url)) {
      links->push_back({url, is_image, source.Line(node), source.Column(node)});
    } else {
      source.Error(node, RemovedMessage(url, is_image));
      removed.push_back(node);
    }
  }
  // Innermost last in document order, so unwrapping never frees a node still to visit.
  std::for_each(removed.rbegin(), removed.rend(), Unwrap);
}

}  // namespace bulletin
