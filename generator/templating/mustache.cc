#include "templating/mustache.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace bulletin {

using nlohmann::json;

struct MustacheTemplate::Node {
  enum class Kind { kText, kNewline, kVariable, kRaw, kSection, kInverted };
  Kind kind = Kind::kText;
  std::string text;               ///< text, the newline's characters, or the tag's name
  std::vector<std::string> path;  ///< the name split at dots; empty for {{.}}
  std::vector<Node> children;     ///< a section's
};

namespace {

using Node = MustacheTemplate::Node;

Node NamedNode(Node::Kind kind, std::string_view name) {
  Node node;
  node.kind = kind;
  node.text = std::string(name);
  if (name != ".") {
    size_t start = 0;
    while (true) {
      size_t dot = name.find('.', start);
      node.path.emplace_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  return node;
}

// Adds text to `nodes`, a node per run of ordinary characters and one per newline.
void AddText(std::string_view text, std::vector<Node>* nodes) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find_first_of("\r\n", pos);
    if (nl != pos) {
      size_t end = nl == std::string_view::npos ? text.size() : nl;
      if (!nodes->empty() && nodes->back().kind == Node::Kind::kText) {
        nodes->back().text.append(text.substr(pos, end - pos));
      } else {
        Node node;
        node.text = std::string(text.substr(pos, end - pos));
        nodes->push_back(std::move(node));
      }
      pos = end;
      continue;
    }
    Node node;
    node.kind = Node::Kind::kNewline;
    size_t len = text.compare(pos, 2, "\r\n") == 0 ? 2 : 1;
    node.text = std::string(text.substr(pos, len));
    nodes->push_back(std::move(node));
    pos += len;
  }
}

bool Truthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      return false;
    case json::value_t::boolean:
      return v.get<bool>();
    case json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    case json::value_t::array:
      return !v.empty();
    default:
      return true;  // numbers (rendered as text) and objects, even empty ones
  }
}

// One context on the renderer's stack: a json value and the lists bound beside it.
struct Frame {
  const json* value;
  const std::vector<MustacheData::List>* lists = nullptr;
};

// What a name resolved to: a bound list, else a json value (with its lists, for {{.}}).
struct Found {
  const MustacheData::List* list = nullptr;
  Frame frame{nullptr};

  bool Truthy() const {
    return list ? !list->items.empty() : frame.value && bulletin::Truthy(*frame.value);
  }
};

const MustacheData::List* FindList(const std::vector<MustacheData::List>& lists,
                                   const std::string& name) {
  for (const MustacheData::List& list : lists) {
    if (list.name == name) return &list;
  }
  return nullptr;
}

void AppendEscaped(std::string_view s, std::string* out) {
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = "&quot;";
        break;
      case '\'':
        rep = "&apos;";
        break;
      default:
        continue;
    }
    out->append(s, from, i - from);
    out->append(rep);
    from = i + 1;
  }
  out->append(s, from, std::string_view::npos);
}

class Renderer {
 public:
  Renderer(std::vector<Frame> contexts, std::string* out)
      : stack_(std::move(contexts)), out_(out), line_start_(out->size()) {}

  void Walk(const std::vector<Node>& nodes) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText:
          out_->append(node.text);
          break;
        case Node::Kind::kNewline:
          EndLine(&node.text);
          break;
        case Node::Kind::kVariable:
        case Node::Kind::kRaw:
          // A bound list renders nothing, as a json array does.
          if (const json* v = Find(node).frame.value) {
            if (v->is_string()) {
              const std::string& s = v->get_ref<const std::string&>();
              if (node.kind == Node::Kind::kVariable) {
                AppendEscaped(s, out_);
              } else {
                out_->append(s);
              }
            } else if (v->is_number()) {
              AppendEscaped(v->dump(), out_);
            }
          }
          break;
        case Node::Kind::kSection:
          if (Found found = Find(node); found.Truthy()) {
            if (found.list) {
              for (const MustacheData& item : found.list->items) {
                Section(node, Frame{item.value, &item.lists});
              }
            } else if (found.frame.value->is_array()) {
              for (const json& item : *found.frame.value) Section(node, Frame{&item});
            } else {
              Section(node, found.frame);
            }
          }
          break;
        case Node::Kind::kInverted:
          if (Found found = Find(node); !found.Truthy()) {
            // An empty bound list stands on the stack as the empty array it renders as.
            static const json kEmptyList = json::array();
            if (found.list) {
              Section(node, Frame{&kEmptyList});
            } else {
              Section(node, found.frame);
            }
          }
          break;
      }
    }
  }

  /// Ends the current line: drops it when a section was rendered on it and it is left
  /// blank, else keeps it and adds the newline (none at the end of the template).
  void EndLine(const std::string* newline) {
    bool blank = out_->find_first_not_of(" \t", line_start_) == std::string::npos;
    if (section_on_line_ && blank) {
      out_->resize(line_start_);
    } else if (newline) {
      out_->append(*newline);
    }
    line_start_ = out_->size();
    section_on_line_ = false;
  }

 private:
  // Renders a section's children with `frame` on top of the stack (none if it is empty).
  void Section(const Node& node, Frame frame) {
    section_on_line_ = true;
    if (frame.value) stack_.push_back(frame);
    Walk(node.children);
    if (frame.value) stack_.pop_back();
    section_on_line_ = true;
  }

  Found Find(const Node& node) const {
    if (node.path.empty()) return stack_.empty() ? Found{} : Found{nullptr, stack_.back()};
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->lists) {
        if (const MustacheData::List* list = FindList(*it->lists, node.path.front())) {
          if (node.path.size() == 1) return Found{list};
          continue;  // a list has no keys, so a dotted name does not resolve here
        }
      }
      const json* v = it->value;
      for (const std::string& part : node.path) {
        if (!v->is_object()) {
          v = nullptr;
          break;
        }
        auto found = v->find(part);
        if (found == v->end()) {
          v = nullptr;
          break;
        }
        v = &*found;
      }
      if (v) return Found{nullptr, Frame{v}};
    }
    return Found{};
  }

  std::vector<Frame> stack_;
  std::string* out_;
  size_t line_start_;
  bool section_on_line_ = false;
};

}  // namespace

MustacheTemplate::MustacheTemplate() : root_(std::make_unique<std::vector<Node>>()) {}
MustacheTemplate::~MustacheTemplate() = default;
MustacheTemplate::MustacheTemplate(MustacheTemplate&&) noexcept = default;
MustacheTemplate& MustacheTemplate::operator=(MustacheTemplate&&) noexcept = default;

// One loop over the tags with a case per sigil (a little over 60 lines: the cases share the
// stack of open sections).
bool MustacheTemplate::Parse(std::string_view text, std::string* error) {
  root_->clear();
  std::vector<std::vector<Node>*> open = {root_.get()};
  std::vector<size_t> open_at;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t tag = text.find("{{", pos);
    AddText(text.substr(pos, tag == std::string_view::npos ? tag : tag - pos), open.back());
    if (tag == std::string_view::npos) break;
    bool triple = tag + 2 < text.size() && text[tag + 2] == '{';
    size_t start = tag + (triple ? 3 : 2);
    size_t end = text.find(triple ? "}}}" : "}}", start);
    if (end == std::string_view::npos) {
      *error = "unclosed tag at byte " + std::to_string(tag);
      return false;
    }
    pos = end + (triple ? 3 : 2);
    std::string_view contents = Trim(text.substr(start, end - start));
    if (triple) {
      open.back()->push_back(NamedNode(Node::Kind::kRaw, contents));
      continue;
    }
    char sigil = contents.empty() ? 0 : contents.front();
    std::string_view name = Trim(contents.empty() ? contents : contents.substr(1));
    switch (sigil) {
      case '!':
      case '>':  // partials are inlined before parsing; one left over names nothing
        break;
      case '=':
        *error = "set-delimiter tags are not supported (byte " + std::to_string(tag) + ")";
        return false;
      case '&':
        open.back()->push_back(NamedNode(Node::Kind::kRaw, name));
        break;
      case '#':
      case '^':
        open.back()->push_back(
            NamedNode(sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted, name));
        open.push_back(&open.back()->back().children);
        open_at.push_back(tag);
        break;
      case '/': {
        if (open.size() == 1) {
          *error = "unopened section \"" + std::string(name) + "\" at byte " + std::to_string(tag);
          return false;
        }
        open.pop_back();
        if (open.back()->back().text != name) {
          *error = "unclosed section \"" + open.back()->back().text + "\" at byte " +
                   std::to_string(open_at.back());
          return false;
        }
        open_at.pop_back();
        break;
      }
      default:
        open.back()->push_back(NamedNode(Node::Kind::kVariable, contents));
    }
  }
  if (open.size() > 1) {
    open.pop_back();
    *error = "unclosed section \"" + open.back()->back().text + "\" at byte " +
             std::to_string(open_at.back());
    return false;
  }
  return true;
}

namespace {

void RenderFrames(const std::vector<Node>& root, std::vector<Frame> frames, std::string* out) {
  Renderer renderer(std::move(frames), out);
  renderer.Walk(root);
  renderer.EndLine(nullptr);
}

}  // namespace

void MustacheTemplate::Render(const std::vector<const json*>& contexts, std::string* out) const {
  std::vector<Frame> frames;
  frames.reserve(contexts.size() + 8);
  for (const json* context : contexts) frames.push_back(Frame{context});
  RenderFrames(*root_, std::move(frames), out);
}

void MustacheTemplate::Render(const std::vector<const MustacheData*>& contexts,
                              std::string* out) const {
  std::vector<Frame> frames;
  frames.reserve(contexts.size() + 8);  // room for the sections' contexts
  for (const MustacheData* context : contexts) {
    frames.push_back(Frame{context->value, &context->lists});
  }
  RenderFrames(*root_, std::move(frames), out);
}

}  // namespace bulletin
