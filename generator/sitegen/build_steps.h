#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sitegen/output_tree.h"
#include "sitegen/progress.h"
#include "sitegen/site_builder.h"
#include "sitegen/site_model.h"
#include "templating/template_set.h"

namespace bulletin {

// The stages of BuildSite, exposed so that an incremental build (sitegen/incremental.h) runs
// exactly the steps a clean build runs, on what it kept from the previous one.

/// Renders a document's Markdown with the limits every build uses (MarkdownLimits), the
/// themes its blocks declare as `site`'s slugs (an unknown one is an error).
void RenderBody(const SiteConfig& site, const Document& d, Diagnostics* found,
                RenderedMarkdown* body);

/// Renders the body of docs[i] for each i in `which` into (*bodies)[i], each document's
/// problems into (*found)[i] (both sized like docs), the themes its blocks declare as
/// `site`'s slugs (an unknown one is an error). Uses every core.
void RenderBodies(const SiteConfig& site, const std::vector<Document>& docs,
                  const std::vector<size_t>& which, std::vector<RenderedMarkdown>* bodies,
                  std::vector<Diagnostics>* found, const ProgressFn& progress = {});

/// Fills model->published with the documents that appear on the site (moving their bodies
/// out of *bodies, which is indexed like content.documents), and orders by_date and pages.
/// Reports a superseded_by that names a withdrawn or draft document.
void SelectPublished(const ContentTree& content, bool drafts, std::vector<RenderedMarkdown>* bodies,
                     Diagnostics* diags, SiteModel* model);

/// Loads the quizzes into model->quizzes (drafts only with options.drafts), reporting
/// their problems; returns how many quiz files were read. model->content must be set.
size_t AddQuizzes(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
                  SiteModel* model);

/// Which pages to render; the others are kept as they are (PageWriter::SetFilter).
using PageFilter = std::function<bool(const std::string& url)>;

struct GenerateOptions {
  /// Add the search index, each document analysed right after its page is written (an
  /// incremental build makes it on its own thread instead: see AddSearchIndex).
  bool search_index = true;
  /// Free each body's HTML and plain text once its page is written and it is indexed (a
  /// clean build: the other pages need only cards and blocks). An incremental build keeps
  /// the bodies.
  bool release_bodies = false;
  /// Called on a document's thread just before its page is written: a clean build renders
  /// the document's Markdown there (see BuildSite), so each document is read, rendered,
  /// written, indexed and freed while it is in the cache, and the bodies of all documents
  /// are never in memory at once.
  /// `worker` (below WorkerCount(published)) names the calling thread.
  std::function<void(PublishedDocument& p, size_t worker)> before_page;
};

/// Renders the pages `filter` accepts (every page if it is empty) and adds the search
/// index, feed, sitemap, robots.txt and static files to *out. Document pages render on
/// every core, each thread indexing the documents it has just written; then the lists, the
/// Think and Key pages and the search index's last step side by side.
void GenerateSite(const FileSystem& fs, const BuildOptions& options, SiteModel* model,
                  const TemplateSet& templates, const PageFilter& filter, OutputTree* out,
                  Diagnostics* diags, BuildStats* stats, const GenerateOptions& how = {});

}  // namespace bulletin
