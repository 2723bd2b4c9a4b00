using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ServiceVision.Web.Tests;

/// <summary>
/// The journey in a real browser: a new organization drafts and publishes its vision with two
/// reviewers, rolls the course out, an employee completes it and a leader sees 100 %.
/// </summary>
public sealed partial class JourneyTests(BrowserPlatform browser) : IClassFixture<BrowserPlatform>
{
    private const string Password = "a long enough password";
    private const string Organization = "Harbour Hotel";

    [Fact]
    public async Task A_new_organization_publishes_its_vision_with_two_reviewers_and_an_employee_completes_the_course()
    {
        var slug = "journey-" + Guid.NewGuid().ToString("N")[..8];

        // The owner signs up.
        var owner = await browser.NewPersonAsync();
        await owner.GotoAsync("/app/sign-up");
        await owner.GetByLabel("Organization name").FillAsync(Organization);
        await owner.GetByLabel("Short name for addresses").FillAsync(slug);
        await owner.GetByLabel("Your name").FillAsync("Olivia Owner");
        await owner.GetByLabel("Your e-mail address").FillAsync($"{slug}@example.com");
        await owner.GetByLabel("Password").FillAsync(Password);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(owner, "journey-sign-up", HomePath(), owner.GetByRole(AriaRole.Heading, new() { Name = Organization, Exact = true }));
        await BrowserPlatform.ScreenshotAsync(owner, "01-home");

        // Two approvals, no rest period: the draft may be published as soon as both approve.
        await owner.GotoAsync("/app/vision/rule");
        await owner.GetByLabel("Approvals required").FillAsync("2");
        await owner.GetByLabel("Hours a draft rests after its last edit").FillAsync("0");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(owner.GetByText("Publish rule saved.")).ToBeVisibleAsync();

        // The owner invites two leaders and an employee; each accepts in a browser of their own.
        var leader1 = await JoinAsync(owner, "Lea Leader", "Leader", slug);
        var leader2 = await JoinAsync(owner, "Leo Leader", "Leader", slug);
        var employee = await JoinAsync(owner, "Emma Employee", "Employee", slug);
        await BrowserPlatform.ScreenshotAsync(owner, "02-members");

        // The owner drafts the vision; the findings follow the typing.
        await owner.GotoAsync("/app/vision/drafts");
        await owner.GetByLabel("Vision statement").FillAsync("x");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Start draft" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(owner, "journey-start-draft", DraftPath(), owner.GetByRole(AriaRole.Heading, new() { Name = "Vision draft", Exact = true }));
        var draftUrl = new Uri(owner.Url).AbsolutePath;
        var summary = owner.Locator("#findings-summary");
        var before = await summary.InnerTextAsync();
        await owner.GetByLabel("Vision statement").FillAsync("We make every guest feel at home by knowing their name, anticipating their needs and keeping every promise.");
        await Assertions.Expect(summary).Not.ToHaveTextAsync(before);
        await owner.GetByLabel("Item 1: text").FillAsync("Personal touch");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(owner.GetByText("Draft saved.")).ToBeVisibleAsync();
        await BrowserPlatform.ScreenshotAsync(owner, "03-draft-editor");

        // Both leaders approve.
        foreach (var leader in new[] { leader1, leader2 })
        {
            await leader.GotoAsync(draftUrl);
            await leader.GetByLabel("Approve").CheckAsync();
            await leader.GetByRole(AriaRole.Button, new() { Name = "Send review" }).ClickAsync();
            await Assertions.Expect(leader.GetByText("Review sent.")).ToBeVisibleAsync();
        }

        // The owner publishes.
        await owner.GotoAsync(draftUrl);
        await Assertions.Expect(owner.GetByText("This draft may be published now.")).ToBeVisibleAsync();
        await BrowserPlatform.ScreenshotAsync(owner, "04-draft-approved");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Publish as the next version" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(owner, "journey-publish", VisionPath(), owner.GetByRole(AriaRole.Heading, new() { Name = "Our vision", Exact = true }));
        await Assertions.Expect(owner.GetByText("Published as version 1.")).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByText("Personal touch")).ToBeVisibleAsync();
        await BrowserPlatform.ScreenshotAsync(owner, "05-vision");

        // The owner rolls the vision course out to every employee.
        await owner.GotoAsync("/app/rollouts");
        await owner.GetByLabel("Title").FillAsync("Our vision, version 1");
        await owner.GetByLabel("Who").SelectOptionAsync("Roles:Employee");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Start rollout of the vision course" }).ClickAsync();
        await Assertions.Expect(owner.GetByText("Rollout \"Our vision, version 1\" started for 1 member(s).")).ToBeVisibleAsync();

        // The employee gets the assignment (through the training service) and completes every module.
        await ReloadUntilAsync(employee, "/app/training", employee.GetByRole(AriaRole.Link, new() { Name = "Our customer service vision" }));
        await BrowserPlatform.ScreenshotAsync(employee, "06-my-training");
        await employee.GetByRole(AriaRole.Link, new() { Name = "Our customer service vision" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(employee, "journey-assignment", AssignmentPath(), employee.GetByRole(AriaRole.Heading, new() { Name = "Our customer service vision", Exact = true }));
        await BrowserPlatform.ScreenshotAsync(employee, "07-quiz");
        await CompleteEveryModuleAsync(employee);
        await Assertions.Expect(employee.Locator("#assignment-status")).ToHaveTextAsync("Completed");
        await BrowserPlatform.ScreenshotAsync(employee, "08-quiz-result");

        // A leader sees the rollout at 100 %.
        await ReloadUntilAsync(leader1, "/app/rollouts", leader1.Locator(".percent", new() { HasText = "100 %" }));
        await Assertions.Expect(leader1.Locator("svg.progress[aria-label='Complete: 100 %']")).ToBeVisibleAsync();
        await BrowserPlatform.ScreenshotAsync(leader1, "09-rollout-100");
    }

    [Fact]
    public async Task The_pages_fit_a_phone_screen()
    {
        var page = await browser.NewPersonAsync(phone: true);
        await page.GotoAsync("/app/sign-up");

        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"The page is {scrollWidth} px wide on a 375 px screen.");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await BrowserPlatform.ScreenshotAsync(page, "00-sign-up-phone");
    }

    private async Task<IPage> JoinAsync(IPage owner, string name, string role, string slug)
    {
        await owner.GotoAsync("/app/members");
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await owner.GetByLabel("E-mail address").FillAsync($"{slug}-{name.Replace(' ', '.').ToLowerInvariant()}@example.com");
        await owner.GetByLabel("Role").SelectOptionAsync(role);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var link = (await owner.Locator("#invitation-link").InnerTextAsync()).Trim();

        var person = await browser.NewPersonAsync();
        await person.GotoAsync(link);
        await person.GetByLabel("Password").FillAsync(Password);
        await person.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(person, "journey-join-" + role + "-" + name, HomePath(), person.GetByRole(AriaRole.Heading, new() { Name = Organization, Exact = true }));
        await Assertions.Expect(person.GetByText($"Signed in as {name} ({role})")).ToBeVisibleAsync();
        return person;
    }

    /// <summary>What arrives through the message bus shows after a while: reload until it does (up to 90 s).</summary>
    private static async Task ReloadUntilAsync(IPage page, string url, ILocator expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await page.GotoAsync(url);
            if (await expected.CountAsync() > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} did not show what was expected in time.");
            await Task.Delay(1000);
        }
    }

    /// <summary>Answers every open module (the first choice, every box, a word for fill-ins) and submits it, one after the other.</summary>
    private static async Task CompleteEveryModuleAsync(IPage page)
    {
        for (var round = 0; round < 30; round++)
        {
            var forms = page.Locator("form[action*='handler=module']");
            if (await forms.CountAsync() == 0)
            {
                return;
            }

            var form = forms.First;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var radio in await form.Locator("input[type=radio]").AllAsync())
            {
                if (seen.Add(await radio.GetAttributeAsync("name") ?? ""))
                {
                    await radio.CheckAsync();
                }
            }

            foreach (var box in await form.Locator("input[type=checkbox]").AllAsync())
            {
                await box.CheckAsync();
            }

            foreach (var text in await form.Locator("input[type=text]").AllAsync())
            {
                await text.FillAsync("home");
            }

            await form.Locator("button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            await Assertions.Expect(page.Locator(".notice").First).ToBeVisibleAsync();
        }

        Assert.Fail("The modules did not get done.");
    }

    [GeneratedRegex("^/app$")]
    private static partial Regex HomePath();

    [GeneratedRegex("^/app/vision/drafts/[^/?]+$")]
    private static partial Regex DraftPath();

    [GeneratedRegex("^/app/vision$")]
    private static partial Regex VisionPath();

    [GeneratedRegex("^/app/training/[^/]+$")]
    private static partial Regex AssignmentPath();
}
