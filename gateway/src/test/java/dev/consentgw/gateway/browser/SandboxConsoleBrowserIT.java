package dev.consentgw.gateway.browser;

import dev.consentgw.gateway.app.ConfigLoader;
import dev.consentgw.gateway.app.GatewayConfig;
import dev.consentgw.gateway.app.GatewayServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox console as a user meets it, in headless Chromium: pick an institution, go through the
 * simulated bank's pages, come back to the consent view. The gateway runs with its shipped defaults
 * (demo tenant, demo key, sandbox on), as after a fresh clone. A screenshot of the last page of every
 * test, passed or failed, lands in {@code target/browser-screenshots/}.
 */
class SandboxConsoleBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TENANT_NAME = "Demo Fintech (sandbox)";

  private static Vertx vertx;
  private static GatewayServer gateway;
  private static BrowserSession browser;

  private WebDriverWait wait;
  private String testName;

  @BeforeAll
  static void start() throws Exception {
    browser = BrowserSession.start();
    vertx = Vertx.vertx();
    GatewayConfig config = new ConfigLoader(name -> null)
        .loadWithOverrides("server: {port: 0, host: 127.0.0.1}");
    gateway = GatewayServer.start(vertx, config, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (gateway != null) {
        gateway.close().await(30, TimeUnit.SECONDS);
      }
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  @BeforeEach
  void open(TestInfo info) {
    wait = new WebDriverWait(browser.driver, WAIT);
    // The console re-renders its list as filters change; a vanished element just means "look again".
    wait.ignoring(StaleElementReferenceException.class);
    String method = info.getTestMethod().orElseThrow().getName();
    testName = info.getDisplayName().startsWith(method) ? method : method + "-" + info.getDisplayName();
    browser.driver.manage().deleteAllCookies();
  }

  @AfterEach
  void screenshot() throws Exception {
    browser.screenshot(testName);
  }

  @ParameterizedTest(name = "{0}-{3}")
  @CsvSource({
      "yapily, Thistle, yapily:thistle-sandbox, approve, authorized",
      "yapily, Thistle, yapily:thistle-sandbox, deny, rejected",
      "wych, Kookaburra, wych:7e57ab1e-d401-4000-8000-000000000001, approve, authorized",
      "wych, Kookaburra, wych:7e57ab1e-d401-4000-8000-000000000001, deny, rejected"})
  void aJourneyThroughTheConsoleAndTheBankPage(String provider, String search, String institutionId,
      String decision, String status) {
    pickAndStart(provider, search, institutionId);

    assertThat(bankHeading()).isEqualTo(TENANT_NAME + " would like to access:");
    decide(decision);

    awaitConsentStatus(status);
    assertThat(text("outcome")).startsWith(decision.equals("approve")
        ? "The bank confirmed your consent" : "You declined at the bank");
    assertThat(text("consent-institution")).isEqualTo(institutionId);
    assertThat(text("consent-permissions")).contains("accounts");
    if (decision.equals("approve")) {
      assertThat(text("consent-expires")).matches("\\d{4}-\\d\\d-\\d\\dT.*");
      browser.driver.findElement(By.id("refresh")).click();
      awaitConsentStatus("authorized");
      browser.driver.findElement(By.id("revoke")).click();
      awaitConsentStatus("revoked");
      assertThat(browser.driver.findElement(By.id("revoke")).isEnabled()).isFalse();
    } else {
      assertThat(browser.driver.findElement(By.id("revoke")).isEnabled()).isFalse();
    }
  }

  @Test
  void theTwoStepBankSaysWhichStepItIs() {
    pickAndStart("yapily", "Brücken", "yapily:brueckenbank-sandbox");

    assertThat(text(By.className("step"))).isEqualTo("Step 1 of 2: confirm who you are");
    String firstPage = browser.driver.getCurrentUrl();
    decide("approve");
    wait.until(ExpectedConditions.not(ExpectedConditions.urlToBe(firstPage)));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.className("step")));
    assertThat(text(By.className("step"))).isEqualTo("Step 2 of 2: choose what to share");
    assertThat(bankHeading()).isEqualTo(TENANT_NAME + " would like to access:");
    decide("approve");

    awaitConsentStatus("authorized");
    assertThat(text("consent-institution")).isEqualTo("yapily:brueckenbank-sandbox");
  }

  @Test
  void filtersNarrowTheInstitutionListAndShowLogos() {
    browser.driver.get(gateway.publicBaseUrl() + "/");
    awaitInstitution("yapily:thistle-sandbox");
    new Select(browser.driver.findElement(By.id("country"))).selectByValue("AU");
    wait.until(d -> institutionIds().stream().allMatch(id -> id.startsWith("wych:")) && !institutionIds().isEmpty());

    new Select(browser.driver.findElement(By.id("country"))).selectByValue("");
    new Select(browser.driver.findElement(By.id("provider"))).selectByValue("yapily");
    wait.until(d -> institutionIds().contains("yapily:thistle-sandbox")
        && institutionIds().stream().allMatch(id -> id.startsWith("yapily:")));
    WebElement thistle = institution("yapily:thistle-sandbox");
    assertThat(thistle.findElement(By.tagName("img")).getDomProperty("src")).startsWith("data:image/");
    assertThat(((Number) browser.driver.executeScript(
        "return arguments[0].naturalWidth", thistle.findElement(By.tagName("img")))).intValue()).isPositive();
  }

  @Test
  void theDocsRenderTheContractWithTheDemoKeyAuthorised() {
    browser.driver.get(gateway.publicBaseUrl() + "/docs");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
    List<String> paths = browser.driver.findElements(By.cssSelector(".opblock-summary-path")).stream()
        .map(e -> e.getDomAttribute("data-path")).toList();
    assertThat(paths).contains("/v1/institutions", "/v1/consents", "/v1/consents/{consentId}");
    wait.until(d -> authorisedSchemes().containsKey("bearerAuth"));
    assertThat(browser.driver.findElement(By.cssSelector(".info .title")).getText()).contains("Consent Gateway");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> authorisedSchemes() {
    Object authorised = browser.driver.executeScript(
        "return window.ui ? window.ui.authSelectors.authorized().toJS() : {}");
    return (Map<String, Object>) authorised;
  }

  private void pickAndStart(String provider, String search, String institutionId) {
    browser.driver.get(gateway.publicBaseUrl() + "/");
    new Select(browser.driver.findElement(By.id("provider"))).selectByValue(provider);
    browser.driver.findElement(By.id("q")).sendKeys(search);
    wait.until(d -> institutionIds().equals(List.of(institutionId)));
    institution(institutionId).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start-journey"))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.approve")));
  }

  private void decide(String decision) {
    browser.driver.findElement(By.cssSelector("button." + decision)).click();
  }

  private String bankHeading() {
    return text(By.tagName("h1"));
  }

  private void awaitConsentStatus(String status) {
    wait.until(ExpectedConditions.attributeToBe(By.id("consent-view"), "data-status", status));
    assertThat(text("consent-status")).isEqualTo(status);
  }

  private void awaitInstitution(String id) {
    wait.until(d -> institutionIds().contains(id));
  }

  private WebElement institution(String id) {
    return browser.driver.findElement(By.cssSelector("button.institution[data-id='" + id + "']"));
  }

  private List<String> institutionIds() {
    return browser.driver.findElements(By.cssSelector("button.institution")).stream()
        .map(e -> e.getDomAttribute("data-id")).toList();
  }

  private String text(String id) {
    return text(By.id(id));
  }

  private String text(By by) {
    return browser.driver.findElement(by).getText();
  }
}
