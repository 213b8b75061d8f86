#include "check/site_checker.h"

#include "check/content_lint.h"
#include "check/identifying_details.h"

namespace bulletin {

void CheckIdentifyingDetails(const Document& doc, const SiteConfig& site, FindingSeverity severity,
                             CheckReport* report) {
  DetailRules rules;
  for (const Contact& c : site.contacts) {
    if (!c.phone.empty()) rules.contact_phones.push_back(c.phone);
    if (!c.email.empty()) rules.contact_emails.push_back(c.email);
  }
  rules.pseudonyms = doc.pseudonyms;
  rules.reviewed = doc.reviewed;
  rules.listed_names = site.identifying_names;
  auto scan = [&](const std::string& text, int first_line) {
    for (const Detail& d : FindIdentifyingDetails(text, rules)) {
      FindingSeverity s = d.kind == DetailKind::kDefinite ? severity : FindingSeverity::kWarning;
      report->Add(doc.path, d.line + first_line - 1, d.column, s, "identifying-detail", d.message);
    }
  };
  scan(doc.title, doc.FieldLine("title"));
  scan(doc.summary, doc.FieldLine("summary"));
  scan(doc.body, doc.body_line);
}

void CheckDocument(const Document& doc, const SiteConfig& site, bool drafts, CheckReport* report) {
  if (doc.withdrawn) return;
  if (doc.kind != DocumentKind::kPage) {
    bool published = !doc.draft || drafts;
    CheckIdentifyingDetails(
        doc, site, published ? FindingSeverity::kError : FindingSeverity::kWarning, report);
  }
  LintDocument(doc, report);
}

}  // namespace bulletin
