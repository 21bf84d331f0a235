// The built-in intent rules. A rule is a list of groups; every group must match. Phrases
// name what buyers type; the order of the rules is their priority.

#include "fenliu/assist/intents.hpp"

namespace fenliu::assist {

std::vector<intent_rule> builtin_intent_rules() {
  using g = std::vector<std::string>;
  const g possessive = {"我的订单", "我的快递", "我的包裹", "我的货", "我买的", "我拍的",
                        "我下的", "我的东西", "我的宝贝", "我的衣服", "我的鞋", "我这单",
                        "这个订单", "这单", "订单号", "单号", "my order", "my package",
                        "my parcel", "my shipment", "my item", "my stuff", "my delivery"};
  const g where = {"到哪", "在哪", "什么时候到", "啥时候到", "几时到", "多久到", "查", "查询",
                   "进度", "状态", "信息", "显示", "派送", "发了", "发货没", "怎么还", "where",
                   "status", "track", "tracking", "when will", "arrived", "received", "shipped",
                   "yet", "late", "delayed", "stuck"};
  return {
      {intent_name::handover,
       {{"转人工", "人工", "人工客服", "真人", "真人客服", "找客服", "叫客服", "要客服", "客服呢",
         "换人工", "转接", "找个人", "找人工", "活人", "客服", "=机器人", "不要机器人", "小二",
         "打电话", "电话客服", "换个人", "换客服", "客服在哪", "human", "humans", "agent",
         "real person", "a person", "talk to someone", "speak to someone", "talk to a person",
         "speak to a person", "representative", "operator", "customer service", "live agent",
         "live chat", "someone real", "not a bot", "real human", "transfer me", "=a bot",
         "=robot", "=bot", "=自动回复", "!扫地机器人", "!机器人玩具", "!travel agent",
         "!shipping agent"}}},
      {intent_name::complaint,
       {{"要求赔偿", "赔偿", "索赔", "要个说法", "给个说法", "讨个说法", "compensation",
         "compensate"}}},
      {intent_name::order_problem,
       {{"发错", "错发", "发错货", "少发", "漏发", "少了一", "少了个", "少一个", "少一件", "缺件",
         "不是我买的", "不是我要的", "不是我拍的", "破损", "碎了", "摔坏", "压坏", "裂了",
         "漏液", "有污渍", "有瑕疵", "坏的", "烂了", "wrong item", "sent the wrong",
         "sent me the wrong", "missing item", "item missing", "missing part", "missing parts",
         "damaged", "arrived broken", "broken on arrival", "defective", "faulty", "cracked",
         "dead on arrival"}}},
      {intent_name::order_problem,
       {{"收到", "到货", "刚到", "拆开", "打开", "到了", "received", "arrived", "got it",
         "opened"},
        {"坏", "破", "碎", "裂", "瑕疵", "问题", "不对", "不一样", "用不了", "不能用", "不亮",
         "没反应", "开不了机", "脏", "洞", "开线", "脱线", "掉漆", "划痕", "broken", "hole",
         "wrong", "problem", "stain", "scratch",
         "scratched", "doesnt work", "not working"}}},
      {intent_name::refund_progress,
       {{"退款", "退钱", "钱", "refund", "money"},
        {"进度", "还没到", "没到账", "到账", "还没退", "没退", "怎么还没", "多久到", "什么时候到",
         "审核", "处理了吗", "同意", "驳回", "拒绝", "卡住", "迟迟", "一直没", "status",
         "not received", "havent received", "hasnt arrived", "still not", "still waiting",
         "where is", "wheres", "when will", "not yet", "pending", "rejected", "approve"}}},
      {intent_name::refund_progress,
       {{"申请了退款", "申请退款了", "申请了退货", "已经退货", "退货寄回", "寄回去了", "已经寄回",
         "退回去了", "已经退了", "退货单号", "退货物流", "i returned", "i sent it back",
         "already returned", "already sent back", "return request", "refund request",
         "requested a refund"}}},
      {intent_name::order_status,
       {{"还没到", "还没收到", "没收到", "怎么还没", "还没发", "还不发", "没发货", "发了没",
         "发了吗", "发货了吗", "发货了没", "寄出了吗", "发出了吗", "到了吗", "到了没", "到哪了",
         "到哪里了", "到哪儿了", "物流不动", "不更新", "没更新", "没动静", "卡在", "催",
         "快点发", "签收了", "显示签收", "派送中", "where is my", "wheres my", "havent received",
         "hasnt arrived", "not arrived yet", "still not arrived", "still havent",
         "not received", "has my order shipped", "did you ship my", "track my order",
         "tracking number", "order status", "单号", "运单号", "物流单号", "快递单号"}}},
      {intent_name::order_status, {possessive, where}},
      {intent_name::order_status,
       {{"快递", "物流", "包裹", "package", "parcel"},
        {"到哪", "在哪", "到哪里", "信息", "不动", "没动", "查", "查询", "进度", "状态", "显示",
         "派送",
         "where"}}},
      {intent_name::order_status,
       {{"我下单了", "已经下单", "我付款了", "已经付款", "已付款", "已经拍了", "昨天买的",
         "前天买的", "上周买的", "昨天下单", "前天下单", "昨天拍的", "i ordered", "i paid",
         "already paid", "already ordered"},
        {"发货", "发", "到", "寄", "ship", "arrive", "deliver"}}},
  };
}

}  // namespace fenliu::assist
