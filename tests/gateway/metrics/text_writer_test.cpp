// The text format's details: HELP/TYPE lines, label escaping, cumulative buckets with +Inf.
#include "gateway/metrics/text_writer.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway::metrics {
namespace {

TEST(TextWriter, FamilyLinesAndEscapedLabelValues) {
  text_writer w;
  w.family("fenliu_x_total", "counter", "Help with a \\ backslash\nand a line feed.");
  w.sample("fenliu_x_total", {{"type", "a\"b\\c\nd"}}, std::uint64_t{3});
  w.sample("fenliu_x_total", {}, std::uint64_t{0});
  EXPECT_EQ(w.text(),
            "# HELP fenliu_x_total Help with a \\\\ backslash\\nand a line feed.\n"
            "# TYPE fenliu_x_total counter\n"
            "fenliu_x_total{type=\"a\\\"b\\\\c\\nd\"} 3\n"
            "fenliu_x_total 0\n");
}

TEST(TextWriter, HistogramBucketsAreCumulativeAndEndWithInf) {
  histogram<3> h({10, 100, 1000});
  h.observe(5);
  h.observe(10);  // on the bound: le="10"
  h.observe(50);
  h.observe(5000);
  text_writer w;
  w.histogram_series("h", h, 0.001);
  EXPECT_EQ(w.text(),
            "h_bucket{le=\"0.01\"} 2\n"
            "h_bucket{le=\"0.1\"} 3\n"
            "h_bucket{le=\"1\"} 3\n"
            "h_bucket{le=\"+Inf\"} 4\n"
            "h_sum 5.065\n"
            "h_count 4\n");
}

}  // namespace
}  // namespace fenliu::gateway::metrics
