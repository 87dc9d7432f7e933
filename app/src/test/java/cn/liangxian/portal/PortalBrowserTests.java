package cn.liangxian.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/** Each role signs in through the real page, lands in her portal and sees only her own navigation. */
@AppTest
class PortalBrowserTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    @BeforeAll
    static void start() {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    static final Map<String, String> PORTAL_NAV = Map.of("/ui/agency", "nav-agency", "/ui/employer", "nav-employer",
            "/ui/me", "nav-me", "/ui/hospital", "nav-hospital");

    LiangxianUser userFor(Role role) {
        return switch (role.binding()) {
            case REGIONS -> users.staff(role, "320400");
            case EMPLOYER -> users.employer("9132041113572468XM");
            case PERSON -> users.insured(users.person("320400"));
            case INSTITUTION -> users.hospital("H32040000001");
        };
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void signsInSeesHerPortalAndBannerAndNoOtherPortal(Role role) {
        LiangxianUser u = userFor(role);
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.manage().deleteAllCookies();
        Browser.signIn(d, base, u);

        assertThat(d.getCurrentUrl()).endsWith(role.portal());
        assertThat(d.findElement(By.id("whoami-role")).getText()).isEqualTo(role.zh());
        assertThat(d.findElement(By.id("whoami-name")).getText()).isEqualTo("测***");
        assertThat(d.findElement(By.id("whoami-scope")).getText()).isNotBlank();
        for (Map.Entry<String, String> nav : PORTAL_NAV.entrySet()) {
            boolean mine = nav.getKey().equals(role.portal());
            assertThat(d.findElements(By.id(nav.getValue()))).as(role + " sees " + nav.getValue()).hasSize(mine ? 1 : 0);
        }
        assertThat(d.findElements(By.id("nav-login"))).isEmpty();
        for (String other : List.of("/ui/agency", "/ui/employer", "/ui/me", "/ui/hospital")) {
            if (!other.equals(role.portal())) {
                d.get(base + other);
                assertThat(d.findElements(By.id("portal-" + other.substring(4)))).as(role + " opens " + other).isEmpty();
            }
        }
        d.get(base + role.portal());
        if (role == Role.AGENCY_CLERK) {
            browser.screenshot("portal-" + role.name().toLowerCase());
        }
        if (role == Role.INSURED) {
            browser.screenshotAt("portal-insured-mobile", 390);
            assertThat(((Number) d.executeScript("return document.documentElement.scrollWidth")).intValue())
                    .as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
        }
        d.findElement(By.id("logout")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("loggedOut"));
        assertThat(d.findElements(By.id("whoami"))).isEmpty();
        assertThat(d.findElements(By.id("nav-login"))).hasSize(1);
    }
}
