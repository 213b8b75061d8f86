#include "markdown/heading_ids.h"

#include <stdexcept>

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

std::vector<Heading> NameHeadings(const std::vector<cmark_node*>& nodes,
                                  std::vector<std::string> texts, const SourceFile& source,
                                  IdRegistry* ids) {
  std::vector<Heading> headings;
  headings.reserve(nodes.size());
  for (size_t k = 0; k < nodes.size(); ++k) {
    cmark_node* node = nodes[k];
    Heading heading;
    heading.level = cmark_node_get_heading_level(node);
    heading.text = std::move(texts[k]);
    heading.line = source.Line(node);
    std::string slug = Slugify(heading.text);
    heading.id = ids->Claim(slug.empty() ? "section" : slug);
    headings.push_back(std::move(heading));
  }
  return headings;
}

std::string AddHeadingIds(std::string_view html, const std::vector<Heading>& headings) {
  // cmark writes `<hN>` only for headings: it escapes every `<` of text, code and
  // attributes, and the sanitiser keeps no raw tag but <sup>, <sub> and <br>.
  std::string out;
  size_t id_bytes = 0;
  for (const Heading& heading : headings) id_bytes += heading.id.size() + 6;
  out.reserve(html.size() + id_bytes);
  size_t done = 0;
  for (const Heading& heading : headings) {
    const char tag[] = {'<', 'h', static_cast<char>('0' + heading.level), '>', '\0'};
    size_t at = html.find(tag, done);
    if (at == std::string_view::npos) {
      throw std::logic_error("no <h" + std::to_string(heading.level) + "> for heading '" +
                             heading.id + "' in the html");
    }
    at += 3;  // after "<hN"
    out.append(html.substr(done, at - done));
    out.append(" id=\"").append(heading.id).append("\"");
    done = at;
  }
  out.append(html.substr(done));
  return out;
}

}  // namespace bulletin
