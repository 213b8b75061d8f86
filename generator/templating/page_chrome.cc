#include "templating/page_chrome.h"

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

json SiteChrome(const SiteConfig& s,
                const std::vector<std::pair<std::string, std::string>>& footer_pages, int year) {
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
  std::string privacy_url;  // linked from every form that collects personal data
  for (const auto& [title, url] : footer_pages) {
    nav.push_back({{"title", title}, {"url", url}});
    if (privacy_url.empty() && url.starts_with("/pages/privacy")) privacy_url = url;
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
          {"privacy_url", privacy_url},
          {"year", std::to_string(year)}};
}

json PageChrome(const SiteConfig& site, const std::string& url, const std::string& title,
                const std::vector<std::pair<std::string, std::string>>& crumbs, bool has_quizzes) {
  static const std::pair<const char*, const char*> kNav[] = {
      {"Learning briefs", "/briefs/"},    {"Bulletins", "/bulletins/"}, {"Themes", "/themes/"},
      {"Key messages", "/key-messages/"}, {"Think", "/think/"},         {"Quizzes", "/quizzes/"}};
  json nav = json::array();
  for (const auto& [name, href] : kNav) {
    if (!has_quizzes && std::string(href) == "/quizzes/") continue;
    nav.push_back({{"title", name}, {"url", href}, {"current", url == href}});
  }
  json breadcrumbs = json::array();
  for (const auto& [name, href] : crumbs) breadcrumbs.push_back({{"title", name}, {"url", href}});
  bool has_breadcrumbs = !breadcrumbs.empty();
  return {{"site_nav", std::move(nav)},
          {"page_title", title},
          {"page_url", url},
          {"canonical", site.AbsoluteUrl(url)},
          {"breadcrumbs", std::move(breadcrumbs)},
          {"has_breadcrumbs", has_breadcrumbs},
          {"is_home", url == "/"}};
}

void AddPageChrome(const SiteConfig& site, const json& chrome, const std::string& url,
                   const std::string& title,
                   const std::vector<std::pair<std::string, std::string>>& crumbs, bool has_quizzes,
                   json* context) {
  json& ctx = *context;
  if (!ctx.contains("page_description")) {
    ctx["page_description"] = ctx.contains("summary") ? ctx["summary"] : json(site.description);
  }
  ctx["site"] = chrome;
  json page = PageChrome(site, url, title, crumbs, has_quizzes);
  for (auto& [key, value] : page.get_ref<json::object_t&>()) ctx[key] = std::move(value);
}

}  // namespace bulletin
