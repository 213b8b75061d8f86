#include "check/site_checker.h"

#include "check/content_lint.h"
#include "check/identifying_details.h"

namespace bulletin {

void CheckIdentifyingDetails(const Document& doc, const SiteConfig& site, CheckReport* report) {
  DetailRules rules;
  for (const Contact& c : site.contacts) {
    if (!c.phone.empty()) rules.contact_phones.push_back(c.phone);
    if (!c.email.empty()) rules.contact_emails.push_back(c.email);
  }
  rules.pseudonyms = doc.pseudonyms;
  rules.reviewed = doc.reviewed;
  auto scan = [&](const std::string& text, int first_line, int column_offset) {
    for (const Detail& d : FindIdentifyingDetails(text, rules)) {
      report->Add(doc.path, d.line + first_line - 1, d.column + (d.line == 1 ? column_offset : 0),
                  FindingSeverity::kWarning, "identifying-detail", d.message);
    }
  };
  scan(doc.title, doc.FieldLine("title"), 0);
  scan(doc.summary, doc.FieldLine("summary"), 0);
  scan(doc.body, doc.body_line, 0);
}

void CheckSite(const SiteModel& model, const OutputTree& out, const SiteCheckOptions& options,
               CheckReport* report, std::vector<ExternalLink>* external) {
  if (options.links) CheckInternalLinks(model, out, report, external);
  for (const Document& doc : model.content->documents) {
    if (doc.withdrawn) continue;
    if (options.details && doc.kind != DocumentKind::kPage) {
      CheckIdentifyingDetails(doc, model.site(), report);
    }
    if (options.lint) LintDocument(doc, report);
  }
}

}  // namespace bulletin
