package dev.consentgw.gateway.provider;

/** Whether an institution is a live bank, a provider sandbox or a mock. */
public enum Environment {
  LIVE("live"),
  SANDBOX("sandbox"),
  MOCK("mock");

  private final String wireName;

  Environment(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
