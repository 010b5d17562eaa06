package dev.tenableconnector.service.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (both from the system packages:
 * Selenium is given their paths, so it downloads nothing), with waits and screenshots.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final String base;
  private final Path profile;

  Browser(String base) {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      throw new IllegalStateException(
          "browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver");
    }
    this.base = base;
    try {
      this.profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // the machine has no network beyond loopback: Chromium's background services stay off
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1360,900",
        "--lang=en-US",
        "--user-data-dir=" + profile);
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  void open(String path) {
    driver.get(base + path);
  }

  WebElement find(String css) {
    return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement byText(String css, String text) {
    return waitFor(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  /**
   * Clicks the element once it is visible and enabled; retried when a re-render replaces it first.
   */
  void click(String css) {
    waitFor(
        d -> {
          WebElement e = d.findElement(By.cssSelector(css));
          if (!e.isDisplayed() || !e.isEnabled()) {
            return null;
          }
          e.click();
          return true;
        });
  }

  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * The text of the first visible match, read inside the wait so a page being replaced is retried.
   */
  String text(String css) {
    return waitFor(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .findFirst()
                .orElse(null));
  }

  /** Waits until the element's text contains {@code expected}; returns the text. */
  String awaitText(String css, String expected) {
    return awaitText(css, expected, Duration.ofSeconds(30));
  }

  String awaitText(String css, String expected, Duration timeout) {
    try {
      return wait(timeout)
          .until(
              d -> {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                return found.stream()
                    .map(WebElement::getText)
                    .filter(t -> t.contains(expected))
                    .findFirst()
                    .orElse(null);
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      // What the page showed instead says more than "the condition failed".
      String shown;
      try {
        shown = driver.findElement(By.tagName("body")).getText();
      } catch (RuntimeException unreadable) {
        shown = "(the page could not be read: " + unreadable.getMessage() + ")";
      }
      throw new AssertionError(
          "no '"
              + css
              + "' showing '"
              + expected
              + "' at "
              + driver.getCurrentUrl()
              + "; the page shows:\n"
              + shown,
          e);
    }
  }

  <T> T waitFor(Function<? super WebDriver, T> condition) {
    return wait(Duration.ofSeconds(30)).until(condition);
  }

  /**
   * A wait that retries through the errors of a page being replaced mid-read: a stale element, or
   * Chromium's "node does not belong to the document" (a plain WebDriverException). A condition
   * that never holds still ends in a TimeoutException naming the last such error.
   */
  private WebDriverWait wait(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.WebDriverException.class);
    return wait;
  }

  /** Waits until the page at a hash containing {@code part} has finished its first render. */
  void awaitPage(String part) {
    waitFor(
        d -> {
          Object ready =
              driver.executeScript(
                  "return document.body.dataset.ready === location.hash"
                      + " ? location.hash : null");
          return ready != null && ready.toString().contains(part) ? ready : null;
        });
  }

  String hash() {
    return (String) driver.executeScript("return location.hash");
  }

  String page() {
    return driver.getPageSource();
  }

  /** Saves a full-page screenshot as target/screenshots/NAME.png (the README's come from here). */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Number height =
          (Number)
              driver.executeScript(
                  "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
      driver
          .manage()
          .window()
          .setSize(
              new org.openqa.selenium.Dimension(
                  1360, Math.min(1800, Math.max(900, height.intValue() + 40))));
      driver.executeScript("window.scrollTo(0, 0)");
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1360, 900));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
