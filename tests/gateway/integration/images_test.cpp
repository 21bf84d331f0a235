// Images over the real server: upload (raw and multipart, size edge, type from the bytes,
// tokens), content addressing, image messages with server-filled sizes, who may read an image,
// and the retention purge of rows and files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using namespace std::string_literals;

struct reply {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string cache_control;
  std::string nosniff;
  json::value json() const {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    return ec ? json::value{} : v;
  }
};

reply call(std::uint16_t port, http::verb method, const std::string& target,
           const std::string& token = "", const std::string& body = "",
           const std::string& content_type = "") {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) {
    req.set(http::field::authorization, "Bearer " + token);
  }
  if (!content_type.empty()) {
    req.set(http::field::content_type, content_type);
  }
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  const auto& res = parser.get();
  return {static_cast<int>(res.result_int()), res.body(),
          std::string(res[http::field::content_type]), std::string(res[http::field::cache_control]),
          std::string(res["X-Content-Type-Options"])};
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A PNG header of the given size, padded to `total` bytes (only the header is read).
std::string png(std::uint32_t w, std::uint32_t h, std::size_t total = 64, char fill = 'p') {
  auto out = "\x89PNG\r\n\x1a\n"s + be32(13) + "IHDR" + be32(w) + be32(h) + "\x08\x06\0\0\0"s;
  out.resize(std::max(total, out.size()), fill);
  return out;
}

std::string gif(std::uint16_t w, std::uint16_t h) {
  return "GIF89a"s + static_cast<char>(w & 0xff) + static_cast<char>(w >> 8) +
         static_cast<char>(h & 0xff) + static_cast<char>(h >> 8) + "\0\0\0;"s;
}

std::string multipart(const std::string& boundary, const std::string& field,
                      const std::string& filename, const std::string& bytes) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field +
         "\"; filename=\"" + filename + "\"\r\nContent-Type: image/png\r\n\r\n" + bytes +
         "\r\n--" + boundary + "--\r\n";
}

reply upload(const test_server& srv, const std::string& token, const std::string& bytes) {
  return call(srv.port(), http::verb::post, "/api/images", token, bytes,
              "application/octet-stream");
}

std::string upload_id(const test_server& srv, const std::string& token, const std::string& bytes) {
  auto r = upload(srv, token, bytes);
  EXPECT_EQ(r.status, 201) << r.body;
  auto v = r.json();
  return v.is_object() && v.as_object().contains("image_id")
             ? std::string(v.at("image_id").as_string())
             : std::string{};
}

v1::ClientEnvelope send_image(std::uint64_t conversation, const std::string& client_msg_id,
                              const std::string& image_id) {
  v1::ClientEnvelope env;
  auto* m = env.mutable_send_message();
  m->set_conversation_id(conversation);
  m->set_client_msg_id(client_msg_id);
  auto* image = m->mutable_content()->mutable_image();
  image->set_image_id(image_id);
  image->set_mime_type("text/html");  // the client's claims are ignored
  image->set_width(1);
  image->set_height(1);
  return env;
}

std::size_t files_in(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir)) {
    return 0;
  }
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator{}));
}

struct chat {
  ws_client agent;
  ws_client customer;
  std::uint64_t id = 0;
};

chat open_chat(const test_server& srv, const std::string& visitor) {
  chat c{srv.connect_agent("pre-1"), srv.connect(srv.visitor_token(visitor)), 0};
  auto started = c.customer.request(start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  if (started && started->has_conversation_started()) {
    c.id = started->conversation_started().conversation().conversation_id();
  }
  EXPECT_TRUE(c.agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  return c;
}

TEST(Images, RawAndMultipartUploadsAnswerTheSameContentAddressedImage) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto token = srv.visitor_token("v-1");
  const auto bytes = png(640, 480, 300);
  auto raw = upload(srv, token, bytes);
  ASSERT_EQ(raw.status, 201) << raw.body;
  auto v = raw.json();
  const std::string id(v.at("image_id").as_string());
  EXPECT_EQ(id.size(), 64U);
  EXPECT_EQ(v.at("mime_type").as_string(), "image/png");
  EXPECT_EQ(v.at("width").to_number<std::int64_t>(), 640);
  EXPECT_EQ(v.at("height").to_number<std::int64_t>(), 480);
  EXPECT_EQ(v.at("bytes").to_number<std::int64_t>(), 300);
  const auto file = dir.path() / "images" / id;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(std::filesystem::file_size(file), 300U);

  // The same bytes as a multipart field, from a member of staff: the same id, one file.
  auto form = call(srv.port(), http::verb::post, "/api/images",
                   srv.staff_token(gateway::role::agent, "pre-1"),
                   multipart("----b0undary", "file", "photo.png", bytes),
                   R"(multipart/form-data; boundary="----b0undary")");
  ASSERT_EQ(form.status, 201) << form.body;
  EXPECT_EQ(form.json().at("image_id").as_string(), id);
  EXPECT_EQ(files_in(dir.path() / "images"), 1U);

  auto other = upload(srv, token, gif(3, 2));
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(other.json().at("mime_type").as_string(), "image/gif");
  EXPECT_NE(other.json().at("image_id").as_string(), id);
  EXPECT_EQ(files_in(dir.path() / "images"), 2U);
}

TEST(Images, SizeLimitAtItsEdgeRawAndMultipart) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.max_image_bytes = 4096;
  cfg.limits.http_body_max_bytes = 1024;  // the upload's own limit applies, not this one
  test_server srv(cfg);
  const auto token = srv.visitor_token("v-1");
  EXPECT_EQ(upload(srv, token, png(8, 8, 4096)).status, 201);
  auto over = upload(srv, token, png(8, 8, 4097, 'q'));
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(over.json().at("error").as_string(), "too_large");
  EXPECT_EQ(over.json().at("max_bytes").to_number<std::int64_t>(), 4096);
  const std::string type = "multipart/form-data; boundary=xx";
  EXPECT_EQ(call(srv.port(), http::verb::post, "/api/images", token,
                 multipart("xx", "file", "a.png", png(9, 9, 4096, 'r')), type)
                .status,
            201);
  auto form_over = call(srv.port(), http::verb::post, "/api/images", token,
                        multipart("xx", "file", "a.png", png(9, 9, 4097, 's')), type);
  EXPECT_EQ(form_over.status, 413);
  EXPECT_EQ(form_over.json().at("error").as_string(), "too_large");
}

TEST(Images, TypeComesFromTheBytesNeverTheNameOrContentType) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto token = srv.visitor_token("v-1");
  auto text = call(srv.port(), http::verb::post, "/api/images", token,
                   multipart("b", "file", "x.png", "just some text, not a picture\n"),
                   "multipart/form-data; boundary=b");
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(text.json().at("error").as_string(), "unsupported_media_type");
  EXPECT_EQ(call(srv.port(), http::verb::post, "/api/images", token, "<html>hi</html>",
                 "image/png")
                .status,
            415);
  EXPECT_EQ(upload(srv, token, png(8, 8).substr(0, 20)).status, 415);  // truncated IHDR
  EXPECT_EQ(upload(srv, token, "").status, 415);
  EXPECT_EQ(files_in(dir.path() / "images"), 0U);
}

TEST(Images, MalformedMultipartNamesTheField) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  const auto token = srv.visitor_token("v-1");
  auto no_file = call(srv.port(), http::verb::post, "/api/images", token,
                      multipart("b", "picture", "a.png", png(2, 2)),
                      "multipart/form-data; boundary=b");
  EXPECT_EQ(no_file.status, 400);
  EXPECT_EQ(no_file.json().at("field").as_string(), "file");
  auto no_boundary = call(srv.port(), http::verb::post, "/api/images", token,
                          multipart("b", "file", "a.png", png(2, 2)), "multipart/form-data");
  EXPECT_EQ(no_boundary.status, 400);
  EXPECT_EQ(no_boundary.json().at("field").as_string(), "Content-Type");
  auto unclosed = call(srv.port(), http::verb::post, "/api/images", token,
                       "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + png(2, 2),
                       "multipart/form-data; boundary=b");
  EXPECT_EQ(unclosed.status, 400);
  EXPECT_EQ(unclosed.json().at("field").as_string(), "body");
}

TEST(Images, TokensAreRequired) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto none = upload(srv, "", png(2, 2));
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json().at("error").as_string(), "unauthorized");
  EXPECT_EQ(upload(srv, "v1.forged.token", png(2, 2)).status, 401);
  const auto id = upload_id(srv, srv.visitor_token("v-1"), png(2, 2));
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/" + id).status, 401);
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/" + id, "nonsense").status, 401);
  EXPECT_EQ(files_in(dir.path() / "images"), 1U);
}

TEST(Images, ImageMessagesCarryTheStoredSizeAndOnlyParticipantsReadThem) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto c = open_chat(srv, "v-1");
  ASSERT_NE(c.id, 0U);
  const auto bytes = png(120, 80, 500);
  const auto id = upload_id(srv, srv.visitor_token("v-1"), bytes);
  ASSERT_FALSE(id.empty());

  auto ack = c.customer.request(send_image(c.id, "img-1", id));
  ASSERT_TRUE(ack && ack->has_send_ack()) << (ack ? ack->DebugString() : "no reply");
  auto got = c.agent.receive_until([](const auto& e) { return e.has_message(); });
  ASSERT_TRUE(got);
  const auto& image = got->message().message().content().image();
  EXPECT_EQ(image.image_id(), id);
  EXPECT_EQ(image.mime_type(), "image/png");
  EXPECT_EQ(image.width(), 120U);
  EXPECT_EQ(image.height(), 80U);

  const auto target = "/api/images/" + id;
  auto by_agent = call(srv.port(), http::verb::get, target,
                       srv.staff_token(gateway::role::agent, "pre-1"));
  EXPECT_EQ(by_agent.status, 200);
  EXPECT_EQ(by_agent.body, bytes);
  EXPECT_EQ(by_agent.content_type, "image/png");
  EXPECT_TRUE(by_agent.cache_control.starts_with("private, max-age=")) << by_agent.cache_control;
  EXPECT_EQ(by_agent.nosniff, "nosniff");
  EXPECT_EQ(call(srv.port(), http::verb::get, target, srv.visitor_token("v-1")).status, 200);
  EXPECT_EQ(call(srv.port(), http::verb::get, target,
                 srv.staff_token(gateway::role::supervisor, "sup-1"))
                .status,
            200);
  EXPECT_EQ(call(srv.port(), http::verb::get, target, srv.staff_token(gateway::role::qa, "qa-1"))
                .status,
            200);
  // Everyone else, and unknown ids, get the same 404.
  auto stranger = call(srv.port(), http::verb::get, target, srv.visitor_token("v-2"));
  EXPECT_EQ(stranger.status, 404);
  EXPECT_EQ(call(srv.port(), http::verb::get, target,
                 srv.staff_token(gateway::role::agent, "in-1"))
                .status,
            404);
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/" + std::string(64, 'a'),
                 srv.visitor_token("v-1"))
                .status,
            404);
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/../fenliu.db",
                 srv.visitor_token("v-1"))
                .status,
            404);

  // The other way: the agent's image reaches the customer, who may then read it.
  const auto reply_bytes = gif(33, 44);
  const auto reply_id = upload_id(srv, srv.staff_token(gateway::role::agent, "pre-1"), reply_bytes);
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/" + reply_id,
                 srv.visitor_token("v-1"))
                .status,
            404)
      << "not sent yet";
  auto reply_ack = c.agent.request(send_image(c.id, "img-2", reply_id));
  ASSERT_TRUE(reply_ack && reply_ack->has_send_ack());
  auto reply = c.customer.receive_until([](const auto& e) { return e.has_message(); });
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->message().message().content().image().mime_type(), "image/gif");
  EXPECT_EQ(reply->message().message().content().image().width(), 33U);
  EXPECT_EQ(reply->message().message().content().image().height(), 44U);
  auto by_customer = call(srv.port(), http::verb::get, "/api/images/" + reply_id,
                          srv.visitor_token("v-1"));
  EXPECT_EQ(by_customer.status, 200);
  EXPECT_EQ(by_customer.body, reply_bytes);
  EXPECT_EQ(by_customer.content_type, "image/gif");
}

TEST(Images, UnknownImageIdIsInvalidArgument) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto c = open_chat(srv, "v-1");
  auto err = c.customer.request(send_image(c.id, "img-x", std::string(64, 'b')));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_NE(err->error().detail().find("content.image.image_id"), std::string::npos);
  // Nothing was stored: the next message takes seq 1.
  auto ack = c.customer.request(send_text(c.id, "t-1", "hi"));
  ASSERT_TRUE(ack && ack->has_send_ack());
  EXPECT_EQ(ack->send_ack().seq(), 1U);
}

// Moves every message, image use and image `days` into the past (server stopped).
void age_everything(const std::filesystem::path& data_dir, int days) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir / "fenliu.db").c_str(), &db), SQLITE_OK);
  const auto shift = std::to_string(std::int64_t{days} * 86400000);
  for (const auto& sql :
       {"UPDATE messages SET created_at = created_at - " + shift,
        "UPDATE image_uses SET used_at = used_at - " + shift,
        "UPDATE images SET created_at = created_at - " + shift}) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

std::int64_t count_rows(const std::filesystem::path& data_dir, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open((data_dir / "fenliu.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(Images, RetentionPurgeRemovesImagesWithTheirMessages) {
  temp_dir dir;
  std::string sent, unsent, shared;
  {
    test_server srv(test_config(dir.path()));
    auto c = open_chat(srv, "v-1");
    sent = upload_id(srv, srv.visitor_token("v-1"), png(5, 5));
    unsent = upload_id(srv, srv.visitor_token("v-1"), png(6, 6));
    shared = upload_id(srv, srv.visitor_token("v-1"), png(7, 7));
    auto ack = c.customer.request(send_image(c.id, "img-1", sent));
    ASSERT_TRUE(ack && ack->has_send_ack());
  }
  age_everything(dir.path(), 91);
  test_server fresh_upload_srv(test_config(dir.path()));
  const auto fresh = upload_id(fresh_upload_srv, fresh_upload_srv.visitor_token("v-9"), gif(1, 1));
  // The same bytes as an old upload, uploaded again now by someone else: they stay.
  EXPECT_EQ(upload_id(fresh_upload_srv, fresh_upload_srv.visitor_token("v-9"), png(7, 7)), shared);
  fresh_upload_srv.stop();
  ASSERT_EQ(files_in(dir.path() / "images"), 4U);

  auto cfg = test_config(dir.path());
  cfg.store.retention_days = 90;
  cfg.store.purge_interval_s = 1;
  test_server srv(cfg);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (files_in(dir.path() / "images") != 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "images" / sent));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "images" / unsent));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "images" / fresh));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "images" / shared));
  EXPECT_EQ(count_rows(dir.path(), "SELECT COUNT(*) FROM images WHERE id = '" + sent + "'"), 0);
  EXPECT_EQ(count_rows(dir.path(), "SELECT COUNT(*) FROM image_uses"), 0);
  EXPECT_EQ(count_rows(dir.path(), "SELECT COUNT(*) FROM images"), 3);  // fresh, shared twice
  EXPECT_EQ(count_rows(dir.path(), "SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(call(srv.port(), http::verb::get, "/api/images/" + sent, srv.visitor_token("v-1"))
                .status,
            404);
}

}  // namespace
}  // namespace fenliu::testing
