"""Public pages, the member portal, the expert inbox and file downloads of certification."""
