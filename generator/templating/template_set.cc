#include "templating/template_set.h"

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

namespace bulletin {

struct TemplateSet::Compiled {
  std::string path;
  MustacheTemplate tmpl;
  /// The size of the layout's last rendering without the page in it, to reserve the next
  /// one's string at once instead of growing it a doubling at a time.
  mutable std::atomic<size_t> last_size{0};
};

namespace {

constexpr int kMaxPartialDepth = 8;

// Replaces every {{> name}} with the partial's text, recursively.
bool InlinePartials(const std::string& text, const std::map<std::string, std::string>& partials,
                    const std::string& path, int depth, Diagnostics* diags, std::string* out) {
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    out->append(text, pos, open - pos);
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto it = partials.find(name);
    if (it == partials.end()) {
      diags->Error(path, 0, 0,
                   "unknown partial '" + name + "'; add partials/" + name + ".mustache");
      return false;
    }
    if (depth >= kMaxPartialDepth) {
      diags->Error(path, 0, 0,
                   "partials nest more than 8 deep (does '" + name + "' include itself?)");
      return false;
    }
    if (!InlinePartials(it->second, partials, path, depth + 1, diags, out)) return false;
    pos = close + 2;
  }
  out->append(text, pos, std::string::npos);
  return true;
}

}  // namespace

TemplateSet::TemplateSet() = default;
TemplateSet::~TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;

bool TemplateSet::Load(const FileSystem& fs, const std::string& dir, Diagnostics* diags) {
  int errors_before = diags->error_count();
  dir_ = dir;
  if (!fs.IsDirectory(dir)) {
    diags->Error(dir, 0, 0,
                 "templates folder not found; run from the folder that holds templates/, or "
                 "pass --templates DIR");
    return false;
  }
  std::map<std::string, std::string> partials;
  std::string text, err;
  const std::string ext = ".mustache";
  auto strip = [&](const std::string& name) {
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0
               ? name.substr(0, name.size() - ext.size())
               : std::string();
  };
  for (const std::string& name : fs.ListFiles(JoinPath(dir, "partials"))) {
    std::string base = strip(name);
    if (base.empty()) continue;
    if (fs.ReadFile(JoinPath(JoinPath(dir, "partials"), name), &text, &err)) {
      partials[base] = text;
    }
  }
  auto compile = [&](const std::string& path) -> std::unique_ptr<Compiled> {
    if (!fs.ReadFile(path, &text, &err)) {
      diags->Error(path, 0, 0, "cannot read template: " + err);
      return nullptr;
    }
    std::string inlined;
    if (!InlinePartials(text, partials, path, 0, diags, &inlined)) return nullptr;
    auto compiled = std::make_unique<Compiled>();
    compiled->path = path;
    std::string problem;
    if (!compiled->tmpl.Parse(inlined, &problem)) {
      diags->Error(path, 0, 0, "template does not parse: " + problem);
      return nullptr;
    }
    return compiled;
  };
  layout_ = compile(JoinPath(dir, "layouts/base.mustache"));
  for (const std::string& name : fs.ListFiles(JoinPath(dir, "pages"))) {
    std::string base = strip(name);
    if (base.empty()) continue;
    if (auto c = compile(JoinPath(JoinPath(dir, "pages"), name))) pages_[base] = std::move(c);
  }
  return diags->error_count() == errors_before && layout_;
}

bool TemplateSet::Has(const std::string& name) const { return pages_.count(name) > 0; }

bool TemplateSet::RenderPage(const std::string& name, const nlohmann::json& context,
                             std::string* out, Diagnostics* diags) const {
  const MustacheData data{&context, {}};
  return RenderPage(name, {&data}, out, diags);
}

bool TemplateSet::RenderPage(const std::string& name,
                             const std::vector<const MustacheData*>& contexts, std::string* out,
                             Diagnostics* diags) const {
  auto it = pages_.find(name);
  if (it == pages_.end()) {
    diags->Error(JoinPath(dir_, "pages/" + name + ".mustache"), 0, 0,
                 "template missing; every site needs it");
    return false;
  }
  // Each thread renders its pages into the one `content` string, kept from page to page:
  // that saves allocating and growing a string the size of a page for each.
  thread_local nlohmann::json content = {{"content", ""}};
  std::string& body = content["content"].get_ref<std::string&>();
  body.clear();
  it->second->tmpl.Render(contexts, &body);
  // The layout sees the page's contexts with `content` (the page) on top.
  const size_t body_size = body.size();
  const MustacheData page{&content, {}};
  std::vector<const MustacheData*> layout_contexts = contexts;
  layout_contexts.push_back(&page);
  out->clear();
  out->reserve(body_size + layout_->last_size.load(std::memory_order_relaxed) * 5 / 4);
  layout_->tmpl.Render(layout_contexts, out);
  layout_->last_size.store(out->size() - std::min(out->size(), body_size),
                           std::memory_order_relaxed);
  return true;
}

}  // namespace bulletin
