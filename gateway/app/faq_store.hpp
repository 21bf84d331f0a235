#pragma once
// The FAQ bot's entries in the store: config entries become rows with a JSON body, and stored
// rows become entries again when the config has none.

#include <string>
#include <vector>

#include "fenliu/assist/types.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// The entries as rows of `shop_id`, `position` the index in `faq`; the body is a JSON object
/// {"examples", "keywords", "answer_zh", "answer_en", "quick_replies"}.
std::vector<store::faq_row> to_faq_rows(const std::vector<assist::faq_entry>& faq,
                                        const std::string& shop_id);

/// The rows as entries, in the given order. A row whose body is not such a JSON object is
/// skipped (and logged): the bot serves the others.
std::vector<assist::faq_entry> from_faq_rows(const std::vector<store::faq_row>& rows);

/// Start-up only, blocking; call before the bot desk is built. A shop with `[[faq]]` entries
/// replaces the stored set with them (an asynchronous write, like the agents'); a shop without
/// any gets the stored entries into `shop.faq` (none stored: it stays empty). Throws
/// std::system_error when the stored entries cannot be read. Returns `shop`.
const shop_config& load_or_store_faq(store::records& records, shop_config& shop);

}  // namespace fenliu::gateway
