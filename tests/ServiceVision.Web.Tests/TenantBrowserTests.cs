using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ServiceVision.Web.Tests;

/// <summary>No page shows another organization's data, in a real browser with two organizations signed in.</summary>
/// <remarks>
/// The sign-up used to wait with WaitForURLAsync("**/app") after the click and timed out now and then in
/// CI with nothing but "Timeout 60000ms exceeded". That wait checks the URL and then listens for a
/// navigation event: when the click returns before the browser reported the form's navigation, the
/// redirect to /app can commit between the check and the subscription (likewise the page's load event),
/// and then nothing more comes: the likely cause. The waits now poll for the next page's heading
/// (web-first assertions, no event to miss), stop early when the form comes back refused, allow 120 s
/// for a loaded 2-core machine, and on failure save the page and say where it was and what it showed.
/// </remarks>
public sealed partial class TenantBrowserTests(BrowserPlatform browser) : IClassFixture<BrowserPlatform>
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_member_of_another_organization_gets_not_found_for_its_pages_and_sees_only_their_own_data()
    {
        var a = await SignUpAsync("Alpha Inn");
        await a.GotoAsync("/app/vision/drafts");
        await a.GetByLabel("Vision statement").FillAsync("Alpha's secret vision words.");
        await a.GetByRole(AriaRole.Button, new() { Name = "Start draft" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(a, "tenant-start-draft", DraftPath(), a.GetByRole(AriaRole.Heading, new() { Name = "Vision draft", Exact = true }));
        var draftUrl = new Uri(a.Url).AbsolutePath;

        var b = await SignUpAsync("Beta Lodge");
        var response = await b.GotoAsync(draftUrl);
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("Alpha's secret vision words.", await b.ContentAsync(), StringComparison.Ordinal);

        foreach (var url in new[] { "/app", "/app/vision/drafts", "/app/members", "/app/vision", "/app/vision/versions", "/app/rollouts", "/app/training", "/app/recognition", "/app/journeys", "/app/surveys", "/app/hiring", "/app/surveys/new", "/app/celebrations", "/app/announcements", "/app/huddles", "/app/alignment", "/app/empowerment" })
        {
            var page = await b.GotoAsync(url);
            if (page!.Status != 200)
            {
                Assert.Fail(await BrowserPlatform.DescribeFailureAsync(b, "tenant-page", $"{url} answered {page.Status}"));
            }

            var html = await b.ContentAsync();
            Assert.DoesNotContain("Alpha", html, StringComparison.Ordinal);
        }

        await BrowserPlatform.ScreenshotAsync(b, "10-other-tenant-drafts");
    }

    private async Task<IPage> SignUpAsync(string name)
    {
        var slug = "t-" + Guid.NewGuid().ToString("N")[..10];
        var page = await browser.NewPersonAsync();
        await page.GotoAsync("/app/sign-up");
        await page.GetByLabel("Organization name").FillAsync(name);
        await page.GetByLabel("Short name for addresses").FillAsync(slug);
        await page.GetByLabel("Your name").FillAsync(name + " Owner");
        await page.GetByLabel("Your e-mail address").FillAsync($"{slug}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await BrowserPlatform.ExpectArrivalAsync(page, "tenant-sign-up-" + slug, HomePath(), page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }));
        return page;
    }

    [GeneratedRegex("^/app$")]
    private static partial Regex HomePath();

    [GeneratedRegex("^/app/vision/drafts/[^/?]+$")]
    private static partial Regex DraftPath();
}
