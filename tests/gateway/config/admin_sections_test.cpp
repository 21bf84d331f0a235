// The admin-able sections (part "admin"): their JSON form is the config's TOML form, so the
// demo shop's sections go through the parsers and come back unchanged; a change is validated
// with the rest of the file (cross-references included) and refused naming the key.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "gateway/config/admin_sections.hpp"

namespace fenliu::gateway {
namespace {

namespace json = boost::json;

std::map<std::string, std::string> all_sections(const shop_config& shop) {
  std::map<std::string, std::string> out;
  for (const auto& s : admin_sections()) {
    out[std::string(s.name)] = admin_section_json(shop, s);
  }
  return out;
}

server_config demo() { return load_config(FENLIU_SOURCE_DIR "/config/demo-shop.toml"); }

TEST(AdminSections, TheDemoShopsSectionsGoThroughTheParsersUnchanged) {
  const auto config = demo();
  ASSERT_FALSE(config.source_toml.empty());
  const auto before = all_sections(config.shop);
  const auto after = apply_admin_sections(config, before);
  EXPECT_EQ(all_sections(after), before);
  EXPECT_EQ(after.agents.size(), config.shop.agents.size());
  EXPECT_EQ(after.faq.size(), config.shop.faq.size());
  EXPECT_EQ(after.tools.phrases.size(), config.shop.tools.phrases.size());
  // What is not admin-able stays as it was.
  EXPECT_EQ(after.orders.size(), config.shop.orders.size());
  EXPECT_EQ(after.routing.peak.capacity_factor, config.shop.routing.peak.capacity_factor);
}

TEST(AdminSections, AChangeIsValidatedWithTheRestOfTheFile) {
  const auto config = demo();
  auto sections = all_sections(config.shop);
  // No agent holds "complaints" any more, which [risk] reroutes to: refused as the file would be.
  auto agents = json::parse(sections["agents"]).as_array();
  for (auto& a : agents) {
    a.as_object().erase("skills");
  }
  sections["agents"] = json::serialize(agents);
  try {
    (void)apply_admin_sections(config, sections);
    FAIL() << "accepted";
  } catch (const admin_invalid& e) {
    EXPECT_FALSE(e.field.empty());
    EXPECT_NE(e.detail.find("no agent holds skill"), std::string::npos) << e.detail;
  }
}

TEST(AdminSections, TheFieldIsTheKeyTheParserNamesAndDisabledAgentsAreNoRouterAgents) {
  auto config = demo();
  auto sections = all_sections(config.shop);
  auto agents = json::parse(sections["agents"]).as_array();
  agents[1].as_object()["capacity"] = 0;
  auto wrong = sections;
  wrong["agents"] = json::serialize(agents);
  try {
    (void)apply_admin_sections(config, wrong);
    FAIL() << "accepted";
  } catch (const admin_invalid& e) {
    EXPECT_EQ(e.field, "agents[1].capacity");
  }
  agents[1].as_object()["capacity"] = 2;
  agents[1].as_object()["disabled"] = true;
  sections["agents"] = json::serialize(agents);
  const auto shop = apply_admin_sections(config, sections);
  EXPECT_EQ(shop.agents.size(), config.shop.agents.size() - 1);
  for (const auto& a : shop.agents) {
    EXPECT_NE(a.id, std::string(agents[1].at("id").as_string()));
  }
  sections["routing"] = "[1]";
  EXPECT_THROW((void)apply_admin_sections(config, sections), admin_invalid);
  sections["routing"] = "{";
  EXPECT_THROW((void)apply_admin_sections(config, sections), admin_invalid);
}

}  // namespace
}  // namespace fenliu::gateway
