package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.contracts.contact.ContactSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's screens walked in Debian's Chromium (headless, driven by Selenium through Debian's chromedriver)
 * against the running system: connect through the XPM sandbox's sign-in page, edit the settings, Sync Now to the end,
 * remove a match, resolve partial matches each way and in bulk, watch live activity, and resolve conflicts one at a
 * time and in bulk (a read-only colleague is refused in words). Each step checks what the page shows and what the
 * sandboxes hold; a screenshot of every screen goes to {@code target/screenshots}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's chromium and chromium-driver), which
 * the build installs where it can ({@code src/build/install-browser.sh}). On CI ({@code CI=true}) or with
 * {@code XPMSYNC_REQUIRE_BROWSER} set they must be there; elsewhere the test is skipped, saying why, when they are not.
 */
@ExtendWith(RunningSystem.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void openBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("XPMSYNC_REQUIRE_BROWSER") != null || "true".equals(System.getenv("CI"))) {
            assertThat(installed).as("Debian's chromium and chromium-driver are installed (the build installs them "
                    + "as root; see its [browser] lines)").isTrue();
        }
        Assumptions.assumeTrue(installed, "browser tests need Debian's chromium and chromium-driver: "
                + "apt-get install chromium chromium-driver");
        profile = Files.createTempDirectory("xpmsync-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1366,900", "--lang=en-NZ", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            io.xpmsync.infra.Directories.deleteRecursively(profile);
        }
    }

    @Test
    void aFirmUserWalksEveryScreen() throws IOException {
        Firm firm = Firm.create("Browser");
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Exact Co", "Client", "info@exact.example"));
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Name Only Ltd", "Client",
                "a@nameonly.example"));
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Name Two Ltd", "Client",
                "b@nametwo.example"));
        String emailOnlyKey = firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization(
                "Email Only Old Name", "Client", "shared@emailonly.example")).organizationKey();
        firm.addXpmClient("<Name>Exact Co</Name><Email>info@exact.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Name Only Ltd</Name><Email>x@other.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Name Two Ltd</Name><Email>y@other.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Email Only New Name</Name><Email>shared@emailonly.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Brand New Ltd</Name><Email>hello@brandnew.example</Email>" + COMPANY);

        // The firm's administrator signs in at the identity provider's own page, and comes back to the address asked.
        People.adminOf(firm.id);
        browser.get(RunningSystem.url("console") + "/?firm=" + firm.id + "#/connected-apps");
        waitFor(By.id("username")).sendKeys("admin-" + firm.id);
        browser.findElement(By.id("password")).sendKeys(People.PASSWORD);
        screenshot("0-sign-in");
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("user")).startsWith("admin-" + firm.id));
        // only the firms of the signed-in person can be chosen
        assertThat(new Select(waitFor(By.id("firm-id"))).getOptions()).extracting(WebElement::getText)
                .containsExactly(firm.id);

        // Connected Apps: the region rule in words, then Connect through the XPM sign-in page.
        WebElement country = waitFor(By.id("country"));
        assertThat(text(By.id("connection-state"))).isEqualTo("Not connected.");
        new Select(country).selectByValue("DE");
        browser.findElement(By.id("connect")).click();
        assertThat(waitForVisible(By.id("connect-error")).getText()).contains("Australia", "New Zealand",
                "South Africa", "Canada");
        screenshot("1-connected-apps-region-rule");
        new Select(browser.findElement(By.id("country"))).selectByValue("NZ");
        browser.findElement(By.id("connect")).click();
        waitFor(By.name("email")).sendKeys(firm.ownerEmail);
        browser.findElement(By.name("password")).sendKeys("pw");
        screenshot("2-xpm-sign-in");
        browser.findElement(By.cssSelector("button[value='allow']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("connection-state")).startsWith("Connected to"));
        assertThat(text(By.id("connection-state"))).contains("Browser Practice");
        assertThat(text(By.id("status"))).isEqualTo("Connected to Xero Practice Manager.");
        assertThat(at("connector-service").get("/firms/" + firm.id + "/xpm-connection").jsonPath()
                .getString("tenantId")).isEqualTo(firm.tenant);
        screenshot("3-connected-apps-connected");
        // the Karbon index read again for the connection (a read done before Connect is not the one to wait for)
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath karbon = at("matching-service").get("/firms/" + firm.id + "/karbon-connection").jsonPath();
            return karbon.getBoolean("xpmConnected") && "DONE".equals(karbon.getString("bootstrapState"));
        });

        // The firm's Karbon on the same screen: how it stands in words, and a test of its credentials.
        open("sync");
        open("connected-apps");
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("karbon-state")).matches(
                "Connected: \\d+ Karbon contacts? known\\."));
        waitFor(By.id("karbon-test")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("karbon-result"))
                .startsWith("Karbon accepted the credentials"));
        screenshot("3b-connected-apps-karbon");

        // The user removes the app in Xero: the connection says "reconnect needed" in words, and Connect again mends it.
        at("xpm-sandbox").post("/admin/practices/" + firm.tenant + "/tokens/revoke").then().statusCode(200);
        String run = at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(at("connector-service")
                .get("/firms/" + firm.id + "/sync-runs/" + run).jsonPath().getString("phase")));
        open("sync");
        open("connected-apps");
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("connection-state"))
                .startsWith("Reconnect needed: Xero no longer accepts this connection to Browser Practice"));
        screenshot("3c-connected-apps-reconnect-needed");
        waitFor(By.id("connect")).click();
        waitFor(By.name("email")).sendKeys(firm.ownerEmail);
        browser.findElement(By.name("password")).sendKeys("pw");
        browser.findElement(By.cssSelector("button[value='allow']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("connection-state")).startsWith("Connected to"));

        // Contact Sync Settings: Edit, a validation message, then saved.
        open("settings");
        waitFor(By.id("edit-settings")).click();
        WebElement type = waitFor(By.id("new-contact-type"));
        type.clear();
        type.sendKeys("   ");
        browser.findElement(By.id("save-settings")).click();
        assertThat(waitForVisible(By.id("newContactType-error")).getText()).isNotBlank();
        screenshot("4-settings-validation");
        type = browser.findElement(By.id("new-contact-type"));
        type.clear();
        type.sendKeys("Prospect");
        browser.findElement(By.cssSelector("input[name='scope'][value='CLIENTS_ONLY']")).click();
        browser.findElement(By.cssSelector("input[name='pushed'][value='Client']")).click();
        browser.findElement(By.id("person-structures")).sendKeys("Sole Proprietor");
        browser.findElement(By.id("save-settings")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("shown-type")).equals("Prospect"));
        assertThat(text(By.id("shown-structures"))).startsWith("Individual, Sole Trader, Sole Proprietor");
        assertThat(text(By.id("shown-scope"))).isEqualTo("Clients only");
        assertThat(text(By.id("shown-pushed"))).isEqualTo("Client");
        assertThat(at("connector-service").get("/firms/" + firm.id + "/sync-settings").jsonPath()
                .getList("pushedContactTypes")).containsExactly("Client");
        screenshot("5-settings");

        // Preview Sync: what Sync Now would do, group by group, with nothing changed; Apply runs it.
        open("sync");
        waitFor(By.id("preview-sync")).click();
        await().atMost(Duration.ofSeconds(90)).until(() -> text(By.id("sync-phase")).startsWith("Preview complete"));
        waitForVisible(By.id("preview-groups"));
        assertThat(text(By.cssSelector("#preview-groups [data-group='EXACT'] b"))).isEqualTo("1");
        assertThat(text(By.cssSelector("#preview-groups [data-group='CREATED']"))).contains("1",
                "Would be created in Karbon", "0 people, 1 organization");
        assertThat(text(By.cssSelector("#preview-groups [data-group='PARTIAL'] b"))).isEqualTo("3");
        browser.findElement(By.cssSelector("#preview-groups [data-group='PARTIAL']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#preview-records li[data-xpm]")).size() == 3);
        browser.findElement(By.id("preview-search")).sendKeys("name only");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#preview-records li[data-xpm]")).size() == 1);
        assertThat(text(By.cssSelector("#preview-records li[data-xpm]"))).startsWith("Name Only Ltd")
                .contains("same name as a Karbon contact, another email");
        browser.findElement(By.cssSelector("#preview-groups [data-group='CREATED']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("preview-records")).startsWith("Brand New Ltd"));
        assertThat(text(By.id("preview-records"))).contains("an organization of Contact Type Prospect",
                "Fields it would get", "Name");
        assertThat(firm.karbonContact("Brand New Ltd")).as("a preview creates nothing").isEmpty();
        assertThat(firm.mappings("").getInt("total")).isZero();
        screenshot("6a-preview-sync");
        browser.findElement(By.id("apply-preview")).click();
        await().atMost(Duration.ofSeconds(90)).until(() -> text(By.id("sync-phase")).startsWith("Sync complete"));
        WebElement progress = browser.findElement(By.id("sync-progress"));
        assertThat(progress.getDomProperty("value")).isEqualTo(progress.getDomProperty("max"));
        assertThat(count("Clients fetched")).isEqualTo("5");
        assertThat(count("Matched exactly")).isEqualTo("1");
        assertThat(count("Created in Karbon")).isEqualTo("1");
        assertThat(count("Partial matches")).isEqualTo("3");
        assertThat(waitForVisible(By.id("comparison-summary")).getText())
                .isEqualTo("5 of 5 records went as the preview said. No differences.");
        assertThat(text(By.id("comparison"))).isEqualTo("Compared with the preview\n5 of 5 records went as the"
                + " preview said. No differences.");
        assertThat(text(By.cssSelector("#runs tr"))).contains("Sync Now", "Everything", "Completed");
        assertThat(text(By.cssSelector("#runs tr:nth-child(2)"))).contains("Preview Sync", "Completed");
        screenshot("6b-preview-applied");

        // Sync Now again: the progress bar and the counts run to the end (nothing changed since). The screen still says
        // the last run was complete until the new one's first answer: the run is done when it joins the runs table.
        int runsBefore = browser.findElements(By.cssSelector("#runs tr")).size();
        waitFor(By.id("sync-now")).click();
        await().atMost(Duration.ofSeconds(90)).until(() -> browser.findElements(By.cssSelector("#runs tr")).size()
                > runsBefore && text(By.id("sync-phase")).startsWith("Sync complete"));
        progress = browser.findElement(By.id("sync-progress"));
        assertThat(progress.getDomProperty("value")).isEqualTo(progress.getDomProperty("max"));
        assertThat(count("Clients fetched")).isEqualTo("5");
        assertThat(count("Unchanged")).isEqualTo("5");
        assertThat(count("Changes")).isEqualTo("0");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#runs tr")).size() >= 3);
        assertThat(text(By.cssSelector("#runs tr"))).contains("Sync Now", "Completed");
        assertThat(browser.findElement(By.id("comparison")).isDisplayed()).as("only the run after a preview is"
                + " compared with it").isFalse();
        screenshot("6-sync-now");
        assertThat(firm.karbonContact("Brand New Ltd").orElseThrow().contactType()).isEqualTo("Prospect");

        // Client List: search, then Remove Match from the options menu, confirmed.
        open("clients");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#client-rows tr[data-mapping]")).size() == 2);
        browser.findElement(By.id("client-search")).sendKeys("brand");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#client-rows tr[data-mapping]")).size() == 1);
        browser.findElement(By.id("client-search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#client-rows tr[data-mapping]")).size() == 2);
        // A contact's history, from its options: how it was mapped and what was written, in the viewer's words.
        browser.findElement(By.cssSelector("button[aria-label='Options for Brand New Ltd']")).click();
        waitForVisible(By.xpath("//tr[td[1]='Brand New Ltd']//button[@role='menuitem' and text()='History']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#history li.entry"))
                .isEmpty());
        assertThat(text(By.id("history-contact"))).startsWith("Brand New Ltd in XPM");
        assertThat(text(By.cssSelector("#history li.entry[data-kind='MAPPED']"))).contains("Created in Karbon from XPM",
                "Written to Karbon", "Name", "Brand New Ltd");
        screenshot("7a-contact-history");
        browser.findElement(By.linkText("Back to the Client List")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#client-rows tr[data-mapping]")).size() == 2);
        browser.findElement(By.cssSelector("button[aria-label='Options for Exact Co']")).click();
        screenshot("7-client-list-options");
        waitForVisible(By.xpath("//tr[td[1]='Exact Co']//button[@role='menuitem' and text()='Remove Match']")).click();
        waitForVisible(By.id("confirm-ok"));
        screenshot("8-client-list-remove-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#client-rows tr[data-mapping]")).size() == 1);
        assertThat(text(By.id("status"))).isEqualTo("Match removed: Exact Co.");
        assertThat(firm.mappings("").getList("items.xpmName")).containsExactly("Brand New Ltd");
        screenshot("9-client-list");

        // Resolve Partial Matches: evidence highlighted; confirm one, create new for one, bulk-confirm the name-only.
        open("partials");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("article[data-partial]")).size() == 3);
        WebElement emailOnly = card("Email Only New Name");
        assertThat(emailOnly.findElements(By.tagName("mark"))).extracting(WebElement::getText)
                .containsExactly("shared@emailonly.example");
        assertThat(card("Name Only Ltd").findElements(By.tagName("mark"))).extracting(WebElement::getText)
                .containsExactly("Name Only Ltd");
        screenshot("10-partial-matches");
        emailOnly.findElement(By.cssSelector("button[aria-label='Confirm Email Only Old Name for Email Only New Name']"))
                .click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("article[data-partial]")).size() == 2);
        card("Name Two Ltd").findElement(By.xpath(".//button[text()='Create New']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("article[data-partial]")).size() == 1);
        browser.findElement(By.id("select-name-only")).click();
        browser.findElement(By.id("bulk-confirm")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("no-partials")).isEmpty());
        assertThat(text(By.id("status"))).isEqualTo("Confirmed 1 of 1.");
        screenshot("11-partial-matches-resolved");
        List<ContactSnapshot> karbon = firm.karbonContacts();
        assertThat(karbon.stream().filter(c -> c.ref().id().equals(emailOnlyKey)).findFirst().orElseThrow().name())
                .isEqualTo("Email Only New Name");
        assertThat(karbon).filteredOn(c -> c.name().equals("Name Two Ltd")).extracting(c -> c.emails().get(0))
                .containsExactlyInAnyOrder("b@nametwo.example", "y@other.example");
        assertThat(firm.mappings("?sort=xpmName").getList("items.method")).containsExactlyInAnyOrder(
                "CREATED_IN_KARBON", "CONFIRMED_BY_USER", "CREATED_BY_USER", "CONFIRMED_BY_USER");
        assertThat(firm.partialMatches()).isEmpty();

        // Live Activity: a Karbon change pushed to XPM appears as it happens.
        open("activity");
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("stream-state")).equals("live"));
        String livePush = firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Live Push Ltd",
                "Client", "live@push.example")).organizationKey();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElements(
                By.cssSelector("#activity li[data-kind='push']")).stream()
                .anyMatch(li -> li.getText().contains(livePush) && li.getText().contains("CREATED")));
        assertThat(firm.xpmClient("Live Push Ltd")).isPresent();
        assertThat(firm.xpmClients()).as("nothing was created in XPM a second time")
                .extracting(XpmClient::name).doesNotHaveDuplicates();
        screenshot("12-live-activity");

        // A push XPM refuses for good shows on Failures in words; once XPM takes it again, Try again makes it.
        at("xpm-sandbox").contentType(ContentType.JSON).body(java.util.Map.of("kind", "STATUS_ERROR", "count", 1000))
                .post("/admin/practices/" + firm.tenant + "/faults").then().statusCode(200);
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Refused Ltd", "Client",
                "office@refused.example"));
        await().atMost(Duration.ofSeconds(60)).until(() -> at("push-service").get("/firms/" + firm.id
                + "/dead-letters").jsonPath().getList("contactName").contains("Refused Ltd"));
        at("xpm-sandbox").delete("/admin/practices/" + firm.tenant + "/faults").then().statusCode(204);
        open("failures");
        WebElement again = waitForVisible(By.cssSelector("button[aria-label='Try again: a change pushed to XPM for"
                + " Refused Ltd']"));
        assertThat(text(By.id("failures"))).contains("Refused Ltd", "Why: ");
        screenshot("12a-failures");
        again.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("status")).equals("Sent again: Refused Ltd."));
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClient("Refused Ltd").isPresent());

        // Resolve Conflicts: four clients added in Karbon (with a phone) reach XPM as new clients; then the phone of
        // three changes in XPM and in Karbon to different numbers. Each system keeps its own number until a person
        // chooses: Karbon's for one, then XPM's for the other two at once.
        assertThat(firm.openConflicts()).as("no conflict before a field changes on both sides").isEmpty();
        String kowhai = "Kowhai Cafe Ltd";
        String miro = "Miro Joinery Ltd";
        String tawa = "Tawa Plumbing Ltd";
        String nikau = "Nikau Nursery Ltd";
        Map<String, String> karbonKeys = new LinkedHashMap<>();
        karbonKeys.put(kowhai, karbonClient(firm, kowhai, "hello@kowhai.example", "09 610 1000"));
        karbonKeys.put(miro, karbonClient(firm, miro, "hello@miro.example", "09 620 1000"));
        karbonKeys.put(tawa, karbonClient(firm, tawa, "hello@tawa.example", "09 630 1000"));
        karbonKeys.put(nikau, karbonClient(firm, nikau, "hello@nikau.example", "09 640 1000"));
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClients().stream().map(XpmClient::name).toList()
                .containsAll(karbonKeys.keySet()) && firm.mappings("?size=200").getList("items.karbonKey")
                .containsAll(karbonKeys.values()));
        bothChanged(firm, kowhai, karbonKeys.get(kowhai), "09 610 3000", "09 610 2000");
        bothChanged(firm, miro, karbonKeys.get(miro), "09 620 3000", "09 620 2000");
        bothChanged(firm, tawa, karbonKeys.get(tawa), "09 630 3000", "09 630 2000");
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.openConflicts().size() == 3);
        Map<String, String> conflicts = conflictIds(firm);
        assertThat(conflicts).containsOnlyKeys(kowhai, miro, tawa);
        // Connected Apps says at a glance that they wait, and since when
        open("connected-apps");
        assertThat(waitForVisible(By.id("conflicts-waiting")).getText()).startsWith("3 conflicts wait for a person")
                .contains("the oldest since", "Resolve Conflicts").doesNotContainPattern("\\d+/\\d+/\\d{4}");
        open("conflicts");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(
                By.cssSelector("article.card.conflict")).size() == 3);
        assertThat(text(By.id("conflicts-count"))).as("the count beside the nav link").isEqualTo("3");
        assertPhoneConflict(conflicts.get(kowhai), kowhai, "09 610 3000", "09 610 2000", "09 610 1000");
        assertPhoneConflict(conflicts.get(miro), miro, "09 620 3000", "09 620 2000", "09 620 1000");
        assertPhoneConflict(conflicts.get(tawa), tawa, "09 630 3000", "09 630 2000", "09 630 1000");
        screenshot("13a-conflicts");

        // one at a time: Karbon's number is kept, and written to XPM
        conflictCard(conflicts.get(kowhai)).findElement(By.cssSelector("button[data-choice='KARBON']")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("status")).equals(
                "Kowhai Cafe Ltd: Phone is now \u201c09 610 2000\u201d in XPM and in Karbon."));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(
                By.cssSelector("article.card.conflict")).size() == 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> "09 610 2000".equals(firm.xpmClient(kowhai).orElseThrow()
                .phone()));
        assertThat(karbonPhoneOf(firm, kowhai)).isEqualTo("09 610 2000");

        // in bulk: the other two selected, XPM's number wins for both and is written to Karbon
        conflictCard(conflicts.get(miro)).findElement(By.cssSelector("input[data-id]")).click();
        conflictCard(conflicts.get(tawa)).findElement(By.cssSelector("input[data-id]")).click();
        browser.findElement(By.id("conflicts-xpm-wins")).click();
        waitFor(By.id("no-conflicts"));
        assertThat(browser.findElements(By.cssSelector("#conflicts-results li.done")))
                .extracting(li -> li.getDomAttribute("data-conflict"))
                .containsExactlyInAnyOrder(conflicts.get(miro), conflicts.get(tawa));
        assertThat(browser.findElements(By.cssSelector("#conflicts-results li.not-done"))).isEmpty();
        assertThat(text(By.id("status"))).isEqualTo("XPM's value kept for 2 of 2.");
        assertThat(browser.findElement(By.id("conflicts-count")).isDisplayed()).as("no count once none is open")
                .isFalse();
        screenshot("13b-conflicts-resolved");
        await().atMost(Duration.ofSeconds(30)).until(() -> "09 620 3000".equals(karbonPhoneOf(firm, miro))
                && "09 630 3000".equals(karbonPhoneOf(firm, tawa)));
        assertThat(firm.xpmClient(miro).orElseThrow().phone()).isEqualTo("09 620 3000");
        assertThat(firm.xpmClient(tawa).orElseThrow().phone()).isEqualTo("09 630 3000");
        assertThat(firm.openConflicts()).isEmpty();

        // the firm's rule for such changes is the default: a person is asked
        open("settings");
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("shown-conflict-policy"))
                .equals("Ask a person"));

        // A read-only colleague sees a conflict but cannot resolve it: refused in words, on its card; it stays open.
        bothChanged(firm, nikau, karbonKeys.get(nikau), "09 640 3000", "09 640 2000");
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.openConflicts().size() == 1);
        String nikauConflict = conflictIds(firm).get(nikau);
        assertThat(nikauConflict).isNotNull();
        People.person("reader-" + firm.id, List.of(firm.id), "firm-readers");
        signInAs("reader-" + firm.id, firm.id, "conflicts");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(
                By.cssSelector("article.card.conflict")).size() == 1);
        conflictCard(nikauConflict).findElement(By.cssSelector("button[data-choice='KARBON']")).click();
        String refused = waitForVisible(By.cssSelector("article.card.conflict[data-conflict='" + nikauConflict
                + "'] p.alert")).getText();
        assertThat(refused).as("refused in words").isNotBlank().doesNotContain("Exception", "Forbidden", "HTTP 403");
        assertThat(text(By.id("status"))).isEqualTo("Nikau Nursery Ltd, Phone: " + refused);
        screenshot("13c-conflicts-read-only");
        assertThat(firm.openConflicts()).extracting(c -> c.get("id")).containsExactly(nikauConflict);
        assertThat(firm.xpmClient(nikau).orElseThrow().phone()).isEqualTo("09 640 3000");
        assertThat(karbonPhoneOf(firm, nikau)).isEqualTo("09 640 2000");

        // the administrator, signed in again, types the number to use: it goes to both systems
        signInAs("admin-" + firm.id, firm.id, "conflicts");
        waitFor(By.id("conflict-value-" + nikauConflict)).sendKeys("09 640 5000");
        conflictCard(nikauConflict).findElement(By.cssSelector("button[data-choice='VALUE']")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("status")).equals(
                "Nikau Nursery Ltd: Phone is now \u201c09 640 5000\u201d in XPM and in Karbon."));
        waitFor(By.id("no-conflicts"));
        assertThat(karbonPhoneOf(firm, nikau)).isEqualTo("09 640 5000");
        await().atMost(Duration.ofSeconds(60)).until(() -> "09 640 5000".equals(firm.xpmClient(nikau).orElseThrow()
                .phone()));

        // XPM's daily limit of calls is used up: the practice is paused until then, and Connected Apps says so.
        at("xpm-sandbox").contentType(ContentType.JSON).body(java.util.Map.of("perDay", 1))
                .put("/admin/practices/" + firm.tenant + "/limits").then().statusCode(200);
        String limited = at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(at("connector-service")
                .get("/firms/" + firm.id + "/sync-runs/" + limited).jsonPath().getString("phase")));
        open("connected-apps");
        assertThat(waitForVisible(By.id("xpm-paused")).getText()).startsWith("XPM calls are paused until")
                .contains("the practice's daily limit of XPM calls is used up");
        screenshot("12b-connected-apps-daily-limit");

        // Disconnect from Connected Apps, confirmed.
        open("connected-apps");
        waitFor(By.xpath("//button[text()='Disconnect']")).click();
        // the dialog offers to forget the firm's data too, unticked
        assertThat(waitForVisible(By.id("confirm-option")).getText()).startsWith("Also forget this firm's data");
        assertThat(browser.findElement(By.id("confirm-option-box")).isSelected()).isFalse();
        screenshot("12c-disconnect-offers-to-forget");
        waitForVisible(By.id("confirm-ok")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("connection-state")).equals("Not connected."));
        assertThat(at("connector-service").get("/firms/" + firm.id + "/xpm-connection").jsonPath()
                .getBoolean("connected")).isFalse();

        // A Karbon access key Karbon does not know is refused in words, on the screen where it was entered.
        waitFor(By.id("karbon-key")).sendKeys("not-a-key-karbon-issued");
        browser.findElement(By.id("karbon-save")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("status"))
                .startsWith("Karbon refused the application ID or access key"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            open("sync");
            open("connected-apps");
            waitFor(By.id("karbon-state"));
            return text(By.id("karbon-state")).startsWith("Karbon refused the application ID or access key");
        });
        screenshot("13-karbon-credentials-refused");
    }

    private static final String COMPANY = "<BusinessStructure>Company</BusinessStructure>";

    private static void open(String screen) {
        browser.findElement(By.cssSelector("nav a[data-view='" + screen + "']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "page".equals(browser.findElement(
                By.cssSelector("nav a[data-view='" + screen + "']")).getDomAttribute("aria-current")));
    }

    /**
     * Signs the person out with the console's Sign out link, then {@code username} in at the identity provider's page,
     * and opens {@code screen} of the firm. Keycloak asks before signing out only when the sign-out came without the
     * session's token; then the question is answered.
     */
    private static void signInAs(String username, String firmId, String screen) {
        browser.findElement(By.id("sign-out")).click();
        WebElement next = waitFor(By.cssSelector("#username, #kc-logout"));
        if ("kc-logout".equals(next.getDomAttribute("id"))) {
            next.click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(next));
        }
        browser.get(RunningSystem.url("console") + "/?firm=" + firmId + "#/" + screen);
        waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(People.PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text(By.id("user")).startsWith(username));
        // the first screen is drawn before another is opened (the address may come back without its screen)
        waitFor(By.cssSelector("#view h1"));
        open(screen);
    }

    /** An organization of Contact Type Client added in Karbon, with an email and a phone; answers its key. */
    private static String karbonClient(Firm firm, String name, String email, String phone) {
        return firm.karbon.createOrganization(new OrganizationRequest(name, "Client", null, null, List.of(
                new BusinessCardDto(null, null, null, true, null, null, List.of(email), List.of(new PhoneNumberDto(
                        null, phone, null, "Work")), null, null)))).organizationKey();
    }

    /** The client's phone changed in XPM and then in Karbon, to different numbers: a conflict once the two meet. */
    private static void bothChanged(Firm firm, String name, String karbonKey, String xpmPhone, String karbonPhone) {
        firm.updateXpmClient(firm.xpmClient(name).orElseThrow().uuid(), "<Phone>" + xpmPhone + "</Phone>");
        firm.karbon.updateOrganization(karbonKey, o -> new OrganizationDto(null, null, o.organizationKey(),
                o.fullName(), o.contactType(), o.userDefinedIdentifier(), null, null, o.businessCards().stream()
                .map(c -> new BusinessCardDto(c.businessCardKey(), c.entityType(), c.entityKey(), c.isPrimaryCard(),
                        c.organizationKey(), c.roleOrTitle(), c.emailAddresses(), List.of(new PhoneNumberDto(null,
                        karbonPhone, null, "Work")), c.addresses(), c.webSites())).toList(), null));
    }

    /** The first phone number of the Karbon contact of that name; null when it has none (or is not there). */
    private static String karbonPhoneOf(Firm firm, String name) {
        return firm.karbonContact(name).filter(c -> !c.phones().isEmpty()).map(c -> c.phones().get(0).number())
                .orElse(null);
    }

    /** The firm's open conflicts, their ids by contact name (one conflict per contact in this walk). */
    private static Map<String, String> conflictIds(Firm firm) {
        Map<String, String> ids = new LinkedHashMap<>();
        firm.openConflicts().forEach(c -> ids.put((String) c.get("contactName"), (String) c.get("id")));
        return ids;
    }

    private static WebElement conflictCard(String id) {
        return browser.findElement(By.cssSelector("article.card.conflict[data-conflict='" + id + "']"));
    }

    /**
     * The card of a phone conflict names the contact and the field, shows the number in XPM, in Karbon and the one the
     * two last agreed on, and offers to keep either or to type the number.
     */
    private static void assertPhoneConflict(String id, String name, String xpm, String karbon, String base) {
        WebElement card = conflictCard(id);
        assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo(name);
        assertThat(card.getDomAttribute("data-field")).isEqualTo("PHONE");
        assertThat(card.findElement(By.id("conflict-field-" + id)).getText())
                .startsWith("Phone changed in both systems");
        assertThat(card.findElement(By.cssSelector("tr[data-side='XPM'] td")).getText()).isEqualTo(xpm);
        assertThat(card.findElement(By.cssSelector("tr[data-side='KARBON'] td")).getText()).isEqualTo(karbon);
        assertThat(card.findElement(By.cssSelector("tr[data-side='BASE'] td")).getText()).isEqualTo(base);
        assertThat(card.findElements(By.cssSelector("button[data-choice]"))).extracting(WebElement::getText)
                .containsExactly("Keep XPM's value", "Keep Karbon's value", "Use this value");
        assertThat(card.findElements(By.id("conflict-value-" + id))).hasSize(1);
    }

    private static WebElement card(String xpmName) {
        return browser.findElements(By.cssSelector("article[data-partial]")).stream()
                .filter(a -> a.findElement(By.tagName("h2")).getText().equals(xpmName)).findFirst()
                .orElseThrow(() -> new AssertionError("no partial match card for " + xpmName));
    }

    private static String count(String label) {
        return browser.findElement(By.cssSelector("[data-count='" + label + "'] b")).getText();
    }

    /** The element's text, or "" while it is not there (or was just re-rendered: the next look finds the new one). */
    private static String text(By by) {
        try {
            List<WebElement> found = browser.findElements(by);
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static WebElement waitForVisible(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
