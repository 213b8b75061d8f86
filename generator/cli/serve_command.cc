#include "cli/serve_command.h"

#include <sodium.h>

#include <iostream>

#include "content/content_tree.h"
#include "manage/lrs_forwarder.h"
#include "quiz/quiz_parser.h"
#include "server/quiz_routes.h"
#include "store/store.h"
#include "templating/page_chrome.h"
#include "templating/template_set.h"

namespace bulletin {

int RunServeCommand(const ServeOptions& options) {
  if (sodium_init() < 0) {
    std::cerr << "bulletin serve: libsodium could not start\n";
    return 1;
  }
  RealFileSystem fs;
  if (!fs.IsDirectory(options.content_dir)) {
    std::cerr << "bulletin serve: warning: no content folder at " << options.content_dir
              << "; serving the site without quiz grading or certificates (pass --content DIR)\n";
    return RunServer(options.server, std::cout);
  }
  Diagnostics diags;
  ContentTree content;
  LoadContentTree(fs, options.content_dir, LoadOptions(), &diags, &content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, content, &diags, &all);
  TemplateSet templates;
  templates.Load(fs, options.templates_dir, &diags);
  if (diags.HasErrors()) {
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: fix the errors above (`bulletin check` lists them) and start "
                 "again\n";
    return 1;
  }
  std::vector<Quiz> quizzes;
  for (Quiz& q : all) {
    if (!q.draft) quizzes.push_back(std::move(q));
  }
  std::string err;
  StoreOptions store_options;
  std::unique_ptr<LrsForwarder> lrs;
  if (!options.lrs_endpoint.empty()) {
    LrsForwarderOptions lrs_options;
    lrs_options.base_delay_seconds = options.lrs_retry_seconds;
    lrs = StartLrsForwarding(options.lrs_endpoint, options.lrs_credentials_file,
                             options.content_dir, options.db_path, content.site, lrs_options,
                             &store_options, &err);
    if (!lrs) {
      std::cerr << "bulletin serve: " << err << '\n';
      return 1;
    }
  }
  std::unique_ptr<Store> store = OpenSqliteStore(options.db_path, &err, store_options);
  if (!store) {
    std::cerr << "bulletin serve: cannot open the database " << err << '\n';
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> pages;
  for (const Document& d : content.documents) {
    if (d.kind == DocumentKind::kPage && !d.draft && !d.withdrawn) {
      pages.emplace_back(d.title, d.Url());
    }
  }
  QuizRoutesOptions quiz_options;
  quiz_options.attempts_per_day = options.attempts_per_day;
  QuizRoutes routes(content.site, quizzes, templates,
                    SiteChrome(content.site, pages, Date::Today().year), store.get(),
                    quiz_options);
  int status =
      RunServer(options.server, std::cout, [&](Router& router) { routes.AddTo(&router); });
  if (lrs) lrs->Stop();  // after the last request: every recorded attempt is in the outbox
  return status;
}

}  // namespace bulletin
