#pragma once

#include <optional>
#include <string>

#include "manage/manager_gate.h"
#include "server/http_types.h"
#include "server/router.h"

namespace bulletin {

class AccountStore;
class AuditLog;
class PageRenderer;

/// The session cookie's name: "__Host-bulletin_session" when the site's base_url is https
/// (the browser then insists on Secure, Path=/ and no Domain), else "bulletin_session".
std::string SessionCookieName(bool https);

/// The value of cookie `name` in the request's Cookie headers, if present.
std::optional<std::string> RequestCookie(const HttpRequest& request, const std::string& name);

/// True if `next` may be redirected to after login: a local path under /manage/ whose path
/// part has no "//", "\\", "..", or encoded dots or slashes, without spaces or control
/// characters, at most 512 bytes.
bool IsSafeNextPath(const std::string& next);

/// Signing in and out of /manage/, and the concrete ManagerGate over AccountStore sessions.
///
/// GET /manage/login shows the form (already signed in: 303 to where it would go).
/// POST /manage/login: 303 to `next` (a safe /manage/ path) or /manage/ with a new session
/// cookie; the same 400 form for an unknown email and a wrong password; 429 when throttled;
/// 403 for a cross-site post. POST /manage/logout (an Action: needs the csrf field) ends the
/// session, clears the cookie and shows the sign-in page with a notice.
/// Logins, failures, throttling and logouts go to the audit log. The sign-in post runs on the
/// server's slow pool (HandlerPool::kSlow): its password hash never holds a worker. When the
/// database fails, every page here and behind the gate is the styled 503 of
/// PageRenderer::Unavailable.
class AuthRoutes : public ManagerGate {
 public:
  /// Keeps pointers to everything passed; they must outlive this object.
  AuthRoutes(const PageRenderer* pages, AccountStore* accounts, AuditLog* audit);

  void AddTo(Router* router) const;

  /// For ServerOptions::may_upload: true if a POST under /manage/ (not the sign-in form)
  /// whose body is still arriving comes from this site's pages with a live session and, in
  /// the first bytes of the body, that session's csrf field. Only then may the body grow
  /// past the small limit, so an anonymous client can never make the server hold an upload.
  bool MayUpload(const HttpRequest& head) const;

  HttpHandler Page(ManagerHandler handler) const override;
  HttpHandler Action(ManagerHandler handler) const override;

  HttpResponse LoginForm(const HttpRequest& request) const;
  HttpResponse LoginPost(const HttpRequest& request) const;
  HttpResponse Logout(const HttpRequest& request, const ManagerSession& session) const;

  const std::string& cookie_name() const { return cookie_name_; }

 private:
  /// The live session of the request's cookie; nullopt with *err set if the database failed.
  std::optional<ManagerSession> SessionOf(const HttpRequest& request, std::string* err) const;
  HttpResponse Form(int status, const std::string& email, const std::string& next,
                    const std::vector<std::pair<std::string, std::string>>& errors,
                    bool signed_out) const;
  HttpResponse Refused(const std::string& heading, const std::string& why) const;
  std::string SetCookie(const std::string& value, bool clear) const;

  const PageRenderer* pages_;
  AccountStore* accounts_;
  AuditLog* audit_;
  bool https_;
  std::string cookie_name_;
};

}  // namespace bulletin
