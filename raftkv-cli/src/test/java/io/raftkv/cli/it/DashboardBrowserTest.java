package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless chromium, driven by Selenium, opens {@code /ui} of a
 * three-node {@code raftkv local} cluster, sees three members and one leader, kills the leader with its
 * button and sees a new leader of a newer term in the timeline; at 1280x800 and at phone width (390 px).
 * Screenshots go to {@code target/dashboard-*.png}.
 *
 * <p>Skipped (with a message) only when chromium or chromedriver is missing outside CI; {@code .ci/run}
 * installs both, so in CI it always runs.
 */
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private LocalLauncher local;
  private ChromeDriver browser;

  @BeforeEach
  void requireChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") == null) {
      Assumptions.abort("skipped: " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing; install them with 'apt-get install -y chromium chromium-driver' (.ci/run does in CI)");
    }
    assertThat(present).as("CI must have " + CHROMIUM + " and " + CHROMEDRIVER + " (.ci/run installs them)").isTrue();
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  @Test
  void killingTheLeaderFromThePageShowsANewLeaderAndTermAtDesktopAndPhoneWidth() throws Exception {
    local = LocalLauncher.start(dir, 3, List.of());
    browser = startBrowser();
    viewport(1280, 800, false);
    browser.get(local.dashboardUrl());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.withMessage("three reachable members, exactly one leader").until(d -> reachable() == 3 && leaders().size() == 1);
    String oldLeader = leaders().get(0).getAttribute("data-id");
    long oldTerm = Long.parseLong(leaders().get(0).getAttribute("data-term"));
    assertThat(browser.findElements(By.cssSelector(".member")).size()).isEqualTo(3);

    putThroughTheKeyBrowser(wait);

    click(wait, By.cssSelector("button[data-action=kill][data-node=" + oldLeader + "]"));
    wait.withMessage(oldLeader + " shown unreachable").until(d ->
        "false".equals(d.findElement(By.cssSelector(".member[data-id=" + oldLeader + "]")).getAttribute("data-reachable")));
    wait.withMessage("a new leader of a newer term in the timeline").until(d -> d.findElements(
        By.cssSelector("#timeline li[data-kind=leader]")).stream().anyMatch(li ->
            !oldLeader.equals(li.getAttribute("data-node")) && Long.parseLong(li.getAttribute("data-term")) > oldTerm));
    wait.withMessage("one leader among the two left").until(d -> leaders().size() == 1
        && !leaders().get(0).getAttribute("data-id").equals(oldLeader));
    assertThat(horizontalOverflow()).as("no horizontal overflow at 1280x800").isLessThanOrEqualTo(0);
    screenshot("dashboard-1280.png");

    viewport(390, 844, true);
    wait.withMessage("layout settles at phone width").until(d -> horizontalOverflow() <= 0);
    for (WebElement card : browser.findElements(By.cssSelector(".member"))) {
      assertThat(card.isDisplayed()).isTrue();
      assertThat(card.getRect().getX() + card.getRect().getWidth()).as("card inside the viewport").isLessThanOrEqualTo(390);
    }
    assertThat(browser.findElement(By.id("timeline")).isDisplayed()).isTrue();
    screenshot("dashboard-phone.png");

    click(wait, By.cssSelector("button[data-action=restart][data-node=" + oldLeader + "]"));
    wait.withMessage(oldLeader + " back after restart").until(d -> reachable() == 3 && leaders().size() == 1);
  }

  private void putThroughTheKeyBrowser(WebDriverWait wait) {
    browser.findElement(By.id("kv-key")).sendKeys("dashboard/greeting");
    browser.findElement(By.id("kv-value")).sendKeys("hello");
    browser.findElement(By.id("kv-put")).click();
    wait.withMessage("the put and the listing").until(d -> d.findElements(By.cssSelector("#kv-list td.k"))
        .stream().anyMatch(td -> td.getText().equals("dashboard/greeting")));
  }

  private ChromeDriver startBrowser() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
    return new ChromeDriver(service, options);
  }

  /** The exact CSS viewport (the window's own size includes browser chrome even when headless). */
  private void viewport(int width, int height, boolean mobile) {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  private long reachable() {
    return browser.findElements(By.cssSelector(".member[data-reachable=true]")).size();
  }

  private List<WebElement> leaders() {
    return browser.findElements(By.cssSelector(".member[data-reachable=true][data-role=leader]"));
  }

  private long horizontalOverflow() {
    Object px = ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    return ((Number) px).longValue();
  }

  /** Clicks once the button is enabled (the controls are redrawn when the process state changes). */
  private void click(WebDriverWait wait, By button) {
    wait.withMessage("clicking " + button).ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement b = d.findElement(button);
      if (!b.isEnabled()) {
        return false;
      }
      b.click();
      return true;
    });
  }

  private void screenshot(String name) throws IOException {
    Path target = Path.of("target").resolve(name);
    Files.createDirectories(target.getParent());
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);"); // clicks may have scrolled the page
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
