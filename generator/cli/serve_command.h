#pragma once

#include <string>

#include "mail/mail_settings.h"
#include "server/server.h"

namespace bulletin {

struct ServeOptions {
  ServerOptions server;
  std::string content_dir = "content";
  std::string templates_dir = "templates";
  std::string db_path = "data/bulletin.db";
  int attempts_per_day = 10;
  int retry_wait_seconds = -1;  ///< after a fail; below 0: site.yaml's quizzes.retry_wait_minutes
  std::string lrs_endpoint;     ///< forward attempts as xAPI statements here when set
  std::string lrs_credentials_file;  ///< else BULLETIN_LRS_USERNAME/PASSWORD from the environment
  int lrs_retry_seconds = 30;        ///< first wait after a failure; doubles up to an hour
  MailFlags mail;                    ///< SMTP relay and From; none: .eml files beside the database
  int mail_retry_seconds = 60;  ///< first wait after a relay refuses for now; doubles to an hour
  bool watch = false;           ///< live preview: see cli/serve_watch.h
  bool drafts = false;          ///< with watch: build drafts too
  std::string base_url;         ///< when set, replaces site.yaml's (--base-url)
};

/// `bulletin serve`: loads site.yaml, the quizzes and the templates (for result pages),
/// opens the database, and serves the built site with the quiz routes until SIGINT or
/// SIGTERM. Returns the exit status; content errors are printed and give 1.
int RunServeCommand(const ServeOptions& options);

}  // namespace bulletin
