#include "build/page_writer.h"

#include "build/feeds.h"

namespace bulletin {

using nlohmann::json;

namespace {

// "01632 960123" -> "tel:01632960123".
std::string TelHref(const std::string& phone) {
  std::string out = "tel:";
  for (char c : phone) {
    if ((c >= '0' && c <= '9') || c == '+') out += c;
  }
  return out;
}

}  // namespace

PageWriter::PageWriter(const SiteModel& model, const TemplateSet& templates, OutputTree* out,
                       Diagnostics* diags)
    : model_(model), templates_(templates), out_(out), diags_(diags), site_(SiteContext()) {}

json PageWriter::SiteContext() const {
  const SiteConfig& s = model_.site();
  json contacts = json::array();
  for (const Contact& c : s.contacts) {
    contacts.push_back({{"label", c.label},
                        {"phone", c.phone},
                        {"phone_href", c.phone.empty() ? "" : TelHref(c.phone)},
                        {"email", c.email},
                        {"url", c.url},
                        {"hours", c.hours}});
  }
  json nav = json::array();
  for (const PublishedDocument* p : model_.pages) {
    nav.push_back({{"title", p->doc->title}, {"url", p->doc->Url()}});
  }
  return {{"name", s.name},
          {"short_name", s.short_name},
          {"description", s.description},
          {"language", s.language},
          {"base_url", s.base_url},
          {"logo", s.logo.empty() ? "" : "/" + s.logo},
          {"contacts", contacts},
          {"has_contacts", !contacts.empty()},
          {"pages", nav},
          {"has_pages", !nav.empty()},
          {"year", std::to_string(model_.today.year)}};
}

json PageWriter::ThemeRefs(const Document& d) const {
  json themes = json::array();
  for (const std::string& slug : d.themes) {
    if (const Theme* t = model_.site().FindTheme(slug)) {
      themes.push_back({{"name", t->name}, {"slug", t->slug}, {"url", "/themes/" + t->slug + "/"}});
    }
  }
  return themes;
}

json PageWriter::Card(const PublishedDocument& p) const {
  const Document& d = *p.doc;
  return {{"title", d.title},
          {"url", d.Url()},
          {"summary", d.summary},
          {"kind_label", KindLabel(d.kind)},
          {"review_type", d.review_type},
          {"date_iso", d.date ? d.date->ToIso() : ""},
          {"date_long", d.date ? d.date->ToLong() : ""},
          {"themes", ThemeRefs(d)},
          {"has_themes", !d.themes.empty()},
          {"superseded", !d.superseded_by.empty()}};
}

void PageWriter::Write(const std::string& url, const std::string& tmpl, json context,
                       const std::string& title, const Crumbs& crumbs) {
  static const std::pair<const char*, const char*> kNav[] = {
      {"Learning briefs", "/briefs/"}, {"Bulletins", "/bulletins/"}, {"Themes", "/themes/"},
      {"Key messages", "/key-messages/"}, {"Think", "/think/"}};
  json nav = json::array();
  for (const auto& [name, href] : kNav) {
    nav.push_back({{"title", name}, {"url", href}, {"current", url == href}});
  }
  json breadcrumbs = json::array();
  for (const auto& [name, href] : crumbs) breadcrumbs.push_back({{"title", name}, {"url", href}});
  if (!context.contains("page_description")) {
    context["page_description"] =
        context.contains("summary") ? context["summary"] : json(model_.site().description);
  }
  context["site"] = site_;
  context["site_nav"] = nav;
  context["page_title"] = title;
  context["page_url"] = url;
  context["canonical"] = AbsoluteUrl(model_.site(), url);
  context["breadcrumbs"] = breadcrumbs;
  context["has_breadcrumbs"] = !breadcrumbs.empty();
  context["is_home"] = url == "/";
  std::string html;
  if (!templates_.RenderPage(tmpl, context, &html, diags_)) return;
  bool is_404 = url == "/404.html";
  std::string path = is_404 ? "404.html" : url.substr(1) + "index.html";
  if (!out_->Add(path, std::move(html))) {
    diags_->Error(path, 0, 0, "two pages were generated at " + url + " (please report this)");
    return;
  }
  if (!is_404) urls_.push_back(url);
}

}  // namespace bulletin
