package dev.consentgw.gateway.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Debian's headless Chromium driven through its own chromedriver: both paths are given explicitly,
 * so Selenium Manager never looks for (or downloads) a browser or a driver.
 */
final class BrowserSession implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

  // Selenium looks for DevTools bindings of the browser's exact version, which these tests never use.
  private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_LOG.setLevel(Level.OFF);
  }

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private BrowserSession(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts a browser; without Chromium the test is skipped with a message, except on CI, where the
   * browser tests must run ({@code .ci/run} installs Chromium).
   */
  static BrowserSession start() throws IOException {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing: run .ci/run, which installs Debian's chromium and chromium-driver");
      }
      Assumptions.abort("Browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed"
          + " (apt-get install -y chromium chromium-driver); on CI they are installed by .ci/run");
    }
    Path profile = Files.createTempDirectory("cgw-chromium-profile");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new BrowserSession(service, driver, profile);
  }

  /** Saves what the browser shows as {@code target/browser-screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
