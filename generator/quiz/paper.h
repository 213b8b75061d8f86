#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "quiz/quiz.h"

namespace bulletin {

/// One drawn question of a paper and the order its options are shown in (option ids).
struct PaperQuestion {
  std::string id;
  std::vector<std::string> order;
};

/// What one attempt is asked: fixed when the form is served and graded against exactly
/// that. It carries no answers; the server keeps those.
struct Paper {
  std::string quiz_id;
  std::string version;  ///< the quiz version it was drawn from
  std::vector<PaperQuestion> questions;
  int64_t issued_at = 0;  ///< Unix seconds
  /// Who the paper is bound to. Empty: the form it was served in (no sign-in yet). When a
  /// practitioner signs in (#15), the server sets their id here and Submit refuses a paper
  /// whose holder is not the person signed in.
  std::string holder;

  const PaperQuestion* Find(const std::string& qid) const;
};

/// Draws a paper of quiz.AskCount() questions: from the whole pool, or (ask_by_group)
/// round-robin over the groups in the order they first appear, each group's share drawn
/// at random, so every group is asked before any is asked twice. Questions keep the file's
/// order unless quiz.shuffle_questions; options are shuffled unless !quiz.shuffle_options,
/// pinned options last in the file's order. Uniform: every subset and order equally likely.
Paper DrawPaper(const Quiz& quiz, std::mt19937_64& rng, int64_t now);

/// The paper of a page built without a server (the static site): the first AskCount()
/// questions in the file's order, nothing shuffled.
Paper FixedPaper(const Quiz& quiz);

/// Seals papers into opaque tokens for a hidden form field, and opens them again:
/// authenticated encryption (libsodium crypto_secretbox) under a key only the server
/// holds, so a submission can neither read nor choose its own paper. Thread-safe.
class PaperSealer {
 public:
  /// `key` must be crypto_secretbox_KEYBYTES (32) bytes.
  explicit PaperSealer(std::string key);
  std::string Seal(const Paper& paper) const;
  /// The paper, or nullopt if the token was not sealed with this key or was altered.
  std::optional<Paper> Open(const std::string& token) const;

 private:
  std::string key_;
};

/// Reads the 32-byte paper key from `path`, or makes one with a random generator and
/// writes it there (mode 0600, folder created) when there is none. Returns "" and sets
/// *err on failure. The same key across restarts keeps served papers valid.
std::string LoadOrCreatePaperKey(const std::string& path, std::string* err);

}  // namespace bulletin
