package dev.tenableconnector.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenableconnector.core.model.Entity;
import dev.tenableconnector.emulator.EmulatorConfig;
import dev.tenableconnector.emulator.TenableEmulator;
import dev.tenableconnector.service.ServiceFixture;
import dev.tenableconnector.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real headless Chromium, against the service over a real socket and the emulator
 * standing in for Tenable: sign-in, the setup wizard end to end, a failing Test Connection with its
 * remedy, runs with live progress, an Errored connector, editing, and the inventory. Each page's
 * screenshot lands in target/screenshots.
 */
class WebUiBrowserTest {
  private static final String ACCESS =
      "7c1e0f4a9b2d3e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";
  private static final String SECRET =
      "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e";

  private static Browser browser;

  @TempDir Path dir;

  private TenableEmulator emulator;
  private ServiceFixture fixture;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser("http://127.0.0.1");
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(ACCESS, SECRET)
                .assets(150)
                .findingsPerAsset(4)
                .queuedFor(Duration.ofMillis(50))
                .chunkInterval(Duration.ofMillis(10))
                .build());
    fixture = new ServiceFixture(dir, new ManualClock(Instant.parse("2026-12-01T09:00:00Z")));
    browser.driver.manage().deleteAllCookies();
  }

  @AfterEach
  void stop() {
    fixture.close();
    emulator.close();
  }

  private String base() {
    return "http://127.0.0.1:" + fixture.service.port();
  }

  private void open(String path) {
    browser.driver.get(base() + path);
  }

  /** Signs in (the Overview opens first) and goes to the connections. */
  private void signIn() {
    open("/ui/");
    browser.type("#token", ServiceFixture.TOKEN);
    browser.click("#sign-in");
    browser.awaitText("h1", "Overview");
    assertThat(browser.text("#signed-in-as")).isEqualTo("admin (admin)");
    browser.click("a[data-nav='connections']");
    browser.awaitText("h1", "Connections");
  }

  private String createByApi(String name, String schedule) throws Exception {
    ServiceFixture.Response r =
        fixture.call(
            "POST",
            "/api/connectors",
            "{\"name\":\""
                + name
                + "\",\"description\":\"UI test\","
                + "\"tenableUrl\":\""
                + emulator.baseUrl()
                + "\",\"accessKey\":\""
                + ACCESS
                + "\",\"secretKey\":\""
                + SECRET
                + "\",\"schedule\":"
                + schedule
                + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  @Test
  void signInTakesTheAdminTokenAndEveryChangeNeedsTheCsrfToken() throws Exception {
    open("/");
    browser.awaitText("h1", "tenable-connector");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/login");
    browser.screenshot("01-sign-in");

    browser.type("#token", "not-the-admin-token-at-all");
    browser.click("#sign-in");
    assertThat(browser.text("#login-error")).contains("not the admin token");
    assertThat(browser.driver.manage().getCookieNamed(WebUi.SESSION_COOKIE)).isNull();

    browser.type("#token", ServiceFixture.TOKEN);
    browser.click("#sign-in");
    browser.awaitText("h1", "Overview");
    assertThat(browser.text("#overview-empty")).contains("Add a connector");
    browser.click("a[data-nav='connections']");
    browser.awaitText("h1", "Connections");
    assertThat(browser.text("#connections")).contains("No connectors yet");
    var cookie = browser.driver.manage().getCookieNamed(WebUi.SESSION_COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");

    // the session cookie alone reads, but changes nothing without the page's CSRF token
    HttpClient http = HttpClient.newHttpClient();
    String body =
        "{\"name\":\"forged\",\"tenableUrl\":\""
            + emulator.baseUrl()
            + "\",\"accessKey\":\""
            + ACCESS
            + "\",\"secretKey\":\""
            + SECRET
            + "\"}";
    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors"))
                .header("Cookie", WebUi.SESSION_COOKIE + "=" + cookie.getValue())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors"))
                .header("Cookie", WebUi.SESSION_COOKIE + "=" + cookie.getValue())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF_FAILED");
    HttpResponse<String> wrongToken =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors"))
                .header("Cookie", WebUi.SESSION_COOKIE + "=" + cookie.getValue())
                .header("X-CSRF-Token", "guessed")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(fixture.service.connectors().list()).isEmpty();
    // a sign-in form posted without its own CSRF token is refused
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + ServiceFixture.TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(WebUi.SESSION_COOKIE + "=") && c.length() > 20);

    browser.click("#sign-out");
    browser.awaitText("h1", "tenable-connector");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/login");
    HttpResponse<String> after =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/connectors"))
                .header("Cookie", WebUi.SESSION_COOKIE + "=" + cookie.getValue())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).as("the session ended at sign-out").isEqualTo(401);
  }

  @Test
  void aViewerIsNotOfferedWhatTheRoleMayNotDo() throws Exception {
    String token;
    try (var store = dev.tenableconnector.core.store.SqliteInventoryStore.open(fixture.db())) {
      token =
          new dev.tenableconnector.service.access.Users(store.sql(), java.time.Clock.systemUTC())
              .add("vera", dev.tenableconnector.service.access.Role.VIEWER);
    }
    open("/ui/");
    browser.type("#token", token);
    browser.click("#sign-in");
    browser.awaitText("h1", "Overview");
    assertThat(browser.text("#signed-in-as")).isEqualTo("vera (viewer)");
    assertThat(
            browser
                .driver
                .findElement(org.openqa.selenium.By.cssSelector("a[data-nav='connections']"))
                .isDisplayed())
        .isFalse();
    assertThat(browser.find("a[data-nav='findings']").isDisplayed()).isTrue();
    // Typed by hand, the page says why instead of failing with a 403.
    open("/ui/#/connections");
    browser.awaitText("#not-for-role", "inventory only");
    browser.click("a[data-nav='findings']");
    browser.awaitText("h1", "Findings");
  }

  @Test
  void theWizardCreatesAConnectorOnlyAfterAllFiveChecksPass() throws Exception {
    signIn();
    browser.screenshot("02-connections-empty");
    browser.click("#new-connector");
    browser.awaitText("h2", "Connector details");
    WebElement next = browser.find("#wizard-next");
    assertThat(next.isEnabled()).as("a name is required").isFalse();
    browser.type("#name", "Tenable production");
    String longText = "Host assets and findings of the production Tenable VM container. ".repeat(4);
    browser.find("#description").sendKeys(longText);
    assertThat(browser.find("#description").getAttribute("value")).hasSize(180);
    assertThat(browser.text("#description-counter")).isEqualTo("180 / 180");
    browser.find("#description").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    browser.find("#description").sendKeys("Production container, all sites");
    assertThat(browser.text("#description-counter")).isEqualTo("31 / 180");
    browser.screenshot("03-wizard-details");
    browser.click("#wizard-next");

    browser.awaitText("h2", "Authentication");
    assertThat(browser.find("#access-key").getAttribute("type")).isEqualTo("password");
    assertThat(browser.find("#secret-key").getAttribute("type")).isEqualTo("password");
    assertThat(browser.find("#wizard-next").isEnabled())
        .as("Next waits for Test Connection")
        .isFalse();
    browser.type("#tenable-url", emulator.baseUrl().toString());
    browser.type("#access-key", ACCESS);
    browser.type("#secret-key", SECRET);
    browser.click("#test-connection");
    browser.awaitText("#test-outcome", "All five checks passed");
    List<WebElement> checks = browser.all("#checks li");
    assertThat(checks)
        .extracting(e -> e.getAttribute("data-check"))
        .containsExactly(
            "Network reachability",
            "TLS handshake",
            "Authentication credential check",
            "Authorization scope check",
            "Data fetch");
    assertThat(checks).extracting(e -> e.getAttribute("data-status")).containsOnly("PASSED");
    assertThat(browser.find("#wizard-next").isEnabled()).isTrue();
    browser.screenshot("04-wizard-test-connection");
    // changing a key undoes the test
    browser.find("#secret-key").sendKeys("x");
    assertThat(browser.find("#wizard-next").isEnabled()).isFalse();
    browser.type("#secret-key", SECRET);
    browser.click("#test-connection");
    browser.awaitText("#test-outcome", "All five checks passed");
    browser.click("#wizard-next");

    browser.awaitText("h2", "Scope & Schedule");
    // Daily asks only for a time and a zone; Custom adds a date; Recurring adds the step
    assertThat(browser.find("#schedule-time").isDisplayed()).isTrue();
    assertThat(browser.driver.findElement(By.id("schedule-date")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("schedule-every")).isDisplayed()).isFalse();
    new org.openqa.selenium.support.ui.Select(browser.find("#occurs")).selectByValue("CUSTOM");
    assertThat(browser.find("#schedule-date").isDisplayed()).isTrue();
    assertThat(browser.driver.findElement(By.id("schedule-every")).isDisplayed()).isFalse();
    browser.click("#custom-recurring");
    assertThat(browser.find("#schedule-every").isDisplayed()).isTrue();
    browser.find("#schedule-every").clear();
    browser.find("#schedule-every").sendKeys("12");
    new org.openqa.selenium.support.ui.Select(browser.find("#schedule-unit"))
        .selectByValue("HOURS");
    browser.type("#schedule-date", "");
    browser.find("#schedule-date").sendKeys("12312026");
    browser.type("#schedule-timezone", "Asia/Calcutta");
    browser.click("#severity-high");
    browser.click("#severity-critical");
    // the export settings are built from GET /api/spec: every one sync takes, with its default
    browser.find("#export-settings summary").click();
    for (var setting : dev.tenableconnector.core.spec.ConnectorSpec.all()) {
      if (setting.group() == dev.tenableconnector.core.spec.SettingGroup.EXPORTS
          || setting.group() == dev.tenableconnector.core.spec.SettingGroup.RELIABILITY) {
        assertThat(browser.find("#setting-" + setting.key()).getAttribute("value"))
            .as(setting.key())
            .isEqualTo(setting.defaultValue());
      }
    }
    browser.type("#setting-assetsPerVulnChunk", "60");

    // Advanced Settings: an edited transform map with problems is shown and not saved
    browser.click("#advanced-open");
    browser.awaitText("#transformMap-active", "built-in");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#transformMap-view"))
                .getAttribute("textContent"))
        .as("the active map can be viewed")
        .contains("\"target\"");
    String badMap =
        "{\"name\": \"broken copy\", \"version\": 1, \"rows\": [{\"target\": \"noSuchField\"}]}";
    browser.driver.executeScript(
        "arguments[0].value = arguments[1]", browser.find("#transformMap-edit"), badMap);
    browser.click("#advanced-save");
    browser.awaitText("#transformMap-validation", "problem");
    browser.screenshot("05-wizard-advanced-settings");
    assertThat(browser.find("#advanced-panel").isDisplayed()).as("not saved").isTrue();
    browser.click("#advanced-cancel");
    assertThat(browser.text("#mapping-summary")).contains("Transform map: built-in");
    // a valid edited copy of the severity mapping, saved explicitly
    browser.click("#advanced-open");
    browser.click("#tab-severityMapping");
    String mapping = fixture.call("GET", "/api/defaults/severityMapping", null).body();
    browser.driver.executeScript(
        "arguments[0].value = arguments[1]", browser.find("#severityMapping-edit"), mapping);
    browser.click("#severityMapping-validate");
    browser.awaitText("#severityMapping-validation", "Valid");
    browser.click("#advanced-save");
    browser.awaitText("#mapping-summary", "Risk severity mapping: edited copy");
    browser.screenshot("06-wizard-scope-schedule");
    browser.click("#wizard-next");

    browser.awaitText("h2", "Review & Confirm");
    String review = browser.text("#review-details") + browser.text("#review-scope");
    assertThat(review)
        .contains(
            "Tenable production",
            "Production container, all sites",
            emulator.baseUrl().toString(),
            "Every 12 hours from 2026-12-31",
            "Asia/Calcutta",
            "severities HIGH, CRITICAL",
            "Risk severity mapping: edited copy",
            "Assets per vuln chunk 60");
    assertThat(browser.page()).doesNotContain(ACCESS).doesNotContain(SECRET);
    browser.find("#review-scope summary").click();
    assertThat(browser.find("#review-scope").getAttribute("open")).as("sections collapse").isNull();
    browser.find("#review-scope summary").click();
    browser.screenshot("07-wizard-review");
    browser.click("#preview-run");
    assertThat(browser.awaitText("#preview-summary", "assets in scope"))
        .containsPattern("[\\d,]+ findings on [\\d,]+ assets");
    assertThat(browser.text("#preview-how")).contains("sample");
    browser.screenshot("21-wizard-preview");
    browser.click("#wizard-previous");
    browser.awaitText("h2", "Scope & Schedule");
    browser.click("#wizard-next");
    assertThat(browser.find("#run-now").isSelected())
        .as("the wizard offers the first import at once")
        .isTrue();
    browser.click("#wizard-create");

    browser.awaitText("#flash", "created; its first import is running");
    browser.awaitText("h1", "Tenable production");
    browser.awaitText("h1 .badge", "Processed", Duration.ofSeconds(60));
    JsonNode created =
        fixture.call("GET", "/api/connectors", null).json().path("connectors").get(0);
    assertThat(created.path("name").asText()).isEqualTo("Tenable production");
    assertThat(created.path("schedule").path("type").asText()).isEqualTo("RECURRING");
    assertThat(created.path("schedule").path("every").asInt()).isEqualTo(12);
    assertThat(created.path("schedule").path("unit").asText()).isEqualTo("HOURS");
    assertThat(created.path("schedule").path("timezone").asText()).isEqualTo("Asia/Calcutta");
    assertThat(created.path("filters").path("severities").toString()).contains("HIGH", "CRITICAL");
    assertThat(created.path("assetsPerVulnChunk").asInt()).isEqualTo(60);
    assertThat(created.path("parallelChunks").asInt()).isEqualTo(2);
    assertThat(created.path("severityMapping").isObject()).isTrue();
    assertThat(created.path("transformMap").isNull()).isTrue();
    assertThat(created.path("account").path("verified").asBoolean()).isTrue();
    assertThat(browser.page()).doesNotContain(ACCESS).doesNotContain(SECRET);
  }

  @Test
  void aFailingTestConnectionShowsTheFailedCheckWithItsRemedyAndKeepsNextDisabled()
      throws Exception {
    signIn();
    browser.click("#new-connector");
    browser.type("#name", "wrong keys");
    browser.click("#wizard-next");
    browser.type("#tenable-url", emulator.baseUrl().toString());
    browser.type("#access-key", ACCESS);
    browser.type("#secret-key", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    browser.click("#test-connection");
    String outcome =
        browser.awaitText("#test-outcome", "failed at \"Authentication credential check\"");
    assertThat(outcome).contains("Remedy:");
    WebElement auth = browser.find("#checks li[data-check='Authentication credential check']");
    assertThat(auth.getAttribute("data-status")).isEqualTo("FAILED");
    assertThat(auth.findElement(By.cssSelector(".remedy")).getText()).isNotBlank();
    assertThat(browser.all("#checks li").stream().map(e -> e.getAttribute("data-status")).toList())
        .containsExactly("PASSED", "PASSED", "FAILED", "SKIPPED", "SKIPPED");
    assertThat(browser.find("#wizard-next").isEnabled()).isFalse();
    browser.screenshot("08-wizard-test-connection-failed");

    // a closed port fails the first check, with its own remedy
    browser.type("#tenable-url", "http://127.0.0.1:1");
    browser.click("#test-connection");
    browser.awaitText("#test-outcome", "failed at \"Network reachability\"");
    assertThat(browser.find("#checks li[data-check='Network reachability']").getText())
        .contains("refused");
    assertThat(browser.find("#wizard-next").isEnabled()).isFalse();
  }

  @Test
  void runNowShowsProgressThenTheSummaryWithRejectedRecordsAndExports() throws Exception {
    emulator.close();
    emulator =
        TenableEmulator.start(
            EmulatorConfig.builder()
                .keys(ACCESS, SECRET)
                .assets(250)
                .findingsPerAsset(4)
                .queuedFor(Duration.ofMillis(50))
                .chunkInterval(Duration.ofMillis(200))
                .build());
    String id =
        createByApi(
            "scheduled nightly",
            "{\"type\":\"DAILY\",\"time\":\"02:30\",\"timezone\":\"Europe/Berlin\"}");
    // a chunk that stalls for 4 s (then drops and is fetched again) keeps the run Processing long
    // enough to watch
    emulator
        .faults()
        .add(dev.tenableconnector.emulator.fault.FaultRule.parse("chunk:stall:bytes=200:for=4s"));
    emulator
        .faults()
        .add(
            dev.tenableconnector.emulator.fault.FaultRule.parse(
                "records:bad-value:every=40:times=0"));
    signIn();
    WebElement row = browser.find("tr[data-connector='scheduled nightly']");
    assertThat(row.getText())
        .contains("Registered", "not run yet", "daily at 02:30 (Europe/Berlin)");
    browser.click("#run-" + id.substring(0, 8));
    browser.awaitText("#flash", "queued");
    browser.awaitText("tr[data-connector='scheduled nightly']", "Processing");
    browser.click("tr[data-connector='scheduled nightly'] a[href*='/runs/']");
    browser.awaitText("#progress", "Chunks");
    browser.awaitText("#chunks", "of");
    browser.screenshot("09-run-processing");
    browser.awaitText("#run-status", "Completed", Duration.ofSeconds(90));
    assertThat(browser.all("#progress")).isEmpty();
    browser.screenshot("10-run-summary");

    JsonNode c = fixture.awaitIdle(id);
    JsonNode run = c.path("lastRun");
    long assets = fixture.service.connectors().store().count(Entity.ASSET);
    assertThat(browser.find("#run-counts tr[data-entity='assets'] td[data-count='seen']").getText())
        .isEqualTo(String.format("%,d", run.path("counts").path("assets").path("seen").asLong()));
    assertThat(
            browser
                .find("#run-counts tr[data-entity='assets'] td[data-count='inserted']")
                .getText())
        .isEqualTo(String.format("%,d", assets));
    long rejected =
        run.path("counts").path("assets").path("rejected").asLong()
            + run.path("counts").path("findings").path("rejected").asLong();
    assertThat(rejected).as("the emulator's bad values").isPositive();
    List<WebElement> rejectedRows = browser.all("#run-rejected tbody tr");
    assertThat(rejectedRows).hasSize((int) Math.min(rejected, 200));
    assertThat(rejectedRows.get(0).getText()).isNotBlank();
    assertThat(browser.all("#run-exports tbody tr")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.text("#run-exports")).contains("COMPLETED");

    browser.click("a[href='#/connections']");
    browser.awaitText("tr[data-connector='scheduled nightly']", "Processed");
    assertThat(browser.text("tr[data-connector='scheduled nightly']"))
        .contains(
            "Completed",
            String.format("%,d assets", run.path("counts").path("assets").path("seen").asLong()));
    browser.screenshot("11-connections");
  }

  @Test
  void aRunWaitingOnTenableShowsItsRetriesAndCancelStopsIt() throws Exception {
    fixture.retryPolicy = ServiceFixture.patientRetries(); // retrying until cancelled
    fixture.restart();
    String id = createByApi("flaky", "{\"type\":\"MANUAL\"}");
    emulator
        .faults()
        .add(
            dev.tenableconnector.emulator.fault.FaultRule.parse("status:503:times=0:export=vulns"));
    signIn();
    assertThat(browser.all("#cancel-" + id.substring(0, 8))).as("nothing to cancel yet").isEmpty();
    browser.click("#run-" + id.substring(0, 8));
    String retrying = browser.awaitText("#retrying-" + id.substring(0, 8), "Retrying");
    assertThat(retrying).contains("/status -> HTTP 503");
    browser.screenshot("13-connections-retrying");
    browser.click("#cancel-" + id.substring(0, 8));
    browser.waitFor(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    assertThat(browser.driver.switchTo().alert().getText()).contains("Cancel the run of \"flaky\"");
    browser.driver.switchTo().alert().accept();
    browser.awaitText("#flash", "cancelled");
    browser.awaitText("tr[data-connector='flaky']", "Errored");
    assertThat(browser.text(".errored-detail")).contains("cancelled from the web UI");
    assertThat(
            emulator.requests().stream()
                .anyMatch(r -> r.method().equals("POST") && r.path().endsWith("/cancel")))
        .as("the Tenable export is cancelled")
        .isTrue();
  }

  @Test
  void anErroredConnectorShowsTheCauseAndTheRemedyAndKeyRotationFixesIt() throws Exception {
    String id = createByApi("revoked", "{\"type\":\"MANUAL\"}");
    emulator.regenerateKeys(
        "e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4",
        "4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e");
    signIn();
    browser.click("#run-" + id.substring(0, 8));
    String errored = browser.awaitText("#connections-table", "Errored", Duration.ofSeconds(60));
    String detail = browser.text(".errored-detail");
    assertThat(detail).contains("regenerated").contains("Remedy:");
    assertThat(errored).contains("Failed");
    browser.screenshot("12-connections-errored");

    // the connector's page tests the stored keys on demand
    browser.click("tr[data-connector='revoked'] a.connector-name");
    browser.awaitText("h1", "revoked");
    browser.click("#test-saved");
    assertThat(browser.awaitText("#saved-test", "Failed at \"Authentication credential check\""))
        .contains("Remedy:");

    browser.click("#edit-" + id.substring(0, 8));
    browser.awaitText("h1", "Edit revoked");
    assertThat(browser.find("#access-key").getAttribute("value"))
        .as("keys are never put back in the page")
        .isEmpty();
    browser.type("#access-key", "only-one-key");
    browser.click("#edit-save");
    assertThat(browser.awaitText("#edit-errors", "as a pair")).contains("Not saved");
    browser.type("#secret-key", "a-wrong-secret-key");
    browser.click("#edit-save");
    browser.awaitText("#edit-errors", "Test Connection failed");
    assertThat(
            browser
                .find("#edit-errors #checks li[data-check='Authentication credential check']")
                .getAttribute("data-status"))
        .isEqualTo("FAILED");
    browser.type("#access-key", "e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4");
    browser.type("#secret-key", "4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e");
    assertThat(browser.find("#retain-delta").isSelected()).isTrue();
    browser.click("#retain-delta");
    browser.screenshot("13-edit-connector");
    browser.click("#edit-save");
    browser.awaitText("#flash", "with the new keys; the next run is a full import");
    JsonNode c = fixture.call("GET", "/api/connectors/" + id, null).json();
    assertThat(c.path("retainDelta").asBoolean()).isFalse();
    assertThat(c.path("keysUpdatedAt").asText()).isNotEmpty();
    assertThat(browser.page())
        .doesNotContain("4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e");

    browser.click("#run-" + id.substring(0, 8));
    browser.awaitText("h1 .badge", "Processed", Duration.ofSeconds(60));
    assertThat(browser.text("#runs-table")).contains("Completed").contains("Failed");
  }

  @Test
  void theInventoryIsBrowsedWithQueriesSortingPagingAndRecordPages() throws Exception {
    String id = createByApi("inventory", "{\"type\":\"MANUAL\"}");
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);
    long assets = fixture.service.connectors().store().count(Entity.ASSET);
    long findings = fixture.service.connectors().store().count(Entity.FINDING);
    signIn();

    browser.click("a[data-nav='assets']");
    browser.awaitPage("#/assets");
    assertThat(browser.all("#assets-table tbody tr")).hasSize(50);
    assertThat(browser.text("#page-range")).isEqualTo("1–50 of " + String.format("%,d", assets));
    browser.screenshot("14-assets");
    browser.click("#page-next");
    browser.awaitPage("offset=50");
    assertThat(browser.text("#page-range")).startsWith("51–100");
    browser.click("#sort-assetName");
    browser.awaitPage("sort=assetName&order=asc");
    assertThat(browser.text("#page-range")).startsWith("1–50");
    List<String> names =
        browser.all("#assets-table tbody tr td:first-child").stream()
            .map(WebElement::getText)
            .toList();
    assertThat(names).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    browser.click("#sort-assetName");
    browser.awaitPage("order=desc");
    List<String> descending =
        browser.all("#assets-table tbody tr td:first-child").stream()
            .map(WebElement::getText)
            .toList();
    assertThat(descending).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER.reversed());

    // a query that cannot be read is shown with what was expected
    browser.type("#query", "asset.nmae:web*");
    browser.find("#query").sendKeys(Keys.ENTER);
    assertThat(browser.awaitText("#query-error", "did you mean"))
        .contains("unknown field 'asset.nmae'")
        .contains("^");

    browser.click("a[data-nav='findings']");
    browser.awaitPage("#/findings");
    assertThat(browser.text("#page-range")).endsWith("of " + String.format("%,d", findings));
    JsonNode counts = fixture.call("GET", "/api/findings/counts", null).json();
    JsonNode top = counts.path("counts").get(0);
    WebElement chip = browser.find("#counts a[data-value='" + top.path("value").asText() + "']");
    assertThat(chip.getText()).endsWith(String.format("%,d", top.path("count").asLong()));
    // each finding names its asset
    WebElement assetLink = browser.find("#findings-table tbody tr:first-child .asset-link");
    String linkedId = assetLink.getAttribute("href").replaceAll(".*#/assets/", "");
    assertThat(assetLink.getText())
        .isEqualTo(
            fixture
                .call("GET", "/api/assets/" + linkedId, null)
                .json()
                .path("asset")
                .path("assetName")
                .asText());
    browser.screenshot("15-findings");
    browser.type("#query", "inventory:(source:\"Tenable\") finding.severity:>=4");
    browser.find("#query").sendKeys(Keys.ENTER);
    browser.awaitPage("q=");
    long high =
        fixture
            .call(
                "GET",
                "/api/findings?limit=1&q="
                    + java.net.URLEncoder.encode(
                        "inventory:(source:\"Tenable\") finding.severity:>=4",
                        java.nio.charset.StandardCharsets.UTF_8),
                null)
            .json()
            .path("total")
            .asLong();
    assertThat(high).isPositive().isLessThan(findings);
    browser.awaitText("#page-range", "of " + String.format("%,d", high));
    assertThat(browser.all("#findings-table tbody tr td:first-child .sev"))
        .allMatch(e -> e.getText().startsWith("High") || e.getText().startsWith("Critical"));
    // the download links carry the query; the session cookie alone fetches them (a GET changes
    // nothing)
    String href = browser.find("#download-ocsf").getAttribute("href");
    assertThat(href).contains("/api/findings/export?format=ocsf&q=");
    HttpResponse<java.util.stream.Stream<String>> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(href))
                    .header(
                        "Cookie",
                        WebUi.SESSION_COOKIE
                            + "="
                            + browser
                                .driver
                                .manage()
                                .getCookieNamed(WebUi.SESSION_COOKIE)
                                .getValue())
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("findings-")
        .contains(".ocsf.jsonl");
    assertThat(download.body().count()).isEqualTo(high);

    // a finding's page: every mapped field and the raw Tenable record
    browser.click("#findings-table tbody tr:first-child td a[href^='#/findings/']");
    browser.awaitPage("#/findings/");
    assertThat(browser.find("#mapped-fields dd[data-field='pluginId']").getText()).isNotBlank();
    browser.click("#raw-record summary");
    assertThat(browser.text("#raw-record pre")).contains("\"plugin\"");
    browser.screenshot("16-finding");

    // its asset, with that asset's findings
    browser.click("#finding-asset");
    browser.awaitPage("#/assets/");
    String assetId = browser.hash().replace("#/assets/", "");
    long ofAsset =
        fixture
            .call("GET", "/api/findings?limit=1&externalAssetId=" + assetId, null)
            .json()
            .path("total")
            .asLong();
    assertThat(browser.text("#asset-findings-title")).contains("(" + ofAsset + ")");
    assertThat(browser.all("#findings-table tbody tr")).hasSize((int) ofAsset);
    assertThat(browser.find("#mapped-fields dd[data-field='externalAssetId']").getText())
        .isEqualTo(assetId);
    browser.screenshot("17-asset");
  }

  @Test
  void theOverviewOpensFirstAndAFindingShowsWhatToDoWhyAndItsHistory() throws Exception {
    String id = createByApi("overview", "{\"type\":\"MANUAL\"}");
    fixture.call("POST", "/api/connectors/" + id + "/runs", null);
    fixture.awaitIdle(id);
    JsonNode report = fixture.call("GET", "/api/reports/remediation", null).json();
    long breached = 0;
    long open = 0;
    for (String s : List.of("critical", "high", "medium", "low", "info")) {
      breached += report.path("breached").path(s).asLong();
      open += report.path("open").path(s).asLong();
    }
    open("/ui/");
    browser.type("#token", ServiceFixture.TOKEN);
    browser.click("#sign-in");
    browser.awaitText("h1", "Overview");
    browser.waitFor(d -> browser.all("section.chart[data-chart='drawn']").size() == 4);
    assertThat(browser.text("#card-open")).startsWith(String.format("%,d", open));
    assertThat(browser.text("#card-breached")).startsWith(String.format("%,d", breached));
    assertThat(browser.all("#riskiest-assets tbody tr")).isNotEmpty();
    browser.screenshot("18-overview");

    // a card opens the findings it counts, with their SLA and priority columns
    browser.click("#card-breached");
    browser.awaitPage("q=");
    browser.awaitText("#page-range", "of " + String.format("%,d", breached));
    assertThat(browser.all("#findings-table tbody td .badge.sla-BREACHED"))
        .hasSize((int) Math.min(50, breached));
    assertThat(browser.all("#findings-table tbody td [data-priority]")).isNotEmpty();
    assertThat(
            browser
                .find("#quick-filters a[data-filter='finding.slaStatus:BREACHED']")
                .getAttribute("class"))
        .contains("active");
    browser.screenshot("19-findings-past-sla");

    // a finding: what to do and why, its history, its fields grouped under human labels
    browser.click("#findings-table tbody tr:first-child td a[href^='#/findings/']");
    browser.awaitPage("#/findings/");
    String findingId = browser.hash().replace("#/findings/", "");
    JsonNode finding =
        fixture.call("GET", "/api/findings/" + findingId, null).json().path("finding");
    assertThat(browser.text("#priority-reason"))
        .isEqualTo(finding.path("priorityReason").asText())
        .contains("SSVC CISA Coordinator 2.0.3 row");
    assertThat(browser.text("#sla-status")).isEqualTo("Past SLA");
    assertThat(browser.all("#finding-history tbody tr")).isNotEmpty();
    assertThat(browser.text("#finding-history")).contains("first seen");
    assertThat(browser.text("#finding-asset")).isEqualTo(finding.path("assetName").asText());
    assertThat(browser.text("#mapped-fields"))
        .contains("Status and dates", "First found", "Solution");
    assertThat(browser.page()).doesNotContain("findingFirstFoundOn</dt>");
    browser.screenshot("20-finding-decision");

    // its asset lists its findings without a column repeating the asset
    browser.click("#finding-asset");
    browser.awaitPage("#/assets/");
    assertThat(browser.all("#findings-table thead th"))
        .extracting(WebElement::getText)
        .doesNotContain("ASSET", "Asset")
        .contains("PRIORITY");
  }

  @Test
  void connectorsAreDisabledEnabledAndDeletedFromTheListAndASecondOneOnTheSameAccountIsRefused()
      throws Exception {
    String id =
        createByApi(
            "only one per account", "{\"type\":\"DAILY\",\"time\":\"03:00\",\"timezone\":\"UTC\"}");
    signIn();
    String row = "tr[data-connector='only one per account']";
    browser.click("#toggle-" + id.substring(0, 8));
    browser.awaitText("#flash", "disabled");
    browser.awaitText(row, "Disabled");
    assertThat(browser.find("#run-" + id.substring(0, 8)).isEnabled())
        .as("a disabled connector is not run")
        .isFalse();
    assertThat(
            fixture.call("GET", "/api/connectors/" + id, null).json().path("enabled").asBoolean())
        .isFalse();
    browser.click("#toggle-" + id.substring(0, 8));
    browser.awaitText("#flash", "enabled");
    browser.waitFor(d -> browser.find("#run-" + id.substring(0, 8)).isEnabled());
    assertThat(
            fixture.call("GET", "/api/connectors/" + id, null).json().path("enabled").asBoolean())
        .isTrue();

    // the wizard refuses a second connector on the same Tenable account, saying which one has it
    browser.click("#new-connector");
    browser.type("#name", "second on the same account");
    browser.click("#wizard-next");
    browser.type("#tenable-url", emulator.baseUrl().toString());
    browser.type("#access-key", ACCESS);
    browser.type("#secret-key", SECRET);
    browser.click("#test-connection");
    browser.awaitText("#test-outcome", "All five checks passed");
    browser.click("#wizard-next");
    browser.awaitText("h2", "Scope & Schedule");
    browser.click("#wizard-next");
    browser.click("#wizard-create");
    assertThat(browser.awaitText("#wizard-errors", "already syncs this Tenable account"))
        .contains("only one per account");
    assertThat(fixture.service.connectors().list()).hasSize(1);

    browser.click("a[data-nav='connections']");
    browser.click("#delete-" + id.substring(0, 8));
    browser.waitFor(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    assertThat(browser.driver.switchTo().alert().getText())
        .contains("Delete the connector \"only one per account\"");
    browser.driver.switchTo().alert().dismiss();
    assertThat(fixture.service.connectors().list()).as("dismissed: kept").hasSize(1);
    browser.click("#delete-" + id.substring(0, 8));
    browser.waitFor(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    browser.driver.switchTo().alert().accept();
    browser.awaitText("#flash", "deleted");
    browser.awaitText("#connections", "No connectors yet");
    assertThat(fixture.service.connectors().list()).isEmpty();
  }

  @Test
  void everyControlHasALabelAndTheWizardWorksFromTheKeyboard() throws Exception {
    signIn();
    browser.click("#new-connector");
    browser.awaitText("h2", "Connector details");
    // Tab from the step heading reaches the name field; typing and Enter-free navigation by
    // keyboard only
    WebElement name = browser.find("#name");
    name.sendKeys("keyboard only");
    name.sendKeys(Keys.TAB);
    browser.driver.switchTo().activeElement().sendKeys("typed from the keyboard");
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    WebElement focused = browser.driver.switchTo().activeElement();
    // the next focusable controls are the wizard's Cancel and Next
    while (!"wizard-next".equals(focused.getAttribute("id"))) {
      focused.sendKeys(Keys.TAB);
      focused = browser.driver.switchTo().activeElement();
    }
    focused.sendKeys(Keys.ENTER);
    browser.awaitText("h2", "Authentication");

    for (String page : List.of("#/connectors/new", "#/assets", "#/findings", "#/connections")) {
      browser.driver.executeScript("location.hash = arguments[0]", page);
      Thread.sleep(300);
      @SuppressWarnings("unchecked")
      List<String> unlabeled =
          (List<String>)
              browser.driver.executeScript(
                  "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                      + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                      + ".map(e => e.id || e.name || e.outerHTML)");
      assertThat(unlabeled).as(page).isEmpty();
    }
  }

  static {
    // screenshots are written relative to the module; make sure the folder exists for the README's
    // copy step
    try {
      Files.createDirectories(Browser.SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
