package io.optgate.local.console;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One headless Debian chromium, driven through Debian's chromedriver (never a downloaded one), with
 * bounded waits and screenshots under {@code target/console-screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final WebDriverWait wait;

    private ConsoleBrowser(final ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
    }

    /**
     * Starts the browser at {@code width} x 900 pixels.
     *
     * @throws AssertionError naming the Debian packages when chromium or chromedriver is missing
     */
    static ConsoleBrowser start(final int width) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The console's browser tests need Debian's packages chromium and chromium-driver ("
                    + CHROMIUM + " and " + CHROMEDRIVER + "): sudo apt-get install chromium chromium-driver");
        }
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + ",900", "--lang=en-GB");
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options));
    }

    /** A new wait each time: a message or polling interval set on one must not leak into the next. */
    private WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
    }

    void open(final String url) {
        driver.get(url);
    }

    WebElement byId(final String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    WebElement visible(final String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void type(final String id, final String text) {
        final WebElement field = visible(id);
        field.clear();
        field.sendKeys(text);
    }

    void click(final String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Waits until the element's visible text contains {@code text}; returns the whole text. */
    String untilText(final String id, final String text) {
        waiting().withMessage(() -> "#" + id + " never showed '" + text + "'; it shows '" + textOf(id) + "'")
                .until(d -> textOf(id).contains(text));
        return textOf(id);
    }

    /** Waits until the form field's value is {@code value}; returns it. */
    String untilValue(final String id, final String value) {
        waiting().withMessage(() -> "#" + id + " never held '" + value + "'; it holds '" + byId(id).getAttribute("value") + "'")
                .until(d -> value.equals(byId(id).getAttribute("value")));
        return byId(id).getAttribute("value");
    }

    /** Repeats {@code action} (a reload, a lookup) until {@code id} shows {@code text}, within the wait. */
    String untilTextAfter(final Runnable action, final String id, final String text) {
        waiting().withMessage(() -> "#" + id + " never showed '" + text + "'; it shows '" + textOf(id) + "'")
                .pollingEvery(Duration.ofMillis(500))
                .until(d -> {
                    action.run();
                    return textOf(id).contains(text);
                });
        return textOf(id);
    }

    /** The first element matching the CSS {@code selector}, waiting until it is there. */
    WebElement css(final String selector) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector)));
    }

    boolean shown(final String id) {
        return driver.findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed);
    }

    String textOf(final String id) {
        return driver.findElements(By.id(id)).stream().findFirst().map(WebElement::getText).orElse("");
    }

    /** Saves a PNG of the page as {@code target/console-screenshots/<name>.png}. */
    Path screenshot(final String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            final Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
