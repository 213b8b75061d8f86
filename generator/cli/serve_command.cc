#include "cli/serve_command.h"

#include <filesystem>
#include <iostream>

#include "cli/mail_command.h"
#include "cli/serve_watch.h"
#include "cli/site_publish_watch.h"
#include "content/content_tree.h"
#include "core/sodium.h"
#include "mail/mailer.h"
#include "manage/accounts.h"
#include "manage/auth_routes.h"
#include "manage/compliance.h"
#include "manage/dashboard_routes.h"
#include "manage/lrs_forwarder.h"
#include "manage/roster_routes.h"
#include "manage/xapi_route.h"
#include "practitioner/my_training_routes.h"
#include "practitioner/sign_in_routes.h"
#include "quiz/paper.h"
#include "quiz/quiz_parser.h"
#include "server/error_pages.h"
#include "server/page_renderer.h"
#include "server/quiz_routes.h"
#include "server/search_route.h"
#include "store/audit_log.h"
#include "store/data_layer.h"
#include "store/sign_in_store.h"
#include "templating/page_chrome.h"
#include "templating/template_set.h"

namespace bulletin {

namespace {

// What serve builds its routes from: the site, its quizzes and templates.
struct ServeContent {
  ContentTree content;
  std::vector<Quiz> quizzes;  ///< not drafts
  TemplateSet templates;
};

// Loads the content and templates. Returns false after printing the errors (with --watch
// the errors show in the pages instead, so serve goes on).
bool LoadServeContent(const ServeOptions& options, bool watching, ServeContent* out) {
  RealFileSystem fs;
  Diagnostics diags;
  LoadOptions load;
  load.base_url = options.base_url;
  LoadContentTree(fs, options.content_dir, load, &diags, &out->content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, out->content, &diags, &all);
  out->templates.Load(fs, options.templates_dir, &diags);
  if (diags.HasErrors() && !watching) {
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: fix the errors above (`bulletin check` lists them) and start "
                 "again\n";
    return false;
  }
  for (Quiz& q : all) {
    if (!q.draft) out->quizzes.push_back(std::move(q));
  }
  return true;
}

// The published quizzes, read from content/ as it is when a build publishes the site.
// Returns false (printing the errors) if they cannot be read.
bool LoadPublishedQuizzes(const ServeOptions& options, std::vector<Quiz>* out) {
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  LoadOptions load;
  load.base_url = options.base_url;
  LoadContentTree(fs, options.content_dir, load, &diags, &content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, content, &diags, &all);
  if (diags.HasErrors()) {
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: a new site was published but its quizzes have errors; the "
                 "quizzes already loaded stay in use\n";
    return false;
  }
  for (Quiz& q : all) {
    if (!q.draft) out->push_back(std::move(q));
  }
  return true;
}

// Opens the one data layer every route shares and, when configured, starts forwarding
// attempts to the LRS from its outbox. Returns false after printing why it cannot.
bool OpenServeData(const ServeOptions& options, const SiteConfig& site,
                   std::unique_ptr<LrsForwarder>* lrs, std::unique_ptr<DataLayer>* data) {
  std::string err;
  DataLayerOptions data_options;
  LrsSettings lrs_settings;
  const bool forwarding = !options.lrs_endpoint.empty();
  if (forwarding &&
      !PrepareLrsForwarding(options.lrs_endpoint, options.lrs_credentials_file, options.content_dir,
                            site, &lrs_settings, &data_options.attempts, &err)) {
    std::cerr << "bulletin serve: " << err << '\n';
    return false;
  }
  *data = OpenSqliteDataLayer(options.db_path, &err, std::move(data_options));
  if (!*data) {
    std::cerr << "bulletin serve: cannot open the database " << err << '\n';
    return false;
  }
  if (!forwarding) return true;
  LrsForwarderOptions lrs_options;
  lrs_options.base_delay_seconds = options.lrs_retry_seconds;
  *lrs = std::make_unique<LrsForwarder>(&(*data)->lrs_outbox(), lrs_settings, lrs_options);
  if (!(*lrs)->Start(&err)) {
    std::cerr << "bulletin serve: " << options.db_path << ": " << err << '\n';
    return false;
  }
  return true;
}

// The outbox's sender, started before the server takes requests so messages a crash left
// queued go out at once. Prints why and returns nullptr when the settings are wrong.
std::unique_ptr<Mailer> StartMailer(const ServeOptions& options, const SiteConfig& site,
                                    MailOutbox& outbox) {
  MailSettings settings;
  std::string err;
  if (!MailSettingsFor(options.mail, site, options.content_dir, options.db_path, &settings, &err)) {
    std::cerr << "bulletin serve: " << err << '\n';
    return nullptr;
  }
  std::cerr << DescribeMailSettings(settings) << '\n';
  MailSenderOptions sender;
  sender.base_delay_seconds = options.mail_retry_seconds;
  return std::make_unique<Mailer>(outbox, std::move(settings), sender);
}

// Every route over the data layer, and the server running them until it is stopped.
int ServeWithData(const ServeOptions& options, ServeContent& loaded, DataLayer& data,
                  Watch* watch) {
  const SiteConfig& site = loaded.content.site;
  std::unique_ptr<Mailer> mailer = StartMailer(options, site, data.mail_outbox());
  if (!mailer) return 1;
  std::vector<std::pair<std::string, std::string>> pages;
  for (const Document& d : loaded.content.documents) {
    if (d.kind == DocumentKind::kPage && !d.draft && !d.withdrawn) {
      pages.emplace_back(d.title, d.Url());
    }
  }
  QuizRoutesOptions quiz_options;
  quiz_options.attempts_per_day = options.attempts_per_day;
  quiz_options.site_dir = options.server.site_dir;
  quiz_options.retry_wait_seconds = options.retry_wait_seconds;
  // The key papers are sealed with lives beside the database, so papers served before a
  // restart are still accepted.
  std::string err;
  std::filesystem::path key_path =
      std::filesystem::path(options.db_path).parent_path() / "paper.key";
  quiz_options.paper_key = LoadOrCreatePaperKey(key_path.string(), &err);
  if (quiz_options.paper_key.empty()) {
    std::cerr << "bulletin serve: " << err << '\n';
    return 1;
  }
  nlohmann::json chrome = SiteChrome(site, pages, Date::Today().year);
  QuizRoutes routes(site, loaded.quizzes, loaded.templates, chrome, &data.attempts(), quiz_options);
  PageRenderer page_renderer(site, loaded.templates, chrome, !loaded.quizzes.empty());
  AccountOptions account_options;
  account_options.site_name = site.name;
  account_options.site_short_name = site.short_name;
  AccountStore accounts(&data.accounts(), account_options);
  XapiExportRoute xapi_export(&data.reports(), site, &data.audit(), &page_renderer);
  ComplianceEngine compliance(&data.reports(), site, loaded.quizzes);
  DashboardRoutes dashboard(site, loaded.quizzes, &page_renderer, &data.reports(), &compliance,
                            &data.audit());
  AuthRoutes gate(&page_renderer, &accounts, &data.audit());
  RosterRoutes roster(site, &dashboard, &data.roster(), &data.audit());
  SearchRoute search(&page_renderer, options.server.site_dir);
  SignInRoutes sign_in(&page_renderer, &data.sign_in(), mailer.get(), &data.audit(), {});
  MyTrainingRoutes my_training(&page_renderer, &sign_in, &data.sign_in(), &compliance,
                               &loaded.quizzes, &data.personal_data(), &data.audit());
  // A build publishing a new site (its atomic swap) loads the quizzes afresh: new ones take
  // submissions at once, and papers served from an edited one are still graded against it.
  std::unique_ptr<SitePublishWatch> publish_watch;
  if (!watch) {
    publish_watch = std::make_unique<SitePublishWatch>(options.server.site_dir, [&] {
      std::vector<Quiz> fresh;
      if (!LoadPublishedQuizzes(options, &fresh)) return;
      std::cout << "bulletin serve: a new site was published; " << fresh.size() << " quizzes loaded"
                << std::endl;
      routes.Publish(std::move(fresh));
    });
  }
  ErrorPages error_pages(page_renderer, [](const std::string& line) {
    std::cerr << "bulletin serve: " << line << std::endl;
  });
  int status = RunServer(options.server, std::cout, [&](Router& router) {
    error_pages.AddTo(&router);
    routes.AddTo(&router);
    search.AddTo(&router);
    gate.AddTo(&router);
    sign_in.AddTo(&router);
    my_training.AddTo(&router);
    xapi_export.AddTo(&router, gate);
    if (watch) watch->live().AddTo(&router, options.server.site_dir);
    dashboard.AddTo(&router, gate);
    roster.AddTo(&router, gate);
  });
  publish_watch.reset();
  mailer->Stop();  // what is still queued goes out after the next start
  return status;
}

}  // namespace

int RunServeCommand(const ServeOptions& options) {
  if (!StartSodium()) {
    std::cerr << "bulletin serve: libsodium could not start\n";
    return 1;
  }
  RealFileSystem fs;
  if (!fs.IsDirectory(options.content_dir)) {
    std::cerr << "bulletin serve: warning: no content folder at " << options.content_dir
              << "; serving the site without quiz grading or certificates (pass --content DIR)\n";
    return RunServer(options.server, std::cout);
  }
  std::unique_ptr<Watch> watch;
  if (options.watch && !(watch = StartServeWatch(options))) return 1;
  ServeContent loaded;
  if (!LoadServeContent(options, watch != nullptr, &loaded)) return 1;
  std::unique_ptr<DataLayer> data;  // outlives the forwarder, which uses its outbox
  std::unique_ptr<LrsForwarder> lrs;
  if (!OpenServeData(options, loaded.content.site, &lrs, &data)) return 1;
  int status = ServeWithData(options, loaded, *data, watch.get());
  if (lrs) lrs->Stop();  // after the last request: every recorded attempt is in the outbox
  return status;
}

}  // namespace bulletin
