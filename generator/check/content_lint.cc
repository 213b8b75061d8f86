#include "check/content_lint.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "check/readability.h"
#include "core/text.h"
#include "markdown/cmark_tree.h"
#include "markdown/input_limits.h"

namespace bulletin {
namespace {

constexpr int kMaxSentenceWords = 35;

bool InBlockQuote(cmark_node* node) {
  for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE) return true;
  }
  return false;
}

// The block quote around `node`, if any.
cmark_node* EnclosingQuote(cmark_node* node) {
  for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p)) {
    if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE) return p;
  }
  return nullptr;
}

// Is `quote` a `> [!THINK]` or `> [!KEY]` block (any case, themes or not)?
bool IsCollectedBlock(cmark_node* quote) {
  cmark_node* para = cmark_node_first_child(quote);
  cmark_node* text = para ? cmark_node_first_child(para) : nullptr;
  if (!text || cmark_node_get_type(text) != CMARK_NODE_TEXT) return false;
  std::string start = AsciiLower(std::string_view(cmark_node_get_literal(text)).substr(0, 7));
  return start.starts_with("[!think") || start.starts_with("[!key]") || start.starts_with("[!key:");
}

// Drops what partnerships put before "Think" when they write prompts as plain text: quotes,
// dashes, bullets and spaces ("“Think”", "- Think", "– Think:"). Bold and italics are gone
// already in the plain text.
std::string_view WithoutLeadIn(std::string_view s) {
  static const char* const kLeadIns[] = {"\"", "'", "\u201c", "\u2018", "\u2013", "\u2014",
                                         "-",  "*", "_",      " ",      "\t"};
  for (bool more = true; more;) {
    more = false;
    for (const char* lead : kLeadIns) {
      if (s.starts_with(lead)) {
        s.remove_prefix(std::string_view(lead).size());
        more = true;
      }
    }
  }
  return s;
}

bool LooksLikeThinkPrompt(const std::string& text) {
  std::string lower = AsciiLower(WithoutLeadIn(text));
  if (lower.rfind("questions to consider", 0) == 0) return true;
  // "Think" in quotes: “Think” about ...
  for (const char* quoted : {"think\"", "think'", "think\u201d", "think\u2019"}) {
    if (lower.rfind(quoted, 0) == 0) return true;
  }
  if (lower.rfind("think", 0) != 0) return false;
  return lower.size() == 5 || lower[5] == ' ' || lower[5] == ':' || lower[5] == '.';
}

class Linter {
 public:
  Linter(const Document& doc, CheckReport* report)
      : doc_(doc), report_(report), source_{doc.path, doc.body_line, &ignored_} {}

  void Run() {
    if (!CheckInputLimits(doc_.body, doc_.path, doc_.body_line, MarkdownLimits(), &ignored_)) {
      return;  // the build has already reported why
    }
    PastedBullets();
    CmarkTree tree(doc_.body);
    std::string prose;
    int last_level = 1;  // the title is the page's h1
    cmark_iter* iter = cmark_iter_new(tree.root());
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
      if (event != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(iter);
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HEADING:
          Heading(node, &last_level);
          break;
        case CMARK_NODE_IMAGE:
          if (Trim(PlainText(node)).empty()) {
            Warn(node, "alt-text",
                 "image has no alt text; describe what it shows between the [ ], "
                 "or say why "
                 "it is there");
          }
          break;
        case CMARK_NODE_LINK:
          LinkText(node);
          break;
        case CMARK_NODE_PARAGRAPH:
          Paragraph(node, &prose);
          break;
        default:
          break;
      }
    }
    cmark_iter_free(iter);
    if (doc_.kind != DocumentKind::kPage && CountWords(prose) > 0) {
      double score = FleschReadingEase(prose);
      if (score >= kPlainEnglishReadingEase) return;
      char figure[16];
      std::snprintf(figure, sizeof figure, "%.0f", score);
      report_->Add(doc_.path, 1, 1, FindingSeverity::kNote, "reading-ease",
                   std::string("reading ease ") + figure + " (" + ReadingEaseBand(score) +
                       "); aim for " + std::to_string(kPlainEnglishReadingEase) +
                       " or more, plain English: shorter sentences and everyday words");
    }
  }

 private:
  void Warn(cmark_node* node, const char* kind, std::string message) {
    report_->Add(doc_.path, source_.Line(node), source_.Column(node), FindingSeverity::kWarning,
                 kind, std::move(message));
  }

  void Heading(cmark_node* node, int* last_level) {
    int level = cmark_node_get_heading_level(node);
    if (level == 1) {
      Warn(node, "heading",
           "a level 1 heading in the body: the title is the page's only h1, so "
           "use ## here");
    } else if (level > *last_level + 1) {
      Warn(node, "heading",
           "heading level skips from h" + std::to_string(*last_level) + " to h" +
               std::to_string(level) + "; use " + std::string(*last_level + 1, '#') +
               " so screen reader users can follow the outline");
    }
    *last_level = level;
    // A "Think" heading over `> [!THINK]` blocks is how the sample content does
    // it.
    cmark_node* next = cmark_node_next(node);
    bool followed_by_quote = next && cmark_node_get_type(next) == CMARK_NODE_BLOCK_QUOTE;
    if (!InBlockQuote(node) && !followed_by_quote && LooksLikeThinkPrompt(PlainText(node))) {
      Warn(node, "think-prompt",
           "this heading looks like a Think prompt with no block under it; put "
           "the prompts in "
           "a '> [!THINK]' block so they reach the Think pack");
    }
  }

  // A Think prompt or key message is shown on its own too (the Think pack, the key
  // messages of a theme), where "above" or "this brief" points at nothing.
  void PageDependentWording(cmark_node* node, const std::string& text) {
    static const char* const kPhrases[] = {"above",         "below",           "this brief",
                                           "this bulletin", "this review",     "this page",
                                           "this document", "earlier in this", "later in this"};
    std::string lower = AsciiLower(text);
    for (const char* phrase : kPhrases) {
      size_t at = FindWord(lower, phrase);
      if (at == std::string::npos) continue;
      Warn(node, "block-wording",
           "'" + text.substr(at, std::string_view(phrase).size()) +
               "' in a Think prompt or key message: the block is also printed on its own in the "
               "Think pack and the key messages of its themes, where it points at nothing; name "
               "what it means instead (for example 'the Baby L brief')");
      return;  // one finding per paragraph
    }
  }

  // Where `phrase` stands as whole words in `lower`, or npos.
  static size_t FindWord(const std::string& lower, std::string_view phrase) {
    auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (size_t at = lower.find(phrase); at != std::string::npos; at = lower.find(phrase, at + 1)) {
      size_t end = at + phrase.size();
      if ((at == 0 || !letter(lower[at - 1])) && (end == lower.size() || !letter(lower[end]))) {
        return at;
      }
    }
    return std::string::npos;
  }

  // Bullets pasted from Word arrive as "•" then a tab or spaces: Markdown reads them as one
  // long paragraph. One warning for each run of such lines.
  void PastedBullets() {
    static const char* const kBullets[] = {"\u2022", "\u00b7", "\u25aa", "\u25e6", "\uf0b7", "o\t"};
    std::string_view body = doc_.body;
    bool in_run = false;
    size_t pos = 0;
    for (int l = 0; pos <= body.size(); ++l) {
      size_t nl = body.find('\n', pos);
      std::string_view line = body.substr(pos, nl == std::string_view::npos ? body.npos : nl - pos);
      size_t indent = line.find_first_not_of(" \t>");
      std::string_view rest = indent == std::string_view::npos ? "" : line.substr(indent);
      bool bullet = false;
      for (const char* b : kBullets) {
        std::string_view mark(b);
        bool spaced =
            rest.size() > mark.size() && (rest[mark.size()] == ' ' || rest[mark.size()] == '\t');
        bullet = bullet || (rest.starts_with(mark) && (spaced || mark.back() == '\t'));
      }
      if (bullet && !in_run) {
        report_->Add(doc_.path, doc_.body_line + l, static_cast<int>(indent) + 1,
                     FindingSeverity::kWarning, "pasted-bullets",
                     "this line starts with a bullet pasted from Word, which Markdown does not "
                     "read as a list, so the items run together into one paragraph; start each "
                     "item with '- ' (a hyphen and a space) instead, with a blank line before "
                     "the list");
      }
      in_run = bullet;
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }

  void LinkText(cmark_node* node) {
    static const std::vector<std::string> kVague = {
        "click here", "here", "this link", "read more",     "more",      "click",
        "link",       "this", "this page", "find out more", "more info", "go"};
    std::string text = AsciiLower(Trim(PlainText(node)));
    while (!text.empty() && std::ispunct(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (std::find(kVague.begin(), kVague.end(), text) != kVague.end()) {
      Warn(node, "link-text",
           "link text '" + std::string(Trim(PlainText(node))) +
               "' does not say where the link goes; use words that describe "
               "the destination");
    }
  }

  void Paragraph(cmark_node* node, std::string* prose) {
    std::string text = PlainText(node);
    cmark_node* quote = EnclosingQuote(node);
    if (!quote && LooksLikeThinkPrompt(text)) {
      Warn(node, "think-prompt",
           "this paragraph looks like a Think prompt; put it in a '> [!THINK]' "
           "block so it "
           "reaches the Think pack");
    }
    if (quote && IsCollectedBlock(quote)) PageDependentWording(node, text);
    if (!text.empty() && std::string_view(".!?:").find(text.back()) == std::string_view::npos) {
      text += '.';  // a list item or caption without a full stop is still a sentence
    }
    *prose += text + "\n";
    for (const std::string& sentence : SplitSentences(text)) {
      int words = CountWords(sentence);
      if (words <= kMaxSentenceWords) continue;
      auto [line, column] = Locate(node, sentence);
      std::string start = sentence.substr(0, std::min<size_t>(sentence.size(), 30));
      report_->Add(doc_.path, line, column, FindingSeverity::kWarning, "sentence-length",
                   "sentence of " + std::to_string(words) + " words ('" + start +
                       "...'); split it: aim for 25 words or fewer, at most " +
                       std::to_string(kMaxSentenceWords));
    }
  }

  // Where `sentence` starts in the paragraph's source lines: its first two
  // words as written, or the paragraph's start if markup hides them.
  std::pair<int, int> Locate(cmark_node* node, const std::string& sentence) {
    int first = cmark_node_get_start_line(node);
    int last = cmark_node_get_end_line(node);
    size_t space = sentence.find(' ');
    space = space == std::string::npos ? sentence.size() : sentence.find(' ', space + 1);
    std::string needle = sentence.substr(0, std::min(space, sentence.size()));
    std::string_view body = doc_.body;
    size_t pos = 0;
    for (int l = 1; l <= last && pos <= body.size(); ++l) {
      size_t nl = body.find('\n', pos);
      std::string_view line = body.substr(pos, nl == std::string_view::npos ? body.npos : nl - pos);
      if (l >= first) {
        size_t at = line.find(needle);
        if (at != std::string_view::npos) {
          return {l + doc_.body_line - 1, static_cast<int>(at) + 1};
        }
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    return {source_.Line(node), source_.Column(node)};
  }

  const Document& doc_;
  CheckReport* report_;
  Diagnostics ignored_;
  SourceFile source_;
};

}  // namespace

void LintDocument(const Document& doc, CheckReport* report) { Linter(doc, report).Run(); }

}  // namespace bulletin
