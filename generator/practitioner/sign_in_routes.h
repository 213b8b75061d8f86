#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/http_types.h"
#include "server/router.h"
#include "store/sign_in_store.h"

namespace bulletin {

class AuditLog;
class Mailer;
class PageRenderer;

/// Limits and the clock for sign-in by e-mailed link. The defaults are what `bulletin
/// serve` uses and docs/operating.md states.
struct SignInOptions {
  int link_minutes = 15;
  /// Requests for links allowed per e-mail address, and per client address, in the window.
  int email_request_limit = 5;
  int address_request_limit = 20;
  int request_window_seconds = 15 * 60;
  int idle_timeout_seconds = 60 * 60;
  int absolute_timeout_seconds = 12 * 60 * 60;
  int touch_interval_seconds = 60;
  std::function<int64_t()> now;  ///< Unix seconds; tests replace it
};

/// The practitioner's session cookie: "__Host-bulletin_person" when the site is https,
/// else "bulletin_person". Apart from the managers' cookie, so neither session can stand in
/// for the other.
std::string PractitionerCookieName(bool https);

/// True if `next` is a local path a practitioner may be sent to after signing in: under
/// /quizzes/ or /my/, or "/", without "//", "\\", "..", encoded dots or slashes, spaces or
/// control characters, at most 512 bytes.
bool IsSafePractitionerNext(const std::string& next);

/// Practitioners sign in with a link sent to their work e-mail:
///
/// - GET /sign-in (?next=): the form; signed in already: who, and a sign-out button.
/// - POST /sign-in: the same "check your email" page whether or not a link was sent (no
///   enumeration). A link goes only to an address on the roster or in a domain site.yaml
///   gives an organisation; it and its message are stored in one transaction. 429 past the
///   per-client limit; past the per-address limit nothing more is sent, silently.
/// - GET /sign-in/link?token=: a page with a Sign in button (a GET uses nothing up, so mail
///   scanners that open links sign nobody in). POST /sign-in/link: uses the link (256-bit
///   token, stored hashed, 15 minutes, once) and starts a new session, ending the one the
///   browser had; then to /my/details the first time without a name, else to `next`
///   (default /my/).
/// - GET/POST /my/details: name and team (the organisation comes from the roster or the
///   domain, never from the person).
/// - POST /sign-out: ends the session.
/// Every POST is refused from another site and, when signed in, without the session's
/// "csrf" field. Sign-ins and sign-outs go to the audit log.
class SignInRoutes {
 public:
  /// Keeps pointers to everything passed; they must outlive this object.
  SignInRoutes(const PageRenderer* pages, SignInStore* store, Mailer* mailer, AuditLog* audit,
               SignInOptions options);

  void AddTo(Router* router) const;

  /// The signed-in practitioner the request comes from, if any.
  std::optional<PractitionerSession> SessionOf(const HttpRequest& request) const;

  /// What the page header needs to show who is signed in and a sign-out button ("person":
  /// email, name, csrf), to merge into a page's context; null when nobody is.
  static nlohmann::json HeaderContext(const std::optional<PractitionerSession>& session);

  HttpResponse Form(const HttpRequest& request) const;
  HttpResponse Request(const HttpRequest& request) const;
  HttpResponse LinkPage(const HttpRequest& request) const;
  HttpResponse UseLink(const HttpRequest& request) const;
  HttpResponse DetailsForm(const HttpRequest& request) const;
  HttpResponse SaveDetails(const HttpRequest& request) const;
  HttpResponse SignOut(const HttpRequest& request) const;

 private:
  int64_t Now() const { return options_.now(); }
  bool SendLink(const std::string& email, const std::string& next, int64_t now,
                const std::vector<std::string>& keys) const;
  std::optional<Practitioner> WhoMayBe(const std::string& email) const;
  HttpResponse SignInPage(int status, nlohmann::json context) const;
  HttpResponse DeadLink() const;
  HttpResponse Refused() const;
  std::string SetCookie(const std::string& value, bool clear) const;
  bool Audit(const std::string& actor, const std::string& organisation, const std::string& action,
             const std::string& detail, const HttpRequest& request, std::string* err) const;

  const PageRenderer* pages_;
  SignInStore* store_;
  Mailer* mailer_;
  AuditLog* audit_;
  SignInOptions options_;
  bool https_;
  std::string cookie_name_;
};

}  // namespace bulletin
