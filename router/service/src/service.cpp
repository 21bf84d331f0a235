// Filled by the router service.
