#include "templating/template_set.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace bulletin {

namespace mus = kainjow::mustache;

struct TemplateSet::Compiled {
  std::string path;
  mus::mustache tmpl;
  explicit Compiled(std::string p, const std::string& text) : path(std::move(p)), tmpl(text) {}
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
      diags->Error(path, 0, 0, "unknown partial '" + name + "'; add partials/" + name + ".mustache");
      return false;
    }
    if (depth >= kMaxPartialDepth) {
      diags->Error(path, 0, 0, "partials nest more than 8 deep (does '" + name + "' include itself?)");
      return false;
    }
    if (!InlinePartials(it->second, partials, path, depth + 1, diags, out)) return false;
    pos = close + 2;
  }
  out->append(text, pos, std::string::npos);
  return true;
}

mus::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      // Assigning through operator[] moves the converted value in; set() would copy it,
      // and with it every nested level again (large list pages nest several).
      mus::data d{mus::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d[it.key()] = ToData(it.value());
      return d;
    }
    case nlohmann::json::value_t::array: {
      // push_back copies each item, subtree and all, and a growing vector copies them
      // again (basic_data's move may throw). The list basic_data owns is a plain heap
      // vector, so fill it in place: sized once, each converted item moved in.
      mus::data d{mus::data::type::list};
      auto& items = const_cast<mus::basic_list<std::string>&>(d.list_value());
      items.reserve(j.size());
      for (const auto& item : j) items.emplace_back(ToData(item));
      return d;
    }
    case nlohmann::json::value_t::string: {
      // An empty string is false, so {{#field}}...{{/field}} can guard optional text.
      const std::string& s = j.get_ref<const std::string&>();
      return s.empty() ? mus::data{mus::data::type::bool_false} : mus::data{s};
    }
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mus::data{mus::data::type::bool_true}
                           : mus::data{mus::data::type::bool_false};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mus::data{j.dump()};
    default:
      return mus::data{mus::data::type::bool_false};
  }
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
    auto compiled = std::make_unique<Compiled>(path, inlined);
    if (!compiled->tmpl.is_valid()) {
      diags->Error(path, 0, 0, "template does not parse: " + compiled->tmpl.error_message());
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
  auto it = pages_.find(name);
  if (it == pages_.end()) {
    diags->Error(JoinPath(dir_, "pages/" + name + ".mustache"), 0, 0,
                 "template missing; every site needs it");
    return false;
  }
  mus::data data = ToData(context);
  std::string body = it->second->tmpl.render(data);
  if (!it->second->tmpl.is_valid()) {
    diags->Error(it->second->path, 0, 0, "template failed: " + it->second->tmpl.error_message());
    return false;
  }
  data.set("content", body);
  *out = layout_->tmpl.render(data);
  if (!layout_->tmpl.is_valid()) {
    diags->Error(layout_->path, 0, 0, "template failed: " + layout_->tmpl.error_message());
    return false;
  }
  return true;
}

}  // namespace bulletin
