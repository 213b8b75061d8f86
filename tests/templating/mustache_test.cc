// Our mustache renderer against kainjow::mustache, which rendered every page before it:
// the same template and data must give the same bytes, blank-line quirks included.
#include "templating/mustache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace mus = kainjow::mustache;
using nlohmann::json;

// The conversion TemplateSet made for kainjow: "" and null are false, numbers text.
mus::data ToData(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mus::data d{mus::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d[it.key()] = ToData(it.value());
      return d;
    }
    case json::value_t::array: {
      mus::data d{mus::data::type::list};
      for (const auto& item : j) d.push_back(ToData(item));
      return d;
    }
    case json::value_t::string: {
      const std::string& s = j.get_ref<const std::string&>();
      return s.empty() ? mus::data{mus::data::type::bool_false} : mus::data{s};
    }
    case json::value_t::boolean:
      return j.get<bool>() ? mus::data{mus::data::type::bool_true}
                           : mus::data{mus::data::type::bool_false};
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return mus::data{j.dump()};
    default:
      return mus::data{mus::data::type::bool_false};
  }
}

std::string Kainjow(const std::string& text, const json& context) {
  mus::mustache tmpl(text);
  EXPECT_TRUE(tmpl.is_valid()) << tmpl.error_message();
  mus::data data = ToData(context);
  return tmpl.render(data);
}

std::string Ours(const std::string& text, const json& context) {
  MustacheTemplate tmpl;
  std::string error, out;
  EXPECT_TRUE(tmpl.Parse(text, &error)) << error;
  tmpl.Render({&context}, &out);
  return out;
}

const json& Contexts() {
  static const json kContexts = json::array({
      json::object(),
      {{"name", "Ann <b> & \"Bo's\""},
       {"yes", true},
       {"no", false},
       {"empty", ""},
       {"nothing", nullptr},
       {"n", 42},
       {"x", 1.5},
       {"list", {"a", "b"}},
       {"none", json::array()},
       {"obj", {{"name", "inner"}, {"deep", {{"v", "d"}}}}},
       {"items", {{{"name", "one"}, {"on", true}}, {{"name", ""}, {"on", false}}}},
       {"html", "<p>raw</p>"}},
      {{"name", "Cy"},
       {"yes", false},
       {"no", true},
       {"empty", "full"},
       {"list", json::array()},
       {"none", {"z"}},
       {"obj", json::object()},
       {"items", json::array()},
       {"html", ""}},
  });
  return kContexts;
}

const char* const kTemplates[] = {
    "plain text\nno tags\n",
    "{{name}}|{{{name}}}|{{&name}}|{{ name }}|{{n}}|{{x}}|{{yes}}|{{list}}|{{obj}}|{{missing}}",
    "{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}{{#no}}Y{{/no}}{{^no}}N{{/no}}",
    "{{#empty}}[{{empty}}]{{/empty}}{{^empty}}(empty){{/empty}}{{#nothing}}x{{/"
    "nothing}}{{^nothing}}-{{/nothing}}",
    "{{#list}}<{{.}}>{{/list}}{{^list}}no "
    "list{{/list}}{{#none}}[{{.}}]{{/none}}{{^none}}none{{/none}}",
    "{{#obj}}{{name}}/{{deep.v}}{{/obj}} {{obj.name}} {{obj.deep.v}} {{obj.missing}}",
    "{{#items}}{{name}}{{^name}}(unnamed){{/name}}:{{#on}}on{{/on}}{{^on}}off{{/on}};{{/items}}",
    "{{#items}}{{#obj}}{{name}}{{/obj}}-{{n}}{{/items}}",
    "<ul>\n{{#items}}\n  <li>{{name}}</li>\n{{/items}}\n</ul>\n",
    "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n",
    "before\n{{#no}}\nhidden\n{{/no}}\nafter\n",
    "before\n{{^yes}}\nshown when not yes\n{{/yes}}\nafter\n",
    "a\n  {{#yes}}  {{/yes}}  \nb\n{{#yes}}{{empty}}{{/yes}}\nc\n",
    "{{! a comment }}\n{{! another }}text\n",
    "{{#yes}}\n{{name}}\n{{/yes}}\n\n\nend",
    "line\r\n{{#yes}}\r\nwin\r\n{{/yes}}\r\n",
    "{{#items}}{{#on}}\n  <b>{{name}}</b>\n{{/on}}{{/items}}\n",
    "{{{html}}}\n{{#html}}<div>{{{html}}}</div>{{/html}}\n",
    "{{#yes}}{{/yes}}",
    "{{.}}",
};

TEST(MustacheTest, RendersWhatKainjowRenders) {
  for (const char* text : kTemplates) {
    for (const json& context : Contexts()) {
      EXPECT_EQ(Ours(text, context), Kainjow(text, context))
          << "template: " << text << "\ncontext: " << context;
    }
  }
}

TEST(MustacheTest, ShippedTemplatesRenderWhatKainjowRenders) {
  // Every page template with its partials inlined, against the test contexts.
  namespace fs = std::filesystem;
  const std::string dir = testing::SourceDir() + "/templates";
  std::map<std::string, std::string> partials;
  for (const auto& e : fs::directory_iterator(dir + "/partials")) {
    partials["{{> " + e.path().stem().string() + "}}"] = testing::ReadAll(e.path());
  }
  int checked = 0;
  for (const auto& e : fs::directory_iterator(dir + "/pages")) {
    std::string text = testing::ReadAll(e.path());
    for (int round = 0; round < 4; ++round) {
      for (const auto& [tag, body] : partials) text = testing::ReplaceAll(text, tag, body);
    }
    for (const json& context : Contexts()) {
      EXPECT_EQ(Ours(text, context), Kainjow(text, context)) << e.path();
    }
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

// `context` split into MustacheData: its keys dealt round-robin over `layers` contexts, and
// every array bound as a list (recursively), so no json array is left to render from.
struct Layered {
  std::vector<json> values;  // reserved up front: the data point into it
  std::vector<MustacheData> layers;
};

MustacheData Bind(const json& value, std::vector<json>* values) {
  MustacheData data;
  if (!value.is_object()) {
    data.value = &value;
    return data;
  }
  json& own = values->emplace_back(json::object());
  data.value = &own;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.value().is_array()) {
      MustacheData::List list{it.key(), {}};
      for (const json& item : it.value()) list.items.push_back(Bind(item, values));
      data.lists.push_back(std::move(list));
    } else {
      own[it.key()] = it.value();
    }
  }
  return data;
}

std::string OursLayered(const std::string& text, const json& context, size_t layers) {
  Layered layered;
  layered.values.reserve(1000);
  std::vector<json> parts(layers, json::object());
  size_t i = 0;
  for (auto it = context.begin(); it != context.end(); ++it)
    parts[i++ % layers][it.key()] = it.value();
  for (const json& part : parts) layered.layers.push_back(Bind(part, &layered.values));
  std::vector<const MustacheData*> contexts;
  for (const MustacheData& layer : layered.layers) contexts.push_back(&layer);
  MustacheTemplate tmpl;
  std::string error, out;
  EXPECT_TRUE(tmpl.Parse(text, &error)) << error;
  tmpl.Render(contexts, &out);
  return out;
}

TEST(MustacheTest, DisjointContextsAndBoundListsRenderAsOneContext) {
  std::vector<std::string> texts(std::begin(kTemplates), std::end(kTemplates));
  texts.push_back(
      "{{#.}}{{name}}{{/.}}{{^.}}x{{/.}}{{#none}}{{.}}{{/none}}{{^none}}[{{.}}]{{/none}}");
  texts.push_back(
      "{{list.name}}{{#obj}}{{list}}{{#list}}{{.}}{{/list}}{{/obj}}{{#items}}{{items}}{{/items}}");
  texts.push_back("{{^list}}{{#.}}dot{{/.}}{{^.}}nodot{{/.}}{{name}}{{/list}}");
  for (const std::string& text : texts) {
    for (const json& context : Contexts()) {
      for (size_t layers : {1, 2, 3}) {
        EXPECT_EQ(OursLayered(text, context, layers), Ours(text, context))
            << "template: " << text << "\ncontext: " << context << "\nlayers: " << layers;
      }
    }
  }
}

TEST(MustacheTest, ReportsBadTemplates) {
  for (const char* bad : {"{{#a}}open", "{{/a}}", "{{#a}}{{/b}}", "{{name", "{{=<% %>=}}"}) {
    MustacheTemplate tmpl;
    std::string error;
    EXPECT_FALSE(tmpl.Parse(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace bulletin
