#include "markdown/heading_ids.h"

#include "core/text.h"

namespace bulletin {

std::string IdRegistry::Claim(const std::string& base) {
  std::string id = base;
  if (taken_.count(id)) {
    int& n = next_suffix_.try_emplace(base, 2).first->second;
    do {
      id = base + "-" + std::to_string(n++);
    } while (taken_.count(id));
  }
  taken_.insert(id);
  return id;
}

void AssignHeadingIds(const CmarkTree& tree, const SourceFile& source, IdRegistry* ids,
                      std::vector<Heading>* headings) {
  for (cmark_node* node : NodesOfType(tree.root(), CMARK_NODE_HEADING)) {
    Heading heading;
    heading.level = cmark_node_get_heading_level(node);
    heading.text = PlainText(node);
    heading.line = source.Line(node);
    std::string slug = Slugify(heading.text);
    heading.id = ids->Claim(slug.empty() ? "section" : slug);
    // "<h2>...</h2>\n": a custom block would put its children on lines of their own.
    std::string html = tree.RenderHtml(node);
    html.insert(3, " id=\"" + heading.id + "\"");
    cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(block, html.c_str());
    cmark_node_set_on_exit(block, "");
    cmark_node_replace(node, block);
    cmark_node_free(node);
    headings->push_back(std::move(heading));
  }
}

}  // namespace bulletin
