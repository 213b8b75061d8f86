// Differential: the plain front matter reader must read a document exactly as yaml-cpp does
// (same document, same diagnostics), or give way to it. A difference aborts.
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "content/front_matter.h"
#include "content/front_matter_fast.h"
#include "fuzz_support.h"

namespace bulletin {
namespace {

std::string Describe(const Document& d, bool ok, const Diagnostics& diags) {
  std::ostringstream out;
  out << ok << "|" << d.title << "|" << (d.date ? d.date->ToIso() : "-") << "|" << d.partnership
      << "|" << d.review_type << "|" << d.summary << "|"
      << (d.review_by ? d.review_by->ToIso() : "-") << "|" << d.withdrawn << "|" << d.superseded_by
      << "|" << d.draft << "|" << d.nav_order << "|" << d.body << "|" << d.body_line << "|";
  for (const auto* list : {&d.themes, &d.audience, &d.pseudonyms, &d.reviewed}) {
    for (const std::string& item : *list) out << "<" << item << ">";
    out << "|";
  }
  for (const auto& [field, line] : d.field_lines) out << field << ":" << line << " ";
  out << "|" << diags.FormatAll();
  return out.str();
}

}  // namespace
}  // namespace bulletin

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulletin;
  if (size > 64 * 1024) return 0;
  std::string text(fuzz::Text(data, size));
  for (DocumentKind kind : {DocumentKind::kBrief, DocumentKind::kBulletin}) {
    std::string seen[2];
    int i = 0;
    for (FrontMatterReaders readers :
         {FrontMatterReaders::kPlainFirst, FrontMatterReaders::kYamlCppOnly}) {
      Document doc;
      doc.kind = kind;
      doc.path = "input.md";
      doc.slug = "input";
      Diagnostics diags;
      bool ok = ParseDocumentWith(readers, text, fuzz::Site(), &diags, &doc);
      seen[i++] = Describe(doc, ok, diags);
    }
    if (seen[0] != seen[1]) {
      std::cerr << "the readers differ:\nplain first: " << seen[0] << "\nyaml-cpp:    " << seen[1]
                << "\n";
      std::abort();
    }
  }
  return 0;
}
