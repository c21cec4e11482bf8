package dev.etcdregistry.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real headless Chromium driven through Debian's chromedriver, both found on disk (never
 * downloaded: no Selenium Manager). Missing binaries fail the test with how to install them.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

	private final ChromeDriver driver;

	private final Path profile;

	private final String base;

	private Browser(ChromeDriver driver, Path profile, String base) {
		this.driver = driver;
		this.profile = profile;
		this.base = base;
	}

	static Browser open(String base) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("The console's browser tests need Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
					+ "; install them with: apt-get install -y chromium chromium-driver "
					+ "(or point -Dconsole.chromium=... -Dconsole.chromedriver=... at your own)");
		}
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		try {
			Path profile = Files.createTempDirectory("console-chromium");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,860");
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().window().setSize(new Dimension(1280, 860));
			return new Browser(driver, profile, base);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	Browser go(String path) {
		this.driver.get(this.base + path);
		return this;
	}

	String path() {
		return this.driver.getCurrentUrl().substring(this.base.length());
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	String text(String css) {
		return find(css).getText();
	}

	void signIn(String user, String password) {
		go("/login");
		find("#username").sendKeys(user);
		find("#password").sendKeys(password);
		find("#sign-in").click();
	}

	void signOut() {
		find("#sign-out").click();
	}

	/** Waits (generously) until {@code css} matches an element. */
	WebElement await(String css) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20))
			.until((d) -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
	}

	/** Clicks {@code css} once it is there, again if a pushed update replaced it meanwhile. */
	void click(String css) {
		new WebDriverWait(this.driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
			.until((d) -> {
				d.findElement(By.cssSelector(css)).click();
				return true;
			});
	}

	/** The text of {@code css}, read again if a pushed update replaced the element meanwhile. */
	String textOf(String css) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
			.until((d) -> d.findElement(By.cssSelector(css)).getText());
	}

	Object script(String script) {
		return this.driver.executeScript(script);
	}

	/**
	 * Saves a PNG of the page under target/console-screenshots/, or under docs/console/ (which
	 * docs/console.md shows) with {@code -Dconsole.screenshots=docs}, so that an ordinary test
	 * run leaves the tracked files alone.
	 */
	void screenshot(String name) {
		boolean docs = "docs".equals(System.getProperty("console.screenshots")) && Files.exists(Path.of("..", "docs"));
		Path root = docs ? Path.of("..", "docs", "console") : Path.of("target", "console-screenshots");
		try {
			Files.createDirectories(root);
			Path shot = this.driver.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(shot, root.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
			catch (IOException ex) {
				// a temp directory left behind is harmless
			}
		}
	}

}
