// Placeholder translation unit until the gateway sources land.
namespace fenliu::gateway {}
