#include "content/content_tree.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>

#include "content/front_matter.h"
#include "content/scaffold.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "core/text.h"

namespace bulletin {

const Document* ContentTree::FindBySlug(const std::string& slug) const {
  for (const Document& d : documents) {
    if (d.slug == slug) return &d;
  }
  return nullptr;
}

bool LoadDocumentFile(const FileSystem& fs, const std::string& content_dir, DocumentKind kind,
                      const std::string& name, const SiteConfig& site, Diagnostics* diags,
                      Document* doc) {
  const std::string dir = JoinPath(content_dir, KindFolder(kind));
  const std::string path = JoinPath(dir, name);
  if (name.size() < 4 || name.compare(name.size() - 3, 3, ".md") != 0) {
    if (name.front() != '.') {
      diags->Warning(path, 1, 1, "ignored: only .md files are read from " + dir);
    }
    return false;
  }
  doc->kind = kind;
  doc->path = path;
  doc->slug = name.substr(0, name.size() - 3);
  if (!IsValidSlug(doc->slug)) {
    diags->Error(path, 1, 1,
                 "the file name is the page's address, so it must be lower-case letters, "
                 "digits and single hyphens: rename it to '" +
                     Slugify(doc->slug) + ".md'");
  }
  std::string text, err;
  if (!fs.ReadFile(path, &text, &err)) {
    diags->Error(path, 1, 1, "cannot read: " + err);
    return false;
  }
  uint64_t fingerprint = Hash64(text);
  Diagnostics placeholders;
  WarnScaffoldPlaceholders(text, path, &placeholders);
  ParseDocument(std::move(text), site, diags, doc);
  if (!doc->draft) diags->Merge(placeholders);
  doc->fingerprint = fingerprint;  // after: the parser may rebuild *doc
  return true;
}

void CheckDocuments(const ContentTree& tree, const LoadOptions& options, Diagnostics* diags) {
  std::map<std::string, std::string> slug_owner;
  for (const Document& doc : tree.documents) {
    auto [it, inserted] = slug_owner.emplace(doc.slug, doc.path);
    if (!inserted) {
      diags->Error(doc.path, 1, 1,
                   "duplicate slug '" + doc.slug + "': " + it->second +
                       " has the same file name; rename one of them");
    }
    if (!doc.superseded_by.empty()) {
      const Document* target = tree.FindBySlug(doc.superseded_by);
      if (!target || target->kind == DocumentKind::kPage) {
        std::string msg = "superseded_by '" + doc.superseded_by +
                          "' names no brief or bulletin; give the file name (without .md) of "
                          "the one that replaces this";
        diags->Error(doc.path, doc.FieldLine("superseded_by"), 1, msg);
      } else if (target->slug == doc.slug) {
        diags->Error(doc.path, doc.FieldLine("superseded_by"), 1,
                     "a brief cannot be superseded by itself");
      }
    }
    if (doc.review_by && *doc.review_by < options.today && !doc.withdrawn) {
      diags->Warning(doc.path, doc.FieldLine("review_by"), 1,
                     "review date " + doc.review_by->ToIso() +
                         " has passed; check the content is still current and set a new "
                         "review_by, or mark it withdrawn: true");
    }
  }
}

namespace {

// Reads and parses every brief, bulletin and page into out->documents.
void LoadDocuments(const FileSystem& fs, const std::string& content_dir, const LoadOptions& options,
                   Diagnostics* diags, ContentTree* out) {
  // Each file is read and parsed on its own, on every core; the results are then taken in
  // folder order, so documents and diagnostics come out as they would from one thread.
  struct Loaded {
    DocumentKind kind = DocumentKind::kBrief;
    std::string name;
    bool ok = false;
    Document doc;
    Diagnostics own;
  };
  std::vector<Loaded> loaded;
  for (DocumentKind kind : {DocumentKind::kBrief, DocumentKind::kBulletin, DocumentKind::kPage}) {
    for (std::string& name : fs.ListFiles(JoinPath(content_dir, KindFolder(kind)))) {
      Loaded& l = loaded.emplace_back();
      l.kind = kind;
      l.name = std::move(name);
    }
  }
  ParallelFor(loaded.size(), WorkerCount(loaded.size()), [&](size_t i, size_t) {
    Loaded& l = loaded[i];
    l.ok = LoadDocumentFile(fs, content_dir, l.kind, l.name, out->site, &l.own, &l.doc);
  });
  out->documents.reserve(loaded.size());
  for (Loaded& l : loaded) {
    if (l.ok) out->documents.push_back(std::move(l.doc));
    if (l.ok && options.per_document) {
      options.per_document->push_back(std::move(l.own));
    } else {
      diags->Merge(l.own);
    }
  }
}

}  // namespace

bool LoadContentTree(const FileSystem& fs, const std::string& content_dir,
                     const LoadOptions& options, Diagnostics* diags, ContentTree* out) {
  *out = ContentTree();
  int errors_before = diags->error_count();
  if (!fs.IsDirectory(content_dir)) {
    diags->Error(content_dir, 0, 0,
                 "content folder not found; run from the folder that holds content/, or pass "
                 "--content DIR");
    return false;
  }
  const std::string site_path = JoinPath(content_dir, "site.yaml");
  std::string text, err;
  if (!fs.ReadFile(site_path, &text, &err)) {
    diags->Error(site_path, 0, 0,
                 "cannot read site.yaml (" + err +
                     "); every site needs one with 'name', "
                     "'base_url' and 'themes'");
    return false;
  }
  ParseSiteConfig(text, site_path, diags, &out->site);
  if (!options.base_url.empty()) {
    out->site.base_url = options.base_url;
    if (out->site.base_url.back() != '/') out->site.base_url += '/';
  }

  LoadDocuments(fs, content_dir, options, diags, out);

  if (options.check_documents) CheckDocuments(*out, options, diags);

  const std::string static_dir = JoinPath(content_dir, "static");
  out->static_files = fs.ListFilesRecursive(static_dir);
  const std::string& logo = out->site.logo;
  if (!logo.empty() && std::find(out->static_files.begin(), out->static_files.end(), logo) ==
                           out->static_files.end()) {
    diags->Error(site_path, out->site.logo_line, out->site.logo_column,
                 "logo '" + logo + "' not found; put the image in " + static_dir +
                     "/ and give its path relative to that folder");
  }
  return diags->error_count() == errors_before;
}

}  // namespace bulletin
