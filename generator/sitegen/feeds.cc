#include "sitegen/feeds.h"

#include "core/text.h"

namespace bulletin {

std::string RenderAtomFeed(const SiteConfig& site, const std::vector<const Document*>& entries) {
  std::string updated = "2000-01-01T00:00:00Z";
  for (const Document* d : entries) {
    if (d->date && d->date->ToRfc3339() > updated) updated = d->date->ToRfc3339();
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
      XmlEscape(site.language) +
      "\">\n"
      "  <title>" +
      XmlEscape(site.name) + "</title>\n";
  if (!site.description.empty())
    out += "  <subtitle>" + XmlEscape(site.description) + "</subtitle>\n";
  out += "  <id>" + XmlEscape(site.base_url) +
         "</id>\n"
         "  <link rel=\"self\" href=\"" +
         XmlEscape(site.AbsoluteUrl("/feed.xml")) +
         "\"/>\n"
         "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
         XmlEscape(site.base_url) +
         "\"/>\n"
         "  <updated>" +
         updated +
         "</updated>\n"
         "  <author><name>" +
         XmlEscape(site.name) + "</name></author>\n";
  for (const Document* d : entries) {
    std::string url = site.AbsoluteUrl(d->Url());
    std::string date = d->date ? d->date->ToRfc3339() : updated;
    out +=
        "  <entry>\n"
        "    <title>" +
        XmlEscape(d->title) +
        "</title>\n"
        "    <id>" +
        XmlEscape(url) +
        "</id>\n"
        "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
        XmlEscape(url) +
        "\"/>\n"
        "    <published>" +
        date +
        "</published>\n"
        "    <updated>" +
        date + "</updated>\n";
    if (!d->partnership.empty()) {
      out += "    <author><name>" + XmlEscape(d->partnership) + "</name></author>\n";
    }
    for (const std::string& theme : d->themes) {
      out += "    <category term=\"" + XmlEscape(theme) + "\"/>\n";
    }
    out += "    <summary>" + XmlEscape(d->summary) +
           "</summary>\n"
           "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string RenderSitemap(const SiteConfig& site, const std::vector<std::string>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const std::string& url : urls) {
    out += "  <url><loc>" + XmlEscape(site.AbsoluteUrl(url)) + "</loc></url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RenderRobots(const SiteConfig& site) {
  return "User-agent: *\nAllow: /\n\nSitemap: " + site.AbsoluteUrl("/sitemap.xml") + "\n";
}

}  // namespace bulletin
