#include "gateway/auth/auth.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

#include "gateway/auth/auth_codec.hpp"

namespace fenliu::gateway {
namespace {

constexpr std::int64_t now = 1'700'000'000;
constexpr std::string_view shop = "demo-shop";
constexpr std::string_view good_header = R"({"alg":"HS256","typ":"JWT"})";

auth_config test_config() {
  auth_config c;
  c.jwt_secret = "staff-secret-for-tests";
  c.visitor_secret = "visitor-secret-for-tests";
  c.issuer = "fenliu";
  c.visitor_token_ttl_s = 600;
  return c;
}

/// Builds a JWT from raw header and payload JSON, signed with `key` (bypasses mint on purpose).
std::string craft_jwt(std::string_view header_json, std::string_view payload_json,
                      std::string_view key) {
  std::string signed_part =
      detail::base64url_encode(header_json) + "." + detail::base64url_encode(payload_json);
  return signed_part + "." + detail::base64url_encode(detail::hmac_sha256(key, signed_part));
}

std::string craft_visitor(std::string_view payload_json, std::string_view key) {
  std::string signed_part = "v1." + detail::base64url_encode(payload_json);
  return signed_part + "." + detail::base64url_encode(detail::hmac_sha256(key, signed_part));
}

std::string claims_json(std::string_view role_name = "agent", std::int64_t exp = now + 3600,
                        std::string_view shop_id = shop, std::string_view iss = "fenliu") {
  return std::string(R"({"iss":")") + std::string(iss) + R"(","sub":"a1","role":")" +
         std::string(role_name) + R"(","shop":")" + std::string(shop_id) +
         R"(","iat":1699990000,"exp":)" + std::to_string(exp) + "}";
}

auth_error verify_error(std::string_view token, std::int64_t at = now) {
  const auto r = verify_token(token, test_config(), shop, at);
  EXPECT_FALSE(r.has_value()) << "token was accepted: " << token;
  return r.has_value() ? auth_error::missing : r.error();
}

// --- codec -----------------------------------------------------------------------------------

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes = "x";  // empty parts are refused by design
  for (int i = 0; i < 70; ++i) {
    const auto decoded = detail::base64url_decode(detail::base64url_encode(bytes));
    ASSERT_TRUE(decoded.has_value()) << i;
    EXPECT_EQ(*decoded, bytes);
    bytes.push_back(static_cast<char>(i * 37 + 200));
  }
}

TEST(Base64Url, RejectsPaddingBadCharsAndNonCanonical) {
  EXPECT_EQ(detail::base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(detail::base64url_decode("").has_value());
  EXPECT_FALSE(detail::base64url_decode("QQ==").has_value());
  EXPECT_FALSE(detail::base64url_decode("a+b/").has_value());
  EXPECT_FALSE(detail::base64url_decode("abcde").has_value());  // n % 4 == 1
  EXPECT_FALSE(detail::base64url_decode("QR").has_value());     // trailing bits set
  EXPECT_EQ(detail::base64url_decode("QQ").value(), "A");
  EXPECT_FALSE(detail::base64url_decode(std::string_view("QQ\0A", 4)).has_value());
}

TEST(Hs256, KnownAnswerMatchesOpensslCli) {
  // Expected value computed at development time, independently of this code:
  //   printf '%s' "$H.$P" | openssl dgst -sha256 -hmac kat-secret -binary | basenc --base64url
  const std::string header_b64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
  const std::string payload_b64 =
      "eyJpc3MiOiJmZW5saXUiLCJzdWIiOiJhMSIsInJvbGUiOiJhZ2VudCIsInNob3AiOiJkZW1vLXNob3AiLCJpYXQ"
      "iOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0";
  const std::string expected_sig = "ET1SdF5BUl0hbP7-bdieSfMXn5TMYaT1_7go41Wwufo";
  EXPECT_EQ(detail::base64url_encode(good_header), header_b64);
  EXPECT_EQ(
      detail::base64url_encode(detail::hmac_sha256("kat-secret", header_b64 + "." + payload_b64)),
      expected_sig);

  // mint must produce byte for byte the same token (claims in the documented order).
  auth_config c = test_config();
  c.jwt_secret = "kat-secret";
  EXPECT_EQ(mint_staff_token(c, role::agent, "a1", shop, now, 3600),
            header_b64 + "." + payload_b64 + "." + expected_sig);
}

TEST(VisitorToken, KnownAnswerMatchesOpensslCli) {
  auth_config c = test_config();
  c.visitor_secret = "kat-visitor";
  c.visitor_token_ttl_s = 3600;
  EXPECT_EQ(mint_visitor_token(c, "v-42", shop, now),
            "v1.eyJzdWIiOiJ2LTQyIiwic2hvcCI6ImRlbW8tc2hvcCIsImV4cCI6MTcwMDAwMzYwMH0."
            "pXEO3uBmqOAO0PyA5_2Z7YWsFTkcVAdYFOMDQwTyWl4");
}

// --- staff tokens ----------------------------------------------------------------------------

TEST(StaffToken, GoodTokenForEachRole) {
  for (const role r : {role::agent, role::supervisor, role::qa, role::admin}) {
    const auto token = mint_staff_token(test_config(), r, "agent-7", shop, now - 10, 3600);
    const auto id = verify_token(token, test_config(), shop, now);
    ASSERT_TRUE(id.has_value()) << to_string(r) << ": " << to_string(id.error());
    EXPECT_EQ(id->role_, r);
    EXPECT_EQ(id->subject, "agent-7");
    EXPECT_EQ(id->shop_id, shop);
    EXPECT_EQ(id->expires_at_s, now - 10 + 3600);
  }
}

TEST(StaffToken, ExpiredAtAndAfterExp) {
  const auto token = mint_staff_token(test_config(), role::agent, "a1", shop, now - 100, 100);
  EXPECT_EQ(verify_error(token, now), auth_error::expired);  // exp == now
  EXPECT_EQ(verify_error(token, now + 1), auth_error::expired);
  EXPECT_TRUE(verify_token(token, test_config(), shop, now - 1).has_value());
}

TEST(StaffToken, ForgedOrForeignSignature) {
  const auto token = mint_staff_token(test_config(), role::agent, "a1", shop, now, 60);
  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_error(forged), auth_error::bad_signature);
  EXPECT_EQ(verify_error(craft_jwt(good_header, claims_json(), "another-key")),
            auth_error::bad_signature);
  // Cut signature, empty signature part.
  EXPECT_EQ(verify_error(token.substr(0, token.size() - 4)), auth_error::bad_signature);
  EXPECT_EQ(verify_error(token.substr(0, token.rfind('.') + 1)), auth_error::malformed);
}

TEST(StaffToken, AlgorithmIsPinned) {
  const std::string key = test_config().jwt_secret;
  const auto claims = claims_json();
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":"none","typ":"JWT"})", claims, key)),
            auth_error::wrong_algorithm);
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":"RS256"})", claims, key)),
            auth_error::wrong_algorithm);
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":"HS512"})", claims, key)),
            auth_error::wrong_algorithm);
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":"hs256"})", claims, key)),
            auth_error::wrong_algorithm);
  EXPECT_EQ(verify_error(craft_jwt(R"({"typ":"JWT"})", claims, key)), auth_error::wrong_algorithm);
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":256})", claims, key)), auth_error::wrong_algorithm);
  // Classic "alg none" attack: unsigned token with an empty third part.
  const std::string unsigned_token =
      detail::base64url_encode(R"({"alg":"none"})") + "." + detail::base64url_encode(claims) + ".";
  EXPECT_FALSE(verify_token(unsigned_token, test_config(), shop, now).has_value());
  // Unknown critical extensions must be refused (RFC 7515 4.1.11).
  EXPECT_EQ(verify_error(craft_jwt(R"({"alg":"HS256","crit":["b64"],"b64":false})", claims, key)),
            auth_error::malformed);
  // Extra header fields such as kid are ignored; the algorithm stays pinned.
  EXPECT_TRUE(verify_token(craft_jwt(R"({"alg":"HS256","typ":"JWT","kid":"k1"})", claims, key),
                           test_config(), shop, now)
                  .has_value());
  // A header that is no JSON object is malformed, not a wrong algorithm.
  EXPECT_EQ(verify_error(craft_jwt("[1,2]", claims, key)), auth_error::malformed);
  EXPECT_EQ(verify_error(craft_jwt("{", claims, key)), auth_error::malformed);
}

TEST(StaffToken, TamperedPayload) {
  const auto token = mint_staff_token(test_config(), role::agent, "a1", shop, now, 60);
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  const std::string promoted = detail::base64url_encode(claims_json("supervisor"));
  const std::string tampered = token.substr(0, dot1 + 1) + promoted + token.substr(dot2);
  EXPECT_EQ(verify_error(tampered), auth_error::bad_signature);
}

TEST(StaffToken, WrongShopRoleAndIssuer) {
  const std::string key = test_config().jwt_secret;
  EXPECT_EQ(verify_error(craft_jwt(good_header, claims_json("agent", now + 60, "other-shop"), key)),
            auth_error::wrong_shop);
  EXPECT_EQ(verify_error(craft_jwt(good_header, claims_json("root"), key)),
            auth_error::unknown_role);
  // admin is a staff role (shop data API); the WebSocket handshake refuses it, not the token.
  auto admin = verify_token(craft_jwt(good_header, claims_json("admin"), key), test_config(), shop,
                            now);
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->role_, role::admin);
  // Staff JWTs never carry the customer role: customers use visitor tokens.
  EXPECT_EQ(verify_error(craft_jwt(good_header, claims_json("customer"), key)),
            auth_error::unknown_role);
  EXPECT_EQ(verify_error(craft_jwt(good_header, claims_json("agent", now + 60, shop, "evil"), key)),
            auth_error::missing_claims);
}

TEST(StaffToken, MissingClaims) {
  const std::string key = test_config().jwt_secret;
  const char* payloads[] = {
      R"({"iss":"fenliu","role":"agent","shop":"demo-shop","exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","shop":"demo-shop","exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop"})",
      R"({"sub":"a1","role":"agent","shop":"demo-shop","exp":1800000000})",
      R"({})",
  };
  for (const char* p : payloads) {
    EXPECT_EQ(verify_error(craft_jwt(good_header, p, key)), auth_error::missing_claims) << p;
  }
}

TEST(StaffToken, WrongClaimTypes) {
  const std::string key = test_config().jwt_secret;
  const char* payloads[] = {
      R"({"iss":"fenliu","sub":7,"role":"agent","shop":"demo-shop","exp":1800000000})",
      R"({"iss":"fenliu","sub":"","role":"agent","shop":"demo-shop","exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","role":["agent"],"shop":"demo-shop","exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":null,"exp":1800000000})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","exp":"1800000000"})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","exp":1.8e9})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","exp":true})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","exp":18446744073709551615})",
      R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","exp":1800000000,"iat":"x"})",
      R"({"iss":1,"sub":"a1","role":"agent","shop":"demo-shop","exp":1800000000})",
  };
  for (const char* p : payloads) {
    EXPECT_EQ(verify_error(craft_jwt(good_header, p, key)), auth_error::missing_claims) << p;
  }
  // A signed payload that is no JSON object at all.
  EXPECT_EQ(verify_error(craft_jwt(good_header, "\"just a string\"", key)), auth_error::malformed);
  EXPECT_EQ(verify_error(craft_jwt(good_header, "{\"sub\":", key)), auth_error::malformed);
}

TEST(StaffToken, GarbageEmptyAndOverlong) {
  EXPECT_EQ(verify_error(""), auth_error::missing);
  const char* garbage[] = {
      ".",
      "..",
      "...",
      "a.b",
      "a.b.c.d",
      "eyJ.eyJ.",
      "Bearer x.y.z",
      "a b.c.d",
      "a=.b.c",
      "a+.b.c",
      "\xff\xfe.\x01.\x02",
      "eyJhbGciOiJIUzI1NiJ9..sig",
  };
  for (const char* g : garbage) {
    const auto r = verify_token(g, test_config(), shop, now);
    ASSERT_FALSE(r.has_value()) << g;
    EXPECT_TRUE(r.error() == auth_error::malformed || r.error() == auth_error::wrong_algorithm ||
                r.error() == auth_error::bad_signature)
        << g << " -> " << to_string(r.error());
  }
  EXPECT_EQ(verify_error(std::string("abc\0def.gh.ij", 13)), auth_error::malformed);
  // A valid signature does not save a token past the 4 KiB bound.
  const std::string big_sub(5000, 'x');
  const auto big = mint_staff_token(test_config(), role::agent, big_sub, shop, now, 60);
  EXPECT_EQ(verify_error(big), auth_error::malformed);
  EXPECT_EQ(verify_error(std::string(1 << 20, 'A')), auth_error::malformed);
}

TEST(StaffToken, DeepJsonNestingIsRejectedQuietly) {
  std::string deep = R"({"iss":"fenliu","sub":"a1","role":"agent","shop":"demo-shop","x":)";
  deep += std::string(600, '[') + std::string(600, ']') + ",\"exp\":1800000000}";
  EXPECT_EQ(verify_error(craft_jwt(good_header, deep, test_config().jwt_secret)),
            auth_error::malformed);
}

TEST(StaffToken, SubjectMustBeAShortCleanIdentifier) {
  const std::string key = test_config().jwt_secret;
  const auto with_sub = [&](std::string_view sub_json) {
    return craft_jwt(good_header,
                     std::string(R"({"iss":"fenliu","sub":)") + std::string(sub_json) +
                         R"(,"role":"agent","shop":"demo-shop","exp":1800000000})",
                     key);
  };
  EXPECT_EQ(verify_error(with_sub(R"("a\nb")")), auth_error::missing_claims);
  EXPECT_EQ(verify_error(with_sub(R"("a\u0000b")")), auth_error::missing_claims);
  EXPECT_EQ(verify_error(with_sub("\"" + std::string(300, 'x') + "\"")),
            auth_error::missing_claims);
  EXPECT_TRUE(verify_token(with_sub("\"李娜\""), test_config(), shop, now).has_value());
}

TEST(StaffToken, MintNeverOverflowsExpiry) {
  const auto token = mint_staff_token(test_config(), role::agent, "a1", shop, now,
                                      std::numeric_limits<std::int64_t>::max());
  const auto id = verify_token(token, test_config(), shop, now);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->expires_at_s, std::numeric_limits<std::int64_t>::max());
}

// Every single-byte change, truncation or insertion of a valid token must be refused without a
// throw: the signature covers every byte and only the canonical encoding is accepted.
TEST(TokenMutations, NoMutationIsAcceptedOrThrows) {
  const std::string tokens[] = {
      mint_staff_token(test_config(), role::supervisor, "s1", shop, now, 600),
      mint_visitor_token(test_config(), "v-1", shop, now),
  };
  std::mt19937 rng(12345);
  for (const auto& original : tokens) {
    for (int i = 0; i < 3000; ++i) {
      std::string t = original;
      const auto pos = std::uniform_int_distribution<std::size_t>(0, t.size() - 1)(rng);
      const auto byte = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      switch (i % 4) {
        case 0:
          t[pos] = byte;
          break;
        case 1:
          t[pos] = static_cast<char>(t[pos] ^ (1 << (i % 7)));
          break;
        case 2:
          t.resize(pos);
          break;
        default:
          t.insert(pos, 1, byte);
          break;
      }
      if (t == original) {
        continue;
      }
      boost::system::result<identity, auth_error> r = auth_error::missing;
      ASSERT_NO_THROW(r = verify_token(t, test_config(), shop, now));
      EXPECT_FALSE(r.has_value()) << "accepted mutation: " << t;
    }
  }
}

// --- visitor tokens --------------------------------------------------------------------------

TEST(VisitorToken, GoodToken) {
  const auto token = mint_visitor_token(test_config(), "v-123", shop, now);
  ASSERT_TRUE(token.starts_with("v1."));
  const auto id = verify_token(token, test_config(), shop, now + 599);
  ASSERT_TRUE(id.has_value()) << to_string(id.error());
  EXPECT_EQ(id->role_, role::customer);
  EXPECT_EQ(id->subject, "v-123");
  EXPECT_EQ(id->shop_id, shop);
  EXPECT_EQ(id->expires_at_s, now + 600);
}

TEST(VisitorToken, ExpiredAfterTtl) {
  const auto token = mint_visitor_token(test_config(), "v-123", shop, now);
  EXPECT_EQ(verify_error(token, now + 600), auth_error::expired);
  EXPECT_EQ(verify_error(token, now + 10'000), auth_error::expired);
}

TEST(VisitorToken, TamperedOrForeignKey) {
  const auto token = mint_visitor_token(test_config(), "v-123", shop, now);
  const auto dot2 = token.rfind('.');
  const std::string other_payload =
      detail::base64url_encode(R"({"sub":"v-999","shop":"demo-shop","exp":1800000000})");
  EXPECT_EQ(verify_error("v1." + other_payload + token.substr(dot2)), auth_error::bad_signature);
  EXPECT_EQ(verify_error(
                craft_visitor(R"({"sub":"v","shop":"demo-shop","exp":1800000000})", "wrong-key")),
            auth_error::bad_signature);
  EXPECT_EQ(verify_error("v1." + token.substr(3, dot2 - 3)), auth_error::malformed);
  EXPECT_EQ(verify_error("v2" + token.substr(2)), auth_error::malformed);
  EXPECT_EQ(verify_error("v1.."), auth_error::malformed);
  EXPECT_EQ(verify_error("v1.a.b.c"), auth_error::malformed);
}

TEST(VisitorToken, WrongShopAndBadClaims) {
  const std::string key = test_config().visitor_secret;
  EXPECT_EQ(verify_error(mint_visitor_token(test_config(), "v-1", "other-shop", now)),
            auth_error::wrong_shop);
  EXPECT_EQ(verify_error(craft_visitor(R"({"sub":"v","shop":"demo-shop"})", key)),
            auth_error::missing_claims);
  EXPECT_EQ(verify_error(craft_visitor(R"({"sub":1,"shop":"demo-shop","exp":1800000000})", key)),
            auth_error::missing_claims);
  EXPECT_EQ(verify_error(craft_visitor("[]", key)), auth_error::malformed);
}

// --- no crossing between the two kinds -------------------------------------------------------

TEST(TokenKinds, StaffTokenIsNoVisitorToken) {
  auth_config same = test_config();
  same.visitor_secret = same.jwt_secret;  // even when an operator reuses one secret
  const auto jwt = mint_staff_token(same, role::supervisor, "s1", shop, now, 600);
  const auto dot1 = jwt.find('.');
  const auto dot2 = jwt.find('.', dot1 + 1);
  const std::string as_visitor = "v1." + jwt.substr(dot1 + 1);
  EXPECT_FALSE(verify_token(as_visitor, same, shop, now).has_value());
  EXPECT_EQ(verify_token(as_visitor, same, shop, now).error(), auth_error::bad_signature);
  // Re-signing the staff claims as a visitor needs the visitor key; with it, the result is a
  // customer, never a supervisor.
  const std::string resigned = craft_visitor(
      *detail::base64url_decode(jwt.substr(dot1 + 1, dot2 - dot1 - 1)), same.visitor_secret);
  const auto id = verify_token(resigned, same, shop, now);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->role_, role::customer);
}

TEST(TokenKinds, VisitorTokenIsNoStaffToken) {
  auth_config same = test_config();
  same.visitor_secret = same.jwt_secret;
  const auto visitor = mint_visitor_token(same, "v-1", shop, now);
  // Strip the prefix: a two-part string is no JWT.
  EXPECT_EQ(verify_token(visitor.substr(3), same, shop, now).error(), auth_error::malformed);
  // Put a valid HS256 header in front of the visitor payload and keep its signature.
  const auto dot2 = visitor.rfind('.');
  const std::string as_jwt = detail::base64url_encode(good_header) + "." +
                             visitor.substr(3, dot2 - 3) + visitor.substr(dot2);
  EXPECT_EQ(verify_token(as_jwt, same, shop, now).error(), auth_error::bad_signature);
  // Even correctly signed as a JWT, visitor claims lack role and iss.
  const std::string payload = *detail::base64url_decode(visitor.substr(3, dot2 - 3));
  EXPECT_EQ(verify_token(craft_jwt(good_header, payload, same.jwt_secret), same, shop, now).error(),
            auth_error::missing_claims);
}

TEST(AuthStrings, EveryValueHasAName) {
  EXPECT_EQ(to_string(role::qa), "qa");
  EXPECT_EQ(to_string(role::customer), "customer");
  EXPECT_EQ(to_string(auth_error::wrong_algorithm), "wrong_algorithm");
  EXPECT_EQ(to_string(auth_error::unknown_role), "unknown_role");
}

}  // namespace
}  // namespace fenliu::gateway
