package cn.liangxian.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, driven by Selenium; screenshots go to target/screenshots. */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;

    public Browser() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1280,900", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a full-height screenshot as target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) {
        return screenshotAt(name, 1280);
    }

    /** The same at a given window width (390 for a phone); the window stays at that width afterwards. */
    public Path screenshotAt(String name, int width) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        // the window height includes the browser's own frame: add it, so the whole page fits the viewport
        Object height = driver.executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width,
                Math.min(6000, Math.max(900, ((Number) height).intValue()))));
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        }
    }

    /** Waits up to 10 s for {@code c}. */
    public <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(10)).until(c);
    }

    /** Replaces the text of the field {@code id}. */
    public void type(String id, String text) {
        org.openqa.selenium.WebElement e = driver.findElement(org.openqa.selenium.By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Date inputs take their value directly (typing into them depends on the browser's locale). */
    public void date(String id, String isoDate) {
        driver.executeScript("arguments[0].value = arguments[1];", driver.findElement(org.openqa.selenium.By.id(id)),
                isoDate);
    }

    /** Clicks the button {@code buttonId} and waits for the page it leaves to be gone. */
    public void submit(String buttonId) {
        org.openqa.selenium.WebElement b = driver.findElement(org.openqa.selenium.By.id(buttonId));
        b.click();
        // the old page is gone once its button is; Chromium sometimes says so with a generic inspector error
        // ("Node … does not belong to the document") rather than a stale-element one
        waitFor(d -> {
            try {
                b.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
    }

    /** The visible text of the element {@code id}. */
    public String text(String id) {
        return driver.findElement(org.openqa.selenium.By.id(id)).getText();
    }

    /** Signs in on the login page (in Chinese) as {@code u} with the test password and waits for her first page. */
    public static void signIn(ChromeDriver d, String base, cn.liangxian.security.LiangxianUser u) {
        d.get(base + "/login?lang=zh_CN");
        d.findElement(org.openqa.selenium.By.id("username")).sendKeys(u.getUsername());
        d.findElement(org.openqa.selenium.By.id("password")).sendKeys(TestUsers.PASSWORD);
        d.findElement(org.openqa.selenium.By.id("login-submit")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(d, Duration.ofSeconds(15))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/ui/"));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
