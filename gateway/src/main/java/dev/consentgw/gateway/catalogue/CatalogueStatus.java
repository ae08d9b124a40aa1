package dev.consentgw.gateway.catalogue;

/** How current one provider's part of the catalogue is. */
public enum CatalogueStatus {
  FRESH("fresh"),
  STALE("stale"),
  UNAVAILABLE("unavailable");

  private final String wireName;

  CatalogueStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
