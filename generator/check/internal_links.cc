#include "check/internal_links.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "check/patterns.h"
#include "core/hash.h"
#include "core/text.h"
#include "markdown/cmark_tree.h"

namespace bulletin {
namespace {

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

class LinkChecker {
 public:
  LinkChecker(const SiteModel& model, const OutputTree& out, CheckReport* report,
              std::vector<ExternalLink>* external)
      : model_(model), out_(out), report_(report), external_(external) {}

  void Run() {
    for (const PublishedDocument& p : model_.published) CheckDocument(p);
  }

  /// Checks one document's links, adding to the report and external list given.
  void CheckDocument(const PublishedDocument& p, CheckReport* report = nullptr,
                     std::vector<ExternalLink>* external = nullptr) {
    CheckReport* report_was = report_;
    std::vector<ExternalLink>* external_was = external_;
    if (report) report_ = report;
    if (external) external_ = external;
    for (const Link& link : p.body.links) Check(*p.doc, link);
    report_ = report_was;
    external_ = external_was;
  }

 private:
  void Error(const Document& doc, const Link& link, std::string kind, std::string message) {
    report_->Add(doc.path, link.line, link.column, FindingSeverity::kError, std::move(kind),
                 std::move(message));
  }

  void Check(const Document& doc, const Link& link) {
    std::string url(Trim(link.url));
    const char* what = link.is_image ? "image" : "link";
    if (url.empty()) {
      return Error(doc, link, "link",
                   std::string("empty ") + what + " destination; give the page or address");
    }
    if (url == "#") {
      return Error(
          doc, link, "link",
          std::string("placeholder ") + what + " '#'; link to the real page or remove the link");
    }
    std::string lower = url;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (StartsWith(lower, "mailto:")) return Mailto(doc, link, url.substr(7));
    if (StartsWith(lower, "tel:")) {
      std::string number = PercentDecode(url.substr(4));
      if (!IsWellFormedPhone(number)) {
        Error(doc, link, "link",
              "'" + url +
                  "' is not a well-formed phone number; write tel: then the "
                  "digits, "
                  "e.g. tel:01632960000 or tel:+441632960000");
      }
      return;
    }
    const std::string& base = model_.site().base_url;
    if (!base.empty() && StartsWith(url, base)) {
      url = "/" + url.substr(base.size());
    } else if (StartsWith(lower, "http://") || StartsWith(lower, "https://")) {
      external_->push_back({url.substr(0, url.find('#')), doc.path, link.line, link.column});
      return;
    } else if (StartsWith(url, "//")) {
      return Error(doc, link, "link", "'" + url + "' has no scheme; begin it with https:");
    }
    Internal(doc, link, url);
  }

  void Mailto(const Document& doc, const Link& link, const std::string& rest) {
    std::string addresses = PercentDecode(rest.substr(0, rest.find('?')));
    size_t start = 0;
    do {
      size_t comma = addresses.find(',', start);
      std::string one(Trim(std::string_view(addresses).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (!IsWellFormedEmail(one)) {
        Error(doc, link, "link",
              "'mailto:" + rest +
                  "' is not a well-formed email address; write "
                  "mailto:name@example.org.uk");
        return;
      }
      start = comma == std::string::npos ? comma : comma + 1;
    } while (start != std::string::npos);
  }

  void Internal(const Document& doc, const Link& link, const std::string& url) {
    size_t hash = url.find('#');
    std::string fragment = hash == std::string::npos ? "" : PercentDecode(url.substr(hash + 1));
    std::string target = url.substr(0, hash);
    target = target.substr(0, target.find('?'));
    const std::string page_url = doc.Url();
    std::string path = target.empty() ? page_url : ResolveSitePath(page_url, PercentDecode(target));
    if (path.empty()) {
      return Error(doc, link, "link", "'" + url + "' climbs above the site's root");
    }
    std::string file = path.substr(1);
    if (file.empty() || file.back() == '/') file += "index.html";
    if (!out_.Has(file)) return Missing(doc, link, url, path);
    if (!fragment.empty()) Anchor(doc, link, url, file, fragment);
  }

  void Missing(const Document& doc, const Link& link, const std::string& url,
               const std::string& path) {
    std::string trimmed = path;
    if (trimmed.size() > 3 && trimmed.compare(trimmed.size() - 3, 3, ".md") == 0) {
      std::string slug = trimmed.substr(trimmed.rfind('/') + 1);
      slug.resize(slug.size() - 3);
      if (const Document* d = model_.content->FindBySlug(slug)) {
        trimmed = d->Url();  // reported below as published, withdrawn or draft
      } else {
        trimmed.resize(trimmed.size() - 3);
      }
    }
    if (trimmed.size() > 11 && trimmed.compare(trimmed.size() - 11, 11, "/index.html") == 0) {
      trimmed.resize(trimmed.size() - 10);
    }
    if (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
    // A page of a withdrawn or draft document?
    for (const Document& d : model_.content->documents) {
      std::string u = d.Url();
      if (u.substr(0, u.size() - 1) != trimmed && "/" + d.slug != trimmed) continue;
      if (model_.Find(d.slug)) {
        if (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0) {
          return Error(doc, link, "link",
                       "'" + url + "' links to the Markdown file; use the page's address " + u);
        }
        if (path + "/" == u) {
          return Error(doc, link, "link", "'" + url + "' needs a trailing slash: use " + u);
        }
        return Error(doc, link, "link", "'" + url + "' is not the page's address; use " + u);
      }
      const char* state = d.withdrawn ? "withdrawn" : "a draft";
      std::string msg = "'" + url + "' links to " + KindName(d.kind) + " '" + d.slug +
                        "', which is " + state + " and not on the site";
      if (!d.superseded_by.empty()) msg += "; link to '" + d.superseded_by + "' instead";
      return Error(doc, link, "link", msg);
    }
    if (out_.Has(trimmed.substr(1) + "/index.html")) {
      return Error(doc, link, "link", "'" + url + "' needs a trailing slash: use " + trimmed + "/");
    }
    std::string msg = std::string("'") + url + "' points to no " +
                      (link.is_image ? "image or file" : "page or file") + " the build produces";
    std::string guess = ClosestMatch(path, PageUrls());
    if (!guess.empty()) msg += "; did you mean " + guess + "?";
    Error(doc, link, "link", msg);
  }

  // Every page's address, for suggestions; made on first use (most sites have no
  // broken link, and a large one has many pages).
  const std::vector<std::string>& PageUrls() {
    if (page_urls_made_) return page_urls_;
    page_urls_made_ = true;
    out_.ForEachPath([this](const std::string& path) {
      if (path.size() >= 10 && path.compare(path.size() - 10, 10, "index.html") == 0) {
        page_urls_.push_back("/" + path.substr(0, path.size() - 10));
      }
    });
    std::sort(page_urls_.begin(), page_urls_.end());
    return page_urls_;
  }

  void Anchor(const Document& doc, const Link& link, const std::string& url,
              const std::string& file, const std::string& fragment) {
    auto [it, inserted] = ids_.try_emplace(file);
    if (inserted) {
      std::string html;
      if (!out_.Read(file, &html)) {  // a copied file: no ids to check
        ids_.erase(it);
        return;
      }
      it->second = IdsInHtml(html);
    }
    const std::vector<std::string>& ids = it->second;
    if (std::find(ids.begin(), ids.end(), fragment) != ids.end()) return;
    std::string msg = "'" + url + "': no heading or block with id '" + fragment + "' on " +
                      (url[0] == '#' ? std::string("this page") : "/" + file);
    std::string guess = ClosestMatch(fragment, ids);
    if (!guess.empty()) msg += "; did you mean '#" + guess + "'?";
    Error(doc, link, "anchor", msg);
  }

  const SiteModel& model_;
  const OutputTree& out_;
  CheckReport* report_;
  std::vector<ExternalLink>* external_;
  std::vector<std::string> page_urls_;
  bool page_urls_made_ = false;
  std::map<std::string, std::vector<std::string>> ids_;
};

}  // namespace

std::string ResolveSitePath(const std::string& page_url, const std::string& target) {
  std::string joined;
  if (!target.empty() && target[0] == '/') {
    joined = target;
  } else {
    joined = page_url.substr(0, page_url.rfind('/') + 1) + target;
  }
  bool dir =
      joined.back() == '/' || StartsWith(std::string(joined.substr(joined.rfind('/'))), "/.");
  std::vector<std::string> parts;
  size_t pos = 1;
  while (pos <= joined.size()) {
    size_t slash = joined.find('/', pos);
    std::string part = joined.substr(pos, slash == std::string::npos ? slash : slash - pos);
    if (part == "..") {
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  std::string out = "/" + Join(parts, "/");
  if (dir && out.back() != '/') out += '/';
  return out;
}

void CheckInternalLinks(const SiteModel& model, const OutputTree& out, CheckReport* report,
                        std::vector<ExternalLink>* external) {
  LinkChecker(model, out, report, external).Run();
}

namespace {

uint64_t Mix(uint64_t seed, uint64_t value) {
  HashCombine(&seed, value);
  return seed;
}

// Everything a document's link findings depend on besides its own links: the files the
// build produces (order-free), base_url, and each document's address and state.
uint64_t SiteKey(const SiteModel& model, const OutputTree& out) {
  uint64_t files = 0;
  out.ForEachPath([&](const std::string& path) { files += Hash64(path); });
  uint64_t key = Mix(files, Hash64(model.site().base_url));
  for (const Document& d : model.content->documents) {
    key = Mix(key, Hash64(d.Url()));
    key = Mix(key, Hash64(d.superseded_by));
    key = Mix(key, (d.withdrawn ? 1 : 0) + (d.draft ? 2 : 0) + 4 * static_cast<uint64_t>(d.kind));
  }
  return Mix(key, model.published.size());
}

// A document's own part: its address and links, or 0 if one has a #fragment.
uint64_t LinksKey(const PublishedDocument& p) {
  uint64_t key = Mix(Hash64(p.doc->Url()), Hash64(p.doc->path));
  for (const Link& link : p.body.links) {
    if (link.url.find('#') != std::string::npos) return 0;
    key = Mix(key, Hash64(link.url));
    key = Mix(key, static_cast<uint64_t>(link.line) * 4096 +
                       static_cast<uint64_t>(link.column) * 2 + (link.is_image ? 1 : 0));
  }
  return key == 0 ? 1 : key;
}

}  // namespace

struct InternalLinkMemo::State {
  struct Found {
    uint64_t key = 0;
    std::vector<Finding> findings;
    std::vector<ExternalLink> external;
  };
  uint64_t site_key = 0;
  std::unordered_map<std::string, Found> by_path;
};

InternalLinkMemo::InternalLinkMemo() : state_(std::make_unique<State>()) {}
InternalLinkMemo::~InternalLinkMemo() = default;

void InternalLinkMemo::Check(const SiteModel& model, const OutputTree& out, CheckReport* report,
                             std::vector<ExternalLink>* external) {
  State& s = *state_;
  uint64_t site_key = SiteKey(model, out);
  if (site_key != s.site_key) s.by_path.clear();
  s.site_key = site_key;
  LinkChecker checker(model, out, report, external);
  std::unordered_map<std::string, State::Found> now;
  for (const PublishedDocument& p : model.published) {
    uint64_t key = LinksKey(p);
    auto was = s.by_path.find(p.doc->path);
    State::Found found;
    if (key != 0 && was != s.by_path.end() && was->second.key == key) {
      found = std::move(was->second);
    } else {
      CheckReport own;
      checker.CheckDocument(p, &own, &found.external);
      found.key = key;
      found.findings = own.items();
    }
    for (const Finding& f : found.findings) report->Add(f);
    external->insert(external->end(), found.external.begin(), found.external.end());
    now.emplace(p.doc->path, std::move(found));
  }
  s.by_path = std::move(now);
}

}  // namespace bulletin
