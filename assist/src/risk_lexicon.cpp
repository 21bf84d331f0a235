// Sentiment values are in [-1, 1]; a single strongly negative word (垃圾, terrible) already
// reaches the default risky threshold of -0.5, a mild one (慢, 问题) needs company.

#include "risk_lexicon.hpp"

namespace fenliu::assist::detail {

const std::vector<weighted_phrase>& sentiment_words() {
  static const auto* words = new std::vector<weighted_phrase>{
      // Chinese, negative.
      {"不满意", -0.6}, {"差", -0.5}, {"差劲", -0.8}, {"垃圾", -0.9}, {"什么破", -0.6},
      {"破东西", -0.6}, {"烂", -0.6}, {"坑", -0.6}, {"坑人", -0.8}, {"坑爹", -0.8},
      {"失望", -0.7}, {"生气", -0.7}, {"气死", -0.9}, {"恶心", -0.8}, {"无语", -0.5},
      {"慢", -0.4}, {"拖拖拉拉", -0.5}, {"敷衍", -0.6}, {"态度差", -0.7}, {"什么态度", -0.7},
      {"没人回", -0.5}, {"没人理", -0.6}, {"不理人", -0.6}, {"不回消息", -0.5}, {"不靠谱", -0.6},
      {"糟糕", -0.7}, {"糟心", -0.6}, {"郁闷", -0.4}, {"烦", -0.4}, {"烦死", -0.7},
      {"崩溃", -0.7}, {"后悔", -0.6}, {"再也不", -0.6}, {"不会再买", -0.8}, {"上当", -0.7},
      {"忽悠", -0.6}, {"假货", -0.7}, {"劣质", -0.8}, {"次品", -0.7}, {"质量差", -0.7},
      {"坏", -0.3}, {"问题", -0.2}, {"毛病", -0.3}, {"离谱", -0.7}, {"过分", -0.6},
      {"受不了", -0.6}, {"欺负", -0.6}, {"什么情况", -0.4}, {"搞什么", -0.6},
      {"怎么回事", -0.3}, {"还让不让人", -0.6}, {"不一样", -0.2}, {"不符", -0.4}, {"丑", -0.5},
      {"难看", -0.5}, {"难用", -0.6}, {"退钱", -0.4}, {"黑店", -0.9}, {"服了", -0.4},
      {"呵呵", -0.3}, {"醉了", -0.4}, {"快点", -0.2}, {"太久", -0.5}, {"好久", -0.2},
      {"半天", -0.2}, {"骗", -0.7}, {"拖了", -0.4}, {"慢慢来", 0.2}, {"慢慢", 0.1},
      // Chinese, positive.
      {"满意", 0.6}, {"好评", 0.7}, {"谢谢", 0.4}, {"感谢", 0.5}, {"多谢", 0.4}, {"不错", 0.5},
      {"喜欢", 0.6}, {"好的", 0.2}, {"好", 0.3}, {"棒", 0.7}, {"赞", 0.6}, {"给力", 0.6},
      {"挺好", 0.5}, {"好用", 0.5}, {"好看", 0.5}, {"开心", 0.6}, {"放心", 0.3}, {"辛苦", 0.3},
      {"耐心", 0.3}, {"快", 0.3}, {"还行", 0.2}, {"完美", 0.8}, {"漂亮", 0.5}, {"舒服", 0.5},
      {"合适", 0.4}, {"划算", 0.5}, {"实惠", 0.4}, {"没问题", 0.3}, {"知道了", 0.1},
      {"理解", 0.3}, {"没关系", 0.3}, {"不客气", 0.3}, {"哈哈", 0.3},
      // English, negative.
      {"terrible", -0.8}, {"awful", -0.8}, {"horrible", -0.8}, {"worst", -0.9}, {"bad", -0.5},
      {"poor", -0.5}, {"disappointed", -0.7}, {"disappointing", -0.7}, {"angry", -0.7},
      {"furious", -0.9}, {"upset", -0.6}, {"unacceptable", -0.8}, {"ridiculous", -0.7},
      {"useless", -0.7}, {"rude", -0.7}, {"slow", -0.4}, {"broken", -0.3}, {"fake", -0.6},
      {"garbage", -0.9}, {"trash", -0.8}, {"rubbish", -0.8}, {"never again", -0.8},
      {"waste", -0.6}, {"hate", -0.7}, {"annoyed", -0.5}, {"frustrated", -0.6},
      {"sucks", -0.7}, {"money back", -0.4}, {"liar", -0.8}, {"lied", -0.6},
      // English, positive.
      {"thanks", 0.4}, {"thank you", 0.5}, {"thank", 0.4}, {"great", 0.6}, {"good", 0.4},
      {"love", 0.6}, {"perfect", 0.8}, {"perfectly", 0.6}, {"happy", 0.5}, {"satisfied", 0.6},
      {"excellent", 0.8}, {"awesome", 0.7}, {"nice", 0.5}, {"fine", 0.2}, {"ok", 0.1},
      {"okay", 0.1}, {"no problem", 0.3}, {"appreciate", 0.5}, {"helpful", 0.5}, {"fast", 0.3},
      {"quick", 0.3}, {"not bad", 0.4}, {"take your time", 0.3},
  };
  return *words;
}

const std::vector<weighted_phrase>& degree_adverbs() {
  static const auto* words = new std::vector<weighted_phrase>{
      {"非常", 1.8}, {"特别", 1.8}, {"太", 1.6}, {"超", 1.6}, {"超级", 1.8}, {"极其", 2.0},
      {"极", 1.8}, {"十分", 1.7}, {"真", 1.3}, {"真的", 1.3}, {"很", 1.3}, {"挺", 1.1},
      {"有点", 0.6}, {"有些", 0.6}, {"略", 0.5}, {"稍微", 0.5}, {"比较", 0.9}, {"最", 1.8},
      {"这么", 1.4}, {"那么", 1.3}, {"完全", 1.5}, {"实在", 1.5}, {"简直", 1.6}, {"very", 1.5},
      {"so", 1.4}, {"really", 1.4}, {"extremely", 1.9}, {"totally", 1.6}, {"completely", 1.6},
      {"absolutely", 1.7}, {"a bit", 0.6}, {"a little", 0.6}, {"slightly", 0.5},
      {"quite", 1.2}, {"too", 1.4}, {"super", 1.6}, {"pretty", 1.1},
  };
  return *words;
}

const std::vector<const char*>& sentiment_negators() {
  static const auto* words = new std::vector<const char*>{
      "不", "没", "没有", "无", "别", "未", "不是", "并不", "一点也不", "一点都不", "从不",
      "不会", "不太", "不怎么", "不算", "不够", "not", "no", "never", "dont", "doesnt",
      "didnt", "isnt", "wasnt", "arent", "cant", "wont", "hardly"};
  return *words;
}

}  // namespace fenliu::assist::detail
