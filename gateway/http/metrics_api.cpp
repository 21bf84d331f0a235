#include "gateway/http/metrics_api.hpp"

#include "gateway/app/store_awaitable.hpp"

namespace fenliu::gateway {

asio::awaitable<http_response> metrics_api(const http_request& req, services& svc) {
  auto [views] = co_await async_callback<std::vector<router::stage_view>>(
      [&svc](auto resume) {
        svc.router.inspect([resume](const router::router& core, router::time_ms now) {
          resume(core.stages(now));
        });
      },
      use_nothrow);
  std::vector<metrics::stage_figures> stages;
  stages.reserve(views.size());
  for (const auto& v : views) {
    stages.push_back(
        {router::stage_keys[static_cast<int>(v.stage_)], v.queued, v.active, v.longest_wait_s});
  }
  co_return make_text_response(req, boost::beast::http::status::ok, svc.metrics.render(stages),
                               "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace fenliu::gateway
